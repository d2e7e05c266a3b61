"""The meeting note's analysis: cut-off, relevance, talking points, sensitivities, settings."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from briefings.analysis.cutoff import about_meeting, cutoff_date, of_meeting
from briefings.analysis.sensitivities import category_of
from briefings.build import Folders, Job, prepare, render_formats, select
from briefings.cli import cli
from briefings.errors import BriefingError
from briefings.facts.check import load_valid_facts
from briefings.facts.dates import PartialDate
from briefings.facts.model import Event, Project, Statement
from briefings.kinds import get_kind
from briefings.kinds.base import BriefingOptions
from briefings.project import load_settings
from tests.conftest import FACTS, write_facts

MARCH = "talks-2025-03-03-asadov-bektenov"
DECEMBER = "rt-2025-12-baku-embassy"
FORUM = "forum-kz-az-business"
REAL_NOTES = (MARCH, DECEMBER, FORUM)
AFTER_CUTOFF = ("outcome", "annex-after", "sources")
SYSTEM_WORDING = re.compile(
    r"facts base|not stated in the sources|no target date|so there are no profiles"
    r"|No rule yields|holds nothing more",
    re.IGNORECASE,
)
AS_OF = dt.date(2025, 12, 18)


@pytest.mark.parametrize(
    ("meeting_date", "expected"),
    [
        ("2025-03-03", dt.date(2025, 3, 2)),
        ("2025-12", dt.date(2025, 11, 30)),
        ("2025-01", dt.date(2024, 12, 31)),
        ("2025", dt.date(2024, 12, 31)),
        ("2026-02", AS_OF),  # a meeting still to come knows what is known today
        (None, AS_OF),
    ],
)
def test_cutoff_is_the_day_before_at_the_dates_precision(
    meeting_date: str | None, expected: dt.date
) -> None:
    date = PartialDate.parse(meeting_date) if meeting_date else None
    assert cutoff_date(date, AS_OF) == expected


def with_settings(options: dict[str, Any]) -> dict[str, Any]:
    """Return the options the CLI passes: the project's settings give the default side."""
    return {"written_for": load_settings(FACTS).our_side, **options}


def context(meeting: str, lang: str = "en", **options: Any) -> Any:
    base = load_valid_facts(FACTS)
    options = with_settings(options)
    return select(
        get_kind("meeting-prep"), base, BriefingOptions(lang=lang, meeting=meeting, **options)
    )


def html_of(meeting: str, lang: str = "en", **options: Any) -> str:
    base = load_valid_facts(FACTS)
    options = with_settings(options)
    job = Job("meeting-prep", BriefingOptions(lang=lang, meeting=meeting, **options), ("html",))
    return prepare(job, base, Folders(FACTS, FACTS.parent / "templates"))[1].html


@pytest.mark.parametrize("meeting", [MARCH, DECEMBER])
def test_no_citation_on_or_after_the_meeting_outside_the_outcome(meeting: str) -> None:
    base = load_valid_facts(FACTS)
    first_day = base.records[meeting].date.first()
    numbered = sorted(base.sources.values(), key=lambda s: (s.date, s.id))
    tree = lxml_html.fromstring(html_of(meeting).encode())
    checked = 0
    for section in tree.iter("section"):
        if section.get("id") in AFTER_CUTOFF:
            continue
        for note in section.xpath(".//span[@class='fn']"):
            for number in re.findall(r"\[(\d+)\]", note.text_content()):
                source = numbered[int(number) - 1]
                assert source.date.last() < first_day, (section.get("id"), note.text_content())
                checked += 1
    assert checked >= 5
    outcome = tree.xpath("//section[@id='outcome']//span[@class='fn']")
    assert outcome, "a held meeting has a dated outcome section"
    header = tree.xpath("//header")[0].text_content()
    assert "Knowledge cut-off: reports published up to" in header
    assert "the day before the meeting" in header


def test_the_meetings_own_reports_never_feed_points_profiles_or_background() -> None:
    data = context(MARCH).data
    before = [p.record for p in data["talking_points"] if p.record is not None]
    before += [s for p in data["profiles"] for s in p["statements"]]
    before += [r for item in data["per_topic"] for r in item["records"]]
    assert before
    meeting = load_valid_facts(FACTS).records[MARCH]
    assert not [r.id for r in before if of_meeting(r, MARCH) or about_meeting(r, meeting)]


def point_keys(meeting: str) -> list[tuple[str, str]]:
    points = context(meeting).data["talking_points"]
    return [(p.rule, getattr(p.record, "id", p.topic)) for p in points]


def test_real_notes_get_five_to_seven_points_of_their_own() -> None:
    keys = {meeting: point_keys(meeting) for meeting in REAL_NOTES}
    for meeting, points in keys.items():
        assert 5 <= len(points) <= 7, (meeting, points)
    assert set(keys[MARCH]) != set(keys[DECEMBER])
    assert len(set(keys[MARCH]) & set(keys[DECEMBER])) <= 2
    assert set(keys[DECEMBER]) != set(keys[FORUM])


@pytest.mark.parametrize("meeting", REAL_NOTES)
def test_no_point_is_circular(meeting: str) -> None:
    base = load_valid_facts(FACTS)
    record = base.records[meeting]
    for point in context(meeting).data["talking_points"]:
        if point.record is not None and point.rule != "gap":
            assert not about_meeting(point.record, record), (point.rule, point.record.id)


def test_the_forum_note_never_echoes_the_expectation_that_announced_it() -> None:
    ids = [id_ for _, id_ in point_keys(FORUM)]
    assert "st-2025-10-kosbayeva-business-forum" not in ids


def test_courtesies_to_other_people_are_not_acknowledged() -> None:
    """The March thanks of the prime minister are not for the December round table."""
    for rule, record_id in point_keys(DECEMBER):
        assert rule != "acknowledge" and "thanks" not in record_id


@pytest.mark.parametrize("lang", ["en", "az", "kk"])
@pytest.mark.parametrize("meeting", REAL_NOTES)
def test_no_system_wording_and_every_note_says_whose_side(meeting: str, lang: str) -> None:
    html = html_of(meeting, lang)
    text = " ".join(lxml_html.fromstring(html.encode()).text_content().split())
    assert not SYSTEM_WORDING.search(text), SYSTEM_WORDING.search(text)
    assert "None" not in text
    if lang == "en":
        assert "Prepared for the delegation of Azerbaijan" in text  # from briefings.toml
        assert ": Growth" not in text and "Label" not in text


@pytest.mark.parametrize("meeting", REAL_NOTES)
def test_points_are_whole_sentences_in_every_language(meeting: str) -> None:
    for lang in ("en", "az", "kk"):
        tree = lxml_html.fromstring(html_of(meeting, lang).encode())
        for item in tree.xpath("//section[@id='talking-points']//li"):
            for note in item.xpath(".//span[@class='fn']"):
                note.drop_tree()
            text = " ".join(item.text_content().split())
            assert text.endswith("."), text
            assert "%(" not in text and "  " not in text
            if lang != "en":
                assert "Ask " not in text and "Welcome " not in text, text


def test_talking_points_come_on_page_one_or_two_and_the_body_is_short(tmp_path: Path) -> None:
    base = load_valid_facts(FACTS)
    folders = Folders(FACTS, FACTS.parent / "templates")
    for meeting in REAL_NOTES:
        job = Job("meeting-prep", BriefingOptions(meeting=meeting), ("pdf",))
        pdf = render_formats(meeting, prepare(job, base, folders)[1].html, ["pdf"], folders)["pdf"]
        path = tmp_path / f"{meeting}.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages = text.split("\f")
        first = next(n for n, page in enumerate(pages, 1) if "Talking points" in page)
        assert first <= 2, (meeting, first)
        body = next(
            n for n, page in enumerate(pages, 1) if re.search(r"^Annex|^Sources", page, re.M)
        )
        assert body <= 5, (meeting, body)


def statement(type_: str, text: str) -> Statement:
    return Statement(
        id="st-x",
        type=type_,
        speakers=["someone"],
        summary={"en": text},
        citations=[{"source": "src-a", "paragraph": 1}],
    )


def test_sensitivities_go_by_content_and_never_by_courtesy() -> None:
    cite = [{"source": "src-a", "paragraph": 1}]
    crash = Event(
        id="e",
        type="other",
        title={"en": "Crash of an aircraft near a port"},
        status="held",
        citations=cite,
    )
    route = Project(
        id="p", name={"en": "Zangezur corridor"}, type="corridor", status="planned", citations=cite
    )
    talks = Event(
        id="t",
        type="meeting",
        title={"en": "Talks"},
        status="held",
        citations=cite,
        summary={"en": "They discussed the normalisation process and the route."},
    )
    assert category_of(crash) == "accident"
    assert category_of(route) == "dispute"
    assert category_of(talks) is None  # a meeting that discussed a dispute is not one
    assert (
        category_of(statement("position", "He voiced serious concern at the shallowing."))
        == "concern"
    )
    assert category_of(statement("thanks", "He thanked them for help after the crash.")) is None
    courtesy = "Azerbaijan gives special importance to promoting the climate agenda."
    assert category_of(statement("position", courtesy)) is None
    assert (
        category_of(statement("assessment", "Military threats in the region grow.")) == "security"
    )


def test_real_december_note_lists_the_crash_and_the_shallowing_once() -> None:
    items = context(DECEMBER).data["sensitivities"]
    categories = [entry["item"].category for entry in items]
    assert "accident" in categories and "concern" in categories
    ids = [entry["item"].record.id for entry in items]
    assert len(ids) == len(set(ids))
    assert "st-2025-03-asadov-climate-cop29" not in ids


SETTINGS = """\
    [meeting-prep]
    our_side = "{side}"
"""


def test_settings_default_our_side_and_the_option_overrides(tmp_path: Path) -> None:
    facts = write_facts(tmp_path / "facts")
    assert load_settings(facts).our_side is None
    (tmp_path / "briefings.toml").write_text(textwrap.dedent(SETTINGS.format(side="kz")))
    assert load_settings(facts).our_side == "KZ"

    def build(*extra: str) -> str:
        args = ["build", "meeting-prep", "--meeting", "rt-2025-12", "--format", "html"]
        common = ["--facts", str(facts), "--out", str(tmp_path / "out"), *extra]
        result = CliRunner().invoke(cli, [*args, *common])
        assert result.exit_code == 0, result.output
        return Path(result.stdout.strip()).read_text(encoding="utf-8")

    assert "Prepared for the delegation of Kazakhstan" in build()
    assert "Prepared for the delegation of Azerbaijan" in build("--our-side", "AZ")
    (tmp_path / "briefings.toml").write_text("[meeting-prep]\nour_side = 7\n")
    with pytest.raises(BriefingError, match=r"briefings.toml: \[meeting-prep\] our_side = 7"):
        load_settings(facts)
    (tmp_path / "briefings.toml").write_text("[meeting-prep\n")
    with pytest.raises(BriefingError, match=r"briefings.toml: .*fix the TOML syntax"):
        load_settings(facts)


def test_without_settings_a_note_says_it_is_for_both_sides(tmp_path: Path) -> None:
    facts = write_facts(tmp_path / "facts")
    base = load_valid_facts(facts)
    job = Job("meeting-prep", BriefingOptions(meeting="rt-2025-12"), ("html",))
    html = prepare(job, base, Folders(facts, FACTS.parent / "templates"))[1].html
    assert "Written for neither delegation in particular" in html


def test_objectives_are_on_page_one_and_marked_as_the_analysts() -> None:
    tree = lxml_html.fromstring(html_of(FORUM).encode())
    box = tree.xpath("//section[@id='objectives']")[0]
    assert "investment projects" in box.text_content()
    assert "Set by the analysis unit" in box.text_content()
    order = [s.get("id") for s in tree.iter("section")]
    assert order.index("objectives") < order.index("talking-points")


def main_body_ids(data: dict[str, Any]) -> list[str]:
    """Return the id of every record the main body states (references to points excluded)."""
    ids = [p.record.id for p in data["talking_points"] if p.rule != "gap"]
    ids += [e["item"].record.id for e in data["sensitivities"] if not e["point"]]
    for profile in data["profiles"]:
        ids += [r.id for r in profile["encounters"] + profile["statements"]]
    ids += [r.id for r in data["latest_contacts"] + data["headline_figures"]]
    ids += [r.id for item in data["per_topic"] for r in item["records"]]
    if data["outcome"]:
        ids += [r.id for r in data["outcome"]["agreements"] + data["outcome"]["statements"]]
    return ids + [r.id for r in data["since"]]


@pytest.mark.parametrize("meeting", REAL_NOTES)
def test_no_record_is_stated_twice_in_the_main_body(meeting: str) -> None:
    ids = main_body_ids(context(meeting).data)
    assert len(ids) >= 10
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_as_of_before_the_meeting_leaves_the_outcome_out() -> None:
    data = context(MARCH, as_of=dt.date(2025, 3, 2)).data
    assert data["outcome"] is None and not data["since"] and not data["annex_after"]
    assert data["cutoff"] == dt.date(2025, 3, 2)
