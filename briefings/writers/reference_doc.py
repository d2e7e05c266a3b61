"""Generate ``templates/reference.docx``, the house style the DOCX writer fills.

Run ``python -m briefings.writers.reference_doc templates/reference.docx``. The document starts
from python-docx's default template (as ``docx.Document()`` does), then gets an A4 page, Noto
Serif body and Noto Sans headings with every ``w:rFonts`` slot set (python-docx's ``font.name``
sets only some, and a theme font reference would win over them), and the few styles the
default template lacks (TOC 1-2, footnotes, Hyperlink). Users may swap in their own file,
like Pandoc's ``--reference-doc``; the writer only needs the style names listed in
``briefings.writers.docx.REQUIRED_STYLES``.
"""

from __future__ import annotations

import io
import logging
import re
import sys
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Twips

from briefings.writers.docx_parts import Element, deterministic_zip

logger = logging.getLogger(__name__)

SERIF = "Noto Serif"
SANS = "Noto Sans"
NAVY = "1F3864"
PAGE_WIDTH, PAGE_HEIGHT = Twips(11906), Twips(16838)  # A4 as Word stores it
MARGIN = Twips(1247)  # 2.2 cm
TEXT_WIDTH_TWIPS = PAGE_WIDTH.twips - 2 * MARGIN.twips
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def fonts(face: str) -> str:
    """Return a ``w:rFonts`` naming ``face`` in all four slots (Latin, complex, East Asian)."""
    return "<w:rFonts " + " ".join(f'w:{slot}="{face}"' for slot in FONT_SLOTS) + "/>"


def size(half_points: int) -> str:
    """Return ``w:sz`` and ``w:szCs`` so complex-script text gets the same size."""
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


BOLD = "<w:b/><w:bCs/>"
RIGHT_TAB = f'<w:tab w:val="right" w:pos="{TEXT_WIDTH_TWIPS}"/>'
FURNITURE = (
    f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH_TWIPS // 2}"/>{RIGHT_TAB}</w:tabs>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
    fonts(SANS) + '<w:color w:val="595959"/>' + size(16),
)
TOC_TABS = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'

# styleId -> (pPr children, rPr children), each written in schema order.
STYLE_SPECS: dict[str, tuple[str, str]] = {
    "Normal": ("", fonts(SERIF)),
    "Title": (
        '<w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" '
        f'w:color="{NAVY}"/></w:pBdr><w:spacing w:before="0" w:after="200" w:line="240" '
        'w:lineRule="auto"/>',
        fonts(SANS) + BOLD + f'<w:color w:val="{NAVY}"/>' + size(44),
    ),
    "Subtitle": (
        '<w:keepNext/><w:spacing w:before="0" w:after="80"/>',
        fonts(SANS) + '<w:color w:val="44546A"/>' + size(24),
    ),
    "Heading1": (
        '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/>'
        '<w:outlineLvl w:val="0"/>',
        fonts(SANS) + BOLD + f'<w:color w:val="{NAVY}"/>' + size(30),
    ),
    "Heading2": (
        '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/>'
        '<w:outlineLvl w:val="1"/>',
        fonts(SANS) + BOLD + f'<w:color w:val="{NAVY}"/>' + size(25),
    ),
    "Heading3": (
        '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="60"/>'
        '<w:outlineLvl w:val="2"/>',
        fonts(SANS) + BOLD + '<w:color w:val="404040"/>' + size(22),
    ),
    "ListBullet": ('<w:spacing w:after="60"/>', fonts(SERIF)),
    "ListBullet2": ('<w:spacing w:after="60"/>', fonts(SERIF)),
    "ListNumber": ('<w:spacing w:after="60"/>', fonts(SERIF)),
    "ListNumber2": ('<w:spacing w:after="60"/>', fonts(SERIF)),
    "Quote": (
        '<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="8EA9C8"/></w:pBdr>'
        '<w:spacing w:before="120" w:after="120"/><w:ind w:left="567" w:right="567"/>',
        fonts(SERIF) + '<w:i/><w:iCs/><w:color w:val="404040"/>',
    ),
    "Caption": (
        '<w:keepNext/><w:spacing w:before="200" w:after="80" w:line="240" w:lineRule="auto"/>',
        fonts(SANS) + BOLD + f'<w:color w:val="{NAVY}"/>' + size(18),
    ),
    "TOCHeading": (
        '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>'
        '<w:outlineLvl w:val="9"/>',
        fonts(SANS) + BOLD + f'<w:color w:val="{NAVY}"/>' + size(30),
    ),
    "TOC1": (TOC_TABS + '<w:spacing w:before="60" w:after="40"/>', fonts(SERIF)),
    "TOC2": (TOC_TABS + '<w:spacing w:after="40"/><w:ind w:left="400"/>', fonts(SERIF)),
    "FootnoteText": (
        '<w:spacing w:after="40" w:line="240" w:lineRule="auto"/>',
        fonts(SERIF) + size(17),
    ),
    "FootnoteReference": ("", '<w:vertAlign w:val="superscript"/>'),
    "Header": FURNITURE,
    "Footer": FURNITURE,
    "Hyperlink": ("", '<w:color w:val="1F4E8C"/><w:u w:val="single"/>'),
}

# styleId -> (type, Word's internal name, basedOn, uiPriority) for styles the default lacks.
NEW_STYLES: dict[str, tuple[str, str, str, int]] = {
    "TOC1": ("paragraph", "toc 1", "Normal", 39),
    "TOC2": ("paragraph", "toc 2", "Normal", 39),
    "FootnoteText": ("paragraph", "footnote text", "Normal", 99),
    "FootnoteReference": ("character", "footnote reference", "DefaultParagraphFont", 99),
    "Hyperlink": ("character", "Hyperlink", "DefaultParagraphFont", 99),
}
THEME_FACES = {"major": SANS, "minor": SERIF}
BULLETS = {"ListBullet": "\u2022"}  # other bullet levels get an en dash


def build_reference_doc() -> bytes:
    """Return the bytes of the reference document, identical on every run."""
    document = docx.Document()
    _drop_stale_parts(document)
    _set_page(document)
    styles = document.styles.element
    _add_missing_styles(styles)
    _replace_theme_fonts(styles)
    _set_defaults(styles)
    for style_id, (para_xml, run_xml) in STYLE_SPECS.items():
        _restyle(_style(styles, style_id), para_xml, run_xml)
    _set_bullets(document.part.numbering_part.element)
    _clear_properties(document)
    return _finish(document)


def _drop_stale_parts(document: Document) -> None:
    """Drop the thumbnail and Word 2010's styles copy, which would contradict our styles."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del document.part.rels[rel_id]
    proof_state = document.settings.element.find(qn("w:proofState"))
    if proof_state is not None:  # "clean" would tell Word not to spellcheck our new text
        document.settings.element.remove(proof_state)


def _set_page(document: Document) -> None:
    """Set an A4 portrait page with even 2.2 cm margins and headers 1.1 cm from the edge."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, MARGIN)
    section.header_distance = section.footer_distance = Cm(1.1)


def _add_missing_styles(styles: Element) -> None:
    """Add the styles python-docx's default template lacks, with Word's internal names."""
    for style_id, (kind, name, based_on, priority) in NEW_STYLES.items():
        style = parse_xml(
            f'<w:style {nsdecls("w")} w:type="{kind}" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/>'
            f'<w:uiPriority w:val="{priority}"/><w:unhideWhenUsed/></w:style>'
        )
        styles.append(style)


def _replace_theme_fonts(styles: Element) -> None:
    """Turn theme font references into our faces; a theme reference beats a named font."""
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in list(rfonts.attrib):
            match = re.search(r"}(ascii|hAnsi|eastAsia|cs)theme$", attr, re.IGNORECASE)
            if match is None:
                continue
            face = THEME_FACES["major" if rfonts.get(attr).startswith("major") else "minor"]
            del rfonts.attrib[attr]
            rfonts.set(qn(f"w:{_slot(match.group(1))}"), face)


def _slot(name: str) -> str:
    """Return the ``w:rFonts`` slot spelled as the schema does (``cstheme`` -> ``cs``)."""
    return {slot.lower(): slot for slot in FONT_SLOTS}[name.lower()]


def _set_defaults(styles: Element) -> None:
    """Set document-wide defaults: Noto Serif 10.5 pt, British English, 6 pt after."""
    defaults = styles.find(qn("w:docDefaults"))
    run = parse_xml(
        f"<w:rPr {nsdecls('w')}>{fonts(SERIF)}{size(21)}"
        '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr>'
    )
    para = parse_xml(
        f'<w:pPr {nsdecls("w")}><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr>'
    )
    for tag, new in (("w:rPrDefault", run), ("w:pPrDefault", para)):
        holder = defaults.find(qn(tag))
        holder.replace(holder[0], new)


def _style(styles: Element, style_id: str) -> Element:
    """Return the ``w:style`` with ``style_id``; the default template must have it."""
    found = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
    if found is None:
        raise KeyError(f"style {style_id} missing from python-docx's default template")
    return found


def _restyle(style: Element, para_xml: str, run_xml: str) -> None:
    """Replace a style's paragraph and run properties, keeping a list style's numbering."""
    numbering = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    for tag in ("w:pPr", "w:rPr"):
        old = style.find(qn(tag))
        if old is not None:
            style.remove(old)
    if para_xml or numbering is not None:
        para = parse_xml(f"<w:pPr {nsdecls('w')}>{para_xml}</w:pPr>")
        if numbering is not None:
            para.insert(0, numbering)  # list specs hold no keepNext, so numPr goes first
        style.append(para)
    if run_xml:
        style.append(parse_xml(f"<w:rPr {nsdecls('w')}>{run_xml}</w:rPr>"))


def _set_bullets(numbering: Element) -> None:
    """Use a real bullet and en dash instead of the Symbol font's private-use character."""
    for level in numbering.iter(qn("w:lvl")):
        if level.find(qn("w:numFmt")).get(qn("w:val")) != "bullet":
            continue
        style = level.find(qn("w:pStyle"))
        style_id = style.get(qn("w:val")) if style is not None else ""
        level.find(qn("w:lvlText")).set(qn("w:val"), BULLETS.get(style_id, "\u2013"))
        run = level.find(qn("w:rPr"))
        if run is None:
            continue
        for old in run.findall(qn("w:rFonts")):
            run.remove(old)
        run.insert(0, parse_xml(fonts(SERIF).replace("<w:rFonts ", f"<w:rFonts {nsdecls('w')} ")))


def _clear_properties(document: Document) -> None:
    """Blank python-docx's own author and comment; the writer sets real ones per briefing."""
    props = document.core_properties
    props.author = props.comments = props.last_modified_by = props.title = ""


def _finish(document: Document) -> bytes:
    """Save, then set theme fonts and rewrite the zip so the file is reproducible."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as package:
        theme = package.read("word/theme/theme1.xml")
    for kind, face in THEME_FACES.items():
        theme = re.sub(
            rf"(<a:{kind}Font>\s*<a:latin typeface=)\"[^\"]*\"".encode(),
            rf'\1"{face}"'.encode(),
            theme,
        )
    return deterministic_zip(buffer.getvalue(), replace={"word/theme/theme1.xml": theme})


def main(argv: list[str] | None = None) -> int:
    """Write the reference document to the path given on the command line."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        logger.error("usage: python -m briefings.writers.reference_doc OUTPUT.docx")
        return 2
    Path(args[0]).write_bytes(build_reference_doc())
    logger.info("wrote %s", args[0])
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.exit(main())
