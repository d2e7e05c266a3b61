"""The DOCX writer: semantic HTML in, a Word document styled by a reference document out.

The reference document (``templates/reference.docx`` or ``WriterOptions.reference_docx``) is
opened as python-docx opens its default template, its body is emptied, and the translator
fills it. Metadata, header and footer come from the HTML ``<head>``. The bytes are
reproducible: every date comes from the head and the zip is rewritten with a fixed layout.
"""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.section import Section
from lxml import etree
from lxml.html import HtmlElement

from briefings.errors import WriterError
from briefings.writers.base import Writer, WriterOptions
from briefings.writers.docx_controls import (
    BRIEFING_PROPERTY,
    EDITION_PROPERTY,
    declare_w15,
    set_custom_properties,
)
from briefings.writers.docx_html import check_xml_text, parse_html
from briefings.writers.docx_parts import (
    Element,
    RunFormat,
    deterministic_zip,
    field_runs,
    set_right_tab,
    styled_paragraph,
    tab_run,
    text_run,
)
from briefings.writers.docx_styles import REQUIRED_STYLES, StyleMap, word_language
from briefings.writers.docx_translator import DocxTranslator

logger = logging.getLogger(__name__)

__all__ = ["REQUIRED_STYLES", "DocxWriter", "HeadMeta", "read_head"]

A4_TEXT_WIDTH = 9412  # twips: 21 cm less two 2.2 cm margins, used if the section has no size
DEFAULT_PAGE_LABEL = "{page} / {pages}"
PAGE_FIELDS = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
CORE_TEXT_LIMIT = 255  # python-docx refuses longer core-property strings
# What python-docx raises for a file that is not a Word document (or a broken one).
NOT_A_DOCX = (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError)


@dataclass(frozen=True)
class HeadMeta:
    """What the writer reads from ``<html lang>`` and ``<head>``."""

    title: str
    language: str  # the HTML lang, e.g. "az"; "" when absent
    meta: dict[str, str]

    def get(self, name: str) -> str:
        """Return a ``<meta name=... content=...>`` value, "" when absent."""
        return self.meta.get(name, "")

    def date(self, name: str) -> datetime | None:
        """Return a dcterms date as an aware UTC datetime (a bare date is midnight UTC)."""
        value = self.get(name)
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as error:
            raise WriterError(f'<meta name="{name}"> is not an ISO date: "{value}"') from error
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def read_head(root: HtmlElement) -> HeadMeta:
    """Collect title, language and named metas from the parsed document."""
    head = root.find("head")
    metas: dict[str, str] = {}
    title = ""
    if head is not None:
        title = " ".join((head.findtext("title") or "").split())
        check_xml_text(title, head)
        for meta in head.iter("meta"):
            if meta.get("name"):
                content = (meta.get("content") or "").strip()
                check_xml_text(content, meta)
                metas[meta.get("name").strip().lower()] = content
    return HeadMeta(title, (root.get("lang") or "").strip(), metas)


class DocxWriter(Writer):
    """Write the briefing as DOCX: styles from the reference doc, real footnotes and TOC."""

    name = "docx"
    suffix = ".docx"

    def render(self, html: str, options: WriterOptions) -> bytes:
        """Return the DOCX bytes; raise WriterError for HTML outside the vocabulary."""
        root = parse_html(html)
        head = read_head(root)
        document, source = open_reference(options)
        document = declare_w15(document)
        styles = StyleMap(document)
        styles.check(source)
        clear_body(document)
        language = word_language(head.language) if head.language else ""
        if language:
            styles.set_language(language)
        width = text_width(document.sections[0])
        DocxTranslator(document, styles, width).translate(root.body)
        write_header_footer(document, styles, head, width)
        set_core_properties(document, head, language)
        if head.get("briefing"):
            names = {BRIEFING_PROPERTY: "briefing", EDITION_PROPERTY: "edition"}
            set_custom_properties(document, {k: head.get(v) for k, v in names.items()})
        return save(document, head)


def open_reference(options: WriterOptions) -> tuple[Document, str]:
    """Open the reference document; a missing or unreadable one is a WriterError."""
    path: Path = options.reference_docx or options.templates / "reference.docx"
    try:
        data = path.read_bytes()
    except OSError as error:
        raise WriterError(f"cannot read reference document {path}: {error}") from error
    try:
        return docx.Document(io.BytesIO(data)), str(path)
    except NOT_A_DOCX as error:
        raise WriterError(f"reference document {path} is not a .docx: {error}") from error


def clear_body(document: Document) -> None:
    """Remove the reference document's content, keeping its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def text_width(section: Section) -> int:
    """Return the width between the margins in twips (for tables and right tab stops)."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None or left is None or right is None:
        return A4_TEXT_WIDTH
    return int(width.twips - left.twips - right.twips)


def write_header_footer(document: Document, styles: StyleMap, head: HeadMeta, width: int) -> None:
    """Put title and marking in the header, marking and localized page label in the footer.

    The same header and footer show on every page, so any first-page or even-page variants
    the reference document defines are switched off.
    """
    section = document.sections[0]
    section.different_first_page_header_footer = False
    document.settings.odd_and_even_pages_header_footer = False
    marking = head.get("classification")
    left = [text_run(head.title, RunFormat())] if head.title else []
    right = [text_run(marking, RunFormat(bold=True))] if marking else []
    section.header.is_linked_to_previous = False
    _fill_story(section.header.part.element, styles, "Header", width, (left, right))
    left = [text_run(marking, RunFormat(bold=True))] if marking else []
    label = head.get("page-label") or DEFAULT_PAGE_LABEL
    section.footer.is_linked_to_previous = False
    _fill_story(section.footer.part.element, styles, "Footer", width, (left, page_runs(label)))


def _fill_story(
    story: Element, styles: StyleMap, style: str, width: int, sides: tuple[list, list]
) -> None:
    """Replace a header/footer's content with one paragraph: left runs, tab, right runs."""
    for child in list(story):
        story.remove(child)
    paragraph = styled_paragraph(styles.id(style))
    set_right_tab(paragraph, width, clear=styles.tab_stops(style))
    paragraph.extend(sides[0])
    paragraph.append(tab_run())
    paragraph.extend(sides[1])
    story.append(paragraph)


def page_runs(label: str) -> list[Element]:
    """Return runs for a page label such as "Səhifə {page} / {pages}", placeholders as fields.

    The template decides the order and wording; PAGE and NUMPAGES carry "1" as cached value.
    """
    runs: list[Element] = []
    for piece in re.split(r"(\{[^{}]*\})", label):
        if piece in PAGE_FIELDS:
            runs += field_runs(PAGE_FIELDS[piece], "1")
        elif piece.startswith("{") and piece.endswith("}"):
            raise WriterError(f'unknown placeholder {piece} in <meta name="page-label">')
        elif piece:
            runs.append(text_run(piece, RunFormat()))
    return runs


def set_core_properties(document: Document, head: HeadMeta, language: str) -> None:
    """Set every core property explicitly; python-docx would otherwise stamp the time."""
    props = document.core_properties
    props.title = _core_text(head.title)
    props.author = props.last_modified_by = _core_text(head.get("author"))
    props.subject = _core_text(head.get("description"))
    props.keywords = _core_text(head.get("keywords"))
    props.language = language
    props.comments = props.category = props.content_status = ""
    props.identifier = props.version = ""
    created = head.date("dcterms.created") or head.date("dcterms.modified") or fallback_date()
    props.created = created
    props.modified = head.date("dcterms.modified") or created
    props.revision = 1


def _core_text(value: str) -> str:
    """Return ``value`` cut to the 255 characters a core property may hold."""
    if len(value) > CORE_TEXT_LIMIT:
        logger.info("core property cut to %d characters: %.40s...", CORE_TEXT_LIMIT, value)
    return value[:CORE_TEXT_LIMIT]


def fallback_date() -> datetime:
    """Return SOURCE_DATE_EPOCH, or the zip epoch: never the current time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime(1980, 1, 1, tzinfo=UTC)


def save(document: Document, head: HeadMeta) -> bytes:
    """Save and rewrite the zip so the same HTML always gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    when = head.date("dcterms.modified") or head.date("dcterms.created")
    return deterministic_zip(buffer.getvalue(), when)
