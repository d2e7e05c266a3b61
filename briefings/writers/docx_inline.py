"""The walk itself and everything inline: text, formatting, links, line breaks, footnotes.

``InlineTranslator`` is the base of ``docx_translator.DocxTranslator``, which adds the
block elements and decides where paragraphs open (``ensure_paragraph``).

White space follows the browser: each run of collapsible white space becomes one space,
kept where it first appeared (a space before ``<a>`` stays outside the link), and none is
kept at the start or end of a line.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import urlsplit

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from lxml.html import HtmlElement

from briefings.writers.docx_html import (
    COLLAPSIBLE,
    Cursor,
    bookmark_name,
    check_xml_text,
    fail,
    where,
)
from briefings.writers.docx_parts import (
    Element,
    Footnotes,
    RunFormat,
    break_run,
    footnote_reference_run,
    hyperlink,
    text_run,
)
from briefings.writers.docx_styles import StyleMap, word_language

logger = logging.getLogger(__name__)

SKIP_CHILDREN = True
EXTERNAL_SCHEMES = {"http", "https", "mailto"}


class InlineTranslator:
    """Walk elements and write inline content into the open paragraph (``self.cursor``)."""

    document: Document
    styles: StyleMap
    cursor: Cursor | None
    formats: list[RunFormat]
    footnotes: Footnotes
    in_footnote: bool
    bookmark_names: dict[str, str]

    def ensure_paragraph(self, element: HtmlElement) -> Cursor:
        """Return the open paragraph, opening one if the context allows (see subclass)."""
        raise NotImplementedError

    # -- the walk -------------------------------------------------------------------------------

    def walk(self, element: HtmlElement) -> None:
        """Dispatch ``element`` to its visitor, its children, then its departer."""
        tag = element.tag
        visitor = getattr(self, f"visit_{tag}", None)
        if visitor is None:
            raise fail(element, "unsupported HTML element")
        if visitor(element) is not SKIP_CHILDREN:
            self.walk_children(element)
        departer = getattr(self, f"depart_{tag}", None)
        if departer is not None:
            departer(element)

    def walk_children(self, element: HtmlElement) -> None:
        """Walk text and child elements in order; comments are skipped, their tails kept."""
        if element.text:
            self.text(element.text, element)
        for child in element:
            if isinstance(child.tag, str):
                self.walk(child)
            if child.tail:
                self.text(child.tail, element)

    # -- text and white space -------------------------------------------------------------------

    def text(self, raw: str, element: HtmlElement) -> None:
        """Emit text with white space collapsed; white space alone opens no paragraph."""
        if self.cursor is None and not COLLAPSIBLE.fullmatch(raw):
            self.ensure_paragraph(element)
        cursor = self.cursor
        if cursor is None:
            return
        check_xml_text(raw, element)
        collapsed = COLLAPSIBLE.sub(" ", raw)
        words = collapsed.strip(" ")
        leading = collapsed.startswith(" ") and not cursor.at_line_start
        if not words:
            cursor.pending_space = cursor.pending_space or leading
            return
        prefix = self.flush_space() if cursor.pending_space else " " * leading
        run = text_run(prefix + words, self.formats[-1])
        cursor.container.append(run)
        cursor.last_text = run[-1]
        cursor.at_line_start = False
        cursor.pending_space = collapsed.endswith(" ")

    def flush_space(self) -> str:
        """Put a pending space after the text it followed; return it if there is no such text.

        A space is held back until more text comes, so none is left at a line's end.
        """
        cursor = self.cursor
        assert cursor is not None
        if not cursor.pending_space:
            return ""
        cursor.pending_space = False
        if cursor.last_text is None:
            return " "
        cursor.last_text.text += " "
        return ""

    def emit_run(self, run: Element) -> None:
        """Append a run that is not text (a footnote call) after any pending space."""
        cursor = self.cursor
        assert cursor is not None
        if self.flush_space():
            cursor.container.append(text_run(" ", self.formats[-1]))
        cursor.container.append(run)
        cursor.last_text = None
        cursor.at_line_start = False

    def push_format(self, element: HtmlElement, **changes: object) -> None:
        """Open inline formatting for the element's children (undone by ``pop_format``)."""
        self.ensure_paragraph(element)
        self.formats.append(replace(self.formats[-1], **changes))  # type: ignore[arg-type]

    def pop_format(self, element: HtmlElement) -> None:
        """Close the formatting ``push_format`` opened."""
        self.formats.pop()

    # -- inline elements ------------------------------------------------------------------------

    def visit_strong(self, element: HtmlElement) -> None:
        """Make the children bold."""
        self.push_format(element, bold=True)

    def visit_em(self, element: HtmlElement) -> None:
        """Make the children italic."""
        self.push_format(element, italic=True)

    visit_b = visit_strong
    visit_i = visit_em
    depart_strong = depart_b = depart_em = depart_i = pop_format

    def visit_span(self, element: HtmlElement) -> bool | None:
        """Map ``span.fn`` to a footnote and ``span[lang]`` to a run language; others plain."""
        if "fn" in element.classes:
            self.footnote(element)
            return SKIP_CHILDREN
        lang = element.get("lang")
        self.push_format(element, lang=word_language(lang) if lang else self.formats[-1].lang)
        return None

    def depart_span(self, element: HtmlElement) -> None:
        """Close the span's formatting (a footnote restores its own state)."""
        if "fn" not in element.classes:
            self.pop_format(element)

    def visit_br(self, element: HtmlElement) -> bool:
        """Insert a line break; spaces around it collapse away as in a browser."""
        cursor = self.ensure_paragraph(element)
        cursor.container.append(break_run())
        cursor.at_line_start, cursor.pending_space, cursor.last_text = True, False, None
        return SKIP_CHILDREN

    def visit_a(self, element: HtmlElement) -> None:
        """Open a hyperlink: external by relationship, ``#id`` as a link to the bookmark."""
        cursor = self.ensure_paragraph(element)
        if cursor.container is not cursor.paragraph:
            raise fail(element, "a link inside a link is not allowed:")
        link = self.link_element(element, cursor.part)
        cursor.container.append(link)
        cursor.container = link
        style_id = self.styles.optional_id("Hyperlink")
        self.push_format(element, style_id=style_id, link_fallback=style_id is None)

    def depart_a(self, element: HtmlElement) -> None:
        """Close the hyperlink; following text goes back into the paragraph."""
        assert self.cursor is not None
        self.cursor.container = self.cursor.paragraph
        self.pop_format(element)

    def link_element(self, element: HtmlElement, part: Part) -> Element:
        """Return the ``w:hyperlink`` for an ``<a href>`` (schemes: http, https, mailto, #)."""
        href = (element.get("href") or "").strip()
        check_xml_text(href, element)
        if href.startswith("#") and len(href) > 1:
            if href[1:] not in self.bookmark_names:
                logger.warning("link to missing id %s at %s", href, where(element))
            return hyperlink(anchor=self.bookmark(href[1:]))
        if urlsplit(href).scheme.lower() not in EXTERNAL_SCHEMES:
            raise fail(element, f'unsupported link target "{href}" on')
        return hyperlink(rel_id=part.relate_to(href, RT.HYPERLINK, is_external=True))

    def bookmark(self, html_id: str) -> str:
        """Return the Word bookmark name for an HTML id (ids may hold characters Word refuses)."""
        return self.bookmark_names.get(html_id) or bookmark_name(html_id)

    def footnote(self, element: HtmlElement) -> None:
        """Write the span's content as a real Word footnote and put its call in the text."""
        self.ensure_paragraph(element)
        if self.in_footnote:
            raise fail(element, "a footnote inside a footnote is not allowed:")
        text_style = self.styles.id("Footnote Text")
        mark_style = self.styles.id("Footnote Reference")
        footnote_id, paragraph = self.footnotes.add(text_style, mark_style)
        self.emit_run(footnote_reference_run(footnote_id, mark_style))
        saved = self.cursor, self.formats
        self.cursor = Cursor(paragraph, paragraph, self.footnotes.part, explicit=True)
        self.formats, self.in_footnote = [RunFormat()], True
        self.walk_children(element)
        self.cursor, self.formats = saved
        self.in_footnote = False
