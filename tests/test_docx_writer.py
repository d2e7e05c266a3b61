"""DocxWriter: render small vocabulary fixtures, then read the DOCX back through its parts."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from briefings.errors import WriterError
from briefings.writers.base import WriterOptions
from briefings.writers.docx import DocxWriter
from briefings.writers.reference_doc import build_reference_doc
from tests.vocabulary import vocabulary_page

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
OPTIONS = WriterOptions(templates=TEMPLATES)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}

AZ_TEXT = "Fərid Şəfiyev, ə Ə ğ ı İ ş ç ö ü"
KK_TEXT = "Әлім Байел, ә ғ қ ң ө ұ ү һ і"


# ---------------------------------------------------------------- fixture builders


def page(body: str, lang: str = "en", **metas: str) -> str:
    """Return a complete vocabulary document around ``body``."""
    return vocabulary_page(body, lang=lang, **metas)


BRIEFING = """
<header class="title-block">
  <p class="marking">RESTRICTED</p>
  <h1>Azerbaijan–Kazakhstan relations</h1>
  <p class="subtitle">Overview briefing</p>
  <p class="meta">As of 18 December 2025 · Edition 1</p>
</header>
<nav class="toc">
  <h2>Contents</h2>
  <ol>
    <li><a href="#sec-summary">Summary</a></li>
    <li><a href="#sec-people">Key people</a>
      <ol><li><a href="#people-az">Azerbaijan</a></li></ol></li>
  </ol>
</nav>
<div class="page-break"></div>
<section id="summary">
  <h2 id="sec-summary">Summary</h2>
  <p>Relations   deepened
     in <strong>2025</strong>.<span class="fn">Report, <em>15 Dec 2025</em>, para. 6,
     <a href="https://report.az/en">report.az</a>.</span> Trade grew.</p>
  <ul>
    <li><strong>Latest contact:</strong> state visit, October 2025.</li>
    <li>Transport
      <ul><li>Aktau port</li><li>Baku port</li></ul>
    </li>
  </ul>
  <ol class="sources">
    <li>First point.</li>
    <li>Second point.<ol><li>Sub-point.</li></ol></li>
  </ol>
  <blockquote><p>“A strategic partnership.”</p></blockquote>
</section>
<section id="people">
  <h2 id="sec-people">Key people</h2>
  <h3 id="people-az">Azerbaijan</h3>
  <table class="people">
    <caption>People in the sources</caption>
    <colgroup><col style="width: 50%"><col style="width: 20%"><col style="width: 30%"></colgroup>
    <thead><tr><th>Name</th><th>Spelling</th><th>Role</th></tr></thead>
    <tbody>
      <tr><td>Farid Shafiyev</td><td><span lang="az">Fərid Şəfiyev, ə Ə ğ ı İ ş ç ö ü</span></td>
          <td>Chair</td></tr>
      <tr><td>Alim Bayel</td><td><span lang="kk">Әлім Байел, ә ғ қ ң ө ұ ү һ і</span></td>
          <td>Ambassador</td></tr>
    </tbody>
  </table>
  <h4>Background</h4>
  <p class="weird">See <a href="#sec-summary">the summary</a>.<br>  Next line.</p>
</section>
"""


def render(body: str = BRIEFING, options: WriterOptions = OPTIONS, **head: str) -> bytes:
    """Render a document with ``body`` through the DOCX writer."""
    return DocxWriter().render(page(body, **head), options)


def part(data: bytes, name: str) -> etree._Element:
    """Return one XML part of the package, parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def text_of(element: etree._Element) -> str:
    """Return the visible text of a paragraph: w:t, tabs and breaks (never field codes)."""
    pieces = []
    for node in element.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
        if node.tag == f"{{{W}}}t":
            pieces.append(node.text or "")
        elif node.getparent().tag == f"{{{W}}}r":  # a tab stop definition is not text
            pieces.append("\t" if node.tag == f"{{{W}}}tab" else "\n")
    return "".join(pieces)


def blocks(data: bytes) -> list[tuple[str, str]]:
    """Return (style name, text) for body paragraphs in order, table cells included."""
    document = docx.Document(io.BytesIO(data))
    names = {style.style_id: style.name for style in document.styles}
    found = []
    for paragraph in document.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = names[style.get(qn("w:val"))] if style is not None else "Normal"
        found.append((name, text_of(paragraph)))
    return found


# ---------------------------------------------------------------- mapping


def test_paragraph_styles_follow_the_vocabulary_in_order() -> None:
    styles = [style for style, _ in blocks(render())]
    assert styles == [
        "Subtitle", "Title", "Subtitle", "Normal",
        "TOC Heading", "toc 1", "toc 1", "toc 2",
        "Heading 1", "Normal",
        "List Bullet", "List Bullet", "List Bullet 2", "List Bullet 2",
        "List Number", "List Number", "List Number 2",
        "Quote",
        "Heading 1", "Heading 2", "Caption",
        "Normal", "Normal", "Normal", "Normal", "Normal", "Normal", "Normal", "Normal", "Normal",
        "Heading 3", "Normal",
    ]  # fmt: skip


def test_texts_equal_the_html_in_order_without_footnote_text() -> None:
    texts = [text for _, text in blocks(render())]
    assert texts[:4] == [
        "RESTRICTED",
        "Azerbaijan–Kazakhstan relations",
        "Overview briefing",
        "As of 18 December 2025 · Edition 1",
    ]
    assert texts[5:8] == ["Summary\t", "Key people\t", "Azerbaijan\t"]
    assert texts[8:12] == [
        "Summary",
        "Relations deepened in 2025. Trade grew.",
        "Latest contact: state visit, October 2025.",
        "Transport",
    ]
    assert texts[17:21] == [
        "“A strategic partnership.”",
        "Key people",
        "Azerbaijan",
        "People in the sources",
    ]
    assert texts[21:30] == [
        "Name", "Spelling", "Role",
        "Farid Shafiyev", AZ_TEXT, "Chair",
        "Alim Bayel", KK_TEXT, "Ambassador",
    ]  # fmt: skip
    assert texts[-2:] == ["Background", "See the summary.\nNext line."]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>  a \n\t b  </p>", "a b"),
        ("<p>a<strong> b </strong>c</p>", "a b c"),
        ("<p>a <em>b</em> <em> c</em></p>", "a b c"),
        ("<p>line one  <br>\n  line two</p>", "line one\nline two"),
        ("<p>no&nbsp;&nbsp;break</p>", "no\u00a0\u00a0break"),
        ("<section>\n bare text <em>here</em>\n</section>", "bare text here"),
    ],
)
def test_whitespace_collapses_like_a_browser(html: str, expected: str) -> None:
    assert blocks(render(html)) == [("Normal", expected)]


def test_a_space_stays_on_the_side_of_a_link_where_it_was_written() -> None:
    body = part(
        render('<p>see <a href="#x">link</a> more, <a href="#x"> b </a>c</p>'), "word/document.xml"
    )
    (paragraph,) = body.iter(qn("w:p"))
    links = [text_of(link) for link in paragraph.iter(qn("w:hyperlink"))]
    assert links == ["link", "b "]
    assert text_of(paragraph) == "see link more, b c"


def test_inline_formatting_and_languages_become_run_properties() -> None:
    data = render(
        '<p><strong>bold</strong> <b>b</b> <em>it</em> <i>i</i> <span lang="az">Şəfiyev</span> '
        '<span lang="kk">Байел</span> <span class="untranslated">[en] text</span></p>'
    )
    body = part(data, "word/document.xml")

    def runs_with(xpath: str) -> list[str]:
        return [text_of(run) for run in body.xpath(f"//w:r[{xpath}]", namespaces=NS)]

    assert runs_with("w:rPr/w:b") == ["bold ", "b "]
    assert runs_with("w:rPr/w:i") == ["it ", "i "]
    assert runs_with("w:rPr/w:lang[@w:val='az-Latn-AZ']") == ["Şəfiyev "]
    assert runs_with("w:rPr/w:lang[@w:val='kk-KZ']") == ["Байел "]
    assert runs_with("not(w:rPr)")[-1] == "[en] text"


def test_headings_carry_bookmarks_and_internal_links_point_at_them() -> None:
    body = part(render(), "word/document.xml")
    marks = {
        mark.get(qn("w:name")): text_of(mark.getparent())
        for mark in body.iter(qn("w:bookmarkStart"))
    }
    assert marks["sec_summary"] == "Summary"
    assert marks["people_az"] == "Azerbaijan"
    assert marks["summary"] == "Summary"  # the <section id> bookmarks its first paragraph
    anchors = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink"))]
    assert anchors == ["sec_summary", "sec_people", "people_az", "sec_summary"]
    assert set(anchors) <= set(marks)
    starts = len(list(body.iter(qn("w:bookmarkStart"))))
    assert starts == len(list(body.iter(qn("w:bookmarkEnd"))))


def test_external_links_are_relationships() -> None:
    data = render('<p>See <a href="https://example.org/a?b=1">the site</a>.</p>')
    link = part(data, "word/document.xml").find(f".//{qn('w:hyperlink')}")
    rels = part(data, "word/_rels/document.xml.rels")
    (rel,) = [r for r in rels if r.get("Id") == link.get(qn("r:id"))]
    assert rel.get("Target") == "https://example.org/a?b=1"
    assert rel.get("TargetMode") == "External"
    assert text_of(link) == "the site"


def test_page_break_div_breaks_before_the_next_paragraph() -> None:
    body = part(render('<p>one</p><div class="page-break"></div><p>two</p>'), "word/document.xml")
    paragraphs = body.findall(f".//{qn('w:p')}")
    assert paragraphs[0].find(f".//{qn('w:pageBreakBefore')}") is None
    assert paragraphs[1].find(f".//{qn('w:pageBreakBefore')}") is not None
    assert text_of(paragraphs[1]) == "two"


def test_a_page_break_before_a_table_without_caption_keeps_its_place() -> None:
    body = part(
        render('<p>a</p><div class="page-break"></div><table><tr><td>x</td></tr></table>'),
        "word/document.xml",
    )
    anchor = body.find(f".//{qn('w:tbl')}").getprevious()
    assert anchor.find(f".//{qn('w:pageBreakBefore')}") is not None


def test_each_ordered_list_restarts_its_numbering() -> None:
    data = render("<ol><li>a</li><li>b</li></ol><p>x</p><ol><li>c</li></ol>")
    body = part(data, "word/document.xml")
    num_ids = [n.get(qn("w:val")) for n in body.iter(qn("w:numId"))]
    assert num_ids[0] == num_ids[1] != num_ids[2]
    numbering = part(data, "word/numbering.xml")
    for num_id in set(num_ids):
        (num,) = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)
        assert num.xpath("w:lvlOverride/w:startOverride/@w:val", namespaces=NS) == ["1"]


# ---------------------------------------------------------------- footnotes, TOC, tables


def test_footnotes_are_real_word_footnotes() -> None:
    data = render()
    footnotes = part(data, "word/footnotes.xml")
    ids = [note.get(qn("w:id")) for note in footnotes]
    assert ids == ["-1", "0", "1"]
    assert [note.get(qn("w:type")) for note in footnotes][:2] == [
        "separator",
        "continuationSeparator",
    ]
    note = footnotes[2]
    assert text_of(note).strip() == "Report, 15 Dec 2025, para. 6, report.az."
    assert note.xpath("w:p/w:pPr/w:pStyle/@w:val", namespaces=NS) == ["FootnoteText"]
    assert note.xpath(".//w:r[w:rPr/w:i]/w:t/text()", namespaces=NS) == ["15 Dec 2025"]
    link = note.find(f".//{qn('w:hyperlink')}")
    rels = part(data, "word/_rels/footnotes.xml.rels")
    assert [r.get("Target") for r in rels if r.get("Id") == link.get(qn("r:id"))] == [
        "https://report.az/en"
    ]
    body = part(data, "word/document.xml")
    (call,) = body.iter(qn("w:footnoteReference"))
    assert call.get(qn("w:id")) == "1"
    assert call.getparent().xpath("w:rPr/w:rStyle/@w:val", namespaces=NS) == ["FootnoteReference"]
    types = part(data, "[Content_Types].xml")
    assert any(o.get("PartName") == "/word/footnotes.xml" for o in types)
    settings = part(data, "word/settings.xml")
    assert settings.xpath("w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]


def test_no_footnotes_part_without_footnotes() -> None:
    with zipfile.ZipFile(io.BytesIO(render("<p>plain</p>"))) as package:
        assert "word/footnotes.xml" not in package.namelist()


def test_toc_is_a_word_field_prefilled_with_linked_entries() -> None:
    body = part(render(), "word/document.xml")
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert instructions[0] == ' TOC \\o "1-3" \\h \\z \\u '
    assert instructions[1:4] == [
        " PAGEREF sec_summary \\h ",
        " PAGEREF sec_people \\h ",
        " PAGEREF people_az \\h ",
    ]
    entries = body.xpath("//w:p[w:pPr/w:pStyle[starts-with(@w:val, 'TOC')]]", namespaces=NS)
    assert [text_of(p) for p in entries] == [
        "Contents",
        "Summary\t",
        "Key people\t",
        "Azerbaijan\t",
    ]
    anchors = [p.xpath("w:hyperlink/@w:anchor", namespaces=NS) for p in entries[1:]]
    assert anchors == [["sec_summary"], ["sec_people"], ["people_az"]]
    chars = [c.get(qn("w:fldCharType")) for p in entries for c in p.iter(qn("w:fldChar"))]
    assert chars[:3] == ["begin", "separate", "begin"] and chars[-1] == "end"
    assert chars.count("begin") == chars.count("end") == 4
    assert not body.xpath("//@w:dirty", namespaces=NS)


def test_word_offers_to_update_the_toc_page_numbers_on_opening() -> None:
    settings = part(render(), "word/settings.xml")
    names = [etree.QName(child).localname for child in settings]
    assert settings.xpath("w:updateFields/@w:val", namespaces=NS) == ["true"]
    # schema order: updateFields comes before footnotePr and compat
    assert names.index("updateFields") < names.index("footnotePr") < names.index("compat")


def test_no_field_update_is_asked_for_without_a_toc() -> None:
    settings = part(render("<p>plain</p>"), "word/settings.xml")
    assert not settings.xpath("w:updateFields", namespaces=NS)


def test_tables_use_the_style_widths_and_a_repeating_header_row() -> None:
    body = part(render(), "word/document.xml")
    (table,) = body.iter(qn("w:tbl"))
    assert table.xpath("w:tblPr/w:tblStyle/@w:val", namespaces=NS) == ["LightGrid-Accent1"]
    widths = [int(w) for w in table.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    assert [round(100 * w / sum(widths)) for w in widths] == [50, 20, 30]
    rows = table.findall(qn("w:tr"))
    assert [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in rows] == [
        True, False, False,
    ]  # fmt: skip
    assert rows[0].xpath(".//w:r[w:rPr/w:b]/w:t/text()", namespaces=NS) == [
        "Name",
        "Spelling",
        "Role",
    ]
    caption = table.getprevious()
    assert caption.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) == ["Caption"]


def test_a_first_row_of_th_is_a_header_row_and_row_heads_are_bold() -> None:
    data = render(
        '<table class="facts"><tr><th>Key</th><th>Value</th></tr>'
        "<tr><th>Capital</th><td>Baku</td></tr></table>"
    )
    rows = part(data, "word/document.xml").findall(f".//{qn('w:tr')}")
    assert [row.find(f".//{qn('w:tblHeader')}") is not None for row in rows] == [True, False]
    assert rows[1].xpath(".//w:r[w:rPr/w:b]/w:t/text()", namespaces=NS) == ["Capital"]


# ---------------------------------------------------------------- head, styles, language


def test_header_and_footer_carry_title_marking_and_page_fields() -> None:
    data = render()
    header, footer = part(data, "word/header1.xml"), part(data, "word/footer1.xml")
    assert text_of(header) == "Azerbaijan–Kazakhstan relations: overview\tRESTRICTED"
    assert text_of(footer) == "RESTRICTED\tPage 1 of 1"
    fields = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]
    sect = part(data, "word/document.xml").find(f".//{qn('w:sectPr')}")
    kinds = {ref.get(qn("w:type")) for ref in sect.iter(qn("w:headerReference"))}
    assert kinds == {"default"} and sect.find(qn("w:titlePg")) is None


def test_page_label_order_comes_from_the_template() -> None:
    footer = part(
        render("<p>x</p>", lang="kk", page_label="{pages} беттің {page}-беті"), "word/footer1.xml"
    )
    assert [t.text.strip() for t in footer.iter(qn("w:instrText"))] == ["NUMPAGES", "PAGE"]
    assert "беттің" in text_of(footer)


def test_core_properties_come_from_the_head() -> None:
    props = docx.Document(io.BytesIO(render(lang="az"))).core_properties
    assert props.title == "Azerbaijan–Kazakhstan relations: overview"
    assert props.author == props.last_modified_by == "Briefing unit"
    assert props.subject == "Bilateral relations between Azerbaijan and Kazakhstan"
    assert props.keywords == "Azerbaijan, Kazakhstan"
    assert props.language == "az-Latn-AZ"
    assert props.created == datetime(2025, 12, 18, tzinfo=UTC)
    assert props.modified == datetime(2025, 12, 19, tzinfo=UTC)
    assert props.revision == 1
    assert props.comments == ""


@pytest.mark.parametrize(("lang", "tag"), [("en", "en-GB"), ("az", "az-Latn-AZ"), ("kk", "kk-KZ")])
def test_document_language_is_set_for_the_spellchecker(lang: str, tag: str) -> None:
    styles = part(render("<p>x</p>", lang=lang), "word/styles.xml")
    default = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val", namespaces=NS)
    assert default == [tag]
    for style_id in ("Normal", "Title", "Heading1", "Heading2", "Heading3"):
        lang_vals = styles.xpath(
            f"w:style[@w:styleId='{style_id}']/w:rPr/w:lang/@w:val", namespaces=NS
        )
        assert lang_vals == [tag], style_id


def test_fonts_fill_all_four_slots_and_no_theme_font_wins() -> None:
    styles = part(render("<p>x</p>"), "word/styles.xml")
    assert not styles.xpath("//w:rFonts/@*[contains(local-name(), 'heme')]", namespaces=NS)
    expected = {"Normal": "Noto Serif", "Title": "Noto Sans", "Heading1": "Noto Sans"}
    expected |= {"Heading2": "Noto Sans", "Heading3": "Noto Sans", "TOC1": "Noto Serif"}
    expected |= {"Caption": "Noto Sans", "FootnoteText": "Noto Serif", "Header": "Noto Sans"}
    for style_id, face in expected.items():
        (fonts,) = styles.xpath(f"w:style[@w:styleId='{style_id}']/w:rPr/w:rFonts", namespaces=NS)
        assert [fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")] == [
            face
        ] * 4, style_id
    (defaults,) = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", namespaces=NS)
    assert len({defaults.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")}) == 1


def test_reference_doc_has_a4_page_and_keep_with_next_headings() -> None:
    document = docx.Document(str(TEMPLATES / "reference.docx"))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == round(section.right_margin.cm, 1) == 2.2
    for name in ("Heading 1", "Heading 2", "Heading 3", "Caption"):
        assert document.styles[name].paragraph_format.keep_with_next, name
    assert document.styles["footnote reference"].font.superscript  # Word's internal name


def test_reference_doc_file_matches_its_generator() -> None:
    built = build_reference_doc()
    assert built == build_reference_doc()
    assert (TEMPLATES / "reference.docx").read_bytes() == built, (
        "templates/reference.docx is stale: run "
        "python -m briefings.writers.reference_doc templates/reference.docx"
    )


# ---------------------------------------------------------------- reproducibility and errors


def test_same_html_gives_identical_bytes_with_fixed_zip_dates() -> None:
    first, second = render(), render()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        infos = package.infolist()
        assert {info.date_time for info in infos} == {(2025, 12, 19, 0, 0, 0)}
        names = [info.filename for info in infos]
        core = package.read("docProps/core.xml").decode()
    assert names[0] == "[Content_Types].xml" and names[1:] == sorted(names[1:])
    assert re.findall(r"\d{4}-\d\d-\d\dT[\d:]+Z", core) == [
        "2025-12-18T00:00:00Z",
        "2025-12-19T00:00:00Z",
    ]


def test_azerbaijani_and_kazakh_letters_survive() -> None:
    data = render(f'<h2 id="a">{AZ_TEXT}</h2><p lang="kk">{KK_TEXT}</p>', lang="kk")
    texts = [text for _, text in blocks(data)]
    assert texts == [AZ_TEXT, KK_TEXT]


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<video src='a.mp4'></video>", "unsupported HTML element <video> at line"),
        ("<p>a <img src='x.png'> b</p>", "unsupported HTML element <img>"),
        ("<nav><p>x</p></nav>", '<nav class="toc">'),
        ("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>", "too deep"),
        ("<p><a href='javascript:alert(1)'>x</a></p>", 'unsupported link target "javascript:'),
        ("<p><span class='fn'>a<span class='fn'>b</span></span></p>", "footnote inside a footnote"),
        ("<table><tr><td colspan='2'>x</td></tr></table>", "colspan"),
        ("<table><col style='width: 3em'><tr><td>x</td></tr></table>", "width: N%"),
        ("<nav class='toc'><ol><li>no link</li></ol></nav>", 'text "no link" is not allowed'),
        ("<nav class='toc'><ol><li><a href='https://x.org'>x</a></li></ol></nav>", "links to #id"),
        ("<div class='page-break'>text</div>", "page break must be empty"),
        ("<ul>loose text<li>a</li></ul>", "not allowed directly inside a list: <ul>"),
    ],
)
def test_html_outside_the_vocabulary_is_a_writer_error(html: str, message: str) -> None:
    with pytest.raises(WriterError) as caught:
        render(html)
    assert message in str(caught.value)


def test_xml_illegal_characters_are_named() -> None:
    with pytest.raises(WriterError, match=r"U\+000B at line"):
        render("<p>bad \x0b char</p>")
    with pytest.raises(WriterError, match=r"U\+0001 in <p>"):
        render("<p>bad &#1; reference</p>")
    with pytest.raises(WriterError, match=r"U\+0002 in <meta>"):
        DocxWriter().render(page("<p>x</p>").replace("Briefing unit", "bad &#2; author"), OPTIONS)


def test_unknown_page_label_placeholder_is_an_error() -> None:
    with pytest.raises(WriterError, match=r"\{total\}"):
        render("<p>x</p>", page_label="Page {page} of {total}")


def test_a_reference_doc_missing_a_style_is_named(tmp_path: Path) -> None:
    reference = docx.Document(str(TEMPLATES / "reference.docx"))
    styles = reference.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) in ("TOC2", "Quote"):
            styles.remove(style)
    custom = tmp_path / "house.docx"
    reference.save(str(custom))
    options = WriterOptions(templates=TEMPLATES, reference_docx=custom)
    with pytest.raises(WriterError) as caught:
        render("<p>x</p>", options=options)
    assert '"Quote"' in str(caught.value) and '"TOC 2"' in str(caught.value)
    assert str(custom) in str(caught.value)


def test_a_house_reference_doc_keeps_its_look_but_loses_its_content(tmp_path: Path) -> None:
    reference = docx.Document(str(TEMPLATES / "reference.docx"))
    reference.add_paragraph("House sample text that must not survive")
    reference.styles["Normal"].font.size = docx.shared.Pt(12)
    custom = tmp_path / "house.docx"
    reference.save(str(custom))
    data = render("<p>ours</p>", options=WriterOptions(templates=TEMPLATES, reference_docx=custom))
    assert blocks(data) == [("Normal", "ours")]
    normal = part(data, "word/styles.xml").xpath("w:style[@w:styleId='Normal']", namespaces=NS)[0]
    assert normal.xpath("w:rPr/w:sz/@w:val", namespaces=NS) == ["24"]


def test_a_missing_or_broken_reference_doc_is_a_writer_error(tmp_path: Path) -> None:
    with pytest.raises(WriterError, match="cannot read reference document"):
        render("<p>x</p>", options=WriterOptions(templates=tmp_path))
    (tmp_path / "reference.docx").write_bytes(b"not a zip")
    with pytest.raises(WriterError, match="is not a .docx"):
        render("<p>x</p>", options=WriterOptions(templates=tmp_path))


def test_a_finished_briefing_can_serve_as_reference_doc(tmp_path: Path) -> None:
    """Its footnotes, header, footer and body are replaced, not added to."""
    house = tmp_path / "house.docx"
    house.write_bytes(render())
    options = WriterOptions(templates=TEMPLATES, reference_docx=house)
    data = render('<p>new<span class="fn">only note</span></p>', options=options, lang="kk")
    assert blocks(data) == [("Normal", "new")]
    notes = part(data, "word/footnotes.xml")
    assert [text_of(note).strip() for note in notes][2:] == ["only note"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
    assert names.count("word/footnotes.xml") == 1
    assert [name for name in names if name.startswith("word/header")] == ["word/header1.xml"]
    assert text_of(part(data, "word/footer1.xml")) == "RESTRICTED\tPage 1 of 1"
