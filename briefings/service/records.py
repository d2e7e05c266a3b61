"""The facts as the service reads them: the last valid base, kept while edits are invalid.

The facts folder is re-read when a fact file's size or time changes (one `stat` per file per
request with `os.scandir`: tens of microseconds, cheap next to a YAML parse). While the files
are invalid, the service keeps the last good base, so pages keep working, and shows the
`check` report.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefings.build import Folders
from briefings.errors import FactError, Problem
from briefings.facts.articles import ArticleLibrary, normalise
from briefings.facts.check import check_facts
from briefings.facts.load import DRAFTS_FOLDER, FACT_SUFFIXES, FactBase
from briefings.facts.model import LANGUAGES, Source

logger = logging.getLogger(__name__)

Signature = tuple[tuple[str, int, int], ...]


@dataclass
class FactsState:
    """The base the service serves, and the problems of the files on disk right now."""

    base: FactBase | None = None
    problems: list[Problem] = field(default_factory=list)
    signature: Signature = ()
    version: int = 0  # counts reloads: answers made from an older base are made again

    @property
    def invalid(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)


class FactsCache:
    """Load the facts once, again only when their files change; never serve a partial base."""

    def __init__(self, folders: Folders) -> None:
        self.folders = folders
        self.state = FactsState()
        self._lock = threading.Lock()

    def current(self) -> FactsState:
        """Return the state for the files as they are now (re-checking them if they changed)."""
        signature = self._signature()
        with self._lock:
            if signature != self.state.signature or self.state.base is None:
                self._reload(signature)
            return self.state

    def stale(self) -> bool:
        """Tell whether the fact files changed since they were last read (a reload is due)."""
        return self.state.base is None or self._signature() != self.state.signature

    def base(self) -> FactBase:
        """Return the last valid base; raise FactError when the facts were never valid."""
        return valid_base(self.current())

    def _reload(self, signature: Signature) -> None:
        report = check_facts(self.folders.facts, self.folders.sources)
        errors = report.errors
        base = self.state.base if errors else report.base
        problems = report.errors + report.warnings
        self.state = FactsState(base, problems, signature, self.state.version + 1)
        logger.info("facts re-read: %d records, %d errors", len(report.base.records), len(errors))

    def _signature(self) -> Signature:
        """Return each fact file's path, time and size (every read request asks, so: scandir)."""
        return tuple(sorted(fact_stats(str(self.folders.facts))))


def fact_stats(folder: str, top: bool = True) -> Iterator[tuple[str, int, int]]:
    """Yield the path, time and size of the fact files below ``folder`` (as `fact_files`)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if not (top and entry.name == DRAFTS_FOLDER):
                yield from fact_stats(entry.path, top=False)
        elif os.path.splitext(entry.name)[1] in FACT_SUFFIXES and entry.is_file():
            with contextlib.suppress(OSError):
                stat = entry.stat()
                yield (entry.path, stat.st_mtime_ns, stat.st_size)


def valid_base(state: FactsState) -> FactBase:
    """Return the state's base; raise FactError when the facts were never valid."""
    if state.base is None:
        raise FactError("the facts are invalid; fix them (see `briefings check`)")
    return state.base


def articles_version(folder: Path | None) -> tuple[tuple[str, int, int], ...]:
    """Return each article file's name, time and size: a fact's cited paragraphs come from them."""
    if folder is None:
        return ()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return ()
    rows = []
    for entry in entries:
        with contextlib.suppress(OSError):
            stat = entry.stat()
            rows.append((entry.name, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(rows))


def fold(text: str) -> str:
    """Return ``text`` folded for search in any script: case, width, and Turkic dotted I."""
    text = unicodedata.normalize("NFKC", text)
    for dotted in ("İ", "I", "ı"):
        text = text.replace(dotted, "i")
    return text.casefold()


def names_of(record: Any) -> list[str]:
    """Return every name a record goes by: its id, labels in each language and aliases."""
    names = [record.id, *(record.label(lang) for lang in LANGUAGES)]
    return names + list(getattr(record, "aliases", []))


def search(base: FactBase, kind: str | None, query: str | None) -> list[Any]:
    """Return the records of ``kind`` (any kind when None) whose names contain ``query``."""
    wanted = fold(query or "")
    return [
        record
        for record in base.records.values()
        if (kind is None or record.kind == kind)
        and (not wanted or any(wanted in fold(name) for name in names_of(record)))
    ]


def summary(record: Any) -> dict[str, Any]:
    """Return a record's listing row: id, kind, English label and date."""
    date = record.when()
    return {
        "id": record.id,
        "kind": record.kind,
        "label": record.label("en"),
        "date": str(date) if date is not None else None,
    }


def detail(base: FactBase, record: Any, sources: Path | None) -> dict[str, Any]:
    """Return the record with each citation's source and cited paragraph, quote located."""
    library = ArticleLibrary(sources) if sources else None
    data = record.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    citations = [cited(base, c, library) for c in getattr(record, "citations", [])]
    return {**summary(record), "record": data, "citations": citations}


def cited(base: FactBase, citation: Any, library: ArticleLibrary | None) -> dict[str, Any]:
    """Return one citation: its source's metadata, the paragraph's text and the quote in it."""
    source = base.sources.get(citation.source)
    text = paragraph_text(source, citation.paragraph, library)
    return {
        "source": source_json(source) if source else {"id": citation.source},
        "paragraph": citation.paragraph,
        "quote": citation.quote,
        "text": text,
        "quote_at": locate(text, citation.quote),
    }


def paragraph_text(
    source: Source | None, number: int, library: ArticleLibrary | None
) -> str | None:
    """Return the cited paragraph's text, or None when the article file is not available."""
    if source is None or library is None:
        return None
    article = library.get(source.file)
    if article is None or not 1 <= number <= len(article.paragraphs):
        return None
    return article.paragraphs[number - 1]


def locate(text: str | None, quote: str | None) -> list[int] | None:
    """Return [start, end] of the quote in the paragraph, or None when it is not in it."""
    if not text or not quote:
        return None
    wanted = normalise(quote)
    start = text.find(wanted)
    return [start, start + len(wanted)] if start >= 0 else None


def source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "outlet": source.outlet,
        "title": source.title.get(source.language) or source.title.en,
        "title_en": source.title.en,
        "date": str(source.date),
        "language": source.language,
        "url": source.url,
    }


def coverage(base: FactBase, sources: Path | None) -> list[dict[str, Any]]:
    """Return each source with the records citing it and the share of its paragraphs cited."""
    library = ArticleLibrary(sources) if sources else None
    rows = []
    for source in sorted(base.sources.values(), key=lambda s: (s.date, s.id)):
        citing = [r for r in base.records.values() if _cites(r, source.id)]
        cited_paras = {
            c.paragraph
            for r in citing
            for c in getattr(r, "citations", [])
            if c.source == source.id
        }
        article = library.get(source.file) if library else None
        total = len(article.paragraphs) if article else None
        rows.append(
            {
                **source_json(source),
                "records": len(citing),
                "by_kind": _count_kinds(citing),
                "paragraphs": total,
                "paragraphs_cited": len(cited_paras),
            }
        )
    return rows


def _cites(record: Any, source_id: str) -> bool:
    return any(c.source == source_id for c in getattr(record, "citations", []))


def _count_kinds(records: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in records:
        counts[record.kind] = counts.get(record.kind, 0) + 1
    return counts
