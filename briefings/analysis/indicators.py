"""Indicators for the overview's key judgements, computed from the facts, never typed in.

Each indicator keeps the records it was computed from, so the briefing cites them in one
footnote: contacts per year, the latest trade figure and its change, the most active
areas of the past year, and the areas nothing has been reported on for a long time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from briefings.facts.dates import PartialDate

HIGH_LEVEL_TYPES = frozenset({"visit", "summit", "meeting"})
MONEY = frozenset({"USD", "EUR", "AZN", "KZT"})
ACTIVE_WINDOW = dt.timedelta(days=365)
QUIET_AFTER = dt.timedelta(days=180)


@dataclass(frozen=True)
class YearCount:
    """High-level contacts held in one year."""

    year: int
    events: tuple[Any, ...]


@dataclass(frozen=True)
class TradeFigure:
    """The newest trade figure, and the one before it for the same metric, if recorded."""

    latest: Any
    previous: Any | None


@dataclass(frozen=True)
class AreaActivity:
    """How many records an area gained from recent reports, and the newest report date."""

    area: str
    records: tuple[Any, ...]
    last_report: PartialDate | None


def is_high_level(event: Any, records: Mapping[str, Any]) -> bool:
    """Tell whether a held event is a high-level contact.

    A visit, summit or meeting is one by its type; any other event (an opening, say) is one
    when people of both countries holding a government office take part in it.
    """
    if event.status != "held" or not event.date:
        return False
    if event.type in HIGH_LEVEL_TYPES:
        return True
    countries = {
        person.country
        for p in event.participants
        if (person := records.get(p.person)) is not None and _in_government(person, records)
    }
    return len(countries) >= 2


def _in_government(person: Any, records: Mapping[str, Any]) -> bool:
    orgs = [records.get(role.organization or "") for role in getattr(person, "roles", [])]
    return any(getattr(org, "type", None) == "government" for org in orgs)


def contacts_per_year(
    events: Iterable[Any], records: Mapping[str, Any], first_year: int | None = None
) -> list[YearCount]:
    """Return high-level contacts per year, every year from ``first_year`` to the last.

    Years with none are listed too: a gap in contacts is something the reader should see.
    """
    years: dict[int, list[Any]] = {}
    for event in events:
        if is_high_level(event, records):
            years.setdefault(event.date.year, []).append(event)
    if not years:
        return []
    span = range(min(first_year or min(years), min(years)), max(years) + 1)
    return [
        YearCount(y, tuple(sorted(years.get(y, []), key=lambda e: (e.date, e.id)))) for y in span
    ]


def latest_trade(figures: Iterable[Any]) -> TradeFigure | None:
    """Return the newest money figure whose metric is trade, with its predecessor."""
    trade = [f for f in figures if f.unit in MONEY and "trade" in f.metric.split("-")]
    if not trade:
        return None
    ordered = sorted(trade, key=lambda f: (f.period, f.id))
    latest = ordered[-1]
    earlier = [f for f in ordered[:-1] if f.metric == latest.metric and f.period < latest.period]
    return TradeFigure(latest, earlier[-1] if earlier else None)


def reported_on(record: Any, sources: dict[str, Any]) -> PartialDate | None:
    """Return the publication date of the newest article citing the record."""
    dates = [sources[c.source].date for c in record.citations if c.source in sources]
    return max(dates, key=lambda d: d.last()) if dates else None


def area_activity(
    records: Iterable[Any],
    areas_of: Callable[[Any], Iterable[str]],
    areas: Iterable[str],
    sources: dict[str, Any],
) -> list[AreaActivity]:
    """Return, per area, its records and the newest report on any of them."""
    grouped: dict[str, list[Any]] = {area: [] for area in areas}
    for record in records:
        for area in areas_of(record):
            if area in grouped:
                grouped[area].append(record)
    result = []
    for area, members in grouped.items():
        dates = [d for d in (reported_on(r, sources) for r in members) if d]
        last = max(dates, key=lambda d: d.last()) if dates else None
        result.append(AreaActivity(area, tuple(members), last))
    return result


def most_active(
    activity: list[AreaActivity], as_of: dt.date, sources: dict[str, Any], count: int = 3
) -> list[AreaActivity]:
    """Return the areas with the most records reported in the year before ``as_of``."""
    since = as_of - ACTIVE_WINDOW

    def recent(area: AreaActivity) -> AreaActivity:
        fresh = [r for r in area.records if _reported_after(r, since, sources)]
        return AreaActivity(area.area, tuple(fresh), area.last_report)

    ranked = sorted((recent(a) for a in activity), key=lambda a: -len(a.records))
    return [a for a in ranked if a.records][:count]


def quiet(activity: list[AreaActivity], as_of: dt.date) -> list[AreaActivity]:
    """Return areas with records but no report in the half year before ``as_of``, oldest first."""
    stale = [a for a in activity if a.last_report and as_of - a.last_report.last() > QUIET_AFTER]
    return sorted(stale, key=lambda a: (a.last_report.last() if a.last_report else as_of, a.area))


def _reported_after(record: Any, since: dt.date, sources: dict[str, Any]) -> bool:
    date = reported_on(record, sources)
    return date is not None and date.last() > since
