"""briefings.toml: the house's own markings per language reach every briefing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefings.cli import cli
from briefings.errors import BriefingError
from briefings.project import load_settings
from tests.conftest import TEMPLATES, write_facts


def build(root: Path, *args: str) -> str:
    shutil.copytree(TEMPLATES, root / "templates", dirs_exist_ok=True)
    folders = ["--facts", str(root / "facts"), "--templates", str(root / "templates")]
    result = CliRunner().invoke(cli, ["build", *args, *folders, "--out", str(root / "out")])
    assert result.exit_code == 0, result.output
    return result.output


def test_markings_from_the_settings_file_per_language(tmp_path: Path) -> None:
    write_facts(tmp_path / "facts")
    (tmp_path / "briefings.toml").write_text('[markings]\naz = "Məxfi"\nen = "OFFICIAL"\n')
    build(tmp_path, "overview", "--format", "html", "--lang", "all")
    out = tmp_path / "out"
    assert '<p class="marking">Məxfi</p>' in (out / "overview.az.html").read_text()
    assert '<p class="marking">OFFICIAL</p>' in (out / "overview.html").read_text()
    assert "Қызмет бабында пайдалану үшін" in (out / "overview.kk.html").read_text()


def test_the_marking_option_still_wins(tmp_path: Path) -> None:
    write_facts(tmp_path / "facts")
    (tmp_path / "briefings.toml").write_text('[markings]\nen = "OFFICIAL"\n')
    build(tmp_path, "overview", "--format", "html", "--marking", "SECRET")
    assert '<p class="marking">SECRET</p>' in (tmp_path / "out" / "overview.html").read_text()


def test_a_marking_for_an_unknown_language_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "briefings.toml").write_text('[markings]\nfr = "DIFFUSION RESTREINTE"\n')
    with pytest.raises(BriefingError, match=r"\[markings\] fr = 'DIFFUSION RESTREINTE'"):
        load_settings(tmp_path / "facts")
