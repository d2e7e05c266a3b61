"""The relations overview: everything an analyst preparing a minister wants on one desk."""

from __future__ import annotations

from typing import Any

from briefings.kinds.base import BriefingOptions, BriefingType, Parameter, Selection

# Cooperation areas in reading order, and the fact topics each gathers.
AREAS: dict[str, frozenset[str]] = {
    "transport": frozenset({"transport"}),
    "energy": frozenset({"energy"}),
    "trade": frozenset({"trade", "agriculture"}),
    "digital": frozenset({"digital"}),
    "humanitarian": frozenset({"humanitarian"}),
    "multilateral": frozenset({"multilateral"}),
}
HIGH_LEVEL_TYPES = frozenset({"visit", "summit", "meeting"})
FINISHED_PROJECTS = frozenset({"completed", "operational"})
SIDES = ("AZ", "KZ")
MONEY = frozenset({"USD", "EUR", "AZN", "KZT"})


def by_date(records: list[Any], newest_first: bool = False) -> list[Any]:
    """Return records ordered by date; undated ones last, ties by id for stable output."""
    dated = sorted((r for r in records if r.when()), key=lambda r: (r.when(), r.id))
    undated = sorted((r for r in records if not r.when()), key=lambda r: r.id)
    return (dated[::-1] if newest_first else dated) + undated


def primary_area(record: Any) -> str | None:
    """Return the cooperation area of the record's first topic that belongs to one."""
    for topic in record.topics:
        for key, topics in AREAS.items():
            if topic in topics:
                return key
    return None


def in_area(records: list[Any], key: str) -> list[Any]:
    """Return the records whose primary cooperation area is ``key``."""
    return [r for r in records if primary_area(r) == key]


def topical(records: list[Any], topics: frozenset[str]) -> list[Any]:
    """Return the records tagged with any of ``topics``."""
    return [r for r in records if topics.intersection(r.topics)]


class Overview(BriefingType):
    name = "overview"
    description = "Azerbaijan–Kazakhstan relations overview: contacts, figures, projects, people."
    template = "overview.html"
    parameters = (Parameter("our-side", "country code of the side it is for, named first"),)

    def select(self, selection: Selection, options: BriefingOptions) -> dict[str, Any]:
        events = selection.of_kind("event")
        projects = selection.of_kind("project")
        figures = selection.of_kind("figure")
        statements = selection.of_kind("statement")
        agreements = selection.of_kind("agreement")
        held = by_date([e for e in events if e.status == "held"])
        return {
            "sources": selection.sources(),
            "latest_contacts": self.latest_contacts(held),
            "headline_figures": self.headline_figures(figures),
            "flagship_projects": self.flagship_projects(projects),
            "figures": sorted(figures, key=lambda f: (f.period, f.id)),
            "chronology": held,
            "areas": self.areas(projects, figures, statements, agreements),
            "people": self.people_by_side(selection.of_kind("person")),
            "next_steps": self.next_steps(events, projects, agreements),
        }

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
    def flagship_projects(projects: list[Any], count: int = 3) -> list[Any]:
        """Return the projects the most articles report: the ones everyone talks about."""

        def weight(project: Any) -> tuple[int, str]:
            return (-len({c.source for c in project.citations}), project.id)

        return sorted(projects, key=weight)[:count]

    @staticmethod
    def areas(
        projects: list[Any], figures: list[Any], statements: list[Any], agreements: list[Any]
    ) -> list[dict[str, Any]]:
        """Return each cooperation area that has something to say, with what it has.

        A record appears once, in the area of its first topic that is an area, so a
        statement on transport and energy is not printed twice.
        """
        result = []
        for key in AREAS:
            area = {
                "key": key,
                "projects": sorted(in_area(projects, key), key=lambda p: p.id),
                "figures": in_area(figures, key),
                "agreements": by_date(in_area(agreements, key)),
                "statements": by_date(in_area(statements, key)),
            }
            if any(area[part] for part in ("projects", "figures", "agreements", "statements")):
                result.append(area)
        return result

    @staticmethod
    def people_by_side(people: list[Any]) -> list[tuple[str, list[Any]]]:
        """Return people grouped Azerbaijan, Kazakhstan, then others, by name within."""
        sides = [*SIDES, *sorted({p.country for p in people} - set(SIDES))]
        grouped = [(side, [p for p in people if p.country == side]) for side in sides]
        grouped = [(side, sorted(members, key=lambda p: p.name.en)) for side, members in grouped]
        return [(side, members) for side, members in grouped if members]

    @staticmethod
    def next_steps(events: list[Any], projects: list[Any], agreements: list[Any]) -> list[Any]:
        """Return what is planned or proposed, soonest target first."""
        pending = [e for e in events if e.status != "held"]
        pending += [p for p in projects if p.status not in FINISHED_PROJECTS]
        pending += [a for a in agreements if a.status in ("proposed", "planned")]
        return by_date(pending)
