"""Hyphenation patterns parsed once per machine instead of once per process.

WeasyPrint hyphenates through Pyphen, which parses a language's pattern file (11,000
patterns for English) the first time a process hyphenates: 50 ms of every cold English
build. ``StoredPatterns`` takes the place of Pyphen's in-process cache (``pyphen.hdcache``):
a dictionary it parses is also written with ``marshal`` (plain data, never code) to our
cache folder, which only this user can write (``files.user_cache_folder``), named after
Pyphen's version and the pattern file's size and time, and the next process reads it back
in 4 ms. Dictionaries with nonstandard
hyphenation (pattern values that carry data) are left to Pyphen.
"""

from __future__ import annotations

import logging
import marshal
from pathlib import Path
from typing import Any

from briefings.files import user_cache_folder, write_atomic

logger = logging.getLogger(__name__)


class StoredPatterns(dict[Path, Any]):
    """Pyphen's dictionary cache, which also stores what it parses and reads what is stored."""

    def __init__(self, kept: dict[Path, Any], folder: Path | None) -> None:
        super().__init__(kept)
        self.folder = folder

    def __contains__(self, path: object) -> bool:
        if not super().__contains__(path) and isinstance(path, Path):
            stored = self._read(path)
            if stored is not None:
                super().__setitem__(path, stored)
        return super().__contains__(path)

    def __setitem__(self, path: Path, dictionary: Any) -> None:
        super().__setitem__(path, dictionary)
        self._write(path, dictionary)

    def _file(self, path: Path) -> Path | None:
        import pyphen

        if self.folder is None:
            return None
        try:
            info = path.stat()
        except OSError:
            return None
        name = f"pyphen-{pyphen.__version__}-{path.stem}-{info.st_size}-{info.st_mtime_ns}"
        return self.folder / f"{name}.marshal"

    def _read(self, path: Path) -> Any:
        """Return the stored dictionary for a pattern file, or None."""
        import pyphen

        stored = self._file(path)
        try:
            patterns = marshal.loads(stored.read_bytes()) if stored else None
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if not isinstance(patterns, dict) or not patterns:
            return None
        dictionary = object.__new__(pyphen.HyphDict)
        dictionary.patterns, dictionary.cache = patterns, {}
        dictionary.maxlen = max(len(key) for key in patterns)
        return dictionary

    def _write(self, path: Path, dictionary: Any) -> None:
        stored = self._file(path)
        patterns = getattr(dictionary, "patterns", None)
        if stored is None or not isinstance(patterns, dict) or not _plain(patterns):
            return
        try:
            write_atomic(stored, marshal.dumps(patterns))
        except OSError as exc:
            logger.debug("could not store %s: %s", stored, exc)


def _plain(patterns: dict[str, Any]) -> bool:
    """Tell whether every pattern value is a plain int (marshal keeps no DataInt data)."""
    return all(type(v) is int for _, values in patterns.values() for v in values)


def store_hyphenation_patterns() -> None:
    """Put ``StoredPatterns`` in Pyphen's place, once per process."""
    import pyphen

    if not isinstance(pyphen.hdcache, StoredPatterns):
        pyphen.hdcache = StoredPatterns(pyphen.hdcache, user_cache_folder("hyphenation"))
