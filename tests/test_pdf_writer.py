"""PdfWriter end to end: render fixtures written here, read the PDF back with pypdf/poppler."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from briefings.errors import WriterError
from briefings.writers import footnotes
from briefings.writers import pdf as pdf_writer
from briefings.writers.base import WriterOptions
from briefings.writers.fetcher import TemplatesFetcher
from briefings.writers.glyphs import check_glyphs, font_characters, scan_document
from briefings.writers.pdf import PdfWriter, css_string, margin_css, page_label_content
from tests.vocabulary import vocabulary_page

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
OPTIONS = WriterOptions(templates=TEMPLATES)

AZ_LETTERS = "əƏğĞıİşŞçÇöÖüÜ"
KK_LETTERS = "әӘғҒқҚңҢөӨұҰүҮһҺіІ"

pytestmark = pytest.mark.slow


# ---------------------------------------------------------------- fixture builders


def document(body: str, **head_options: str) -> str:
    """Wrap body HTML in a complete vocabulary document (author and keywords of our own)."""
    options = {"author": "briefings", "keywords": "Azerbaijan, Kazakhstan, Caspian"}
    return vocabulary_page(body, **{**options, **head_options})


SECTIONS = [
    ("political", "Political dialogue", "Top-level contacts"),
    ("economy", "Trade and investment", "Transport corridors"),
    ("energy", "Energy and the Caspian", "Oil and gas transit"),
    ("culture", "Culture and education", "Universities"),
    ("outlook", "Outlook and talking points", "Risks"),
]

PEOPLE = [
    ("İlham Əliyev", "az", "President of the Republic of Azerbaijan"),
    ("Қасым-Жомарт Тоқаев", "kk", "President of the Republic of Kazakhstan"),
    ("Ceyhun Bayramov", "az", "Minister of Foreign Affairs of Azerbaijan"),
    ("Мұрат Нұртілеу", "kk", "Minister of Foreign Affairs of Kazakhstan"),
    ("Mikayıl Cabbarov", "az", "Minister of Economy of Azerbaijan"),
    ("Серік Жұманғарин", "kk", "Deputy Prime Minister, Minister of National Economy"),
    ("Pərviz Şahbazov", "az", "Minister of Energy of Azerbaijan"),
    ("Алмасадам Сәтқалиев", "kk", "Minister of Energy of Kazakhstan"),
    ("Emin Əmrullayev", "az", "Minister of Science and Education of Azerbaijan"),
    ("Ғани Бейсембаев", "kk", "Minister of Education of Kazakhstan"),
    ("Rəşad Nəbiyev", "az", "Minister of Digital Development and Transport"),
    ("Марат Карабаев", "kk", "Minister of Transport of Kazakhstan"),
    ("Ədalət Muradov", "az", "Chairman, Milli Məclis committee on international relations"),
    ("Ерлан Қошанов", "kk", "Chairman of the Mazhilis"),
    (
        "Şahin Mustafayev",
        "az",
        "Deputy Prime Minister, co-chair of the intergovernmental commission",
    ),
]

PLACES = "Bakı, Gəncə, Sumqayıt, Şuşa and Ləkəran; Ақтау, Құрық, Шымкент, Өскемен and Түркістан"


def paragraph(section: int, number: int, notes: bool) -> str:
    """Return one body paragraph with two citation footnotes and names in both scripts."""
    person, lang, role = PEOPLE[(section * 3 + number) % len(PEOPLE)]
    fn = (
        f'<span class="fn">Ministry of Foreign Affairs, press release no. {section}{number}/25, '
        f"<em>Joint statement</em>, {10 + number} March 2025, paragraph {number + 2}.</span>"
        if notes
        else ""
    )
    fn2 = (
        '<span class="fn">Interview with <span lang="az">Azərbaycan</span> and '
        f'<span lang="kk">Қазақстан</span> officials, Baku, {number + 1} April 2025.</span>'
        if notes
        else ""
    )
    return (
        f'<p>The meeting with <span lang="{lang}">{person}</span>, {role}, confirmed the agenda '
        "agreed at the previous round of consultations: connectivity across the Caspian, "
        f"joint investment projects and coordination in multilateral formats.{fn} "
        f"Delegations visited {PLACES}. Officials stressed that the schedule of the "
        "intergovernmental commission should be kept, and that the working groups report "
        f"before the end of the quarter; <strong>no new commitments</strong> are expected.{fn2}</p>"
    )


def table(rows: int) -> str:
    """Return a captioned table with long cell text and an unbreakable long token."""
    body = "".join(
        f'<tr><td><span lang="{lang}">{person}</span></td><td>{role}; responsible for the file on '
        "Caspian connectivity, the Middle Corridor, customs harmonisation and the digital "
        f"transit platform.</td><td>{2019 + i % 6}</td><td>Met counterpart in "
        f"{'Bakı' if lang == 'az' else 'Астана'}; follow-up: "
        "agreement-on-international-combined-freight-transport-ratification-pending; "
        f"file AZKZJOINTCOMMISSIONPROTOCOL2025000{i:03d}</td></tr>"
        for i, (person, lang, role) in enumerate(PEOPLE[i % len(PEOPLE)] for i in range(rows))
    )
    return (
        "<table><caption>Table 1. Principal interlocutors</caption>"
        '<colgroup><col style="width: 24%"><col style="width: 40%"><col style="width: 10%">'
        '<col style="width: 26%"></colgroup>'
        "<thead><tr><th>Name</th><th>Role and portfolio</th><th>Since</th><th>Last contact</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def lists() -> str:
    """Return a bullet list with a nested level and a numbered list."""
    return (
        "<ul><li>Ratify the agreement on international combined freight transport.</li>"
        '<li>Agree the schedule of the <span lang="kk">Ақтау</span>–<span lang="az">Ələt</span> '
        "ferry service.<ul><li>Port capacity</li><li>Tariffs</li></ul></li>"
        "<li>Prepare the business forum.</li></ul>"
        "<ol><li>Open with the joint statement.</li><li>Raise the transit tariffs.</li>"
        '<li><span class="untranslated">[en] Close with the invitation to Astana.</span></li></ol>'
    )


def section(index: int, notes: bool, rows: int) -> str:
    """Return one <section> with h2, h3, h4, paragraphs and, in places, a table or lists."""
    ident, heading, sub = SECTIONS[index]
    paras = "".join(paragraph(index, n, notes) for n in range(3))
    extra = table(rows) if index == 1 else lists() if index in (0, 4) else ""
    quote = (
        "<blockquote><p>“Our countries are linked by the Caspian, not separated by it.”</p>"
        "</blockquote>"
        if index == 2
        else ""
    )
    return (
        f'<section id="{ident}"><h2 id="{ident}-h">{heading}</h2>{paras}'
        f'<h3 id="{ident}-sub">{sub}</h3>{quote}{extra}'
        f"<h4>Background</h4>{paragraph(index, 4, False)}</section>"
    )


def toc() -> str:
    """Return the table of contents nav with nested level-3 entries."""
    items = "".join(
        f'<li><a href="#{ident}-h">{heading}</a>'
        f'<ol><li><a href="#{ident}-sub">{sub}</a></li></ol></li>'
        for ident, heading, sub in SECTIONS
    )
    return f'<nav class="toc"><h2>Contents</h2><ol>{items}</ol></nav>'


def sample_briefing(notes: bool = True, rows: int = 15, **head_options: str) -> str:
    """Return the realistic multi-page sample: title block, TOC, 5 sections, table, notes."""
    title_block = (
        '<header class="title-block"><p class="marking">Restricted</p>'
        "<h1>Azerbaijan–Kazakhstan relations: overview</h1>"
        '<p class="subtitle">Briefing for the visit of the Minister of Foreign Affairs</p>'
        '<p class="meta">As of 18 December 2025 · English · Edition 3</p></header>'
    )
    sections = "".join(section(i, notes, rows) for i in range(len(SECTIONS)))
    return document(title_block + toc() + sections, **head_options)


def render(html: str) -> bytes:
    """Render HTML with the PdfWriter against the real templates folder."""
    return PdfWriter().render(html, OPTIONS)


def catalog(pdf: bytes) -> Any:
    """Return the PDF's document catalog (typed loosely: pypdf's objects are dynamic)."""
    return PdfReader(io.BytesIO(pdf)).trailer["/Root"]


def text_of(pdf: bytes) -> str:
    """Return the text of every page, joined."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    """Render the full sample once for the tests that only read it."""
    return render(sample_briefing())


# ---------------------------------------------------------------- unit-level


def test_css_string_escapes_quotes_backslashes_and_controls() -> None:
    assert css_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\a d"'


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Page {page} of {pages}", '"Page " counter(page) " of " counter(pages)'),
        ("{pages} беттің {page}-беті", 'counter(pages) " беттің " counter(page) "-беті"'),
        ("{page}", "counter(page)"),
    ],
)
def test_page_label_placeholders_in_any_order(label: str, expected: str) -> None:
    assert page_label_content(label) == expected


def test_page_label_unknown_placeholder_is_a_writer_error() -> None:
    with pytest.raises(WriterError, match="unknown placeholder"):
        page_label_content("Page {page} of {total}")


def test_margin_css_takes_title_and_marking_from_head() -> None:
    doc = scan_document(document("<p>x</p>", title='Say "hi" \\ there'))
    css = margin_css(doc)
    assert '@top-left { content: "Say \\"hi\\" \\\\ there"; }' in css
    assert '@top-right { content: "RESTRICTED"; }' in css


# ---------------------------------------------------------------- rendered PDF


def test_text_has_headings_footnotes_and_az_kk_letters(sample_pdf: bytes) -> None:
    text = text_of(sample_pdf)
    for _, heading, _ in SECTIONS:
        assert heading in text
    assert "press release no. 12/25" in text  # footnote text reached the page foot
    assert "İlham Əliyev" in text and "Қасым-Жомарт Тоқаев" in text


def test_every_azerbaijani_and_kazakh_letter_extracts_as_itself() -> None:
    words = " ".join(f"x{letter}x" for letter in AZ_LETTERS + KK_LETTERS)
    for bold in (False, True):
        body = f'<h2>{words}</h2><p><span lang="az">{words}</span></p>'
        if bold:
            body = f"<p><strong>{words}</strong> <em>{words}</em></p>"
        text = text_of(render(document(body)))
        for letter in AZ_LETTERS + KK_LETTERS:
            assert f"x{letter}x" in text, f"{letter!r} U+{ord(letter):04X} bold={bold}"


def test_metadata_comes_from_the_head(sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Azerbaijan–Kazakhstan relations: overview"
    assert meta.author == "briefings"
    assert meta.subject == "Bilateral relations between Azerbaijan and Kazakhstan"
    assert meta["/Keywords"] == "Azerbaijan, Kazakhstan, Caspian"
    assert meta["/Creator"] == "briefings 0.1.0"
    assert str(meta["/CreationDate"]).startswith("D:20251218")
    assert str(meta["/ModDate"]).startswith("D:20251219")
    assert catalog(sample_pdf)["/Lang"] == "en"


def test_language_follows_html_lang() -> None:
    pdf = render(document("<p>Қазақстан</p>", lang="kk"))
    assert catalog(pdf)["/Lang"] == "kk"


def test_outline_has_section_headings_not_title_or_toc(sample_pdf: bytes) -> None:
    outline = PdfReader(io.BytesIO(sample_pdf)).outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == [heading for _, heading, _ in SECTIONS]
    nested = [item for item in outline if isinstance(item, list)]
    assert len(nested) == len(SECTIONS)  # h3 (and h4 below them) nest under each h2


def embedded_fonts(pdf: bytes) -> dict[str, TTFont]:
    """Map each embedded font's PDF name (subset tag removed) to its parsed font file."""
    fonts: dict[str, TTFont] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            data = descriptor["/FontFile2"].get_object().get_data()
            fonts[re.sub(r"^[A-Z]{6}\+", "", str(font["/BaseFont"])[1:])] = TTFont(io.BytesIO(data))
    return fonts


def test_only_our_template_fonts_are_embedded(sample_pdf: bytes) -> None:
    # print.css names the families "Briefings Serif/Sans", which no system font has: a
    # font refused by the fetcher would show up here as a fallback such as DejaVu.
    fonts = embedded_fonts(sample_pdf)
    full_names = {name: font["name"].getDebugName(4) for name, font in fonts.items()}
    assert full_names == {
        "Briefings-Serif": "Noto Serif Regular",
        "Briefings-Serif-Bold": "Noto Serif Bold",
        "Briefings-Serif-Italic": "Noto Serif Italic",
        "Briefings-Sans": "Noto Sans Regular",
        "Briefings-Sans-Bold": "Noto Sans Bold",
    }


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_reports_embedded_subsets(tmp_path: Path, sample_pdf: bytes) -> None:
    target = tmp_path / "sample.pdf"
    target.write_bytes(sample_pdf)
    lines = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True)
    rows = lines.stdout.splitlines()[2:]
    assert len(rows) == 5, lines.stdout
    assert all("Briefings-" in row and re.search(r"\byes\s+yes\s+yes\b", row) for row in rows)


def test_long_document_paginates_with_header_footer_and_toc_numbers(sample_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(sample_pdf))
    pages = len(reader.pages)
    assert pages > 2
    first, second = (reader.pages[i].extract_text() for i in (0, 1))
    assert f"Page 2 of {pages}" in second
    assert f"Page 1 of {pages}" in first
    title = "Azerbaijan–Kazakhstan relations: overview"
    assert second.count(title) == 1  # the running header
    assert first.count(title) == 1  # the h1 only: no running header on the first page
    assert second.count("RESTRICTED") == 2  # marking in header and footer
    toc_lines = [line for line in first.splitlines() if line.startswith("Trade and investment")]
    assert toc_lines and re.search(r"\.\s*\d+$", toc_lines[0]), toc_lines


def test_localized_page_label_in_kazakh_order() -> None:
    html = sample_briefing(lang="kk", page_label="{pages} беттің {page}-беті")
    reader = PdfReader(io.BytesIO(render(html)))
    total = len(reader.pages)
    assert f"{total} беттің 2-беті" in reader.pages[1].extract_text()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_no_word_crosses_the_right_margin(tmp_path: Path, sample_pdf: bytes) -> None:
    # The table holds a 38-character token with no break opportunity: it must wrap in its cell.
    target = tmp_path / "sample.pdf"
    target.write_bytes(sample_pdf)
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    right_edge = (210 - 22) / 25.4 * 72 + 0.5  # A4 width minus the 22 mm margin, in pt
    ends = [float(x) for x in re.findall(r'<word xMin="[^"]+" yMin="[^"]+" xMax="([^"]+)"', boxes)]
    assert len(ends) > 1000
    assert max(ends) <= right_edge, max(ends)
    assert "interlocutors</word>" in boxes  # the table was rendered


def test_two_renders_are_byte_identical() -> None:
    html = sample_briefing(rows=5)
    assert render(html) == render(html)


def test_source_date_epoch_used_only_without_html_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    undated = document("<p>x</p>", dcterms_created="", dcterms_modified="")
    meta = PdfReader(io.BytesIO(render(undated))).metadata
    assert meta is not None and str(meta["/CreationDate"]).startswith("D:20231114")
    dated = PdfReader(io.BytesIO(render(document("<p>x</p>")))).metadata
    assert dated is not None and str(dated["/CreationDate"]).startswith("D:20251218")


# ---------------------------------------------------------------- footnotes


def dropped_footnote_case() -> str:
    """Return HTML on which WeasyPrint 70 drops footnote two (no print.css: exact geometry).

    Line "y" overflows the page; orphans: 2 forbid breaking before it, so WeasyPrint reports
    footnote one to the next page to make room and keeps "y" without laying out its note.
    """
    lines = "".join(f"L{i}<br>" for i in range(2, 9))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title><style>'
        "@page { size: 120px 100px; margin: 0; @footnote { margin: 0; padding: 0; border: 0 } }"
        "html { font: 10px/1 sans-serif } body { margin: 0; orphans: 2; widows: 1 }"
        "p, div { margin: 0 } span.fn { float: footnote; line-height: 1 }"
        "::footnote-call { vertical-align: baseline; line-height: 1 }</style></head><body>"
        f'<div>L1<span class="fn">note one</span><br>{lines}</div>'
        '<p>x<br>y<span class="fn">note two</span><br>z</p></body></html>'
    )


@pytest.fixture
def without_rescue(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run a test on WeasyPrint's own page maker, as if our fixes were not installed."""
    from weasyprint.layout import page as page_layout

    footnotes.install_footnote_fixes()
    original = page_layout.remake_page.briefings_original
    monkeypatch.setattr(page_layout, "remake_page", original)
    monkeypatch.setattr(footnotes, "install_footnote_fixes", lambda: None)


def test_dropped_footnote_is_rescued_to_the_next_page() -> None:
    text = text_of(render(dropped_footnote_case()))
    assert "1. note one" in text and "2. note two" in text


@pytest.mark.usefixtures("without_rescue")
def test_a_lost_footnote_is_a_writer_error_never_silent() -> None:
    # Also a canary: if this stops raising, WeasyPrint fixed the drop and the rescue can go.
    with pytest.raises(
        WriterError, match=r"1 footnote\(s\) lost in PDF layout \(page 1: 'note two'"
    ):
        render(dropped_footnote_case())


def test_pending_footnotes_behave_as_the_list_they_replace() -> None:
    one, two, three = object(), object(), object()
    pending = footnotes.PendingFootnotes([one, two])
    pending.append(three)
    pending.remove(one)
    copy = pending.copy()
    copy.remove(two)
    assert list(pending) == [two, three] and list(copy) == [three]
    assert isinstance(copy, footnotes.PendingFootnotes)
    assert two in pending and one not in pending and None not in pending
    assert two not in copy and three in copy


def test_layout_asks_the_indexed_list_and_prints_the_same_pdf(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = sample_briefing()
    asked = []
    original = footnotes.PendingFootnotes.__contains__

    def counted(self: footnotes.PendingFootnotes, note: object) -> bool:
        asked.append(note)
        return original(self, note)

    monkeypatch.setattr(footnotes.PendingFootnotes, "__contains__", counted)
    fixed = render(html)
    assert len(asked) > 1000  # every box of every line is asked about
    monkeypatch.setattr(footnotes, "PendingFootnotes", list)  # WeasyPrint's own plain list
    assert render(html) == fixed


def test_sample_footnotes_all_printed_on_their_page_or_the_next() -> None:
    html = sample_briefing()
    doc = scan_document(html)
    document = pdf_writer.lay_out(html, doc, OPTIONS, TemplatesFetcher(TEMPLATES))
    calls, bodies = footnotes.footnote_pages(document.pages)
    assert len(calls) == len(bodies) == 30
    assert all(bodies[note] - page in (0, 1) for note, page in calls.items())


# ---------------------------------------------------------------- glyph check


@pytest.mark.parametrize(("char", "code"), [("漢", "U+6F22"), ("\ue000", "U+E000")])
def test_missing_glyph_is_a_writer_error_naming_char_place_and_font(char: str, code: str) -> None:
    html = document(f"<h2>Energy</h2><p>Pipeline {char} capacity</p>")
    with pytest.raises(WriterError) as caught:
        render(html)
    message = str(caught.value)
    assert code in message and repr(char) in message
    assert "'Energy'" in message and "Pipeline" in message
    assert "NotoSerif-Regular.ttf" in message and "NotoSans-Bold.ttf" in message
    assert caught.value.problems and caught.value.problems[0].field == "glyph"


def test_missing_glyph_in_title_is_reported_there() -> None:
    with pytest.raises(WriterError, match=r"U\+2603.*in <title>"):
        check_glyphs(scan_document(document("<p>x</p>", title="Snow ☃")), TEMPLATES)


def test_whitespace_and_format_characters_are_ignored() -> None:
    check_glyphs(scan_document(document("<p>a\u00adb\u200bc\u200dd\te</p>")), TEMPLATES)


def test_font_cmaps_are_cached_per_process() -> None:
    font = TEMPLATES / "fonts" / "NotoSerif-Regular.ttf"
    assert font_characters(font) is font_characters(font)
