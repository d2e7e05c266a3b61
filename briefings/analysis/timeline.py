"""Statuses as of a briefing's date: what a plan has become by the day a reader sees it.

A record keeps the status its latest article gave it ("planned"). By the as-of date that
may be stale: the planned date has passed with no report (it is then *overdue*: "planned
for September 2025; no report since"), or a later event carried the plan out or replaced
it (`fulfilled_by`), so it no longer belongs in "Next steps". Pure functions over records,
so any briefing type can call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from briefings.facts.dates import PartialDate

OPEN_STATUSES = frozenset({"planned", "proposed", "under-way"})
State = Literal["open", "overdue", "fulfilled", "done"]


@dataclass(frozen=True)
class Standing:
    """Where one record stands on the as-of date, for a status column or a sentence."""

    record: Any
    state: State
    due: PartialDate | None
    fulfilled_by: Any | None
    single_source: bool

    @property
    def pending(self) -> bool:
        """Tell whether the item still belongs in "Next steps"."""
        return self.state in ("open", "overdue")


def is_open(record: Any) -> bool:
    """Tell whether the record's own status says it is still to happen or in progress."""
    return getattr(record, "status", None) in OPEN_STATUSES


def due_date(record: Any) -> PartialDate | None:
    """Return the date a plan is due: an event's date, a project's target, an agreement's."""
    value = record.when()
    return value if isinstance(value, PartialDate) else None


def fulfilment(record: Any, records: Mapping[str, Any], as_of: dt.date) -> Any | None:
    """Return the held event that carried out or superseded the plan by ``as_of``, if any.

    The event must be known in ``records`` (the facts as of the date) and held by then: a
    plan fulfilled only after the briefing's date is still open in that briefing.
    """
    event = records.get(getattr(record, "fulfilled_by", None) or "")
    if event is None or getattr(event, "status", None) != "held":
        return None
    held_on = event.when()
    return event if held_on is None or held_on.first() <= as_of else None


def is_overdue(record: Any, as_of: dt.date) -> bool:
    """Tell whether an open plan's date has wholly passed by ``as_of``."""
    due = due_date(record)
    return is_open(record) and due is not None and due.last() < as_of


def single_source(record: Any) -> bool:
    """Tell whether the record rests on one article only (internal records rest on none)."""
    sources = {c.source for c in getattr(record, "citations", [])}
    return len(sources) == 1 and not getattr(record, "internal", False)


def standing(record: Any, records: Mapping[str, Any], as_of: dt.date) -> Standing:
    """Return where ``record`` stands on ``as_of``."""
    done_by = fulfilment(record, records, as_of)
    state: State
    if done_by is not None:
        state = "fulfilled"
    elif is_overdue(record, as_of):
        state = "overdue"
    elif is_open(record):
        state = "open"
    else:
        state = "done"
    return Standing(record, state, due_date(record), done_by, single_source(record))


def next_steps(
    candidates: Iterable[Any], records: Mapping[str, Any], as_of: dt.date
) -> list[Standing]:
    """Return the still-pending items, dated soonest first, undated last, ties by id."""
    pending = [s for s in (standing(r, records, as_of) for r in candidates) if s.pending]

    def order(item: Standing) -> tuple[int, dt.date, str]:
        due = item.due.first() if item.due else dt.date.max
        return (item.due is None, due, item.record.id)

    return sorted(pending, key=order)
