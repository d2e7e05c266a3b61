"""Load the facts folder into validated records, collecting every problem on the way.

Each record is validated on its own, so one typo hides nothing else; every problem carries
the file and line it came from (like MkDocs' config loading and Sphinx's warnings).
"""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from briefings.errors import Problem
from briefings.facts.model import SECTIONS, Fact, Source
from briefings.facts.yamlpos import Path_, PositionedData, load_positioned

logger = logging.getLogger(__name__)

FACT_SUFFIXES = (".yaml", ".yml")
DRAFTS_FOLDER = "drafts"  # intake's drafts: checked by `briefings check`, never facts


@dataclass(frozen=True)
class Position:
    """Where a record stands, and the lines of its fields, for path:line reports."""

    path: Path
    line: int
    data: PositionedData = field(repr=False, compare=False)
    prefix: Path_ = ()

    def line_of(self, *subpath: str | int) -> int:
        """Return the line of a field of this record (or of the record itself)."""
        return self.data.line_of((*self.prefix, *subpath))


@dataclass
class FactBase:
    """Every record by id, with where it came from; what the selectors read."""

    records: dict[str, Fact] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)

    def add(self, record: Fact, position: Position) -> None:
        """Add a validated record (ids are unique: the loader checks before adding)."""
        self.records[record.id] = record
        self.positions[record.id] = position
        if isinstance(record, Source):
            self.sources[record.id] = record

    def of_kind(self, kind: str) -> list[Any]:
        """Return the records of one kind in file order."""
        return [r for r in self.records.values() if r.kind == kind]


@dataclass
class LoadResult:
    base: FactBase
    problems: list[Problem]


def fact_files(folder: Path) -> list[Path]:
    """Return the fact files below ``folder`` in a stable order, drafts left out."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in FACT_SUFFIXES
        and p.is_file()
        and p.relative_to(folder).parts[0] != DRAFTS_FOLDER
    )


def load_facts(folder: Path) -> LoadResult:
    """Read every fact file; return the records that validated and every problem found."""
    base, problems = FactBase(), []
    if not folder.is_dir():
        problem = Problem(folder, None, "error", "the facts folder does not exist; pass --facts")
        return LoadResult(base, [problem])
    with _gc_paused():
        for path in fact_files(folder):
            base.files.append(path)
            problems.extend(_load_file(path, base))
    return LoadResult(base, problems)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading.

    Loading allocates millions of short-lived, acyclic objects (YAML nodes and marks) next
    to a growing base; the collector's passes over them took about half the time of
    `briefings check` on 10,000 records (see benchmarks/bench_check.py). Reference
    counting still frees everything; the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_file(path: Path, base: FactBase) -> list[Problem]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [Problem(path, line, "error", "invalid UTF-8; save the file as UTF-8")]
    try:
        parsed = load_positioned(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return [Problem(path, line, "error", f"YAML syntax: {exc.problem or exc}")]
    except yaml.reader.ReaderError as exc:
        # A raw control character: the reader has no mark, only the character's position.
        line = text[: exc.position].count("\n") + 1
        message = f"YAML syntax: the control character U+{exc.character:04X} is not allowed"
        return [Problem(path, line, "error", f"{message}; delete it")]
    except yaml.YAMLError as exc:
        return [Problem(path, 1, "error", f"YAML syntax: {exc}")]
    return list(_duplicate_keys(path, parsed)) + list(_records(path, parsed, base))


def _duplicate_keys(path: Path, parsed: PositionedData) -> Iterator[Problem]:
    for key_path, line, first in parsed.duplicates:
        name = ".".join(str(part) for part in key_path)
        yield Problem(path, line, "error", f"duplicated key (first at line {first})", name)


def _records(path: Path, parsed: PositionedData, base: FactBase) -> Iterator[Problem]:
    data = parsed.data
    if data is None:
        return
    if not isinstance(data, dict):
        yield Problem(path, 1, "error", "a fact file is a mapping of sections (people: [...])")
        return
    for section, items in data.items():
        yield from _section(path, parsed, str(section), items, base)


def _section(
    path: Path, parsed: PositionedData, section: str, items: Any, base: FactBase
) -> Iterator[Problem]:
    model = SECTIONS.get(section)
    line = parsed.line_of((section,))
    if model is None:
        known = ", ".join(SECTIONS)
        yield Problem(path, line, "error", f"unknown section; use one of: {known}", section)
        return
    if not isinstance(items, list):
        yield Problem(path, line, "error", "a section holds a list of records (- id: ...)", section)
        return
    for index, item in enumerate(items):
        position = Position(path, parsed.line_of((section, index)), parsed, (section, index))
        yield from _record(model, item, position, base)


def _record(model: type[Any], item: Any, position: Position, base: FactBase) -> Iterator[Problem]:
    try:
        record = model.model_validate(item)
    except ValidationError as exc:
        for error in exc.errors():
            yield _validation_problem(error, position)
        return
    if record.id in base.records:
        first = base.positions[record.id]
        message = f"duplicate id {record.id!r} (first defined at {first.path}:{first.line})"
        yield Problem(position.path, position.line_of("id"), "error", message, "id")
        return
    base.add(record, position)


_FIELD_PREFIX = re.compile(r"^([a-z_]+): (.*)$", re.DOTALL)


def _validation_problem(error: Any, position: Position) -> Problem:
    """Turn one Pydantic error into a path:line problem naming the field."""
    loc = tuple(part for part in error["loc"] if not str(part).startswith("function-"))
    message = str(error["msg"]).removeprefix("Value error, ")
    field_name = ".".join(str(part) for part in loc)
    match = _FIELD_PREFIX.match(message)
    if not loc and match:
        field_name, message = match.groups()
    if error["type"] == "extra_forbidden":
        message = "unknown field; check its spelling against `briefings schema`"
    elif error["type"] == "missing":
        message = "required field is missing"
    return Problem(position.path, position.line_of(*loc), "error", message, field_name)
