"""The HTML side of the DOCX writer: parsing, error messages, ids, and the walk's state.

Shared by the translator and the table/TOC builders so neither imports the other's module.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import lxml.html
from docx.opc.part import Part
from lxml.html import HtmlElement

from briefings.errors import WriterError
from briefings.writers.docx_parts import Element

logger = logging.getLogger(__name__)

COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")  # a browser's collapsible white space (not U+00A0)
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_html(html: str) -> HtmlElement:
    """Parse the document, first refusing characters XML (and so DOCX) cannot hold.

    The check runs on the source so the error can name the line; libxml2 would otherwise
    drop such characters without a word.
    """
    match = XML_ILLEGAL.search(html)
    if match:
        line = html.count("\n", 0, match.start()) + 1
        raise WriterError(f"XML-illegal character U+{ord(match.group()):04X} at line {line}")
    try:
        return lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as error:
        raise WriterError(f"HTML does not parse: {error}") from error


def where(element: HtmlElement) -> str:
    """Return ``line N`` for error messages (lxml keeps the source line of each element)."""
    return f"line {element.sourceline}" if element.sourceline else "an unknown line"


def fail(element: HtmlElement, message: str) -> WriterError:
    """Return a WriterError naming the element and its line, after ``message``."""
    return WriterError(f"{message} <{element.tag}> at {where(element)}")


def check_xml_text(text: str, element: HtmlElement) -> None:
    """Raise WriterError for a character XML cannot hold (e.g. one decoded from ``&#11;``)."""
    match = XML_ILLEGAL.search(text)
    if match:
        code = f"U+{ord(match.group()):04X}"
        raise WriterError(f"XML-illegal character {code} in <{element.tag}> at {where(element)}")


def elements(parent: HtmlElement) -> list[HtmlElement]:
    """Return the element children, skipping comments; text between them is an error."""
    for text in [parent.text, *(child.tail for child in parent)]:
        if text and not COLLAPSIBLE.fullmatch(text):
            raise fail(parent, f'text "{text.strip()[:30]}" is not allowed directly inside')
    return [child for child in parent if isinstance(child.tag, str)]


def bookmark_names(body: HtmlElement) -> dict[str, str]:
    """Map every ``id`` in the body to a unique, valid Word bookmark name, in document order.

    Built before the walk because TOC entries and links come before the headings they target.
    """
    names: dict[str, str] = {}
    taken: set[str] = set()
    for element in body.iter():
        html_id = element.get("id") if isinstance(element.tag, str) else None
        if not html_id or html_id in names:
            continue
        base = name = bookmark_name(html_id)
        counter = 1
        while name.lower() in taken:  # Word compares bookmark names case-insensitively
            counter += 1
            name = f"{base[: 39 - len(str(counter))]}_{counter}"
        names[html_id] = name
        taken.add(name.lower())
    return names


def bookmark_name(html_id: str) -> str:
    """Return a Word-valid bookmark name: a letter first, letters/digits/_ only, 40 at most."""
    name = re.sub(r"\W", "_", html_id, flags=re.ASCII)
    if not name[:1].isalpha():
        name = "id_" + name
    return name[:40]


@dataclass
class Context:
    """A block container: where new paragraphs go and which style they take."""

    kind: str  # body | quote | list | item | cell
    style: str  # paragraph style for <p> and for bare inline content
    container: Element
    flow: bool = True  # may hold paragraphs; a <ul> itself may not
    num_id: str | None = None  # numbering instance of this <ol> (restarted per list)
    paragraphs: int = 0


@dataclass
class Cursor:
    """The open paragraph and where its next run goes, with browser whitespace state."""

    paragraph: Element
    container: Element  # the paragraph, or a w:hyperlink inside it
    part: Part  # owner of relationships: document or footnotes part
    explicit: bool  # opened by <p>/<hN>/<caption>, not lazily by bare inline content
    bookmarks: list[int] = field(default_factory=list)
    at_line_start: bool = True
    pending_space: bool = False
    last_text: Element | None = None
