"""The az and kk language layer: the lint's rules, and every real briefing clean under it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from briefings.build import Folders, Job, prepare
from briefings.cli import cli
from briefings.facts.check import load_valid_facts
from briefings.facts.dates import PartialDate
from briefings.kinds.base import BriefingOptions
from briefings.language.lint import lint_html, lint_text
from briefings.localize import format_partial_date, names_the_same, ordinal
from tests.conftest import FACTS, TEMPLATES, write_facts

# Until the settings carry a marking per language (issue 15), the test passes it.
MARKINGS = {"az": "Xidməti istifadə üçün", "kk": "Қызмет бабында пайдалану үшін"}


def rules(text: str, lang: str) -> set[str]:
    return {finding.rule for finding in lint_text(text, lang)}


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        ('"Цифрлық Жібек жолы" жобасы', "kk", "quotes"),
        ("Жоба operational күйде", "kk", "latin"),
        ("Layihə in operation", "az", "english"),
        ("2025 ж. 03 нау. өтті", "kk", "month"),
        ("3 mar 2025 keçirilib", "az", "month"),
        ("3-ші Каспий экономикалық форумы", "kk", "ordinal"),
        (
            "Байел, Қазақстан Республикасының Елшісі, Қазақстан Республикасының Елшісі",
            "kk",
            "repeat",
        ),
        ("Әзербайжан–Қазақстан бірлескен Тікелей инвестициялар қоры", "kk", "capitals"),
        ("2022-2026 жылдарға арналған бағдарлама", "kk", "dash"),
        ("Баку-Тбилиси-Джейхан құбыры", "kk", "dash"),
        ("мақсатты мерзім: 2026", "kk", "glossary"),
        ("təqribən 500 milyon", "az", "glossary"),
    ],
)
def test_each_rule_catches_its_fault(text: str, lang: str, rule: str) -> None:
    assert rule in rules(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("«Цифрлық Жібек жолы» жобасы 2022–2026 жылдары жүзеге асырылуда.", "kk"),
        ("Құрманғазы атындағы Балалар шығармашылығын дамыту орталығы жұмыс істейді.", "kk"),
        ("AZAL ұшағы, COP29 және C6 форматы; 3-Каспий экономикалық форумы.", "kk"),
        ("18 dekabr 2025-ci il tarixinə; 03.03.2025; Bakı–Tbilisi–Ceyhan.", "az"),
        ("AR XİN-in əməkdaşı təxminən 500 milyon dollar haqqında məruzəçi kimi çıxış edib.", "az"),
    ],
)
def test_clean_text_passes(text: str, lang: str) -> None:
    assert lint_text(text, lang) == []


def test_dates_in_running_text_and_in_tables() -> None:
    day, month = PartialDate.parse("2025-12-18"), PartialDate.parse("2025-10")
    assert format_partial_date(day, "kk") == "2025 жылғы 18 желтоқсан"
    assert format_partial_date(day, "kk", "attributive") == "2025 жылғы 18 желтоқсандағы"
    assert format_partial_date(PartialDate.parse("2023-04-07"), "kk", "attributive").endswith(
        "сәуірдегі"
    )
    assert format_partial_date(day, "az") == "18 dekabr 2025-ci il"
    assert format_partial_date(month, "az") == "2025-ci ilin oktyabrı"
    assert format_partial_date(PartialDate.parse("2023"), "az") == "2023-cü il"
    assert format_partial_date(PartialDate.parse("2025-03-03"), "kk", "medium") == "03.03.2025"
    assert format_partial_date(month, "az", "numeric") == "10.2025"
    assert (ordinal(1, "kk"), ordinal(1, "az"), ordinal(3, "az"), ordinal(6, "az")) == (
        "1-",
        "1-ci",
        "3-cü",
        "6-cı",
    )


def test_a_title_that_already_names_the_organization_or_place() -> None:
    title = "Қазақстанның Бакудағы Елшілігінде өткен дөңгелек үстел"
    assert names_the_same(title, "Қазақстанның Бакудағы Елшілігі", "kk")
    assert not names_the_same(title, "Астана", "kk")


def build_html(kind: str, lang: str, **options: object) -> str:
    base = load_valid_facts(FACTS)
    chosen = BriefingOptions(lang=lang, marking=MARKINGS[lang], **options)  # type: ignore[arg-type]
    _, rendered = prepare(Job(kind, chosen, ("html",)), base, Folders(FACTS, TEMPLATES))
    return rendered.html


def real_briefings() -> list[tuple[str, str | None]]:
    events = load_valid_facts(FACTS).of_kind("event")
    return [("overview", None), *(("meeting-prep", e.id) for e in events)]


@pytest.mark.parametrize("lang", ["az", "kk"])
def test_every_real_briefing_is_clean(lang: str) -> None:
    """The overview and the note for every event, as the reader gets them, in az and kk."""
    faults = {}
    for kind, meeting in real_briefings():
        findings = lint_html(build_html(kind, lang, meeting=meeting), lang)
        if findings:
            faults[f"{kind} {meeting or ''}"] = [str(f) for f in findings]
    assert not faults, faults


def test_the_briefing_has_the_language_forms_the_issue_asks_for() -> None:
    kk = build_html("overview", "kk", as_of=dt.date(2025, 12, 18))
    az = build_html("overview", "az", as_of=dt.date(2025, 12, 18))
    assert "2025 жылғы 18 желтоқсандағы жағдай бойынша" in kk and "1-нұсқа" not in az
    assert "18 dekabr 2025-ci il tarixinə" in az
    assert "негізгі тұлғалар" in kk and "əsas şəxslər" in az
    assert "Президенті, Қазақстан Республикасының Президенті" not in kk
    assert "Ақтау маңындағы апаты, Ақтау" not in kk
    assert "пайдаланылуда" not in kk and "istismardadır" not in az


@pytest.mark.parametrize(
    ("lang", "first"), [("kk", "Қазақстан–Әзербайжан"), ("az", "Qazaxıstan–Azərbaycan")]
)
def test_a_briefing_for_one_side_names_that_side_first(lang: str, first: str) -> None:
    ours = build_html("overview", lang, our_side="KZ")
    assert f"<h1>{first}" in ours
    assert ours.index('id="people-kz"') < ours.index('id="people-az"')
    default = build_html("overview", lang)
    assert f"<h1>{first}" not in default


def test_check_warns_on_a_fact_text_that_breaks_the_conventions(tmp_path: Path) -> None:
    folder = write_facts(tmp_path / "facts")
    people = folder / "people.yaml"
    text = people.read_text(encoding="utf-8")
    assert "kk: Басқарма төрағасы" in text
    people.write_text(text.replace("kk: Басқарма төрағасы", "kk: 2022-2026 төраға"), "utf-8")
    result = CliRunner().invoke(cli, ["check", "--facts", str(folder)])
    assert "kk: dash" in result.output, result.output


@pytest.mark.parametrize("lang", ["az", "kk"])
def test_every_catalog_string_follows_the_conventions(lang: str) -> None:
    path = Path(__file__).parent.parent / "briefings" / "locale" / lang / "LC_MESSAGES"
    with (path / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    faults = {}
    for message in catalog:
        text = re.sub(r"%\(\w+\)s|\{\w+\}", "", str(message.string or ""))
        if message.id and lint_text(text, lang):
            faults[message.id] = [str(f) for f in lint_text(text, lang)]
    assert not faults, faults
