"""The fact records on their own: texts, partial dates, quotes, citations, control characters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from briefings.facts.dates import PartialDate
from briefings.facts.model import (
    KINDS,
    SECTIONS,
    Citation,
    Event,
    FactFile,
    Figure,
    Localized,
    Organization,
    Person,
    Role,
    Source,
    Statement,
)

CITED = [{"source": "src-a", "paragraph": 2}]


def errors_of(model: type[Any], data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, str]]:
    """Validate ``data`` and return every error as (loc, type, message); fail if it passes."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [(tuple(e["loc"]), e["type"], str(e["msg"])) for e in caught.value.errors()]


def event(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "rt-2025-12",
        "type": "round-table",
        "title": {"en": "Round table"},
        "status": "held",
        "citations": CITED,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def person(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "farid-shafiyev",
        "name": {"en": "Farid Shafiyev", "az": "Fərid Şəfiyev"},
        "country": "AZ",
        "citations": CITED,
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- Localized


def test_localized_get_returns_each_language_or_none() -> None:
    text = Localized(en="Round table", az="Dəyirmi masa")
    assert text.get("en") == "Round table"
    assert text.get("az") == "Dəyirmi masa"
    assert text.get("kk") is None
    assert text.get("fr") is None
    assert text.get("model_config") is None  # an attribute that is not a language


def test_localized_requires_non_empty_english() -> None:
    assert errors_of(Localized, {"az": "Bakı"}) == [(("en",), "missing", "Field required")]
    [(loc, kind, message)] = errors_of(Localized, {"en": ""})
    assert (loc, kind, message) == (
        ("en",),
        "string_too_short",
        "String should have at least 1 character",
    )


def test_localized_forbids_other_languages() -> None:
    [(loc, kind, _)] = errors_of(Localized, {"en": "Baku", "ru": "Баку"})
    assert (loc, kind) == (("ru",), "extra_forbidden")


# ---------------------------------------------------------------- PartialDate


def test_partial_date_parses_year_month_and_day() -> None:
    year = PartialDate.parse(2025)
    month = PartialDate.parse("2025-10")
    day = PartialDate.parse(dt.date(2025, 12, 15))
    assert (year, year.precision, str(year)) == (PartialDate(2025), "year", "2025")
    assert (month, month.precision, str(month)) == (PartialDate(2025, 10), "month", "2025-10")
    assert (day, day.precision, str(day)) == (PartialDate(2025, 12, 15), "day", "2025-12-15")
    assert PartialDate.parse("2025-12-15") == day
    assert PartialDate.parse(dt.datetime(2025, 12, 15, 9, 30)) == day
    assert PartialDate.parse(" 2025 ") == year
    assert PartialDate.parse(day) is day


@pytest.mark.parametrize("value", ["Dec 2025", "2025-1", "25", "2025/12", "", None, 2025.0])
def test_partial_date_rejects_other_shapes(value: object) -> None:
    with pytest.raises(ValueError, match="is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"):
        PartialDate.parse(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "day is out of range for month"),
        ("2025-13", "month must be in 1..12"),
        ("2025-00-10", "month must be in 1..12"),
        ("2025-00", "month must be in 1..12"),
        ("2025-01-00", "day is out of range for month"),
    ],
)
def test_partial_date_rejects_impossible_dates(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(value)


def test_partial_date_first_and_last_day() -> None:
    assert PartialDate(2024).first() == dt.date(2024, 1, 1)
    assert PartialDate(2024).last() == dt.date(2024, 12, 31)
    assert PartialDate(2024, 2).last() == dt.date(2024, 2, 29)  # leap year
    assert PartialDate(2025, 2).last() == dt.date(2025, 2, 28)
    assert PartialDate(2025, 12, 15).first() == PartialDate(2025, 12, 15).last()
    assert PartialDate(2025, 12, 15).last() == dt.date(2025, 12, 15)


def test_partial_date_orders_by_first_day_then_last_day() -> None:
    dates = [
        PartialDate(2026),
        PartialDate(2025, 12, 15),
        PartialDate(2025, 12),
        PartialDate(2025, 12, 1),
        PartialDate(2025),
        PartialDate(2025, 10),
    ]
    assert [str(d) for d in sorted(dates)] == [
        "2025",
        "2025-10",
        "2025-12-01",
        "2025-12",
        "2025-12-15",
        "2026",
    ]
    assert PartialDate(2025) < PartialDate(2025, 1, 2)
    assert PartialDate(2025, 12) <= PartialDate(2025, 12)
    assert PartialDate(2025, 12) > PartialDate(2025, 12, 1)
    assert PartialDate(2025, 12) != PartialDate(2025, 12, 1)


def test_partial_date_inside_a_record_names_the_field() -> None:
    [(loc, kind, message)] = errors_of(Event, event(date="Dec 2025"))
    assert (loc, kind) == (("date",), "value_error")
    assert message == "Value error, 'Dec 2025' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
    [(loc, _, message)] = errors_of(Event, event(date="2025-02-30"))
    assert (loc, message) == (("date",), "Value error, day is out of range for month")
    assert Event.model_validate(event(date=2025)).date == PartialDate(2025)
    assert Event.model_validate(event(date="2025-10")).date == PartialDate(2025, 10)


def test_partial_date_serialises_as_text() -> None:
    record = Event.model_validate(event(date=dt.date(2025, 12, 15)))
    assert record.model_dump(mode="json")["date"] == "2025-12-15"


# ---------------------------------------------------------------- quotes


def test_citation_quote_of_twelve_words_passes_and_thirteen_fail() -> None:
    twelve = " ".join(["word"] * 12)
    assert Citation(source="src-a", paragraph=1, quote=twelve).quote == twelve
    [(loc, kind, message)] = errors_of(
        Citation, {"source": "src-a", "paragraph": 1, "quote": twelve + " more"}
    )
    assert (loc, kind) == (("quote",), "value_error")
    assert message == "Value error, a quote holds at most 12 words; shorten it"


def test_quote_too_long_inside_a_record_is_located_at_the_citation() -> None:
    citation = {"source": "src-a", "paragraph": 1, "quote": " ".join(["w"] * 13)}
    [(loc, _, message)] = errors_of(Person, person(citations=[citation]))
    assert loc == ("citations", 0, "quote")
    assert message.endswith("a quote holds at most 12 words; shorten it")


def test_statement_quote_is_limited_to_twelve_words() -> None:
    data = {
        "id": "st-1",
        "type": "proposal",
        "speakers": ["farid-shafiyev"],
        "summary": {"en": "Proposed a forum."},
        "citations": CITED,
        "quote": "one two three four five six seven eight nine ten eleven twelve thirteen",
    }
    [(loc, _, message)] = errors_of(Statement, data)
    assert loc == ("quote",)
    assert message == "Value error, a quote holds at most 12 words; shorten it"
    assert Statement.model_validate({**data, "quote": "a forum of centres"}).quote


def test_citation_paragraph_counts_from_one() -> None:
    [(loc, kind, _)] = errors_of(Citation, {"source": "src-a", "paragraph": 0})
    assert (loc, kind) == (("paragraph",), "greater_than_equal")


# ---------------------------------------------------------------- unknown fields, ids


def test_unknown_field_is_rejected_with_its_name() -> None:
    [(loc, kind, _)] = errors_of(Person, person(nickname="Farid"))
    assert (loc, kind) == (("nickname",), "extra_forbidden")


def test_unknown_field_in_a_nested_record_is_rejected() -> None:
    roles = [{"title": {"en": "Chair"}, "organisation": "air-center"}]
    [(loc, kind, _)] = errors_of(Person, person(roles=roles))
    assert (loc, kind) == (("roles", 0, "organisation"), "extra_forbidden")


def test_unknown_section_in_a_fact_file_is_rejected() -> None:
    [(loc, kind, _)] = errors_of(FactFile, {"persons": []})
    assert (loc, kind) == (("persons",), "extra_forbidden")


@pytest.mark.parametrize("bad", ["Farid", "farid_shafiyev", "-farid", "farid shafiyev", "x" * 81])
def test_ids_are_lowercase_slugs(bad: str) -> None:
    [(loc, kind, _)] = errors_of(Person, person(id=bad))
    assert loc == ("id",)
    assert kind in ("string_pattern_mismatch", "string_too_long")


def test_records_are_frozen() -> None:
    record = Person.model_validate(person())
    with pytest.raises(ValidationError):
        record.country = "KZ"  # type: ignore[misc]


# ---------------------------------------------------------------- citations


def test_citations_are_required() -> None:
    [(loc, kind, message)] = errors_of(Event, event(citations=None))
    assert (loc, kind) == ((), "value_error")
    assert message == (
        "Value error, citations: cite at least one source, or mark an analysts' own record "
        "`internal: true` with a `note`"
    )
    [(_, _, message)] = errors_of(Event, event(citations=[]))
    assert message.startswith("Value error, citations: cite at least one source")


def test_internal_record_needs_a_note() -> None:
    [(loc, _, message)] = errors_of(Event, event(citations=None, internal=True))
    assert loc == ()
    assert message == (
        "Value error, note: an internal record needs a note saying who added it and why"
    )


def test_internal_record_with_a_note_needs_no_citation() -> None:
    record = Event.model_validate(
        event(citations=None, internal=True, status="planned", note="Added by the desk.")
    )
    assert record.citations == []
    assert record.internal is True


def test_sources_cite_nothing() -> None:
    source = Source.model_validate(
        {
            "id": "src-a",
            "outlet": "Test Agency",
            "title": {"en": "Round table held", "az": "Dəyirmi masa keçirilib"},
            "date": dt.date(2025, 12, 15),
            "language": "az",
            "file": "a.txt",
        }
    )
    assert source.label() == "Test Agency: Dəyirmi masa keçirilib"
    assert source.when() == PartialDate(2025, 12, 15)
    [(loc, kind, _)] = errors_of(
        Source, {**source.model_dump(), "citations": CITED, "date": "2025-12-15"}
    )
    assert (loc, kind) == (("citations",), "extra_forbidden")


# ---------------------------------------------------------------- control characters


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"])
def test_xml_forbidden_characters_are_rejected_with_the_field(char: str) -> None:
    [(loc, kind, message)] = errors_of(Person, person(name={"en": f"Farid{char}Shafiyev"}))
    assert (loc, kind) == (("name", "en"), "value_error")
    assert message == (
        f"Value error, contains the control character U+{ord(char):04X}, which documents "
        "cannot hold; delete it"
    )


def test_control_character_in_a_nested_field_is_located() -> None:
    data = event(participants=[{"person": "farid-shafiyev", "role": {"en": "ok", "kk": "a\x1b"}}])
    [(loc, _, message)] = errors_of(Event, data)
    assert loc == ("participants", 0, "role", "kk")
    assert "U+001B" in message


def test_tab_and_newline_are_allowed() -> None:
    assert Localized(en="line one\n\tline two\r\n").en == "line one\n\tline two\r\n"


# ---------------------------------------------------------------- other records


def test_role_reads_from_under_its_alias() -> None:
    role = Role.model_validate({"title": {"en": "Chair"}, "from": "2019", "to": 2024})
    assert (role.from_, role.to) == (PartialDate(2019), PartialDate(2024))
    [(loc, kind, _)] = errors_of(Role, {"title": {"en": "Chair"}, "from": "May 2019"})
    assert (loc, kind) == (("from",), "value_error")


def test_figure_label_value_and_period() -> None:
    data = {
        "id": "fig-trade-2024",
        "metric": "trade-turnover",
        "label": {"en": "Bilateral trade turnover"},
        "value": "500000000",
        "unit": "USD",
        "period": "2020/2025",
        "citations": CITED,
    }
    figure = Figure.model_validate(data)
    assert (figure.label(), figure.value, figure.qualifier) == (
        "Bilateral trade turnover",
        Decimal("500000000"),
        "exact",
    )
    [(loc, kind, _)] = errors_of(Figure, {**data, "period": "last year"})
    assert (loc, kind) == (("period",), "string_pattern_mismatch")
    [(loc, kind, _)] = errors_of(Figure, {**data, "unit": "dollars"})
    assert (loc, kind) == (("unit",), "literal_error")


def test_labels_fall_back_to_english() -> None:
    record = Person.model_validate(person())
    assert (record.label("az"), record.label("kk")) == ("Fərid Şəfiyev", "Farid Shafiyev")


def test_references_by_field() -> None:
    org = Organization.model_validate(
        {"id": "a", "name": {"en": "A"}, "type": "ministry", "parent": "b", "citations": CITED}
    )
    assert org.references() == {"parent": ["b"]}
    roles = [{"title": {"en": "Chair"}, "organization": "air-center"}, {"title": {"en": "Ex"}}]
    assert Person.model_validate(person(roles=roles)).references() == {
        "roles.organization": ["air-center"]
    }
    participants = [{"person": "farid-shafiyev"}, {"person": "alim-bayel"}]
    record = Event.model_validate(event(participants=participants, organizers=["x"]))
    assert record.references() == {
        "participants.person": ["farid-shafiyev", "alim-bayel"],
        "organizers": ["x"],
    }


def test_sections_and_kinds_cover_every_record() -> None:
    assert list(SECTIONS) == [
        "sources",
        "people",
        "organizations",
        "events",
        "statements",
        "figures",
        "projects",
        "agreements",
        "assessments",
    ]
    assert sorted(KINDS) == sorted(
        [
            "source",
            "person",
            "organization",
            "event",
            "statement",
            "figure",
            "project",
            "agreement",
            "assessment",
        ]
    )
    assert set(FactFile.model_fields) == set(SECTIONS)
