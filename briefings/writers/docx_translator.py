"""Walk the briefing's semantic HTML into a python-docx document, one element at a time.

Like Sphinx's text and docx translators: ``visit_<tag>`` opens what an element maps to,
``depart_<tag>`` closes it, and a tag without a visitor is a ``WriterError``, so nothing
outside ``docs/html-vocabulary.md`` is ever dropped silently. Tables and the table of
contents have their own module (``docx_blocks``) because they read their children as a
structure rather than as a stream; inline content and the walk live in ``docx_inline``.
"""

from __future__ import annotations

import logging

from docx.document import Document
from lxml.html import HtmlElement

from briefings.writers.docx_blocks import TableBuilder, TocBuilder
from briefings.writers.docx_controls import FactBlocks
from briefings.writers.docx_html import Context, Cursor, bookmark_names, fail
from briefings.writers.docx_inline import SKIP_CHILDREN, InlineTranslator
from briefings.writers.docx_parts import (
    PPR_ORDER,
    Element,
    Footnotes,
    RunFormat,
    bookmark_end,
    bookmark_start,
    numbering_properties,
    paragraph_properties,
    put_property,
    styled_paragraph,
    w_el,
)
from briefings.writers.docx_styles import StyleMap

logger = logging.getLogger(__name__)

HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
LIST_STYLES = {"ul": "List Bullet", "ol": "List Number"}


class DocxTranslator(InlineTranslator):
    """Translate a parsed ``<body>`` into paragraphs, tables and footnotes of ``document``."""

    def __init__(self, document: Document, styles: StyleMap, text_width: int) -> None:
        self.document = document
        self.styles = styles
        self.text_width = text_width
        self.body = document.element.body
        self.sect_pr = self.body.sectPr
        self.contexts = [Context("body", "Normal", self.body)]
        self.cursor: Cursor | None = None
        self.formats = [RunFormat()]
        self.footnotes = Footnotes(document.part)
        self.in_footnote = False
        self.bookmark_names: dict[str, str] = {}
        self.pending_bookmarks: list[str] = []
        self.pending_page_break = False
        self.next_bookmark_id = 0
        self.fact_blocks = FactBlocks()

    # -- driving the walk ----------------------------------------------------------------------

    def translate(self, body: HtmlElement) -> None:
        """Translate every child of ``body``, then attach the footnotes part if any."""
        self.bookmark_names = bookmark_names(body)
        self.walk_children(body)
        self.end_block()
        if self.pending_bookmarks:  # an empty <section id> at the very end still gets a target
            self.open_paragraph("Normal", explicit=True)
            self.close_paragraph()
        self.footnotes.attach(self.document.settings.element)
        self.fact_blocks.wrap(self.body)

    def walk(self, element: HtmlElement) -> None:
        """Walk an element; a paragraph or list item naming facts marks what it writes."""
        opened = self.fact_blocks.enter(element)
        super().walk(element)
        if opened:
            self.fact_blocks.leave()

    # -- paragraphs and text --------------------------------------------------------------------

    def open_paragraph(self, style: str, *, explicit: bool) -> Element:
        """Open a paragraph in the current container, with pending bookmarks and page break."""
        context = self.contexts[-1]
        paragraph = styled_paragraph(self.styles.id(style))
        if self.pending_page_break:
            put_property(paragraph_properties(paragraph), w_el("pageBreakBefore"), PPR_ORDER)
            self.pending_page_break = False
        if context.kind == "item" and context.paragraphs == 0 and context.num_id:
            level = self.styles.level_of(style)
            numbering = numbering_properties(context.num_id, level)
            put_property(paragraph_properties(paragraph), numbering, PPR_ORDER)
        self.insert_block(paragraph, context)
        self.fact_blocks.mark(paragraph)
        self.cursor = Cursor(paragraph, paragraph, self.document.part, explicit)
        for name in self.pending_bookmarks:
            paragraph.append(bookmark_start(self.next_bookmark_id, name))
            self.cursor.bookmarks.append(self.next_bookmark_id)
            self.next_bookmark_id += 1
        self.pending_bookmarks = []
        context.paragraphs += 1
        return paragraph

    def insert_block(self, block: Element, context: Context) -> None:
        """Append a paragraph or table to the context's container (body: before sectPr)."""
        if context.container is self.body and self.sect_pr is not None:
            self.sect_pr.addprevious(block)
        else:
            context.container.append(block)

    def close_paragraph(self) -> None:
        """Close the open paragraph: end its bookmarks, drop a trailing collapsible space."""
        if self.cursor is None:
            return
        for bookmark_id in self.cursor.bookmarks:
            self.cursor.paragraph.append(bookmark_end(bookmark_id))
        self.cursor = None

    def ensure_paragraph(self, element: HtmlElement) -> Cursor:
        """Return the open paragraph, opening one for bare inline content in a flow block."""
        if self.cursor is not None:
            return self.cursor
        context = self.contexts[-1]
        if not context.flow:
            raise fail(element, f"text is not allowed directly inside a {context.kind}:")
        self.open_paragraph(self.flow_style(context), explicit=False)
        assert self.cursor is not None
        return self.cursor

    def flow_style(self, context: Context) -> str:
        """Return the style of the next paragraph in ``context`` (a list item's first differs)."""
        if context.kind != "item" or context.paragraphs == 0:
            return context.style
        return self.styles.continuation(context.style)

    def start_block(self, element: HtmlElement) -> None:
        """Close a lazily opened paragraph before a block; a block inside <p> is an error."""
        if self.cursor is None:
            return
        if self.cursor.explicit:
            raise fail(element, "block element inside a paragraph:")
        self.close_paragraph()

    def end_block(self) -> None:
        """Close a lazily opened paragraph at the end of a block container."""
        if self.cursor is not None and not self.cursor.explicit:
            self.close_paragraph()

    # -- block elements -------------------------------------------------------------------------

    def visit_section(self, element: HtmlElement) -> None:
        """Treat grouping as transparent; an ``id`` bookmarks the next paragraph for links."""
        self.start_block(element)
        self.add_id_bookmark(element)

    visit_header = visit_section

    def depart_header(self, element: HtmlElement) -> None:
        """Close bare text left open inside the grouping element."""
        self.end_block()

    depart_section = depart_div = depart_header

    def visit_div(self, element: HtmlElement) -> bool | None:
        """Map ``div.page-break`` to a break before what follows; other divs are grouping."""
        if "page-break" not in element.classes:
            self.visit_section(element)
            return None
        self.start_block(element)
        if len(element) or (element.text or "").strip():
            raise fail(element, "a page break must be empty:")
        self.pending_page_break = True
        return SKIP_CHILDREN

    def visit_p(self, element: HtmlElement) -> None:
        """Open a paragraph; the title block's marking and subtitle take ``Subtitle``."""
        self.start_block(element)
        self.add_id_bookmark(element)
        classes = set(element.classes)
        if classes & {"marking", "subtitle"}:
            self.open_paragraph("Subtitle", explicit=True)
        else:
            self.open_paragraph(self.flow_style(self.contexts[-1]), explicit=True)

    def depart_p(self, element: HtmlElement) -> None:
        """Close the paragraph."""
        self.close_paragraph()

    def visit_h1(self, element: HtmlElement) -> None:
        """Open a heading paragraph, bookmarked with its ``id`` for links and the TOC."""
        self.start_block(element)
        self.add_id_bookmark(element)
        self.open_paragraph(HEADING_STYLES[element.tag], explicit=True)

    visit_h2 = visit_h3 = visit_h4 = visit_h1
    depart_h1 = depart_h2 = depart_h3 = depart_h4 = depart_p

    def add_id_bookmark(self, element: HtmlElement) -> None:
        """Queue a bookmark for the element's ``id`` on the paragraph about to open."""
        if element.get("id"):
            self.pending_bookmarks.append(self.bookmark(element.get("id")))

    def visit_blockquote(self, element: HtmlElement) -> None:
        """Give the quote's paragraphs the ``Quote`` style."""
        self.start_block(element)
        self.contexts.append(Context("quote", "Quote", self.contexts[-1].container))

    def depart_blockquote(self, element: HtmlElement) -> None:
        """Leave the quote."""
        self.end_block()
        self.contexts.pop()

    def visit_ul(self, element: HtmlElement) -> None:
        """Open a list; one nesting level maps to ``List Bullet 2`` / ``List Number 2``."""
        self.start_block(element)
        level = 1 + sum(1 for context in self.contexts if context.kind == "list")
        if level > 2:
            raise fail(element, "lists nest one level only; too deep:")
        style = LIST_STYLES[element.tag] + (" 2" if level == 2 else "")
        num_id = (
            self.styles.restart_numbering(self.document, style) if element.tag == "ol" else None
        )
        container = self.contexts[-1].container
        self.contexts.append(Context("list", style, container, False, num_id))

    visit_ol = visit_ul

    def depart_ul(self, element: HtmlElement) -> None:
        """Close the list."""
        self.contexts.pop()

    depart_ol = depart_ul

    def visit_li(self, element: HtmlElement) -> None:
        """Open a list item; its first paragraph carries the bullet or number."""
        parent = self.contexts[-1]
        if parent.kind != "list":
            raise fail(element, "list item outside a list:")
        item = Context("item", parent.style, parent.container, True, parent.num_id)
        self.contexts.append(item)

    def depart_li(self, element: HtmlElement) -> None:
        """Close the item; an empty item still gets its (empty) bullet paragraph."""
        self.end_block()
        if self.contexts[-1].paragraphs == 0:
            self.open_paragraph(self.contexts[-1].style, explicit=True)
            self.close_paragraph()
        self.contexts.pop()

    def visit_table(self, element: HtmlElement) -> bool:
        """Translate a table (see ``docx_blocks.TableBuilder``)."""
        self.start_block(element)
        if self.contexts[-1].kind != "body":
            raise fail(element, "tables are allowed at body level only:")
        TableBuilder(self).build(element)
        return SKIP_CHILDREN

    def visit_nav(self, element: HtmlElement) -> bool:
        """Translate the table of contents (see ``docx_blocks.TocBuilder``)."""
        self.start_block(element)
        if "toc" not in element.classes or self.contexts[-1].kind != "body":
            raise fail(element, 'only a body-level <nav class="toc"> is supported:')
        TocBuilder(self).build(element)
        return SKIP_CHILDREN
