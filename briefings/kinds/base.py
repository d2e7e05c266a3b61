"""What every briefing type shares: options, the context it hands the template, the registry.

A briefing type is a name, a template and a context builder (like Sphinx's builders):
adding one means one template and one subclass, registered in `briefings.kinds`.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, fields, is_dataclass
from typing import Any, ClassVar

from pydantic import BaseModel

from briefings.errors import BriefingError
from briefings.facts.load import FactBase
from briefings.facts.model import Assessment, Event, Record, Source


@dataclass(frozen=True)
class BriefingOptions:
    """Everything a user can vary about one briefing."""

    lang: str = "en"
    as_of: dt.date | None = None
    meeting: str | None = None
    marking: str | None = None  # None: the language's own marking (briefings.markings)
    our_side: str | None = None  # country code of the delegation a meeting note is for
    written_for: str | None = None  # the project's default side (briefings.toml), if any
    markings: tuple[tuple[str, str], ...] = ()  # the project's markings per language, if any

    def as_json(self) -> dict[str, Any]:
        """Return the options as the manifest stores them (dates as ISO strings)."""
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        return data


@dataclass(frozen=True)
class Parameter:
    """A parameter a briefing type takes, for `briefings list`."""

    name: str
    help: str
    required: bool = False


@dataclass(frozen=True)
class BriefingContext:
    """What a template sees, plus the ids of every fact it was given (for incremental builds)."""

    kind: str
    template: str
    options: BriefingOptions
    as_of: dt.date
    data: dict[str, Any]
    used: frozenset[str]
    stem: str


@dataclass
class Selection:
    """The facts a context builder may choose from: those known as of the briefing date.

    What the briefing used is worked out afterwards from the data it returned
    (`used_facts`), so a builder cannot forget to declare a fact it shows.
    """

    base: FactBase
    full: FactBase
    date: dt.date | None = None  # the briefing's as-of date; None: the newest source's

    @property
    def as_of(self) -> dt.date:
        """Return the date the briefing is written as of."""
        return self.date or newest_source_date(self.full)

    def of_kind(self, kind: str) -> list[Any]:
        """Return every record of a kind that is known as of the briefing date."""
        return self.base.of_kind(kind)

    def sources(self) -> list[Source]:
        """Return the sources known as of the briefing date, oldest first: their numbering."""
        return sorted(self.base.sources.values(), key=lambda s: (s.date, s.id))

    def get(self, record_id: str) -> Any:
        """Return a record by id from the whole base (a name may come from a later source)."""
        return self.full.records[record_id]


def used_facts(data: Any, base: FactBase) -> frozenset[str]:
    """Return the ids of every record in the context data, and of what those records show.

    A record shows the records it refers to (a participant's name, a role's organization)
    and the sources it cites; two steps of references cover everything a template prints.
    """
    found: set[str] = set()
    _walk(data, found)
    for _ in range(2):
        for record_id in list(found):
            found.update(_shown_by(base.records.get(record_id)))
    return frozenset(i for i in found if i in base.records)


def _walk(value: Any, found: set[str]) -> None:
    if isinstance(value, BaseModel):
        record_id = getattr(value, "id", None)
        if isinstance(record_id, str) and hasattr(value, "kind"):
            found.add(record_id)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, found)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _walk(item, found)
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            _walk(getattr(value, item.name), found)


def _shown_by(record: Any) -> set[str]:
    if record is None:
        return set()
    shown = {i for ids in record.references().values() for i in ids}
    return shown | {c.source for c in getattr(record, "citations", [])}


class BriefingType(ABC):
    """A kind of briefing: a name, a template and a context builder."""

    name: ClassVar[str]
    description: ClassVar[str]
    template: ClassVar[str]
    parameters: ClassVar[tuple[Parameter, ...]] = ()

    @abstractmethod
    def select(self, selection: Selection, options: BriefingOptions) -> dict[str, Any]:
        """Return the template data for these options, taking facts through ``selection``."""

    def instances(self, base: FactBase) -> list[BriefingOptions]:
        """Return the option sets `build --all` builds for this type."""
        return [BriefingOptions()]

    def takes(self, parameter: str) -> bool:
        """Tell whether this type takes an optional parameter such as ``our-side``."""
        return any(p.name == parameter for p in self.parameters)

    def stem(self, options: BriefingOptions) -> str:
        """Return the output file name without suffix; languages never share a name."""
        parts = [self.name]
        if options.meeting:
            parts.append(options.meeting)
        if options.our_side:
            parts.append(f"for-{options.our_side.lower()}")
        if options.as_of:
            parts.append(f"as-of-{options.as_of.isoformat()}")
        name = "-".join(parts)
        return name if options.lang == "en" else f"{name}.{options.lang}"

    def check_options(self, base: FactBase, options: BriefingOptions) -> None:
        """Refuse a parameter this type does not take, and a side no person comes from."""
        for flag, value in (("meeting", options.meeting), ("our-side", options.our_side)):
            if value and not self.takes(flag):
                raise BriefingError(f"{self.name} does not take --{flag}; see `briefings list`")
        countries = sorted({r.country for r in base.of_kind("person")})
        if options.our_side and options.our_side not in countries:
            raise BriefingError(
                f"--our-side {options.our_side}: no person in the facts is from there; "
                f"use one of {', '.join(countries)}"
            )

    def validate(self, base: FactBase, options: BriefingOptions) -> None:  # noqa: B027
        """Raise BriefingError when the options cannot make this briefing (none by default)."""


def newest_source_date(base: FactBase) -> dt.date:
    """Return the publication date of the newest source: the default as-of date."""
    dates = [s.date.last() for s in base.sources.values()]
    return max(dates) if dates else dt.date(1970, 1, 1)


def as_of(base: FactBase, date: dt.date) -> FactBase:
    """Return the facts an analyst could have known on ``date``.

    Sources published later are dropped, and with them every citation of theirs; a record
    left with no citation is dropped too. Internal records have no source and always stay.
    An event held after ``date`` was still to come on that day, so it shows as planned.
    """
    known = {s.id for s in base.sources.values() if s.date.last() <= date}
    view = FactBase(files=base.files)
    for record_id, record in base.records.items():
        kept = _known_version(record, known)
        if isinstance(kept, Assessment) and kept.date.first() > date:
            kept = None  # a judgement written later was not yet made
        if kept is not None:
            view.add(_still_to_come(kept, date), base.positions[record_id])
    return view


def _still_to_come(record: Any, date: dt.date) -> Any:
    """Return a held event dated after ``date`` as planned; any other record unchanged."""
    held = isinstance(record, Event) and record.status == "held" and record.date
    if held and record.date.first() > date:
        return record.model_copy(update={"status": "planned"})
    return record


def _known_version(record: Any, known: set[str]) -> Any:
    if isinstance(record, Source):
        return record if record.id in known else None
    assert isinstance(record, Record)
    if record.internal:
        return record
    citations = [c for c in record.citations if c.source in known]
    if not citations:
        return None
    if len(citations) == len(record.citations):
        return record
    return record.model_copy(update={"citations": citations})
