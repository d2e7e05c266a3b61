"""Article texts, for verifying that anchor quotes really stand in the article they cite.

A paragraph is a non-blank line of the article file, counted from 1. Quotes are matched
after normalising whitespace, line breaks and words hyphenated at a line end, because the
article files break lines in the middle of sentences and words.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

_SPACE = re.compile(r"\s+")
_WORD_END_HYPHEN = re.compile(r"\w-$")


def normalise(text: str) -> str:
    """Return ``text`` in NFC with every run of whitespace folded to one space."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class Article:
    """One article's paragraphs, searchable for quotes."""

    paragraphs: tuple[str, ...]

    @classmethod
    def read(cls, path: Path) -> Article:
        """Read an article file (UTF-8) into its non-blank lines."""
        lines = path.read_text(encoding="utf-8").splitlines()
        return cls(tuple(normalise(line) for line in lines if line.strip()))

    def find(self, quote: str) -> int | None:
        """Return the paragraph number where ``quote`` starts, or None if it is not there."""
        wanted = normalise(quote)
        for text, starts in self._joined:
            offset = text.find(wanted)
            if offset >= 0:
                return bisect.bisect_right(starts, offset)
        return None

    @cached_property
    def _joined(self) -> list[tuple[str, list[int]]]:
        """Return the text joined three ways at hyphenated line ends, with paragraph offsets."""
        return [self._join(hyphen) for hyphen in ("", "-", "- ")]

    def _join(self, hyphen_join: str) -> tuple[str, list[int]]:
        text, starts = "", []
        for paragraph in self.paragraphs:
            if text and _WORD_END_HYPHEN.search(text, len(text) - 2):  # only the end: O(n)
                text = text[:-1] + hyphen_join
            elif text:
                text += " "
            starts.append(len(text))
            text += paragraph
        return text, starts


class ArticleLibrary:
    """Article texts by file name, read once each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache: dict[str, Article | None] = {}

    def get(self, file_name: str) -> Article | None:
        """Return the article, or None when the file is not in the folder."""
        if file_name not in self._cache:
            path = self.folder / file_name
            self._cache[file_name] = Article.read(path) if path.is_file() else None
        return self._cache[file_name]
