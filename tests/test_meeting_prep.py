"""The meeting-preparation note: every event, every language, no empty section."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from briefings.build import Folders, Job, prepare, render_formats
from briefings.cli import cli
from briefings.errors import BriefingError
from briefings.facts.check import load_valid_facts
from briefings.kinds import REGISTRY
from briefings.kinds.base import BriefingOptions
from tests.conftest import FACTS, FACTS_YAML, write_facts
from tests.test_render import render, sections

REQUIRED = {"meeting", "sources"}  # every other section appears only when it has something

INTERNAL_MEETING = """\
    events:
      - id: fm-consultations-2026
        type: meeting
        title: {en: Foreign ministry consultations}
        date: 2026-02
        place: {en: Astana}
        status: planned
        topics: [digital, transport]
        participants:
          - {person: alim-bayel, role: {en: head of the Kazakh side}}
        internal: true
        note: Added by the analysis unit from the ministry's calendar.
"""

FOLLOW_UP = """\
    events:
      - id: follow-up-2026
        type: meeting
        title: {en: Follow-up meeting on the C6 forum}
        date: 2026-02
        status: planned
        topics: [multilateral, digital]
        participants:
          - {person: farid-shafiyev}
          - {person: alim-bayel}
        internal: true
        note: Added by the analysis unit.
"""


def assert_no_empty_section(html: str) -> None:
    found = sections(html)
    assert set(found) >= REQUIRED, REQUIRED - set(found)
    empty = [name for name, text in found.items() if not text]
    assert not empty, f"empty sections: {empty}"
    assert "None" not in lxml_html.fromstring(html.encode()).text_content()


@pytest.mark.parametrize("lang", ["en", "az", "kk"])
def test_builds_for_every_event_of_the_fixture(
    facts_dir: Path, templates_dir: Path, lang: str
) -> None:
    for event in load_valid_facts(facts_dir).of_kind("event"):
        html = render(facts_dir, templates_dir, "meeting-prep", meeting=event.id, lang=lang)
        assert_no_empty_section(html)


@pytest.mark.parametrize("lang", ["en", "az", "kk"])
def test_builds_for_every_event_of_the_real_facts(templates_dir: Path, lang: str) -> None:
    """Every event makes a complete note, and the note makes a valid Word document."""
    base = load_valid_facts(FACTS)
    folders = Folders(FACTS, templates_dir)
    events = base.of_kind("event")
    assert len(events) >= 10
    for event in events:
        job = Job("meeting-prep", BriefingOptions(lang=lang, meeting=event.id), ("docx",))
        _, rendered = prepare(job, base, folders)
        assert_no_empty_section(rendered.html)
        document = render_formats(event.id, rendered.html, ["docx"], folders)["docx"]
        assert document.startswith(b"PK")


def test_talking_points_never_echo_the_meeting_and_cite(
    facts_dir: Path, templates_dir: Path
) -> None:
    html = render(facts_dir, templates_dir, "meeting-prep", meeting="rt-2025-12")
    tree = lxml_html.fromstring(html.encode())
    texts = [p.text_content() for p in tree.xpath("//section[@id='talking-points']//li")]
    assert texts, "the gaps in the agenda make points"
    assert not any("C6" in t or "fibre-optic" in t for t in texts), texts
    assert any(t.startswith("Fill a gap in our picture. We have no report on") for t in texts)


def test_a_later_meeting_answers_the_proposal_made_to_its_participants(
    facts_dir: Path, templates_dir: Path
) -> None:
    (facts_dir / "internal.yaml").write_text(textwrap.dedent(FOLLOW_UP), encoding="utf-8")
    html = render(facts_dir, templates_dir, "meeting-prep", meeting="follow-up-2026", our_side="KZ")
    tree = lxml_html.fromstring(html.encode())
    points = tree.xpath("//section[@id='talking-points']//li")
    texts = [p.text_content() for p in points]
    assert any(t.startswith("Answer the proposal of December 2025. Proposed a C6") for t in texts)
    assert any("Trans-Caspian fibre-optic line" in t for t in texts)
    assert all(p.xpath(".//span[@class='fn']") for p in points)


def test_participants_are_grouped_by_side(facts_dir: Path, templates_dir: Path) -> None:
    html = render(facts_dir, templates_dir, "meeting-prep", meeting="rt-2025-12")
    tree = lxml_html.fromstring(html.encode())
    assert tree.xpath("//h3[@id='side-az']/following-sibling::p[1]//strong/text()") == [
        "Farid Shafiyev"
    ]
    assert tree.xpath("//h3[@id='side-kz']/following-sibling::p[1]//strong/text()") == [
        "Alim Bayel"
    ]


JOINT_STATEMENT = """\
  - id: st-joint-digital
    type: position
    speakers: [farid-shafiyev, alim-bayel]
    event: rt-2025-12
    date: 2025-12
    summary: {en: Both backed the fibre-optic line.}
    topics: [digital]
    citations: [{source: src-a, paragraph: 4}]
"""


def test_a_statement_made_at_the_meeting_is_told_once_in_its_outcome(
    tmp_path: Path, templates_dir: Path
) -> None:
    files = dict(FACTS_YAML)
    statements = files["statements.yaml"].rstrip() + "\n"
    files["statements.yaml"] = statements + textwrap.indent(JOINT_STATEMENT, " " * 8)
    facts = write_facts(tmp_path / "facts", files)
    html = render(facts, templates_dir, "meeting-prep", meeting="rt-2025-12")
    tree = lxml_html.fromstring(html.encode())
    assert tree.text_content().count("Both backed the fibre-optic line.") == 1
    assert "Both backed" in sections(html)["outcome"]
    assert "Proposed a C6-format forum" in sections(html)["outcome"]


def test_real_notes_state_no_record_twice_in_their_main_body(templates_dir: Path) -> None:
    for meeting in ("talks-2025-03-03-asadov-bektenov", "rt-2025-12-baku-embassy"):
        html = render(FACTS, templates_dir, "meeting-prep", meeting=meeting)
        tree = lxml_html.fromstring(html.encode())
        main = "//section[not(starts-with(@id, 'annex')) and @id != 'sources']//li"
        items = [" ".join(li.text_content().split()) for li in tree.xpath(main)]
        assert len(items) >= 8 and len(items) == len(set(items)), items


def test_unknown_meeting_names_the_closest_ids(facts_dir: Path, templates_dir: Path) -> None:
    with pytest.raises(
        BriefingError, match=r"no event with id 'rt-2025'; did you mean rt-2025-12\?"
    ):
        render(facts_dir, templates_dir, "meeting-prep", meeting="rt-2025")


def test_unknown_meeting_on_the_command_line(facts_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "meeting-prep",
            "--meeting",
            "c6-forun",
            "--facts",
            str(facts_dir),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "html",
        ],
    )
    assert result.exit_code == 1
    assert "did you mean c6-forum?" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "meeting-prep-c6-forun.html").exists()


def test_our_side_profiles_only_the_counterparts_and_answers_only_them(
    facts_dir: Path, templates_dir: Path
) -> None:
    (facts_dir / "internal.yaml").write_text(textwrap.dedent(FOLLOW_UP), encoding="utf-8")

    def note(side: str) -> lxml_html.HtmlElement:
        html = render(
            facts_dir, templates_dir, "meeting-prep", meeting="follow-up-2026", our_side=side
        )
        assert_no_empty_section(html)
        return lxml_html.fromstring(html.encode())

    for_az, for_kz = note("AZ"), note("KZ")
    assert set(for_az.xpath("//section[@id='profiles']/h3/@id")) <= {"profile-alim-bayel"}
    assert set(for_kz.xpath("//section[@id='profiles']/h3/@id")) <= {"profile-farid-shafiyev"}
    recalled = "//section[@id='talking-points']//li[starts-with(., 'Build on the last contact')]"
    assert "Alim Bayel took part in" in for_az.xpath(recalled)[0].text_content()
    assert "Farid Shafiyev took part in" in for_kz.xpath(recalled)[0].text_content()
    assert "Prepared for the delegation of Azerbaijan" in for_az.text_content()
    # Shafiyev (AZ) proposed the C6 forum: the Kazakh side prepares an answer, not his own.
    points = "//section[@id='talking-points']"
    assert "Answer the proposal" in for_kz.xpath(points)[0].text_content()
    assert "Answer the proposal" not in for_az.xpath(points)[0].text_content()
    # both sides are still listed under the meeting
    assert for_az.xpath("//section[@id='participants']/h3/@id") == ["side-az", "side-kz"]


def test_our_side_alone_at_the_meeting_says_so(facts_dir: Path, templates_dir: Path) -> None:
    (facts_dir / "internal.yaml").write_text(textwrap.dedent(INTERNAL_MEETING), encoding="utf-8")
    html = render(
        facts_dir, templates_dir, "meeting-prep", meeting="fm-consultations-2026", our_side="KZ"
    )
    assert_no_empty_section(html)
    assert "profiles" not in sections(html)  # nobody of the other side: no empty section
    assert "Prepared for the delegation of Kazakhstan" in html


def test_our_side_on_the_command_line(facts_dir: Path, tmp_path: Path) -> None:
    def build(*args: str) -> Any:
        common = ["--facts", str(facts_dir), "--out", str(tmp_path / "out"), "--format", "html"]
        return CliRunner().invoke(cli, ["build", *args, *common])

    done = build("meeting-prep", "--meeting", "rt-2025-12", "--our-side", "az")
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == str(tmp_path / "out" / "meeting-prep-rt-2025-12-for-az.html")
    wrong = build("meeting-prep", "--meeting", "rt-2025-12", "--our-side", "tr")
    assert wrong.exit_code == 1
    assert "--our-side TR: no person in the facts is from there; use one of AZ, KZ" in wrong.output
    overview = build("overview", "--our-side", "kz")  # issue 16: our side named first
    assert overview.exit_code == 0, overview.output
    assert overview.stdout.strip() == str(tmp_path / "out" / "overview-for-kz.html")
    assert "Traceback" not in wrong.output + overview.output
    (facts_dir / "internal.yaml").write_text(textwrap.dedent(INTERNAL_MEETING), encoding="utf-8")
    everything = build("--all", "--our-side", "az")
    assert everything.exit_code == 0, everything.output
    assert sorted(Path(p).name for p in everything.stdout.split()) == [
        "meeting-prep-fm-consultations-2026-for-az.html",
        "overview-for-az.html",
    ]


def test_internal_planned_meeting_works_and_is_built_by_all(
    facts_dir: Path, templates_dir: Path, tmp_path: Path
) -> None:
    (facts_dir / "internal.yaml").write_text(textwrap.dedent(INTERNAL_MEETING), encoding="utf-8")
    html = render(facts_dir, templates_dir, "meeting-prep", meeting="fm-consultations-2026")
    assert_no_empty_section(html)
    assert "Internal record: Added by the analysis unit" in html
    base = load_valid_facts(facts_dir)
    assert [o.meeting for o in REGISTRY["meeting-prep"].instances(base)] == [
        "fm-consultations-2026"
    ]


def test_list_shows_types_and_parameters() -> None:
    result = CliRunner().invoke(cli, ["list"])
    assert result.exit_code == 0
    assert "overview: " in result.output
    assert "meeting-prep: " in result.output
    assert "--meeting (required)" in result.output


def readme_example(name: str) -> str:
    """Return the README code block that follows the marker ``<!-- example: name -->``."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    after = readme.split(f"<!-- example: {name} -->", 1)[1]
    return after.split("```", 2)[1].split("\n", 1)[1]


def test_write_your_own_briefing_example_from_the_readme(
    tmp_path: Path, templates_dir: Path
) -> None:
    """Build the README's "Write your own briefing" example exactly as printed there."""
    namespace: dict[str, object] = {}
    exec(readme_example("people_list.py"), namespace)
    (templates_dir / "people-list.html").write_text(
        readme_example("people-list.html"), encoding="utf-8"
    )
    try:
        assert "people-list" in REGISTRY
        html = render(write_facts(tmp_path / "facts"), templates_dir, "people-list")
        tree = lxml_html.fromstring(html.encode())
        assert tree.xpath("//li/text()")[:2] == ["Alim Bayel", "Farid Shafiyev"]
    finally:
        REGISTRY.pop("people-list", None)


def test_build_all_prepares_only_meetings_still_to_come() -> None:
    """A plan carried out since (Aliyev's 2023 visit plan) or overdue (the CIS Games)
    needs no preparation note; the business forum, still ahead, does."""
    base = load_valid_facts(FACTS)
    meetings = [o.meeting for o in REGISTRY["meeting-prep"].instances(base)]
    assert meetings == ["forum-kz-az-business"]
    planned = {e.id for e in base.of_kind("event") if e.status == "planned"}
    assert {"visit-aliyev-kazakhstan-planned-2023", "cis-games-2025"} <= planned


def test_what_only_later_reports_told_stays_out_before_the_cut_off(templates_dir: Path) -> None:
    """The only article before 30 November 2025 still expected the October visit, and the
    fibre-optic line's December 2026 target came from December reports."""
    december = render(FACTS, templates_dir, "meeting-prep", meeting="rt-2025-12-baku-embassy")
    before = " ".join(
        text for name, text in sections(december).items() if name not in ("outcome", "annex-after")
    )
    assert "Kazakhstan, October 2025 (planned)" in " ".join(before.split())
    march = render(FACTS, templates_dir, "meeting-prep", meeting="talks-2025-03-03-asadov-bektenov")
    known = [
        text for name, text in sections(march).items() if name not in ("outcome", "annex-after")
    ]
    assert "December 2026" not in " ".join(known)
