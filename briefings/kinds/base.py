"""What every briefing type shares: options, the context it hands the template, the registry.

A briefing type is a name, a template and a context builder (like Sphinx's builders):
adding one means one template and one subclass, registered in `briefings.kinds`.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from briefings.facts.load import FactBase
from briefings.facts.model import Record, Source


@dataclass(frozen=True)
class BriefingOptions:
    """Everything a user can vary about one briefing."""

    lang: str = "en"
    as_of: dt.date | None = None
    meeting: str | None = None
    marking: str = "RESTRICTED"


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
    """Hands records to a context builder and remembers which ones it took."""

    base: FactBase
    full: FactBase
    used: set[str] = field(default_factory=set)

    def take(self, records: list[Any]) -> list[Any]:
        """Return ``records`` unchanged, noting each as used."""
        self.used.update(r.id for r in records)
        return records

    def of_kind(self, kind: str) -> list[Any]:
        """Return (and note) every record of a kind that is known as of the briefing date."""
        return self.take(self.base.of_kind(kind))

    def get(self, record_id: str) -> Any:
        """Return a record by id from the whole base, noting it (names may come from later)."""
        record = self.full.records[record_id]
        self.used.add(record_id)
        return record


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

    def stem(self, options: BriefingOptions) -> str:
        """Return the output file name without suffix; languages never share a name."""
        parts = [self.name]
        if options.meeting:
            parts.append(options.meeting)
        if options.as_of:
            parts.append(f"as-of-{options.as_of.isoformat()}")
        name = "-".join(parts)
        return name if options.lang == "en" else f"{name}.{options.lang}"

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
    """
    known = {s.id for s in base.sources.values() if s.date.last() <= date}
    view = FactBase(files=base.files)
    for record_id, record in base.records.items():
        kept = _known_version(record, known)
        if kept is not None:
            view.add(kept, base.positions[record_id])
    return view


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
