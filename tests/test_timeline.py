"""Statuses as of a date and the overview's indicators, as pure functions over records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefings.analysis import indicators, timeline
from briefings.facts.model import Event, Figure, Person, Project

CITE = [{"source": "src-a", "paragraph": 1}]


def event(ident: str, status: str, date: str | None = None, **extra: Any) -> Event:
    data = {"id": ident, "type": "visit", "title": {"en": ident}, "status": status, **extra}
    if date:
        data["date"] = date
    return Event.model_validate({"citations": CITE, **data})


def test_a_plan_whose_date_has_passed_without_report_is_overdue() -> None:
    games = event("games", "planned", "2025-09")
    assert timeline.standing(games, {}, dt.date(2025, 9, 30)).state == "open"
    late = timeline.standing(games, {}, dt.date(2025, 10, 1))
    assert late.state == "overdue" and late.pending and late.single_source


def test_a_plan_fulfilled_by_a_held_event_leaves_next_steps() -> None:
    visit = event("visit", "held", "2025-10")
    plan = event("plan", "planned", fulfilled_by="visit")
    records = {"visit": visit, "plan": plan}
    done = timeline.standing(plan, records, dt.date(2025, 12, 18))
    assert done.state == "fulfilled" and done.fulfilled_by is visit and not done.pending
    assert timeline.next_steps([plan, visit], records, dt.date(2025, 12, 18)) == []


def test_a_plan_is_open_while_its_fulfilment_is_still_to_come() -> None:
    still_planned = {"visit": event("visit", "planned", "2025-10")}
    plan = event("plan", "planned", fulfilled_by="visit")
    assert timeline.standing(plan, still_planned, dt.date(2025, 6, 1)).state == "open"
    later = {"visit": event("visit", "held", "2025-10")}
    assert timeline.standing(plan, later, dt.date(2025, 6, 1)).state == "open"


def test_next_steps_come_soonest_first_and_finished_work_is_left_out() -> None:
    cable = Project.model_validate(
        {"id": "cable", "name": {"en": "c"}, "type": "energy", "status": "planned",
         "citations": CITE + [{"source": "src-b", "paragraph": 2}]}
    )  # fmt: skip
    route = Project.model_validate(
        {"id": "route", "name": {"en": "r"}, "type": "corridor", "status": "operational",
         "citations": CITE}
    )  # fmt: skip
    forum = event("forum", "proposed", "2026")
    steps = timeline.next_steps([cable, route, forum], {}, dt.date(2025, 12, 18))
    assert [s.record.id for s in steps] == ["forum", "cable"]
    assert [s.single_source for s in steps] == [True, False]


def test_contacts_per_year_list_every_year_and_count_leaders_meeting() -> None:
    president = {"id": "pres", "type": "government", "name": {"en": "P"}, "citations": CITE}
    people = {
        "aa": Person.model_validate(
            {"id": "aa", "name": {"en": "A"}, "country": "AZ", "citations": CITE,
             "roles": [{"title": {"en": "President"}, "organization": "pres"}]}
        ),
        "kk": Person.model_validate(
            {"id": "kk", "name": {"en": "K"}, "country": "KZ", "citations": CITE,
             "roles": [{"title": {"en": "President"}, "organization": "pres"}]}
        ),
    }  # fmt: skip
    from briefings.facts.model import Organization

    records: dict[str, Any] = {**people, "pres": Organization.model_validate(president)}
    both = [{"person": "aa"}, {"person": "kk"}]
    opening = event("opening", "held", "2024-03", type="other", participants=both)
    alone = event("address", "held", "2024-09", type="other", participants=both[:1])
    visits = [event("v1", "held", "2025-10"), event("v2", "held", "2025-10")]
    counted = indicators.contacts_per_year([opening, alone, *visits], records, 2022)
    assert [(c.year, len(c.events)) for c in counted] == [
        (2022, 0),
        (2023, 0),
        (2024, 1),
        (2025, 2),
    ]


def test_latest_trade_figure_and_the_one_before_it() -> None:
    def figure(ident: str, metric: str, period: str, unit: str = "USD") -> Figure:
        return Figure.model_validate(
            {"id": ident, "metric": metric, "label": {"en": ident}, "value": 1, "unit": unit,
             "period": period, "citations": CITE}
        )  # fmt: skip

    found = indicators.latest_trade(
        [
            figure("t23", "trade-turnover", "2023"),
            figure("t24", "trade-turnover", "2024"),
            figure("fund", "fund-size", "2025"),
            figure("share", "trade-share", "2025", unit="percent"),
        ]
    )
    assert found is not None and found.latest.id == "t24" and found.previous.id == "t23"
    assert indicators.latest_trade([figure("fund", "fund-size", "2025")]) is None
