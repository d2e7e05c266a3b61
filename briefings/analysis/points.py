"""Talking points for one meeting: 5–7 of them, its own, ranked, never circular.

Every rule reads only what was known before the meeting (see ``cutoff.py``) and names the
fact it rests on, which the note cites. A candidate's rank is its record's relevance to the
meeting (``relevance.py``) plus the rule's weight; at most two points come from one rule
and seven in all. Fewer than five candidates make fewer points: nothing is padded.

* ``update`` (+1.5): a planned or under-way project on the agenda whose target date is
  still ahead → ask how it is progressing towards it.
* ``timetable`` (+0.5): a planned or proposed project on the agenda with no reported date
  → ask for a timetable.
* ``welcome`` (+1): a figure recording growth on an agenda topic → welcome it and ask what
  keeps it going.
* ``respond`` (+2): a proposal by the other side, made by a participant of this meeting
  (or their organization) or at an earlier event they attended, less than two years old
  → prepare our answer.
* ``acknowledge`` (+1): thanks or condolences from the other side, addressed to these
  participants (said by them, or at an event they attended), less than a year old →
  return the courtesy.
* ``engage`` (+0.5): the other side's assessment or position on an agenda topic → refer to
  it and ask about the next step; one per speaker.
* ``recall`` (+0.5): the latest earlier event a counterpart took part in → build on it.
* ``gap``: an agenda topic with no report in the year before the cut-off → ask about it
  (scored 3, less 0.25 for each topic ahead of it on the agenda).

Never circular: the meeting's own reports, and records about the meeting (its announcement,
the proposal to hold it), never make a point. With no side set, both sides count as "other".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from briefings.analysis.cutoff import about_meeting, record_date
from briefings.analysis.relevance import MeetingFocus, involved, score

MAX_POINTS = 7
PER_RULE = 2
WEIGHTS = {
    "respond": 2.0,
    "update": 1.5,
    "welcome": 1.0,
    "acknowledge": 1.0,
    "engage": 0.5,
    "recall": 0.5,
    "timetable": 0.5,
}
OPEN_PROPOSAL_DAYS = 2 * 366
OPEN_COURTESY_DAYS = 366
GAP_DAYS = 366


@dataclass(frozen=True)
class TalkingPoint:
    """One suggested point: the rule, the fact it rests on, and its rank."""

    rule: str
    record: Any
    score: float
    topic: str | None = None  # the agenda topic of a ``gap`` point
    day: dt.date | None = None  # a ``gap`` point: the date of the latest report on the topic
    side: str | None = None  # an ``engage`` point: the country whose view it takes up


@dataclass(frozen=True)
class NoteFacts:
    """What the rules see: the meeting, what was known before it, and whose side we are."""

    meeting: Any
    where: MeetingFocus
    known: list[Any]  # records known at the cut-off, without the meeting's own reports
    records: Mapping[str, Any]  # every record, to look up names and countries
    sources: Mapping[str, Any]
    our_side: str | None

    def of_kind(self, kind: str) -> list[Any]:
        """Return the known records of one kind, leaving out those about the meeting."""
        return [r for r in self.known if r.kind == kind and not about_meeting(r, self.meeting)]

    def theirs(self, record: Any) -> bool:
        """Tell whether the other side alone is behind a record (any side, with none set).

        A statement both sides made together is nobody's to answer or take up.
        """
        actors = involved(record)
        if self.our_side is None:
            return bool(actors)
        return any(self.other_side(a) for a in actors) and not any(self.ours(a) for a in actors)

    def ours(self, actor: str) -> bool:
        """Tell whether a person or organization is of our side."""
        return getattr(self.records.get(actor), "country", None) == self.our_side

    def other_side(self, actor: str) -> bool:
        """Tell whether a person or organization is not of our side (all are, with no side)."""
        country = getattr(self.records.get(actor), "country", None)
        return self.our_side is None or (country is not None and country != self.our_side)

    def country_of(self, record: Any) -> str | None:
        """Return the country of the record's first actor of the other side."""
        actors = sorted(a for a in involved(record) if self.other_side(a))
        return getattr(self.records.get(actors[0]), "country", None) if actors else None

    def on_agenda(self, record: Any) -> bool:
        """Tell whether a record shares a topic with the agenda (any, with no agenda)."""
        topics = self.where.topics
        return not topics or bool(set(topics) & set(getattr(record, "topics", [])))

    def age(self, record: Any) -> int:
        """Return the days from the record's date to the cut-off (large when undated)."""
        day = record_date(record, self.sources)
        return (self.where.cutoff - day).days if day else 10**6

    def point(self, rule: str, record: Any) -> TalkingPoint:
        """Return a point for ``record`` scored by relevance plus the rule's weight."""
        relevance = score(record, self.where, self.records, self.sources)
        return TalkingPoint(rule, record, relevance + WEIGHTS[rule])


def talking_points(facts: NoteFacts) -> list[TalkingPoint]:
    """Return the meeting's points, best first: at most two per rule, seven in all."""
    candidates = [p for rule in RULES for p in rule(facts)]
    candidates.sort(key=lambda p: (-p.score, p.rule, getattr(p.record, "id", "")))
    chosen: list[TalkingPoint] = []
    for candidate in candidates:
        if sum(p.rule == candidate.rule for p in chosen) < PER_RULE:
            chosen.append(candidate)
    return chosen[:MAX_POINTS]


def update(facts: NoteFacts) -> list[TalkingPoint]:
    """Return projects under way or planned whose target is still ahead."""
    ahead = [
        p
        for p in facts.of_kind("project")
        if p.status in ("planned", "under-way")
        and p.target is not None
        and p.target.last() >= facts.where.cutoff
    ]
    return [facts.point("update", p) for p in ahead if facts.on_agenda(p)]


def timetable(facts: NoteFacts) -> list[TalkingPoint]:
    """Return planned or proposed projects on the agenda that have no date."""
    undated = [
        p for p in facts.of_kind("project") if p.status in ("planned", "proposed") and not p.target
    ]
    return [facts.point("timetable", p) for p in undated if facts.on_agenda(p)]


def welcome(facts: NoteFacts) -> list[TalkingPoint]:
    """Return figures on the agenda that record growth."""
    return [
        facts.point("welcome", f)
        for f in facts.of_kind("figure")
        if _growth(f) and facts.on_agenda(f)
    ]


def respond(facts: NoteFacts) -> list[TalkingPoint]:
    """Return the other side's open proposals addressed to these participants."""
    return [
        facts.point("respond", s)
        for s in facts.of_kind("statement")
        if s.type == "proposal"
        and facts.theirs(s)
        and _addressed(s, facts)
        and facts.age(s) <= OPEN_PROPOSAL_DAYS
    ]


def acknowledge(facts: NoteFacts) -> list[TalkingPoint]:
    """Return the other side's recent thanks or condolences addressed to these participants."""
    return [
        facts.point("acknowledge", s)
        for s in facts.of_kind("statement")
        if s.type in ("thanks", "condolences")
        and facts.theirs(s)
        and _addressed(s, facts)
        and facts.age(s) <= OPEN_COURTESY_DAYS
    ]


def engage(facts: NoteFacts) -> list[TalkingPoint]:
    """Return the other side's views on the agenda, the most relevant one per speaker."""
    views = [
        facts.point("engage", s)
        for s in facts.of_kind("statement")
        if s.type in ("assessment", "position") and facts.theirs(s) and facts.on_agenda(s)
    ]
    best: dict[tuple[str, ...], TalkingPoint] = {}
    for view in sorted(views, key=lambda p: (-p.score, p.record.id)):
        best.setdefault(tuple(view.record.speakers), view)
    return [replace(view, side=facts.country_of(view.record)) for view in best.values()]


def recall(facts: NoteFacts) -> list[TalkingPoint]:
    """Return the latest earlier event one of the other side's participants attended."""
    counterparts = {p for p in facts.where.people if facts.other_side(p)}
    attended = [
        e
        for e in facts.of_kind("event")
        if e.status == "held" and counterparts & {p.person for p in e.participants}
    ]
    attended.sort(key=facts.age)
    return [facts.point("recall", attended[0])] if attended else []


def gap(facts: NoteFacts) -> list[TalkingPoint]:
    """Return agenda topics with no report in the year before the cut-off."""
    points = []
    for index, topic in enumerate(facts.where.topics):
        on_topic = [r for r in facts.known if topic in getattr(r, "topics", [])]
        latest = min(on_topic, key=facts.age, default=None)
        if latest is None or facts.age(latest) > GAP_DAYS:
            day = record_date(latest, facts.sources) if latest else None
            points.append(TalkingPoint("gap", latest, 3.0 - 0.25 * index, topic, day))
    return points


def _addressed(statement: Any, facts: NoteFacts) -> bool:
    """Tell whether a statement was made by these participants or at an event they attended."""
    actors = involved(statement)
    if actors & (facts.where.people | facts.where.organizations):
        return True
    event = facts.records.get(statement.event) if statement.event else None
    attendees = {p.person for p in getattr(event, "participants", [])}
    return bool(attendees & facts.where.people)


def _growth(figure: Any) -> bool:
    """Tell whether a figure records growth: a rise, a multiple, or a growth rate above 0.

    Growth whose base is not printed is recorded as the rate itself (percent or times) under
    a metric named for growth (see ``facts/figures.yaml``).
    """
    if figure.change is not None:
        return figure.change.value > 0
    multiple = figure.unit == "times" and figure.value > 1
    return multiple or (figure.unit == "percent" and "growth" in figure.metric and figure.value > 0)


RULES: tuple[Callable[[NoteFacts], list[TalkingPoint]], ...] = (
    update,
    timetable,
    welcome,
    respond,
    acknowledge,
    engage,
    recall,
    gap,
)


def differing(first: list[TalkingPoint], second: list[TalkingPoint]) -> bool:
    """Tell whether two notes' points differ (by rule and record)."""

    def keys(points: list[TalkingPoint]) -> set[tuple[str, str]]:
        return {(p.rule, getattr(p.record, "id", p.topic or "")) for p in points}

    return keys(first) != keys(second)
