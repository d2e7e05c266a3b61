"""Coverage: which paragraphs of each article no record cites, and how much is covered.

A paragraph counts as covered when a record cites it or its source lists it under
``skip`` with a reason (a byline, a photo caption). An audit walks the uncovered ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefings.facts.articles import ArticleLibrary
from briefings.facts.load import FactBase
from briefings.facts.model import Record

FIRST_WORDS = 8


@dataclass
class SourceCoverage:
    """One article's coverage: how many paragraphs, which are cited, skipped or neither."""

    source: str
    file: str
    paragraphs: int = 0
    cited: set[int] = field(default_factory=set)
    skipped: set[int] = field(default_factory=set)
    uncovered: list[tuple[int, str]] = field(default_factory=list)
    found: bool = True

    @property
    def stray_skips(self) -> list[int]:
        """Return skipped paragraph numbers beyond the article's end (a typo, or a new text)."""
        return sorted(n for n in self.skipped if self.found and n > self.paragraphs)

    @property
    def percent(self) -> float:
        """Return the share of paragraphs cited or skipped, in percent (100 for none)."""
        if not self.paragraphs:
            return 100.0
        return 100.0 * (self.paragraphs - len(self.uncovered)) / self.paragraphs

    def as_dict(self) -> dict[str, Any]:
        """Return the coverage as JSON-ready data."""
        return {
            "source": self.source,
            "file": self.file,
            "found": self.found,
            "paragraphs": self.paragraphs,
            "cited": len(self.cited),
            "skipped": len(self.skipped),
            "percent": round(self.percent, 1),
            "uncovered": [{"paragraph": n, "starts": text} for n, text in self.uncovered],
            "stray_skips": self.stray_skips,
        }


def coverage(base: FactBase, library: ArticleLibrary) -> list[SourceCoverage]:
    """Return the coverage of every source, in the order the base lists them."""
    cited: dict[str, set[int]] = {source_id: set() for source_id in base.sources}
    for record in base.records.values():
        if isinstance(record, Record):
            for citation in record.citations:
                cited.setdefault(citation.source, set()).add(citation.paragraph)
    return [_one(source, cited[source.id], library) for source in base.sources.values()]


def _one(source: Any, cited: set[int], library: ArticleLibrary) -> SourceCoverage:
    found = SourceCoverage(source.id, source.file, cited=cited)
    found.skipped = {skip.paragraph for skip in source.skip}
    article = library.get(source.file)
    if article is None:
        found.found = False
        return found
    found.paragraphs = len(article.paragraphs)
    for number, text in enumerate(article.paragraphs, start=1):
        if number not in cited and number not in found.skipped:
            found.uncovered.append((number, " ".join(text.split()[:FIRST_WORDS])))
    return found
