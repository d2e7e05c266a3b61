"""The meeting-preparation note: what a diplomat reads the evening before a meeting.

The note knows only what was reported before its meeting (``analysis/cutoff.py``): its
title block states the cut-off, and everything up to the sensitivities rests on records
known then. A meeting already held gets a dated "Outcome" and "Since the meeting" section
after that, from its own reports and later ones. Every note says whose side it is written
for: ``--our-side``, else the project's ``briefings.toml``, else both sides alike.

The main body states each record once, in this order of claim: talking points
(``analysis/points.py``), sensitivities (``analysis/sensitivities.py``, a record already
in a point is referred to by the point's number), counterpart profiles, background, then
at most two more records per agenda topic. Everything else on the agenda, or involving the
participants, is listed once in the annex, split into what was known before the meeting
and what was reported later. Sections with nothing to say are left out.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from briefings.analysis.cutoff import (
    cutoff_date,
    is_held,
    of_meeting,
    record_date,
    reported_after,
)
from briefings.analysis.points import NoteFacts, talking_points
from briefings.analysis.relevance import MeetingFocus, focus, involved, ranked
from briefings.analysis.sensitivities import Sensitivity, sensitivities
from briefings.analysis.timeline import standing
from briefings.errors import BriefingError
from briefings.facts.load import FactBase
from briefings.kinds.base import (
    BriefingOptions,
    BriefingType,
    Parameter,
    Selection,
    as_of,
    newest_source_date,
)
from briefings.kinds.overview import SIDES, Overview, by_date

PER_TOPIC = 1
BACKGROUND_TOPICS = 5
LATEST = 2
PER_PROFILE = 3
MAX_SENSITIVITIES = 5
PER_CATEGORY = 2
OUTCOME_STATEMENTS = 6
SINCE_ITEMS = 5
COMMON_LEADS = frozenset(
    {
        *("growth", "size", "share", "number", "volume", "value", "level", "total", "annual"),
        *("bilateral", "mutual", "increase", "rise", "export", "exports", "import", "imports"),
        *("new", "fibre-optic", "deep-sea", "expert", "platform", "reciprocal", "joint"),
    }
)
RECORD_KINDS = ("event", "statement", "figure", "project", "agreement")


class MeetingPrep(BriefingType):
    name = "meeting-prep"
    description = "Preparation note for one meeting: participants, agenda, points to raise."
    template = "meeting-prep.html"
    parameters = (
        Parameter("meeting", "id of the event (see `briefings facts --kind event`)", True),
        Parameter("our-side", "country code of the delegation the note is for, e.g. AZ"),
    )

    def validate(self, base: FactBase, options: BriefingOptions) -> None:
        """Require --meeting naming an event (suggesting the closest ids)."""
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
        """Return one note per meeting still to come: what `build --all` prepares.

        A plan already carried out by a later event, or whose date has passed with no
        report, needs no preparation note (its status shows in the overview instead).
        """
        day = newest_source_date(base)
        planned = [e for e in base.of_kind("event") if e.status == "planned"]
        ahead = [e for e in planned if standing(e, base.records, day).state == "open"]
        return [BriefingOptions(meeting=e.id) for e in by_date(ahead)]

    def select(self, selection: Selection, options: BriefingOptions) -> dict[str, Any]:
        meeting = selection.get(options.meeting or "")
        day = options.as_of or newest_source_date(selection.full)
        cutoff = cutoff_date(meeting.date, day)
        side = _side(options, selection.full)
        known_base = _as_known(as_of(selection.base, cutoff), selection.base)
        known = [r for r in _records(known_base) if not of_meeting(r, meeting.id)]
        topics = self.agenda(selection, meeting)
        where = focus(meeting, topics, selection.full.records, cutoff)
        note = Note(selection, where, side)
        facts = NoteFacts(meeting, where, known, note.records, note.sources, side)
        points = note.claim(talking_points(facts))
        held = is_held(meeting, day) and any(of_meeting(r, meeting.id) for r in _later(selection))
        return {
            "meeting": meeting,
            "our_side": side,
            "cutoff": cutoff,
            "cut_on_eve": meeting.date is not None
            and cutoff == meeting.date.first() - dt.timedelta(days=1),
            "sides": self.sides(meeting, selection),
            "topics": topics,
            "objectives": list(meeting.objectives),
            "talking_points": points,
            "sensitivities": note.sensitivities(known, points),
            "profiles": note.profiles(meeting, known_base, known),
            "latest_contacts": note.take(
                Overview.latest_contacts(by_date(_held(known)), 9), LATEST
            ),
            "headline_figures": note.take(
                Overview.headline_figures([r for r in known if r.kind == "figure"], 9), LATEST
            ),
            "per_topic": note.per_topic(known),
            "outcome": note.outcome(meeting, selection) if held else None,
            "since": note.since(meeting, selection, cutoff) if held else [],
            "annex_before": note.annex(known),
            "annex_after": note.annex(
                [r for r in _later(selection) if of_meeting(r, meeting.id)]
                + note.after_cutoff(meeting, selection, cutoff)
            )
            if held
            else [],
            "single_source": len({c.source for r in known for c in r.citations}) == 1,
            "counterparts": [p.person for p in meeting.participants if facts.other_side(p.person)],
            "lead_lower": lead_lower,
            "lower_first": lower_first,
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


class Note:
    """The main body being composed: remembers which records it has stated already."""

    def __init__(self, selection: Selection, where: MeetingFocus, side: str | None) -> None:
        self.selection = selection
        self.where = where
        self.side = side
        self.records = selection.full.records
        self.sources = selection.full.sources
        self.shown: set[str] = set()

    def claim(self, items: list[Any]) -> list[Any]:
        """Mark the records of ``items`` (records or objects with ``.record``) as stated."""
        for item in items:
            if getattr(item, "rule", None) == "gap":
                continue  # a gap point cites the latest record on its topic; it does not state it
            record = getattr(item, "record", item)
            if record is not None and hasattr(record, "id"):
                self.shown.add(record.id)
        return items

    def take(self, records: Iterable[Any], count: int) -> list[Any]:
        """Return the first ``count`` records not stated yet, and claim them."""
        fresh = [r for r in records if r.id not in self.shown][:count]
        return self.claim(fresh)

    def rank(self, records: Iterable[Any]) -> list[Any]:
        return ranked(records, self.where, self.records, self.sources)

    def sensitivities(self, known: list[Any], points: list[Any]) -> list[dict[str, Any]]:
        """Return the most relevant sensitivities; one already in a point names its number."""
        numbers = {p.record.id: n for n, p in enumerate(points, 1) if p.rule != "gap"}
        found: list[Sensitivity] = []
        for s in sensitivities(self.rank(known)):
            repeated = any(s.same_subject(f) for f in found)
            if not repeated and sum(f.category == s.category for f in found) < PER_CATEGORY:
                found.append(s)
        found = found[:MAX_SENSITIVITIES]
        items = [{"item": s, "point": numbers.get(s.record.id)} for s in found]
        self.claim([s.record for s in found])
        return items

    def profiles(self, meeting: Any, known_base: FactBase, known: list[Any]) -> list[Any]:
        """Return what was known of each counterpart: role, earlier encounters, statements."""
        people = [p.person for p in meeting.participants]
        theirs = [p for p in people if getattr(self.records[p], "country", None) != self.side]
        result = []
        for person_id in theirs:
            encounters = [e for e in _held(known) if person_id in involved(e)]
            said = [s for s in known if s.kind == "statement" and person_id in s.speakers]
            profile = {
                "person": self.records[person_id],
                "known": known_base.records.get(person_id),
                "encounters": self.take(by_date(encounters, newest_first=True), PER_PROFILE),
                "statements": self.take(by_date(said, newest_first=True), PER_PROFILE),
            }
            if profile["encounters"] or profile["statements"]:
                result.append(profile)  # else the meeting section already names them
        return result

    def per_topic(self, known: list[Any]) -> list[dict[str, Any]]:
        """Return, per agenda topic, its most relevant records not stated yet."""
        topics = self.where.topics
        result: list[dict[str, Any]] = []
        for topic in topics:
            if len(result) == BACKGROUND_TOPICS:
                break  # the annex keeps the rest
            filed = [
                r
                for r in known
                if _home(r, topics) == topic and r.kind != "event" and not _courtesy(r)
            ]
            items = self.take(self.rank(filed), PER_TOPIC)
            if items:
                result.append({"topic": topic, "records": items})
        return result

    def outcome(self, meeting: Any, selection: Selection) -> dict[str, Any]:
        """Return the meeting's own reports: its summary, documents signed, what was said."""
        own = [r for r in _records(selection.base) if getattr(r, "event", None) == meeting.id]
        agreements = self.claim(by_date([r for r in own if r.kind == "agreement"]))
        said = self.rank([r for r in own if r.kind == "statement"])[:OUTCOME_STATEMENTS]
        self.claim([meeting, *said])
        reports = {c.source for r in [meeting, *own] for c in r.citations}
        return {
            "agreements": agreements,
            "statements": said,
            "reported": sorted(self.sources[s].date.last() for s in reports)[0],
        }

    def since(self, meeting: Any, selection: Selection, cutoff: Any) -> list[Any]:
        """Return the most relevant records first reported after the cut-off."""
        later = [
            r
            for r in self.after_cutoff(meeting, selection, cutoff)
            if self.since_meeting(r, meeting)
        ]
        close = [r for r in later if involved(r) & (self.where.people | self.where.organizations)]
        contacts = [e for e in _held(later) if e.type in ("visit", "summit", "meeting")]
        return self.take(self.rank([*close, *contacts]), SINCE_ITEMS)

    def after_cutoff(self, meeting: Any, selection: Selection, cutoff: Any) -> list[Any]:
        """Return the records first reported after the cut-off, other than the meeting's own."""
        return [
            r
            for r in _later(selection)
            if reported_after(r, cutoff, self.sources) and not of_meeting(r, meeting.id)
        ]

    def since_meeting(self, record: Any, meeting: Any) -> bool:
        """Tell whether a record is dated on or after the meeting (undated ones count too)."""
        day = record_date(record, self.sources) if record.when() else None
        return day is None or meeting.date is None or day >= meeting.date.first()

    def annex(self, records: list[Any]) -> list[dict[str, Any]]:
        """Return the records not stated in the main body, on the agenda or by participants."""
        topics = self.where.topics
        rest = [r for r in records if r.id not in self.shown and _home(r, topics)]
        groups = [
            {"topic": t, "records": by_date([r for r in rest if _home(r, topics) == t])}
            for t in topics
        ]
        return [g for g in groups if g["records"]]


def lead_lower(text: Markup, lang: str) -> Markup:
    """Return English text with a common noun at its head lower-cased, to run on a sentence.

    "Growth of shipment volumes" reads "the growth of shipment volumes"; a name such as
    "Azerbaijan–Kazakhstan mutual trade" keeps its capital. Other languages quote instead.
    """
    first = str(text).split(" ", 1)[0]
    if lang != "en" or first.lower() not in COMMON_LEADS:
        return text
    return Markup(str(text)[:1].lower() + str(text)[1:])


def lower_first(text: str, lang: str) -> Markup:
    """Return a label with its first letter in lower case, to stand inside a sentence.

    Azerbaijani (like Turkish) lowers "I" to "ı" and "İ" to "i"; ``str.lower`` would not.
    """
    value = str(text)
    head = value[:1]
    if lang == "az":
        head = {"I": "ı", "İ": "i"}.get(head, head)
    return Markup(head.lower() + value[1:])


def _side(options: BriefingOptions, base: FactBase) -> str | None:
    """Return the side the note is for: --our-side, else the settings' side if it is known."""
    if options.our_side:
        return options.our_side
    countries = {r.country for r in base.of_kind("person")}
    return options.written_for if options.written_for in countries else None


def _as_known(known: FactBase, base: FactBase) -> FactBase:
    """Drop what only reports after the cut-off told about a record cited on both sides.

    Summaries gather every article's report, a target date may come from a later article,
    and a meeting may be reported held only afterwards: a note must not know those yet.
    The record still shows by name or title.
    """
    for record_id, record in known.records.items():
        full = base.records[record_id]
        if len(getattr(record, "citations", [])) < len(getattr(full, "citations", [])):
            known.records[record_id] = record.model_copy(update=_told_later(record, known))
    return known


def _told_later(record: Any, known: FactBase) -> dict[str, Any]:
    """Return the fields to forget: summary, target, and "held" that no earlier report states."""
    update: dict[str, Any] = {}
    if getattr(record, "summary", None) and record.kind != "statement":
        update["summary"] = None
    if getattr(record, "target", None) is not None:
        update["target"] = None
    if record.kind == "event" and record.status == "held" and not _reported_held(record, known):
        update["status"] = "planned"
    return update


def _reported_held(event: Any, known: FactBase) -> bool:
    """Tell whether an article known before the cut-off appeared after the event's date.

    At month precision only an article from the month's end on can report it held: one of
    20 October may still be expecting a visit "in October".
    """
    if event.date is None:
        return True
    dates = [known.sources[c.source].date for c in event.citations if c.source in known.sources]
    return any(d.last() >= event.date.last() for d in dates)  # "October": by its end


def _records(base: FactBase) -> list[Any]:
    return [r for r in base.records.values() if r.kind in RECORD_KINDS]


def _later(selection: Selection) -> list[Any]:
    """Return every record known as of the briefing date (for outcome and the later annex)."""
    return _records(selection.base)


def _held(records: Iterable[Any]) -> list[Any]:
    return [r for r in records if r.kind == "event" and r.status == "held" and r.date]


def _courtesy(record: Any) -> bool:
    """Tell whether a record is thanks or condolences (background never repeats those)."""
    return record.kind == "statement" and record.type in ("thanks", "condolences")


def _home(record: Any, topics: tuple[str, ...]) -> str | None:
    """Return the first of the record's topics that is on the agenda (where it is filed)."""
    return next((t for t in getattr(record, "topics", []) if t in topics), None)
