"""Checks across records: references, dates, quotes, conflicts, coverage.

Each check is a small generator of problems; `check_facts` runs them all so one run
reports everything, like Sphinx collecting warnings before it fails.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from briefings.errors import FactError, Problem
from briefings.facts.articles import ArticleLibrary
from briefings.facts.load import FactBase, load_facts
from briefings.facts.model import (
    LANGUAGES,
    SECTIONS,
    SOURCE_MENTION,
    Figure,
    Localized,
    Record,
    Source,
)
from briefings.facts.readertext import reader_text_problems

# Which kinds each reference field may point at.
REFERENCE_KINDS: dict[str, tuple[str, ...]] = {
    "roles.organization": ("organization",),
    "parent": ("organization",),
    "participants.person": ("person",),
    "organizers": ("organization", "person"),
    "speakers": ("person", "organization"),
    "event": ("event",),
    "partners": ("organization", "person"),
    "parties": ("organization",),
    "fulfilled_by": ("event",),
    "rests_on": ("event", "statement", "figure", "project", "agreement", "person", "organization"),
}


@dataclass
class CheckReport:
    """Everything `briefings check` says: the base, its counts, and every problem."""

    base: FactBase
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def infos(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "info"]

    def counts(self) -> dict[str, int]:
        """Return the number of records per kind, every kind listed."""
        return {model.kind: len(self.base.of_kind(model.kind)) for model in SECTIONS.values()}

    def untranslated(self) -> dict[str, int]:
        """Return, per language, how many reader-facing texts lack a translation."""
        missing = dict.fromkeys(LANGUAGES[1:], 0)
        for record in self.base.records.values():
            for text in _localized_fields(record):
                for lang in missing:
                    missing[lang] += text.get(lang) is None
        return missing


def check_facts(folder: Path, sources: Path | None = None, *, advice: bool = True) -> CheckReport:
    """Load ``folder`` and run every check (``advice=False``: only those finding errors).

    Never raises on bad facts.
    """
    loaded = load_facts(folder)
    report = CheckReport(loaded.base, list(loaded.problems))
    library = ArticleLibrary(sources) if sources else None
    for check in ERROR_CHECKS + (ADVICE_CHECKS if advice else ()):
        report.problems.extend(check(loaded.base, library))
    report.problems.sort(key=lambda p: (str(p.path), p.line or 0))
    return report


def load_valid_facts(folder: Path, sources: Path | None = None) -> FactBase:
    """Return the facts base, or raise FactError listing every error (never partial facts)."""
    report = check_facts(folder, sources, advice=False)  # warnings are `check`'s to print
    if report.errors:
        count = len(report.errors)
        raise FactError(f"{count} error(s) in the facts; run `briefings check`", report.errors)
    return report.base


def _problem(base: FactBase, record_id: str, severity: Any, message: str, *loc: Any) -> Problem:
    position = base.positions[record_id]
    field_name = ".".join(str(part) for part in loc)
    return Problem(position.path, position.line_of(*loc), severity, message, field_name)


def _cited(base: FactBase) -> Iterator[Record]:
    return (r for r in base.records.values() if isinstance(r, Record))


def check_references(base: FactBase, _: ArticleLibrary | None) -> Iterator[Problem]:
    """Every id a record names must exist and be of a kind that field accepts."""
    for record in base.records.values():
        for field_name, ids in record.references().items():
            for index, target in enumerate(ids):
                yield from _reference(base, record.id, field_name, index, target)


def _reference(
    base: FactBase, record_id: str, field_name: str, index: int, target: str
) -> Iterator[Problem]:
    allowed = REFERENCE_KINDS[field_name]
    found = base.records.get(target)
    loc = _reference_loc(base.records[record_id], field_name, target, index)
    if found is None:
        message = f"refers to {target!r}, which no fact file defines"
        yield _problem(base, record_id, "error", message, *loc)
    elif found.kind not in allowed:
        article = "an" if found.kind[0] in "aeiou" else "a"  # an event, an organization
        message = f"refers to {target!r}, {article} {found.kind}; expected {' or '.join(allowed)}"
        yield _problem(base, record_id, "error", message, *loc)


def _reference_loc(record: Any, field_name: str, target: str, index: int) -> tuple[Any, ...]:
    """Return the path of a reference inside its record, for its line number."""
    head, _, tail = field_name.partition(".")
    items = getattr(record, head)
    if isinstance(items, list):
        for i, item in enumerate(items):
            if (getattr(item, tail) if tail else item) == target:
                return (head, i, tail) if tail else (head, i)
    return (head,)


def check_citations(base: FactBase, library: ArticleLibrary | None) -> Iterator[Problem]:
    """Citations name real sources; with article texts, their quotes stand in them."""
    sources = base.sources
    for record in _cited(base):
        for index, citation in enumerate(record.citations):
            loc = ("citations", index)
            source = sources.get(citation.source)
            if source is None:
                message = f"cites {citation.source!r}, which is not a source id"
                yield _problem(base, record.id, "error", message, *loc, "source")
            elif library is not None and citation.quote:
                yield from _quote(base, record.id, source, citation, library, loc)
        if isinstance(record, Record) and getattr(record, "quote", None):
            yield from _statement_quote(base, record, sources, library)


def _quote(
    base: FactBase, record_id: str, source: Source, citation: Any, library: Any, loc: tuple
) -> Iterator[Problem]:
    article = library.get(source.file)
    if article is None:
        return  # reported once by check_source_files
    found = article.find(citation.quote)
    if found is None:
        message = f"quote not found in {source.file}; copy it verbatim from the article"
        yield _problem(base, record_id, "error", message, *loc, "quote")
    elif found != citation.paragraph:
        message = f"the quote starts in paragraph {found}, not {citation.paragraph}"
        yield _problem(base, record_id, "warning", message, *loc, "paragraph")


def _statement_quote(
    base: FactBase, record: Any, sources: dict[str, Source], library: ArticleLibrary | None
) -> Iterator[Problem]:
    if library is None:
        return
    cited = [sources[c.source] for c in record.citations if c.source in sources]
    articles = [library.get(source.file) for source in cited]
    if not any(a is not None and a.find(record.quote) for a in articles):
        message = "quote not found in any article the statement cites; copy it verbatim"
        yield _problem(base, record.id, "error", message, "quote")


def check_source_files(base: FactBase, library: ArticleLibrary | None) -> Iterator[Problem]:
    """With article texts given, every source's file must be among them."""
    if library is None:
        return
    for source in base.sources.values():
        if library.get(source.file) is None:
            message = f"{source.file} is not in {library.folder}; fix `file` or --sources"
            yield _problem(base, source.id, "error", message, "file")


def check_dates(base: FactBase, _: ArticleLibrary | None) -> Iterator[Problem]:
    """A fact reported as done needs an article published on or after its date.

    Earlier articles may be cited as well (they announced it); an ``--as-of`` build dated
    before the fact shows it as still to come.
    """
    sources = base.sources
    for record in _cited(base):
        date = record.when() if _is_past(record) else None
        citing = [sources[c.source] for c in record.citations if c.source in sources]
        if date is None or not citing:
            continue
        newest = max(citing, key=lambda source: source.date.last())
        if date.first() > newest.date.last():
            message = (
                f"{date} is after {newest.id} ({newest.date}), the newest article citing it "
                "as done; fix the date or cite an article that reports it"
            )
            yield _problem(base, record.id, "error", message, "date")


def _is_past(record: Any) -> bool:
    status = getattr(record, "status", None)
    return record.kind in ("statement",) or status in ("held", "signed", "ratified", "in-force")


def check_figure_conflicts(base: FactBase, _: ArticleLibrary | None) -> Iterator[Problem]:
    """Figures for one metric and period must agree, unless the disagreement is recorded."""
    groups: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for figure in base.of_kind("figure"):
        groups[(figure.metric, figure.period)].append(figure)
    for (metric, period), figures in groups.items():
        values = {(f.value, f.unit) for f in figures}
        if len(values) < 2:
            continue
        ids = ", ".join(f.id for f in figures)
        recorded = any(d.field == "value" for f in figures for d in f.disagreements)
        severity = "info" if recorded else "warning"
        hint = "recorded as a disagreement" if recorded else "record a disagreement on `value`"
        message = f"figures {ids} give different values for {metric} in {period}; {hint}"
        yield _problem(base, figures[-1].id, severity, message, "value")


def check_disagreements(base: FactBase, _: ArticleLibrary | None) -> Iterator[Problem]:
    """Report recorded disagreements as information, and check their sources exist."""
    sources = base.sources
    for record in _cited(base):
        for index, disagreement in enumerate(record.disagreements):
            readings = "; ".join(f"{r.source}: {r.value}" for r in disagreement.readings)
            message = f"sources disagree ({readings}); recorded on purpose"
            yield _problem(base, record.id, "info", message, "disagreements", index)
            for j, reading in enumerate(disagreement.readings):
                if reading.source not in sources:
                    message = f"reading cites {reading.source!r}, which is not a source id"
                    loc = ("disagreements", index, "readings", j, "source")
                    yield _problem(base, record.id, "error", message, *loc)


def check_uncited_sources(base: FactBase, _: ArticleLibrary | None) -> Iterator[Problem]:
    """A source nothing cites is dead weight, or facts are missing."""
    cited = {c.source for record in _cited(base) for c in record.citations}
    for source in base.sources.values():
        if source.id not in cited:
            message = "no fact cites this source; cite it or remove it"
            yield _problem(base, source.id, "warning", message, "id")


def check_reader_text(base: FactBase, _: ArticleLibrary | None) -> Iterator[Problem]:
    """Text a reader sees holds no source codes, placeholders, loose brackets or double spaces."""
    for record in base.records.values():
        if isinstance(record, Source):
            continue
        for loc, text in _reader_texts(record, ()):
            for message in reader_text_problems(text):
                yield _problem(base, record.id, "warning", message, *loc)


def _reader_texts(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Yield (location, text) for every localized text in a record, one per language."""
    for where, leaf in _leaves(value, loc):
        if isinstance(leaf, Localized):
            for lang in LANGUAGES:
                text = leaf.get(lang)
                if text is not None:
                    yield (*where, lang), text


def _leaves(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Yield (location, leaf) for every string and localized text inside a record."""
    if isinstance(value, str | Localized):
        yield loc, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*loc, index))
    elif isinstance(value, BaseModel) and not isinstance(value, Source):
        for name, info in type(value).model_fields.items():
            yield from _leaves(getattr(value, name), (*loc, info.alias or name))


def last_changed(record: Any, sources: dict[str, Source]) -> Any:
    """Return when a record last changed: its `updated` date or its newest citing article.

    A record changes when an analyst edits what it says (and sets `updated`) or when a
    newer article is cited for it; both are visible in the facts alone, without history.
    """
    dates = [sources[c.source].date for c in record.citations if c.source in sources]
    if getattr(record, "updated", None) is not None:
        dates.append(record.updated)
    return max(dates, key=lambda d: d.last()) if dates else None


def check_assessments(base: FactBase, _: ArticleLibrary | None) -> Iterator[Problem]:
    """Warn when a fact a judgement rests on changed after the judgement was written."""
    for assessment in base.of_kind("assessment"):
        for index, fact_id in enumerate(assessment.rests_on):
            record = base.records.get(fact_id)
            changed = last_changed(record, base.sources) if record is not None else None
            if changed is not None and changed.last() > assessment.date.last():
                message = (
                    f"rests on {fact_id!r}, which changed on {changed} after this assessment "
                    f"of {assessment.date}; review the judgement, then update its `date`"
                )
                yield _problem(base, assessment.id, "warning", message, "rests_on", index)


def check_source_mentions(base: FactBase, _: ArticleLibrary | None) -> Iterator[Problem]:
    """Every `[src-…]` mention in a text must name a source, so it can be numbered."""
    for record in base.records.values():
        for text in _texts(record):
            for match in SOURCE_MENTION.finditer(text):
                for source_id in match.group(1).split(","):
                    if source_id.strip() not in base.sources:
                        message = f"mentions [{source_id.strip()}], which is not a source id"
                        yield _problem(base, record.id, "error", message, "id")


def _texts(value: Any) -> Iterator[str]:
    """Yield every string inside a record (texts in every language, notes, ids)."""
    for _, leaf in _leaves(value):
        if isinstance(leaf, str):
            yield leaf
        else:
            yield from (text for lang in LANGUAGES if (text := leaf.get(lang)) is not None)


def _localized_fields(value: Any) -> Iterator[Localized]:
    """Yield every Localized text inside a record, however deeply nested."""
    return (leaf for _, leaf in _leaves(value) if isinstance(leaf, Localized))


def check_language(base: FactBase, library: ArticleLibrary | None) -> Iterator[Problem]:
    """Lint the az and kk texts (imported here: the lint's imports are only `check`'s cost)."""
    from briefings.language.facts import check_language as lint

    return lint(base, library)


Check = Callable[[FactBase, ArticleLibrary | None], Iterator[Problem]]
# Checks that can find errors: a build refuses facts that fail one.
ERROR_CHECKS: tuple[Check, ...] = (
    check_references,
    check_citations,
    check_source_files,
    check_dates,
    check_disagreements,
    check_source_mentions,
)
# Checks that only advise (warnings, notes): `check` runs them, a build need not.
ADVICE_CHECKS: tuple[Check, ...] = (
    check_figure_conflicts,
    check_uncited_sources,
    check_reader_text,
    check_language,
    check_assessments,
)
