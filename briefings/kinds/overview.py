"""The relations overview: what a minister's briefer needs first, then everything else.

The main body opens with the desk's key judgements and indicators computed from the
facts, then the contacts, one digest per cooperation area and the next steps. Each record
is stated in one place only: once a section has stated it, later sections leave it out or
name it in passing. Nothing is lost: the annex lists every record by area.
"""

from __future__ import annotations

from typing import Any

from briefings.analysis import indicators, timeline
from briefings.kinds.base import BriefingOptions, BriefingType, Parameter, Selection

# Cooperation areas in reading order, and the fact topics each gathers.
AREAS: dict[str, frozenset[str]] = {
    "political": frozenset({"political"}),
    "transport": frozenset({"transport"}),
    "energy": frozenset({"energy"}),
    "trade": frozenset({"trade"}),
    "agriculture": frozenset({"agriculture"}),
    "digital": frozenset({"digital"}),
    "humanitarian": frozenset({"humanitarian"}),
    "environment": frozenset({"environment"}),
    "security": frozenset({"security"}),
    "multilateral": frozenset({"multilateral"}),
}
HIGH_LEVEL_TYPES = indicators.HIGH_LEVEL_TYPES
FINISHED_PROJECTS = frozenset({"completed", "operational"})
SIDES = ("AZ", "KZ")
MONEY = indicators.MONEY
DIGEST_STATEMENTS = 1  # statements per area in the main body; the annex has them all
SUBSTANTIVE = ("figure", "project", "agreement", "statement")


def by_date(records: list[Any], newest_first: bool = False) -> list[Any]:
    """Return records ordered by date; undated ones last, ties by id for stable output."""
    dated = sorted((r for r in records if r.when()), key=_date_order)
    undated = sorted((r for r in records if not r.when()), key=lambda r: r.id)
    return (dated[::-1] if newest_first else dated) + undated


def _date_order(record: Any) -> tuple[Any, ...]:
    """Return the record's date in PartialDate's own order (first day, then last), then id.

    As plain dates, so that sorting compares them in C rather than through PartialDate's
    ``__lt__`` (n log n Python calls, a fifth of a 10,000-record overview's selection).
    """
    when = record.when()
    return when.first(), when.last(), record.id


def primary_area(record: Any) -> str | None:
    """Return the cooperation area of the record's first topic that belongs to one."""
    for topic in getattr(record, "topics", []):
        for key, topics in AREAS.items():
            if topic in topics:
                return key
    return None


def all_areas(record: Any) -> list[str]:
    """Return every cooperation area any of the record's topics belongs to."""
    topics = set(getattr(record, "topics", []))
    return [key for key, members in AREAS.items() if members & topics]


def in_area(records: list[Any], key: str | None) -> list[Any]:
    """Return the records whose primary cooperation area is ``key``."""
    return [r for r in records if primary_area(r) == key]


def by_area(records: list[Any]) -> dict[str | None, list[Any]]:
    """Return the records under their primary cooperation area, in their order."""
    grouped: dict[str | None, list[Any]] = {}
    for record in records:
        grouped.setdefault(primary_area(record), []).append(record)
    return grouped


def topical(records: list[Any], topics: frozenset[str]) -> list[Any]:
    """Return the records tagged with any of ``topics``."""
    return [r for r in records if topics.intersection(r.topics)]


# Statements that commit a government come before commentary.
STATEMENT_ORDER = ("proposal", "position", "announcement", "thanks", "condolences", "assessment")


def statement_weight(statement: Any) -> tuple[int, int, str]:
    """Return a sort key: proposals and positions first, then the newest, then by id."""
    date = statement.date.first().toordinal() if statement.date else 0
    return (STATEMENT_ORDER.index(statement.type), -date, statement.id)


class Stated:
    """What the main body has stated so far: record ids and the evidence they rest on.

    A statement repeats what is stated when it cites only paragraphs stated figures come
    from (figures are taken from what someone said), or when it quotes the same words of
    the same paragraph as a stated project, event or agreement (it is about that record).
    """

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.figures: set[tuple[str, int]] = set()
        self.quotes: dict[tuple[str, int], list[list[str]]] = {}

    def add(self, records: list[Any]) -> list[Any]:
        """Mark ``records`` as stated and return them."""
        for record in records:
            self.ids.add(record.id)
            for citation in record.citations:
                place = (citation.source, citation.paragraph)
                if record.kind == "figure":
                    self.figures.add(place)
                if citation.quote:
                    self.quotes.setdefault(place, []).append(_words(citation.quote))
        return records

    def new(self, records: list[Any]) -> list[Any]:
        """Return the records that would add something not yet stated."""
        return [r for r in records if r.id not in self.ids and not self._repeats(r)]

    def _repeats(self, record: Any) -> bool:
        if record.kind != "statement" or not record.citations:
            return False
        places = {(c.source, c.paragraph) for c in record.citations}
        return places <= self.figures or any(self._quoted(c) for c in record.citations)

    def _quoted(self, citation: Any) -> bool:
        """Tell whether a stated record quotes the same words of the same paragraph."""
        words = _words(citation.quote or "")
        place = (citation.source, citation.paragraph)
        return any(_overlap(words, quoted) for quoted in self.quotes.get(place, []))


def _words(text: str) -> list[str]:
    return text.replace("İ", "i").replace("I", "ı").lower().split()


def _overlap(one: list[str], other: list[str], run: int = 3) -> bool:
    """Tell whether two quotes share ``run`` consecutive words (or one holds the other)."""
    grams = {tuple(one[i : i + run]) for i in range(max(len(one) - run + 1, 1))}
    return any(tuple(other[i : i + run]) in grams for i in range(max(len(other) - run + 1, 1)))


class Overview(BriefingType):
    name = "overview"
    description = "Azerbaijan–Kazakhstan relations overview: judgements, contacts, areas, annex."
    template = "overview.html"
    parameters = (Parameter("our-side", "country code of the side it is for, named first"),)

    def select(self, selection: Selection, options: BriefingOptions) -> dict[str, Any]:
        as_of = selection.as_of
        facts = {kind: selection.of_kind(kind) for kind in ("event", *SUBSTANTIVE)}
        known = {r.id: r for kind in facts.values() for r in kind}
        stated = Stated()
        judgements = self.judgements(selection, stated)
        chronology = stated.add(self.chronology(facts["event"]))
        steps = timeline.next_steps(self.plans(facts), known, as_of)
        stated.add([s.record for s in steps])
        return {
            "sources": selection.sources(),
            **judgements,
            "chronology": chronology,
            "areas": self.digests(facts, stated),
            "pending_by_area": self.pending_by_area(steps),
            "next_steps": steps,
            "annex": self.annex(facts),
            "standings": {r.id: timeline.standing(r, known, as_of) for r in self.plans(facts)},
            "people": self.people_by_side(selection.of_kind("person")),
        }

    def judgements(self, selection: Selection, stated: Stated) -> dict[str, Any]:
        """Return the desk's assessments and the indicators computed from the facts."""
        sources = selection.base.sources
        records = [r for kind in SUBSTANTIVE for r in selection.of_kind(kind)]
        primary = indicators.area_activity(
            records, lambda r: [primary_area(r) or ""], AREAS, sources
        )
        touched = indicators.area_activity(records, all_areas, AREAS, sources)
        trade = indicators.latest_trade(selection.of_kind("figure"))
        if trade:
            stated.add([trade.latest])
        assessments = sorted(selection.of_kind("assessment"), key=lambda a: (a.rank, a.id))
        return {
            "assessments": assessments,
            "contacts": self.contacts(selection),
            "trade": trade,
            "active_areas": indicators.most_active(primary, selection.as_of, sources),
            "quiet_areas": [
                (a, by_date(list(a.records))[-1:])
                for a in indicators.quiet(touched, selection.as_of)
            ],
        }

    @staticmethod
    def contacts(selection: Selection) -> list[indicators.YearCount]:
        """Return high-level contacts per year since the first dated contact of any kind."""
        events = selection.of_kind("event")
        held = [e.date.year for e in events if e.status == "held" and e.date]
        first = min(held) if held else None
        return indicators.contacts_per_year(events, selection.base.records, first)

    @staticmethod
    def chronology(events: list[Any]) -> list[Any]:
        """Return the dated events held by the as-of date, oldest first."""
        return by_date([e for e in events if e.status == "held" and e.date])

    @staticmethod
    def plans(facts: dict[str, list[Any]]) -> list[Any]:
        """Return every record that can be a plan: events, projects and agreements."""
        return [*facts["event"], *facts["project"], *facts["agreement"]]

    def digests(self, facts: dict[str, list[Any]], stated: Stated) -> list[dict[str, Any]]:
        """Return each area's digest: what the main body says about it that is not said yet.

        Figures, projects and agreements of every area are stated first; then each area
        gets its few weightiest statements that add something (see `statement_weight`).
        """
        digests: list[dict[str, Any]] = [{"key": key} for key in AREAS]
        for kind in ("figure", "project", "agreement"):
            for digest in digests:
                found = by_date(in_area(facts[kind], digest["key"]))
                digest[kind] = stated.add(stated.new(found))
        for digest in digests:
            said = sorted(in_area(facts["statement"], digest["key"]), key=statement_weight)
            chosen = stated.new(said)[:DIGEST_STATEMENTS]
            digest["statement"] = stated.add(by_date(chosen))
        return [d for d in digests if any(d[kind] for kind in SUBSTANTIVE)]

    @staticmethod
    def pending_by_area(steps: list[timeline.Standing]) -> dict[str, list[Any]]:
        """Return the pending items of each area, to name them where the area is digested."""
        result: dict[str, list[Any]] = {}
        for step in steps:
            area = primary_area(step.record)
            if area:
                result.setdefault(area, []).append(step.record)
        return result

    @staticmethod
    def annex(facts: dict[str, list[Any]]) -> list[dict[str, Any]]:
        """Return every record by area, events first, each once (the complete record)."""
        result = []
        grouped = {kind: by_area(facts[kind]) for kind in ("event", *SUBSTANTIVE)}
        for key in [*AREAS, None]:  # None: records on no area's topic, so none is lost
            parts = {kind: by_date(areas.get(key, [])) for kind, areas in grouped.items()}
            if any(parts.values()):
                result.append({"key": key or "other", **parts})
        return result

    @staticmethod
    def latest_contacts(held: list[Any], count: int = 3) -> list[Any]:
        """Return the newest visits, summits and meetings: the high-level contacts."""
        return [e for e in held if e.type in HIGH_LEVEL_TYPES and e.date][-count:][::-1]

    @staticmethod
    def headline_figures(figures: list[Any], count: int = 3) -> list[Any]:
        """Return money figures first, then the rest; newest period first within each."""
        newest = sorted(figures, key=lambda f: (f.period, f.id), reverse=True)
        return sorted(newest, key=lambda f: f.unit not in MONEY)[:count]

    @staticmethod
    def people_by_side(people: list[Any]) -> list[tuple[str, list[Any]]]:
        """Return people grouped Azerbaijan, Kazakhstan, then others, by name within."""
        sides = [*SIDES, *sorted({p.country for p in people} - set(SIDES))]
        grouped = [(side, [p for p in people if p.country == side]) for side in sides]
        grouped = [(side, sorted(members, key=lambda p: p.name.en)) for side, members in grouped]
        return [(side, members) for side, members in grouped if members]
