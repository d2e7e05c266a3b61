"""Hyphenation patterns: parsed by Pyphen once, then read back from the user's cache."""

from __future__ import annotations

import os
from pathlib import Path

import pyphen
import pytest

from briefings.files import user_cache_folder
from briefings.writers.hyphenation import StoredPatterns

WORDS = ["intergovernmental", "telecommunications", "interconnectivity", "hyphenation"]


def positions(store: StoredPatterns, lang: str = "en_GB") -> list[list[int]]:
    """Hyphenate WORDS through Pyphen with ``store`` as its dictionary cache."""
    original = pyphen.hdcache
    pyphen.hdcache = store
    try:
        dictionary = pyphen.Pyphen(lang=lang)
        return [list(dictionary.positions(word)) for word in WORDS]
    finally:
        pyphen.hdcache = original


def test_a_parsed_dictionary_is_stored_and_read_back_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = positions(StoredPatterns({}, tmp_path))
    assert [p.suffix for p in tmp_path.iterdir()] == [".marshal"]

    def no_parsing(self: object, path: Path) -> None:
        raise AssertionError(f"parsed {path} again")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", no_parsing)
    assert positions(StoredPatterns({}, tmp_path)) == parsed  # as a new process would
    assert any(parsed)


def test_a_changed_pattern_file_is_parsed_again(tmp_path: Path) -> None:
    """The stored file is named after the pattern file's size and time."""
    source = tmp_path / "hyph_xx.dic"
    source.write_text("UTF-8\n1ba\n", encoding="utf-8")
    store = StoredPatterns({}, tmp_path / "store")
    (tmp_path / "store").mkdir()
    first = pyphen.HyphDict(source)
    store[source] = first
    assert source in StoredPatterns({}, tmp_path / "store")
    source.write_text("UTF-8\n1ba\n1ca\n", encoding="utf-8")
    assert source not in StoredPatterns({}, tmp_path / "store")


def test_a_folder_others_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache_folder("hyphenation") == tmp_path / "briefings" / "hyphenation"
    os.chmod(tmp_path / "briefings", 0o777)
    assert user_cache_folder("hyphenation") is None
