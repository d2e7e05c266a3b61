"""Check drafts as `briefings check` checks facts: every problem as path:line.

A draft's records are validated by the fact models, then checked together with the base
by the same reference, citation-quote and date checks; to-dos are warnings. The base
itself is never changed here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from briefings.errors import Problem
from briefings.facts.articles import ArticleLibrary
from briefings.facts.check import check_citations, check_dates, check_references
from briefings.facts.load import FactBase, Position, _validation_problem
from briefings.facts.model import SECTIONS, Citation
from briefings.facts.yamlpos import PositionedData, load_positioned
from briefings.intake.drafts import NEW_SECTIONS, TODO, CiteEntry, DraftHead, drafts_folder

logger = logging.getLogger(__name__)


@dataclass
class CheckedDraft:
    """A draft as read: its data, line numbers, and every problem found in it."""

    path: Path
    parsed: PositionedData | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        data = self.parsed.data if self.parsed else None
        return data if isinstance(data, dict) else {}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def draft_files(facts_dir: Path) -> list[Path]:
    """Return the draft files, sorted."""
    folder = drafts_folder(facts_dir)
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file()) if folder.is_dir() else []


def check_drafts(facts_dir: Path, base: FactBase, sources_dir: Path | None) -> list[Problem]:
    """Return the problems of every draft in the facts folder."""
    library = ArticleLibrary(sources_dir) if sources_dir else None
    return [p for path in draft_files(facts_dir) for p in check_draft(path, base, library).problems]


def check_draft(path: Path, base: FactBase, library: ArticleLibrary | None) -> CheckedDraft:
    """Read one draft and return it with its problems."""
    checked = CheckedDraft(path)
    try:
        checked.parsed = load_positioned(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        checked.problems.append(Problem(path, line, "error", f"YAML syntax: {exc}"))
        return checked
    if not isinstance(checked.parsed.data, dict):
        checked.problems.append(
            Problem(path, 1, "error", "a draft is a mapping (source:, cite:, people: …)")
        )
        return checked
    checked.problems.extend(_problems(checked, base, library))
    return checked


def _problems(
    checked: CheckedDraft, base: FactBase, library: ArticleLibrary | None
) -> Iterator[Problem]:
    parsed, path = checked.parsed, checked.path
    assert parsed is not None
    yield from _unknown_sections(checked)
    yield from _head(checked, base, library)
    combined = FactBase(
        dict(base.records), dict(base.positions), list(base.files), dict(base.sources)
    )
    for section in NEW_SECTIONS:
        for index, item in enumerate(checked.data.get(section) or []):
            yield from _record(
                SECTIONS[section],
                item,
                Position(path, parsed.line_of((section, index)), parsed, (section, index)),
                combined,
            )
    for check in (check_references, check_citations, check_dates):
        yield from (p for p in check(combined, library) if p.path == path)
    yield from _todos(path, parsed, checked.data, ())


def _unknown_sections(checked: CheckedDraft) -> Iterator[Problem]:
    allowed = ("source", "cite", *NEW_SECTIONS)
    for name in checked.data:
        if name not in allowed:
            line = checked.parsed.line_of((name,)) if checked.parsed else 1
            yield Problem(
                checked.path,
                line,
                "error",
                f"unknown key; a draft holds {', '.join(allowed)}",
                str(name),
            )


def _head(
    checked: CheckedDraft, base: FactBase, library: ArticleLibrary | None
) -> Iterator[Problem]:
    parsed, data = checked.parsed, checked.data
    assert parsed is not None
    cites: list[Any] = data.get("cite") or []
    head = {"source": data.get("source"), "cite": cites}
    position = Position(checked.path, 1, parsed, ())
    try:
        DraftHead.model_validate(head)
    except ValidationError as exc:
        yield from (_validation_problem(error, position) for error in exc.errors())
        return
    if head["source"] not in base.sources:
        yield Problem(
            checked.path,
            parsed.line_of(("source",)),
            "error",
            f"no source {head['source']!r} in the facts",
            "source",
        )
    for index, entry in enumerate(cites):
        yield from _cite(checked, CiteEntry.model_validate(entry), index, base, library)


def _cite(
    checked: CheckedDraft,
    entry: CiteEntry,
    index: int,
    base: FactBase,
    library: ArticleLibrary | None,
) -> Iterator[Problem]:
    parsed = checked.parsed
    assert parsed is not None
    loc = ("cite", index, "record")
    if entry.record not in base.records or entry.record in base.sources:
        message = f"no record {entry.record!r} in the facts; move it to a section as a new record"
        yield Problem(checked.path, parsed.line_of(loc), "error", message, "record")
    for j, citation in enumerate(entry.citations):
        where = ("cite", index, "citations", j)
        yield from _citation(checked.path, parsed.line_of(where), citation, base, library)


def _citation(
    path: Path, line: int, citation: Citation, base: FactBase, library: ArticleLibrary | None
) -> Iterator[Problem]:
    source = base.sources.get(citation.source)
    if source is None:
        yield Problem(
            path, line, "error", f"cites {citation.source!r}, which is not a source id", "source"
        )
        return
    article = library.get(source.file) if library else None
    if article is None or not citation.quote:
        return
    found = article.find(citation.quote)
    if found is None:
        yield Problem(
            path, line, "error", f"quote not found in {source.file}; copy it verbatim", "quote"
        )
    elif found != citation.paragraph:
        yield Problem(
            path,
            line,
            "warning",
            f"the quote starts in paragraph {found}, not {citation.paragraph}",
            "paragraph",
        )


def _record(
    model: type[Any], item: Any, position: Position, combined: FactBase
) -> Iterator[Problem]:
    try:
        record = model.model_validate(item)
    except ValidationError as exc:
        yield from (_validation_problem(error, position) for error in exc.errors())
        return
    if record.id in combined.records:
        first = combined.positions[record.id]
        message = (
            f"the id {record.id!r} is taken ({first.path}:{first.line}); "
            "cite that record or rename this one"
        )
        yield Problem(position.path, position.line_of("id"), "error", message, "id")
        return
    combined.add(record, position)


def _todos(
    path: Path, parsed: PositionedData, value: Any, where: tuple[Any, ...]
) -> Iterator[Problem]:
    """Warn once per text that still holds a to-do."""
    if isinstance(value, str) and TODO in value:
        name = ".".join(str(part) for part in where[2:])
        yield Problem(
            path,
            parsed.line_of(where),
            "warning",
            "to-do: write it in our own words, then accept",
            name,
        )
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _todos(path, parsed, item, (*where, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _todos(path, parsed, item, (*where, index))
