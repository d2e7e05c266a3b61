"""How relevant a record is to one meeting: who, what, at which level, and how recent.

The score adds up (tested in ``tests/test_note_analysis.py``):

* **participants**: +3 when a participant of the meeting said, attended or leads it;
* **their organizations**: +2 when one of the participants' organizations (or an organizer)
  is a speaker, party or partner; +1 when only their state is;
* **agenda**: +1 for each agenda topic the record shares (at most 2), and up to +1 more
  for where the record's own first topic stands on the agenda (1 for the first agenda
  topic, 0.15 less for each topic before it, never below 0);
* **level**: +1 when the record is at the meeting's level: heads of state and government
  ("top"), ministries, parliaments and embassies ("official"), or experts and others (a
  meeting with no participants named yet has no level);
* **recency**: +1.5 when first reported within a year before the cut-off, +0.5 within
  three years.

Ties go to the newer record, then to the id, so the order is stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from briefings.analysis.cutoff import record_date

LEVELS = {"government": 3, "state": 3, "ministry": 2, "parliament": 2, "embassy": 2}
MAX_TOPIC_POINTS = 2


@dataclass(frozen=True)
class MeetingFocus:
    """What a record's relevance is measured against: one meeting, seen at its cut-off."""

    meeting_id: str
    people: frozenset[str]
    organizations: frozenset[str]
    states: frozenset[str]
    topics: tuple[str, ...]
    level: int
    cutoff: dt.date


def organizations_of(person: Any, records: Mapping[str, Any]) -> set[str]:
    """Return the organizations a person's roles name, with every parent above them."""
    found: set[str] = set()
    todo = [r.organization for r in getattr(person, "roles", []) if r.organization]
    while todo:
        org_id = todo.pop()
        if org_id in found or org_id not in records:
            continue
        found.add(org_id)
        parent = getattr(records[org_id], "parent", None)
        todo += [parent] if parent else []
    return found


def level_of(record_id: str, records: Mapping[str, Any]) -> int:
    """Return 3 (top), 2 (official) or 1 (expert, other) for a person or organization."""
    record = records.get(record_id)
    if record is None:
        return 1
    if record.kind == "organization":
        return LEVELS.get(record.type, 1)
    orgs = [records[o] for o in organizations_of(record, records)]
    direct = [o for o in orgs if o.type != "state"]  # a state is every citizen's ancestor
    return max((LEVELS.get(o.type, 1) for o in direct), default=1)


def focus(
    meeting: Any, topics: Iterable[str], records: Mapping[str, Any], cutoff: dt.date
) -> MeetingFocus:
    """Return what makes a record relevant to ``meeting``."""
    people = frozenset(p.person for p in meeting.participants)
    orgs = set(meeting.organizers)
    for person_id in people:
        orgs |= organizations_of(records[person_id], records)
    states = {o for o in orgs if records[o].type == "state"}
    level = max((level_of(p, records) for p in people), default=0)  # 0: nobody named yet
    return MeetingFocus(
        meeting.id,
        people,
        frozenset(orgs - states),
        frozenset(states),
        tuple(topics),
        level,
        cutoff,
    )


def involved(record: Any) -> set[str]:
    """Return the people and organizations a record names as actors."""
    ids = set(getattr(record, "speakers", []))
    ids |= {p.person for p in getattr(record, "participants", [])}
    for field in ("organizers", "partners", "parties"):
        ids |= set(getattr(record, field, []))
    return ids


def score(record: Any, where: MeetingFocus, records: Mapping[str, Any], sources: Any) -> float:
    """Return the documented relevance score of ``record`` for the meeting in ``where``."""
    actors = involved(record)
    total = 3.0 if actors & where.people else 0.0
    total += 2 if actors & where.organizations else 1 if actors & where.states else 0
    shared = [t for t in getattr(record, "topics", []) if t in where.topics]
    total += min(len(shared), MAX_TOPIC_POINTS)
    own = getattr(record, "topics", [])
    if own and own[0] in where.topics:
        total += max(0.0, 1 - 0.15 * where.topics.index(own[0]))
    levels = [level_of(a, records) for a in actors]
    total += 1 if levels and max(levels) == where.level else 0  # never with level 0
    return total + recency(record_date(record, sources), where.cutoff)


def recency(day: dt.date | None, cutoff: dt.date) -> float:
    """Return the recency bonus for a record dated ``day``, seen at ``cutoff``."""
    if day is None:
        return 0.0
    age = (cutoff - day).days
    return 1.5 if age <= 366 else 0.5 if age <= 3 * 366 else 0.0


def ranked(
    records: Iterable[Any], where: MeetingFocus, facts: Mapping[str, Any], sources: Any
) -> list[Any]:
    """Return ``records`` most relevant first; ties newest first, then by id."""

    def key(record: Any) -> tuple[float, int, str]:
        day = record_date(record, sources)
        return (-score(record, where, facts, sources), -(day.toordinal() if day else 0), record.id)

    return sorted(records, key=key)
