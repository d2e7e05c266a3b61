"""Raw WordprocessingML pieces python-docx has no API for: runs, fields, bookmarks, footnotes.

Everything here builds plain ``w:`` elements so the translator stays about HTML, and so the
few places that know OOXML element order live in one module. The deterministic zip writer is
shared with the reference-document generator.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.document import DocumentPart

logger = logging.getLogger(__name__)

Element = Any  # an lxml element of python-docx's oxml classes; lxml ships no usable stubs
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _names(text: str) -> tuple[str, ...]:
    """Return the element names of a schema sequence written as space-separated text."""
    return tuple(text.split())


SETTINGS_AFTER_FOOTNOTE_PR = _names(
    "endnotePr compat docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
    "readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags "
    "decimalSymbol listSeparator"
)

SETTINGS_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", *SETTINGS_AFTER_FOOTNOTE_PR)


@dataclass(frozen=True)
class RunFormat:
    """The character formatting an inline HTML element stack adds up to."""

    bold: bool = False
    italic: bool = False
    lang: str | None = None
    style_id: str | None = None  # a character style such as Hyperlink
    link_fallback: bool = False  # colour and underline when the reference doc has no Hyperlink


def w_el(tag: str, **attrs: str) -> Element:
    """Return a new ``w:`` element; attribute names are given without the ``w:`` prefix."""
    element = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def text_run(text: str, fmt: RunFormat) -> Element:
    """Return a ``w:r`` holding ``text`` with ``fmt``; spaces are preserved as written."""
    run = w_el("r")
    run_props = _run_properties(fmt)
    if run_props is not None:
        run.append(run_props)
    t = w_el("t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    run.append(t)
    return run


def _run_properties(fmt: RunFormat) -> Element | None:
    """Return ``w:rPr`` for ``fmt`` in schema order, or None when the run is plain."""
    children = []
    if fmt.style_id:
        children.append(w_el("rStyle", val=fmt.style_id))
    if fmt.bold:
        children += [w_el("b"), w_el("bCs")]
    if fmt.italic:
        children += [w_el("i"), w_el("iCs")]
    if fmt.link_fallback:
        children += [w_el("color", val="1F4E8C"), w_el("u", val="single")]
    if fmt.lang:
        children.append(w_el("lang", val=fmt.lang))
    if not children:
        return None
    run_props = w_el("rPr")
    run_props.extend(children)
    return run_props


def break_run(kind: str | None = None) -> Element:
    """Return a run holding a line break, or a page break when ``kind`` is ``"page"``."""
    run = w_el("r")
    run.append(w_el("br", type=kind) if kind else w_el("br"))
    return run


def tab_run() -> Element:
    """Return a run holding one tab character (used before TOC page numbers)."""
    run = w_el("r")
    run.append(w_el("tab"))
    return run


def field_runs(instruction: str, cached: str = "", fmt: RunFormat | None = None) -> list[Element]:
    """Return the runs of a complex field (begin, instruction, separate, result, end).

    Complex fields rather than ``w:fldSimple`` because Word and LibreOffice both keep their
    cached result, and the same shape works for PAGE, NUMPAGES and PAGEREF.
    """
    runs = field_start(instruction)
    if cached:
        runs.append(text_run(cached, fmt or RunFormat()))
    runs.append(field_char("end"))
    return runs


def field_start(instruction: str) -> list[Element]:
    """Return the runs opening a complex field up to its result (begin, instruction, separate).

    The TOC field spans several paragraphs, so its start and end are placed separately.
    """
    return [field_char("begin"), _instruction_run(instruction), field_char("separate")]


def field_char(kind: str) -> Element:
    """Return a run holding one ``w:fldChar`` of type begin, separate or end."""
    run = w_el("r")
    run.append(w_el("fldChar", fldCharType=kind))
    return run


def _instruction_run(instruction: str) -> Element:
    """Return a run holding a field instruction padded with spaces as Word writes it."""
    run = w_el("r")
    instr = w_el("instrText")
    instr.text = f" {instruction} "
    instr.set(XML_SPACE, "preserve")
    run.append(instr)
    return run


def bookmark_start(bookmark_id: int, name: str) -> Element:
    """Return a ``w:bookmarkStart``; hyperlinks and PAGEREF fields point at ``name``."""
    return w_el("bookmarkStart", id=str(bookmark_id), name=name)


def bookmark_end(bookmark_id: int) -> Element:
    """Return the ``w:bookmarkEnd`` closing bookmark ``bookmark_id``."""
    return w_el("bookmarkEnd", id=str(bookmark_id))


def hyperlink(*, rel_id: str | None = None, anchor: str | None = None) -> Element:
    """Return an empty ``w:hyperlink`` to an external relationship or an internal bookmark."""
    link = w_el("hyperlink", history="1")
    if rel_id:
        link.set(qn("r:id"), rel_id)
    if anchor:
        link.set(qn("w:anchor"), anchor)
    return link


def paragraph_properties(paragraph: Element) -> Element:
    """Return the paragraph's ``w:pPr``, created first in the paragraph when missing."""
    props = paragraph.find(qn("w:pPr"))
    if props is None:
        props = w_el("pPr")
        paragraph.insert(0, props)
    return props


def styled_paragraph(style_id: str) -> Element:
    """Return a new ``w:p`` in paragraph style ``style_id``."""
    paragraph = w_el("p")
    paragraph_properties(paragraph).append(w_el("pStyle", val=style_id))
    return paragraph


PPR_ORDER = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
RPR_ORDER = _names(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)


def put_property(props: Element, child: Element, order: tuple[str, ...]) -> None:
    """Insert or replace ``child`` in a ``w:pPr``/``w:rPr`` at its schema position.

    Word rejects a file whose property elements are out of order, so every property we add
    to an existing element goes through here.
    """
    tag = child.tag.split("}")[1]
    rank = order.index(tag)
    old = props.find(child.tag)
    if old is not None:
        props.replace(old, child)
        return
    for index, sibling in enumerate(props):
        name = sibling.tag.split("}")[1] if isinstance(sibling.tag, str) else ""
        if name in order and order.index(name) > rank:
            props.insert(index, child)
            return
    props.append(child)


def set_right_tab(
    paragraph: Element, position: int, leader: str = "none", clear: Iterable[int] = ()
) -> None:
    """Give the paragraph one right-aligned tab stop at ``position`` (the right margin).

    The style's own stops at ``clear`` are cleared, so the single tab character always
    lands at the margin whatever stops a house-style reference document defines.
    """
    stops = [("clear", pos) for pos in sorted(set(clear)) if pos != position]
    tabs = w_el("tabs")
    for kind, pos in sorted([*stops, ("right", position)], key=lambda stop: stop[1]):
        tab = w_el("tab", val=kind, pos=str(pos))
        if kind == "right":
            tab.set(qn("w:leader"), leader)
        tabs.append(tab)
    put_property(paragraph_properties(paragraph), tabs, PPR_ORDER)


def numbering_properties(num_id: str, level: str = "0") -> Element:
    """Return ``w:numPr`` tying a paragraph to one numbering instance (a restarted list)."""
    numbering = w_el("numPr")
    numbering.extend([w_el("ilvl", val=level), w_el("numId", val=num_id)])
    return numbering


def new_table(style_id: str, widths: list[int], rows: int, header_rows: int) -> Element:
    """Return a full-width ``w:tbl`` with empty cells, ``widths`` in twips.

    Header rows are marked ``w:tblHeader`` so Word and LibreOffice repeat them on each page,
    and ``w:tblLook`` turns the style's first-row formatting on only when there is one.
    """
    look = "0420" if header_rows else "0400"
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>",
        f'<w:tblStyle w:val="{style_id}"/><w:tblW w:w="5000" w:type="pct"/>',
        '<w:tblLayout w:type="fixed"/>',
        f'<w:tblLook w:val="{look}" w:firstRow="{int(bool(header_rows))}" w:lastRow="0" ',
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    for row in range(rows):
        parts.append("<w:tr>")
        if row < header_rows:
            parts.append("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        parts += [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr></w:tc>' for w in widths]
        parts.append("</w:tr>")
    return parse_xml("".join(parts) + "</w:tbl>")


# -- footnotes ----------------------------------------------------------------------------------

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


class Footnotes:
    """The ``word/footnotes.xml`` part we write ourselves (python-docx has no footnote API).

    It holds the separator (-1) and continuation separator (0) Word requires, then one
    ``w:footnote`` per call, numbered from 1 in document order.
    """

    def __init__(self, document_part: DocumentPart) -> None:
        self.part = XmlPart(
            PackURI("/word/footnotes.xml"),
            CT.WML_FOOTNOTES,
            parse_xml(_FOOTNOTES_XML),
            document_part.package,
        )
        self._document_part = document_part
        self._next_id = 1

    def add(self, text_style_id: str, reference_style_id: str) -> tuple[int, Element]:
        """Add an empty footnote; return its id and its paragraph, ready for inline content."""
        footnote_id = self._next_id
        self._next_id += 1
        footnote = w_el("footnote", id=str(footnote_id))
        paragraph = styled_paragraph(text_style_id)
        mark = w_el("r")
        mark.append(_style_props(reference_style_id))
        mark.append(w_el("footnoteRef"))
        paragraph.extend([mark, text_run(" ", RunFormat())])
        footnote.append(paragraph)
        self.part.element.append(footnote)
        return footnote_id, paragraph

    def attach(self, settings: Element) -> None:
        """Relate the part to the document (replacing the reference doc's own footnotes).

        Like Word, also name the two separators in ``w:settings/w:footnotePr``.
        """
        if self._next_id == 1:
            return
        for rel_id, rel in list(self._document_part.rels.items()):
            if rel.reltype == RT.FOOTNOTES:
                del self._document_part.rels[rel_id]
        self._document_part.relate_to(self.part, RT.FOOTNOTES)
        if settings.find(qn("w:footnotePr")) is None:
            _insert_footnote_settings(settings)


def request_field_update(settings: Element) -> None:
    """Ask Word to update fields on opening, so the pre-filled TOC gains its page numbers.

    ``w:updateFields`` sits just before ``w:hdrShapeDefaults``/``w:footnotePr`` in the schema.
    """
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = w_el("updateFields", val="true")
    for child in settings:
        name = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
        if name in SETTINGS_AFTER_UPDATE_FIELDS:
            child.addprevious(update)
            return
    settings.append(update)


def _insert_footnote_settings(settings: Element) -> None:
    """Insert ``w:footnotePr`` listing the separators, at its place in ``w:settings``."""
    properties = w_el("footnotePr")
    properties.extend([w_el("footnote", id="-1"), w_el("footnote", id="0")])
    for child in settings:
        name = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
        if name in SETTINGS_AFTER_FOOTNOTE_PR:
            child.addprevious(properties)
            return
    settings.append(properties)


def footnote_reference_run(footnote_id: int, reference_style_id: str) -> Element:
    """Return the superscript call run placed in the text where the footnote was."""
    run = w_el("r")
    run.append(_style_props(reference_style_id))
    run.append(w_el("footnoteReference", id=str(footnote_id)))
    return run


def _style_props(style_id: str) -> Element:
    """Return ``w:rPr`` holding only a character style."""
    props = w_el("rPr")
    props.append(w_el("rStyle", val=style_id))
    return props


# -- reproducible zip ---------------------------------------------------------------------------


def deterministic_zip(
    data: bytes, when: datetime | None = None, replace: dict[str, bytes] | None = None
) -> bytes:
    """Rewrite a zip so equal content gives equal bytes: fixed time, order and attributes.

    ``[Content_Types].xml`` stays first (some readers sniff it), the rest is sorted by name;
    ``replace`` swaps the bytes of named entries on the way.
    """
    stamp = _zip_time(when)
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(name, replace.get(name) or source.read(name)) for name in source.namelist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, payload in _zip_order(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, payload, compresslevel=6)
    return out.getvalue()


def _zip_time(when: datetime | None) -> tuple[int, int, int, int, int, int]:
    """Return a zip timestamp for ``when``, never earlier than the zip epoch (1980)."""
    if when is None or when.year < 1980:
        return ZIP_EPOCH
    return (when.year, when.month, when.day, when.hour, when.minute, when.second // 2 * 2)


def _zip_order(entries: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Return entries with the content-types part first, then sorted by name."""
    return sorted(entries, key=lambda entry: (entry[0] != "[Content_Types].xml", entry[0]))
