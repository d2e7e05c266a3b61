"""The meeting-preparation note: what a diplomat reads the evening before a meeting.

Talking points are derived from facts by fixed rules, each citing the fact it comes from:

* ``update``: a planned or under-way project on the agenda with a target date → ask for
  an update on progress towards that date.
* ``welcome``: a figure that records growth (a change, or a "times" multiple) → welcome it.
* ``respond``: a proposal made by a participant of the meeting, or by anyone on an agenda
  topic → prepare a response.
* ``reciprocate``: thanks or condolences expressed by either side → acknowledge them.

With ``--our-side`` (the note is for one delegation), counterpart profiles cover only the
other side's participants, and ``respond`` and ``reciprocate`` skip what our own side said.

A statement made jointly by two or more participants is listed once, under "Joint
statements", rather than in each speaker's profile.

Sensitivities are recorded disagreements between sources and statements on security or
the environment; open questions are planned items on the agenda with no target date.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from briefings.errors import BriefingError
from briefings.facts.load import FactBase
from briefings.kinds.base import BriefingOptions, BriefingType, Parameter, Selection
from briefings.kinds.overview import FINISHED_PROJECTS, SIDES, Overview, by_date, topical

SENSITIVE_TOPICS = frozenset({"security", "environment"})


@dataclass(frozen=True)
class TalkingPoint:
    """One suggested point: the rule that produced it and the fact it cites."""

    rule: str
    record: Any


class MeetingPrep(BriefingType):
    name = "meeting-prep"
    description = "Preparation note for one meeting: participants, agenda, points to raise."
    template = "meeting-prep.html"
    parameters = (
        Parameter("meeting", "id of the event (see `briefings facts --kind event`)", True),
        Parameter("our-side", "country code of the delegation the note is for, e.g. AZ"),
    )

    def validate(self, base: FactBase, options: BriefingOptions) -> None:
        """Require --meeting naming an event (suggesting the closest ids) and a known side."""
        if options.our_side:
            countries = sorted({r.country for r in base.of_kind("person")})
            if options.our_side not in countries:
                raise BriefingError(
                    f"--our-side {options.our_side}: no person in the facts is from there; "
                    f"use one of {', '.join(countries)}"
                )
        events = sorted(e.id for e in base.of_kind("event"))
        if not options.meeting:
            raise BriefingError(
                "meeting-prep needs --meeting EVENT_ID; see `briefings facts --kind event`"
            )
        if options.meeting not in events:
            close = difflib.get_close_matches(options.meeting, events, n=3, cutoff=0.4)
            hint = (
                f"; did you mean {', '.join(close)}?"
                if close
                else "; see `briefings facts --kind event`"
            )
            raise BriefingError(f"no event with id {options.meeting!r}{hint}")

    def instances(self, base: FactBase) -> list[BriefingOptions]:
        """Return one note per planned meeting: what `build --all` prepares."""
        planned = [e for e in base.of_kind("event") if e.status == "planned"]
        return [BriefingOptions(meeting=e.id) for e in by_date(planned)]

    def select(self, selection: Selection, options: BriefingOptions) -> dict[str, Any]:
        meeting = selection.get(options.meeting or "")
        topics = self.agenda(selection, meeting)
        people = [selection.get(p.person) for p in meeting.participants]
        counterparts = [p for p in people if p.country != options.our_side]

        def theirs(statement: Any) -> bool:
            return any(selection.get(i).country != options.our_side for i in statement.speakers)

        before = [e for e in selection.of_kind("event") if _before(e, meeting)]
        figures = selection.of_kind("figure")
        statements = selection.of_kind("statement")
        projects = selection.of_kind("project")
        on_agenda = frozenset(topics)
        joint = self.joint_statements(meeting, statements)
        joint_ids = {s.id for s in joint}
        own = [s for s in statements if s.id not in joint_ids]
        profiles = [self.profile(p, meeting, selection, own) for p in counterparts]
        in_profiles = joint_ids | {s.id for profile in profiles for s in profile["statements"]}
        return {
            "meeting": meeting,
            "our_side": options.our_side,
            "sides": self.sides(meeting, selection),
            "topics": topics,
            "profiles": profiles,
            "joint_statements": by_date(joint),
            "latest_contacts": Overview.latest_contacts(
                by_date([e for e in before if e.status == "held"])
            ),
            "headline_figures": Overview.headline_figures(figures),
            "per_topic": self.per_topic(
                topics, projects, figures, [s for s in statements if s.id not in in_profiles]
            ),
            "talking_points": self.talking_points(
                meeting, on_agenda, projects, figures, [s for s in statements if theirs(s)]
            ),
            "sensitivities": self.sensitivities(selection, statements, on_agenda),
            "open_questions": [p for p in topical(projects, on_agenda) if _open(p)],
            "sources": selection.sources(),
        }

    @staticmethod
    def agenda(selection: Selection, meeting: Any) -> list[str]:
        """Return the meeting's topics, or those of statements made at it."""
        if meeting.topics:
            return list(meeting.topics)
        made_there = [s for s in selection.of_kind("statement") if s.event == meeting.id]
        return sorted({topic for s in made_there for topic in s.topics})

    @staticmethod
    def sides(meeting: Any, selection: Selection) -> list[tuple[str, list[Any]]]:
        """Return participants grouped by side: (country, [(person, participant)])."""
        pairs = [(selection.get(p.person), p) for p in meeting.participants]
        countries = [*SIDES, *sorted({person.country for person, _ in pairs} - set(SIDES))]
        grouped = [(c, [(pe, pa) for pe, pa in pairs if pe.country == c]) for c in countries]
        return [(country, members) for country, members in grouped if members]

    @staticmethod
    def profile(
        person: Any, meeting: Any, selection: Selection, statements: list[Any]
    ) -> dict[str, Any]:
        """Return a participant's roles, earlier encounters and statements."""
        encounters = [
            e
            for e in selection.of_kind("event")
            if e.id != meeting.id and any(p.person == person.id for p in e.participants)
        ]
        said = [s for s in statements if person.id in s.speakers]
        return {"person": person, "encounters": by_date(encounters), "statements": by_date(said)}

    @staticmethod
    def joint_statements(meeting: Any, statements: list[Any]) -> list[Any]:
        """Return the statements two or more of the meeting's participants made together."""
        participants = {p.person for p in meeting.participants}
        return [s for s in statements if len(participants & set(s.speakers)) > 1]

    @staticmethod
    def per_topic(
        topics: list[str], projects: list[Any], figures: list[Any], statements: list[Any]
    ) -> list[dict[str, Any]]:
        """Return, for each agenda topic, its projects, figures and statements.

        A record tagged with several agenda topics is listed once, under the first of its
        own topics that is on the agenda (as the overview files it under its first topic).
        """

        def filed_under(topic: str, records: list[Any]) -> list[Any]:
            return [r for r in records if next((t for t in r.topics if t in topics), None) == topic]

        return [
            {
                "topic": topic,
                "projects": sorted(filed_under(topic, projects), key=lambda p: p.id),
                "figures": filed_under(topic, figures),
                "statements": by_date(filed_under(topic, statements), newest_first=True),
            }
            for topic in topics
        ]

    @staticmethod
    def talking_points(
        meeting: Any,
        on_agenda: frozenset[str],
        projects: list[Any],
        figures: list[Any],
        statements: list[Any],
    ) -> list[TalkingPoint]:
        """Apply the documented rules (see the module docstring) in a fixed order.

        ``statements`` are those a response may be owed to: with ``--our-side``, the
        statements of the other side (and of third parties) only.
        """
        participants = {p.person for p in meeting.participants}
        points = [TalkingPoint("update", p) for p in topical(projects, on_agenda) if _due(p)]
        points += [TalkingPoint("welcome", f) for f in figures if _growth(f)]
        points += [
            TalkingPoint("respond", s)
            for s in by_date(statements)
            if s.type == "proposal"
            and (participants & set(s.speakers) or on_agenda & set(s.topics))
        ]
        points += [
            TalkingPoint("reciprocate", s)
            for s in by_date(statements)
            if s.type in ("thanks", "condolences")
        ]
        return points

    @staticmethod
    def sensitivities(
        selection: Selection, statements: list[Any], on_agenda: frozenset[str]
    ) -> dict[str, list[Any]]:
        """Return recorded source disagreements and statements on sensitive topics."""
        disputed = [r for r in selection.base.records.values() if getattr(r, "disagreements", None)]
        sensitive = [s for s in statements if SENSITIVE_TOPICS & set(s.topics)]
        return {
            "disputed": sorted(disputed, key=lambda r: r.id),
            "statements": by_date(sensitive),
        }


def _before(event: Any, meeting: Any) -> bool:
    """Tell whether ``event`` came before the meeting (any dated event, if it has no date)."""
    if event.id == meeting.id or event.date is None:
        return False
    return meeting.date is None or event.date.last() < meeting.date.first()


def _due(project: Any) -> bool:
    return project.status in ("planned", "under-way") and project.target is not None


def _open(project: Any) -> bool:
    return project.status not in FINISHED_PROJECTS and project.target is None


def _growth(figure: Any) -> bool:
    growing = figure.change is not None and figure.change.value > 0
    return growing or (figure.unit == "times" and figure.value > 1)
