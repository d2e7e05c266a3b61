"""Content controls and custom properties: the DOCX says which facts each block came from.

The content of every block that carries a fact (a paragraph, a list item, each paragraph
of a table row) is wrapped in a content control (``w:sdt``) whose tag is ``facts:`` and the
fact ids (the alias repeats it), taken from
the ``data-facts`` attributes inside the HTML block. The controls' appearance is hidden, so
editors see ordinary text. The custom document properties name the briefing and edition.
This is Word's own mechanism for tagging content (R's redoc moved to it because custom
styles did not survive editing); ``briefings.review`` reads it back.
"""

from __future__ import annotations

import logging
import re
from xml.sax.saxutils import quoteattr

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree
from lxml.html import HtmlElement

from briefings.writers.docx_parts import Element, w_el

logger = logging.getLogger(__name__)

FACTS_ATTR = "data-facts"
TAG_PREFIX = "facts:"
MARK = "{urn:briefings:docx}block"  # a temporary attribute on marked w:p / w:tr elements
NESTED_BLOCKS = frozenset({"ul", "ol", "table"})
FACT_BLOCKS = frozenset({"p", "li"})
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the user-defined property set
BRIEFING_PROPERTY = "briefings.briefing"
EDITION_PROPERTY = "briefings.edition"


def block_facts(element: HtmlElement) -> tuple[str, ...]:
    """Return the fact ids named inside ``element``, outside nested lists and tables."""
    found: list[str] = []
    _collect(element, found, top=True)
    return tuple(dict.fromkeys(found))


def _collect(element: HtmlElement, found: list[str], *, top: bool) -> None:
    if not isinstance(element.tag, str) or (not top and element.tag in NESTED_BLOCKS):
        return
    found += (element.get(FACTS_ATTR) or "").split()
    for child in element:
        _collect(child, found, top=False)


class FactBlocks:
    """Number the fact-bearing blocks the translator meets and mark what it writes for them."""

    def __init__(self) -> None:
        self.facts: list[tuple[str, ...]] = []
        self.open: list[int] = []

    def enter(self, element: HtmlElement) -> bool:
        """Open a block for a ``<p>``/``<li>`` naming facts; tell whether one was opened."""
        if element.tag not in FACT_BLOCKS:
            return False
        facts = block_facts(element)
        if not facts or (self.open and self.facts[self.open[-1]] == facts):
            return False
        self.facts.append(facts)
        self.open.append(len(self.facts) - 1)
        return True

    def leave(self) -> None:
        """Close the innermost open block."""
        self.open.pop()

    def mark(self, paragraph: Element) -> None:
        """Mark a new paragraph as part of the innermost open block, if any."""
        if self.open:
            paragraph.set(MARK, str(self.open[-1]))

    def mark_row(self, row: Element, tr: HtmlElement) -> None:
        """Mark a table row as a block of its own when its cells name facts."""
        facts = block_facts(tr)
        if facts:
            self.facts.append(facts)
            row.set(MARK, str(len(self.facts) - 1))

    def wrap(self, root: Element) -> None:
        """Wrap the content of every marked paragraph (or row's paragraphs) in a control.

        The controls sit inside the paragraphs rather than around them: LibreOffice 7.4 drops
        the text of a block-level control's first paragraph and moves footnote calls to the
        start of the others, but keeps every word of a paragraph-content control.
        """
        number = 0
        for element in [e for e in root.iter() if e.get(MARK) is not None]:
            facts = self.facts[int(element.attrib.pop(MARK))]
            paragraphs = [element] if element.tag == qn("w:p") else element.iter(qn("w:p"))
            for paragraph in list(paragraphs):
                number += 1
                _wrap_content(paragraph, content_control(facts, number))
        etree.cleanup_namespaces(root)  # drop the marks' namespace declarations


def _wrap_content(paragraph: Element, control: Element) -> None:
    """Move everything in the paragraph but its properties into the control."""
    content = control[-1]
    for child in list(paragraph):
        if child.tag != qn("w:pPr"):
            content.append(child)
    paragraph.append(control)


def content_control(facts: tuple[str, ...], number: int) -> Element:
    """Return an empty run-level ``w:sdt`` tagged with the facts, hidden in Word's view."""
    sdt = w_el("sdt")
    properties = w_el("sdtPr")
    name = TAG_PREFIX + " ".join(facts)
    properties.append(w_el("alias", val=name))  # LibreOffice keeps the alias, drops the tag
    properties.append(w_el("tag", val=name))
    properties.append(w_el("id", val=str(number)))
    appearance = etree.SubElement(properties, f"{{{W15}}}appearance")
    appearance.set(f"{{{W15}}}val", "hidden")
    sdt.append(properties)
    sdt.append(w_el("sdtContent"))
    return sdt


def facts_of_tag(tag: str | None) -> tuple[str, ...] | None:
    """Return the fact ids a content control's tag names, None for a tag that is not ours."""
    if not tag or not tag.startswith(TAG_PREFIX):
        return None
    return tuple(tag[len(TAG_PREFIX) :].split())


def declare_w15(document: Document) -> Document:
    """Return the document with ``w15`` declared and ignorable on its root element.

    ``w15:appearance`` hides the controls; declared on the root (and listed as ignorable)
    it is written once, and Word versions that don't know it skip it.
    """
    root = document.element
    if root.nsmap.get("w15") == W15:
        return document
    xml = etree.tostring(root, encoding="unicode")
    start = re.match(r"<w:document\b[^>]*", xml)
    if start is None:  # another prefix: w15 is then declared on each control instead
        logger.info("reference document root is not <w:document>; w15 declared locally")
        return document
    head = start.group()
    ignorable = root.get(f"{{{MC}}}Ignorable")
    if ignorable is not None:
        head = head.replace(f"mc:Ignorable={quoteattr(ignorable)}", "")
        head += f" mc:Ignorable={quoteattr((ignorable + ' w15').strip())}"
    head += f' xmlns:w15="{W15}"'
    part = document.part
    part._element = parse_xml(head + xml[start.end() :])  # noqa: SLF001 - no public setter
    return part.document


def set_custom_properties(document: Document, values: dict[str, str]) -> None:
    """Write ``docProps/custom.xml`` with text properties (python-docx has no API for it)."""
    blob = custom_properties_xml(values)
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            rel.target_part._blob = blob  # noqa: SLF001 - a plain Part keeps its bytes here
            return
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_TYPE, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def custom_properties_xml(values: dict[str, str]) -> bytes:
    """Return the custom properties part holding ``values`` as ``vt:lpwstr`` strings."""
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(sorted(values.items()), start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property")
        prop.set("fmtid", CUSTOM_FMTID)
        prop.set("pid", str(pid))
        prop.set("name", name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
