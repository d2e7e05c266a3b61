"""The overview as a briefer reads it: judgements first, each record once, statuses as of
its date, provenance a reader can follow, and nothing of the system's own vocabulary."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from lxml import html as lxml_html

from briefings.cli import cli
from tests.conftest import FACTS, ROOT, TEMPLATES
from tests.test_render import render

LANGS = ("en", "az", "kk")
FILE_CODE = re.compile(r"\(0\d\d\)|\b0\d\d:|\bsrc-[a-z0-9]|\(see [a-z0-9]+(-[a-z0-9]+)+\)")
SYSTEM_WORDING = ("facts base", "not stated in the sources", "no target date")


def main_body(html: str) -> lxml_html.HtmlElement:
    """Return the document with the annexes and the source list cut off."""
    tree = lxml_html.fromstring(html.encode())
    for cut in tree.xpath("//section[@id='annex' or @id='people' or @id='sources']"):
        cut.drop_tree()
    return tree


def body_text(html: str) -> str:
    """Return the text a reader sees: body and footnotes, no head."""
    tree = lxml_html.fromstring(html.encode())
    return " ".join(tree.xpath("//body")[0].text_content().split())


def system_phrases(lang: str) -> list[str]:
    """Return the system phrases in ``lang``: ours, and the catalog's translations of them."""
    if lang == "en":
        return list(SYSTEM_WORDING)
    with open(ROOT / "briefings" / "locale" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f)
    found = [m.string for m in catalog if isinstance(m.id, str) and isinstance(m.string, str)]
    ids = [m.id for m in catalog if isinstance(m.id, str)]
    return [s for s, i in zip(found, ids, strict=False) if any(w in i for w in SYSTEM_WORDING)]


@pytest.fixture(scope="module")
def real() -> dict[str, str]:
    """The real overview in every language, as HTML."""
    return {lang: render(FACTS, TEMPLATES, lang=lang) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_no_record_is_stated_twice_in_the_main_body(real: dict[str, str], lang: str) -> None:
    stated = [e.get("data-fact") for e in main_body(real[lang]).xpath("//*[@data-fact]")]
    assert len(stated) > 25
    assert [i for i, n in Counter(stated).items() if n > 1] == []


def test_the_fund_and_the_route_growth_are_told_once(real: dict[str, str]) -> None:
    body = main_body(real["en"])
    for note in body.xpath("//span[@class='fn']"):
        note.drop_tree()
    text = " ".join(body.text_content().split())
    assert len(re.findall(r"300", text)) == 1  # the US$300m fund (the review counted 5)
    assert len(re.findall(r"sixfold|6 times", text)) == 1  # the route's growth (4)


@pytest.mark.parametrize("lang", LANGS)
def test_no_file_codes_or_system_wording(real: dict[str, str], lang: str) -> None:
    text = body_text(real[lang])
    assert FILE_CODE.findall(text) == []
    for phrase in system_phrases(lang):
        assert phrase.lower() not in text.lower(), phrase


def test_the_annex_lists_every_record_once(real: dict[str, str]) -> None:
    from briefings.facts.check import load_valid_facts

    base = load_valid_facts(FACTS)
    kinds = ("event", "statement", "figure", "project", "agreement")
    expected = sum(len(base.of_kind(kind)) for kind in kinds)
    annex = lxml_html.fromstring(real["en"].encode()).xpath("//section[@id='annex']//li")
    assert len(annex) == expected


def test_a_record_on_no_area_still_reaches_the_annex(tmp_path: Path) -> None:
    from tests.conftest import FACTS_YAML, write_facts

    untopical = FACTS_YAML["statements.yaml"].replace("            topics: [multilateral]\n", "")
    folder = write_facts(tmp_path / "facts", {**FACTS_YAML, "statements.yaml": untopical})
    annex = lxml_html.fromstring(render(folder, TEMPLATES).encode()).xpath("//section[@id='annex']")
    assert "Other records" in annex[0].text_content()
    assert "Proposed a C6-format forum" in annex[0].text_content()


@pytest.mark.parametrize("lang", LANGS)
def test_meeting_notes_name_articles_by_their_numbers_only(lang: str) -> None:
    from briefings.facts.check import load_valid_facts
    from briefings.kinds import REGISTRY

    meetings = [o.meeting for o in REGISTRY["meeting-prep"].instances(load_valid_facts(FACTS))]
    assert meetings
    for meeting in meetings:
        html = render(FACTS, TEMPLATES, "meeting-prep", meeting=meeting, lang=lang)
        assert FILE_CODE.findall(body_text(html)) == [], meeting


def test_sources_in_running_text_use_the_bibliography_numbers(real: dict[str, str]) -> None:
    tree = lxml_html.fromstring(real["en"].encode())
    numbers = {
        li.text_content().split(",")[0]: n
        for n, li in enumerate(tree.xpath("//ol[@class='sources']/li"), 1)
    }
    # TITR's summary names the two December reports (Report and Kazakhstan Today).
    items = tree.xpath("//section[@id='annex']//li")
    titr = next(li for li in items if li.text_content().startswith("Trans-Caspian International"))
    expected = f"[{numbers['Report']}, {numbers['Kazakhstan Today']}]"
    assert expected in titr.text_content()


def test_overview_opens_with_key_judgements_and_indicators(real: dict[str, str]) -> None:
    tree = lxml_html.fromstring(real["en"].encode())
    first = tree.xpath("//section")[0]
    assert first.get("id") == "judgements"
    judgements = first.xpath(".//ul[@class='judgements']/li")
    assert len(judgements) >= 3
    notes = [li.xpath(".//span[@class='fn']")[0].text_content() for li in judgements]
    assert all(n.startswith("Desk judgement (") and "[2] Metbuat.az" in n for n in notes[:1])
    indicators = " ".join(first.xpath(".//ul[@class='indicators']")[0].text_content().split())
    assert "2022: 0; 2023: 0; 2024: 1; 2025: 3" in indicators
    assert "Azerbaijan–Kazakhstan mutual trade" in indicators
    assert "Transport and logistics (" in indicators
    assert "No report on Environment since 3 March 2025" in indicators


def test_statuses_are_checked_against_the_as_of_date(real: dict[str, str]) -> None:
    steps = lxml_html.fromstring(real["en"].encode()).xpath("//section[@id='next-steps']")[0]
    rows = {tr.get("data-fact"): " ".join(tr.text_content().split()) for tr in steps.iter("tr")}
    assert "planned for September 2025; no report since" in rows["cis-games-2025"]
    assert "one article only" in rows["cis-games-2025"]
    assert "visit-aliyev-kazakhstan-planned-2023" not in rows  # fulfilled in October 2025
    earlier = render(FACTS, TEMPLATES, as_of=dt.date(2025, 6, 30))
    steps = lxml_html.fromstring(earlier.encode()).xpath("//section[@id='next-steps']")[0]
    rows = {tr.get("data-fact"): " ".join(tr.text_content().split()) for tr in steps.iter("tr")}
    assert "no report since" not in rows["cis-games-2025"]
    assert "visit-aliyev-kazakhstan-planned-2023" in rows  # not yet fulfilled in June


def test_names_the_articles_do_not_print_are_marked_as_ours(real: dict[str, str]) -> None:
    people = lxml_html.fromstring(real["en"].encode()).xpath("//section[@id='people']//tr")
    cells = {tr[0].text: " ".join(tr[1].text_content().split()) for tr in people if len(tr) > 1}
    assert cells["Ali Asadov"] == "Əli Əsədov; Али Асадов (our transliteration)"
    assert cells["Kassym-Jomart Tokayev"] == "Kasım-Jomart Tokayev; Қасым-Жомарт Тоқаев"


def test_no_label_repeats_itself(real: dict[str, str]) -> None:
    text = body_text(real["en"])
    assert "Caucasus History Centre, Caucasus History Centre" not in text
    assert "near Aktau, Near Aktau" not in text
    assert not re.search(r"Republic of Azerbaijan \(\d", text)
    assert not re.search(r"Ali Asadov, Olzhas Bektenov \(", text)


def test_inferred_dates_are_marked_with_their_reasoning(real: dict[str, str]) -> None:
    rows = lxml_html.fromstring(real["en"].encode()).xpath("//section[@id='chronology']//tr")
    council = next(tr for tr in rows if tr.get("data-fact") == "expert-council-founded-2022-05")
    assert "(inferred)" in council[0].text_content()
    note = council.xpath(".//span[@class='fn']")[0].text_content()
    assert "inferred date: Shafiyev says the council was founded" in note


@pytest.mark.parametrize(
    ("lang", "marking"),
    [
        ("en", "RESTRICTED"),
        ("az", "Xidməti istifadə üçün"),
        ("kk", "Қызмет бабында пайдалану үшін"),
    ],
)
def test_marking_is_in_the_briefing_language(real: dict[str, str], lang: str, marking: str) -> None:
    tree = lxml_html.fromstring(real[lang].encode())
    assert tree.xpath("//meta[@name='classification']/@content") == [marking]
    assert tree.xpath("//p[@class='marking']")[0].text == marking


def test_html_output_is_self_contained_and_pdf_main_body_is_short(tmp_path: Path) -> None:
    args = ["build", "overview", "--format", "html,pdf", "--out", str(tmp_path)]
    result = CliRunner().invoke(cli, [*args, "--facts", str(FACTS), "--templates", str(TEMPLATES)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "overview.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet"' not in html and "<style>" in html and "@page" in html
    assert "url(fonts/" not in html
    pages = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "overview.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\f")
    lonely = [line for line in "".join(pages).splitlines() if re.fullmatch(r"\s*\d{1,3}\s*", line)]
    assert lonely == []  # a footnote number never wraps onto a line of its own
    heading = re.compile(r"^Annex: all records by area\s*$", re.MULTILINE)
    annex = next(n for n, page in enumerate(pages, 1) if heading.search(page))
    assert 5 <= annex <= 8  # a main body of about six pages, then the annex


def test_a_footnote_call_is_bound_to_the_character_before_it() -> None:
    from briefings.writers.footnotes import keep_calls

    html = 'Trade grew.<span class="fn">[1] <span lang="az">Bakı</span>, para. 2</span> Next.'
    assert keep_calls(html) == (
        'Trade grew<span class="keep">.<span class="fn">[1] <span lang="az">Bakı</span>, '
        "para. 2</span></span> Next."
    )
    assert keep_calls('<li><span class="fn">x</span></li>') == '<li><span class="fn">x</span></li>'
