"""Walk the briefing's semantic HTML into a python-docx document, one element at a time.

Like Sphinx's text and docx translators: ``visit_<tag>`` opens what an element maps to,
``depart_<tag>`` closes it, and a tag without a visitor is a ``WriterError``, so nothing
outside ``docs/html-vocabulary.md`` is ever dropped silently. Tables and the table of
contents have their own small modules (``docx_blocks``) because they read their children
as a structure rather than as a stream.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from lxml.html import HtmlElement

from briefings.errors import WriterError
from briefings.writers.docx_parts import (
    PPR_ORDER,
    Element,
    Footnotes,
    RunFormat,
    bookmark_end,
    bookmark_start,
    break_run,
    footnote_reference_run,
    hyperlink,
    numbering_properties,
    paragraph_properties,
    put_property,
    styled_paragraph,
    text_run,
    w_el,
)
from briefings.writers.docx_styles import StyleMap, word_language

logger = logging.getLogger(__name__)

SKIP_CHILDREN = True
COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
LIST_STYLES = {"ul": "List Bullet", "ol": "List Number"}
EXTERNAL_SCHEMES = {"http", "https", "mailto"}
# tag -> classes allowed on it; a tag missing here accepts any class (p, span, section).
ALLOWED_CLASSES: dict[str, set[str]] = {
    "header": {"title-block"},
    "nav": {"toc"},
    "div": {"page-break"},
    **{tag: set() for tag in "h1 h2 h3 h4 blockquote ul ol li a strong b em i br".split()},
}


def where(element: HtmlElement) -> str:
    """Return ``line N`` for error messages (lxml keeps the source line of each element)."""
    return f"line {element.sourceline}" if element.sourceline else "an unknown line"


def fail(element: HtmlElement, message: str) -> WriterError:
    """Return a WriterError naming the element and its line."""
    return WriterError(f"{message} <{element.tag}> at {where(element)}")


def check_xml_text(text: str, element: HtmlElement) -> None:
    """Raise WriterError for a character XML cannot hold (python-docx would crash on it)."""
    match = XML_ILLEGAL.search(text)
    if match:
        code = f"U+{ord(match.group()):04X}"
        raise WriterError(f"XML-illegal character {code} in <{element.tag}> at {where(element)}")


@dataclass
class Context:
    """A block container: where new paragraphs go and which style they take."""

    kind: str  # body | quote | list | item | cell
    style: str  # paragraph style for <p> and for bare inline content
    container: Element
    flow: bool = True  # may hold paragraphs; a <ul> itself may not
    num_id: str | None = None  # numbering instance of this <ol> (restarted per list)
    level: int = 0  # list nesting depth
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


class DocxTranslator:
    """Translate a parsed ``<body>`` into paragraphs, tables and footnotes of ``document``."""

    def __init__(self, document: Document, styles: StyleMap, text_width: int) -> None:
        self.document = document
        self.styles = styles
        self.text_width = text_width
        body = document.element.body
        self.sect_pr = body.find(body.sectPr.tag) if body.sectPr is not None else None
        self.contexts = [Context("body", "Normal", body)]
        self.cursor: Cursor | None = None
        self.formats = [RunFormat()]
        self.footnotes = Footnotes(document.part)
        self.in_footnote = False
        self.bookmark_names: dict[str, str] = {}
        self.pending_bookmarks: list[str] = []
        self.pending_page_break = False
        self.next_bookmark_id = 0

    # -- driving the walk ----------------------------------------------------------------------

    def translate(self, body: HtmlElement) -> None:
        """Translate every child of ``body``, then attach the footnotes part if any."""
        self.bookmark_names = bookmark_names(body)
        self.walk_children(body)
        self.end_block()
        if self.pending_bookmarks:  # an empty <section id> at the very end still gets a target
            self.open_paragraph("Normal", explicit=True)
            self.close_paragraph()
        self.footnotes.attach()

    def walk(self, element: HtmlElement) -> None:
        """Dispatch ``element`` to its visitor, its children, then its departer."""
        tag = element.tag
        visitor = getattr(self, f"visit_{tag}", None)
        if visitor is None:
            raise fail(element, "unsupported HTML element")
        self.check_classes(element)
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

    def check_classes(self, element: HtmlElement) -> None:
        """Raise WriterError for a class the vocabulary does not give this element."""
        allowed = ALLOWED_CLASSES.get(element.tag)
        if allowed is None:
            return
        for name in element.classes:
            if name not in allowed:
                raise fail(element, f'unsupported class "{name}" on HTML element')

    # -- paragraphs and text --------------------------------------------------------------------

    def open_paragraph(self, style: str, *, explicit: bool) -> Element:
        """Open a paragraph in the current container, with pending bookmarks and page break."""
        context = self.contexts[-1]
        paragraph = styled_paragraph(self.styles.id(style))
        if self.pending_page_break:
            put_property(paragraph_properties(paragraph), w_el("pageBreakBefore"), PPR_ORDER)
            self.pending_page_break = False
        self.insert_block(paragraph, context)
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
        if context.kind == "body" and self.sect_pr is not None:
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
            raise fail(element, f"inline content inside <{context.kind}> is not allowed:")
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

    def text(self, raw: str, element: HtmlElement) -> None:
        """Emit text collapsed like a browser: one space per run of whitespace, none at edges."""
        if self.cursor is None and not COLLAPSIBLE.fullmatch(raw):
            self.ensure_paragraph(element)
        if self.cursor is None:
            return
        check_xml_text(raw, element)
        collapsed = COLLAPSIBLE.sub(" ", raw)
        if collapsed.startswith(" "):
            self.cursor.pending_space = not self.cursor.at_line_start
        words = collapsed.strip(" ")
        if words:
            self.emit_words(words)
            self.cursor.pending_space = collapsed.endswith(" ")

    def emit_words(self, words: str) -> None:
        """Append a run, first flushing a pending space onto the previous text run."""
        cursor = self.cursor
        assert cursor is not None
        if cursor.pending_space and cursor.last_text is not None:
            cursor.last_text.text += " "
        elif cursor.pending_space:
            words = " " + words
        run = text_run(words, self.formats[-1])
        cursor.container.append(run)
        cursor.last_text = run[-1]
        cursor.at_line_start = cursor.pending_space = False

    def emit_run(self, run: Element) -> None:
        """Append a non-text run (footnote call), keeping a space written before it."""
        cursor = self.cursor
        assert cursor is not None
        if cursor.pending_space and cursor.last_text is not None:
            cursor.last_text.text += " "
        cursor.container.append(run)
        cursor.last_text = None
        cursor.at_line_start = cursor.pending_space = False

    def push_format(self, element: HtmlElement, **changes: object) -> None:
        """Open inline formatting for the element's children (undone by ``pop_format``)."""
        self.ensure_paragraph(element)
        self.formats.append(replace(self.formats[-1], **changes))  # type: ignore[arg-type]

    def pop_format(self, element: HtmlElement) -> None:
        """Close the formatting ``push_format`` opened."""
        self.formats.pop()

    # -- block elements -------------------------------------------------------------------------

    def visit_header(self, element: HtmlElement) -> None:
        """Treat the title block as transparent: its children carry the meaning."""
        self.start_block(element)

    visit_section = visit_div_group = visit_header

    def visit_section_or_div(self, element: HtmlElement) -> None:
        """Remember an ``id`` as a bookmark on the next paragraph, so links can target it."""
        self.start_block(element)
        if element.get("id"):
            self.pending_bookmarks.append(self.bookmark(element.get("id")))

    visit_section = visit_section_or_div

    def depart_header(self, element: HtmlElement) -> None:
        """Close bare text left open inside the grouping element."""
        self.end_block()

    depart_section = depart_div = depart_header

    def visit_div(self, element: HtmlElement) -> bool | None:
        """Map ``div.page-break`` to a break before what follows; other divs are grouping."""
        if "page-break" not in element.classes:
            self.visit_section_or_div(element)
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

    def bookmark(self, html_id: str) -> str:
        """Return the Word bookmark name for an HTML id (ids may hold characters Word refuses)."""
        return self.bookmark_names.get(html_id) or bookmark_name(html_id)

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
        num_id = self.styles.restart_numbering(self.document, style) if element.tag == "ol" else None
        container = self.contexts[-1].container
        self.contexts.append(Context("list", style, container, False, num_id, level))

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
        item = Context("item", parent.style, parent.container, True, parent.num_id, parent.level)
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
        from briefings.writers.docx_blocks import TableBuilder

        self.start_block(element)
        if self.contexts[-1].kind != "body":
            raise fail(element, "tables are allowed at body level only:")
        TableBuilder(self).build(element)
        return SKIP_CHILDREN

    def visit_nav(self, element: HtmlElement) -> bool:
        """Translate the table of contents (see ``docx_blocks.TocBuilder``)."""
        from briefings.writers.docx_blocks import TocBuilder

        self.start_block(element)
        if "toc" not in element.classes or self.contexts[-1].kind != "body":
            raise fail(element, "only a body-level <nav class=\"toc\"> is supported:")
        TocBuilder(self).build(element)
        return SKIP_CHILDREN

    # -- inline elements ------------------------------------------------------------------------

    def visit_strong(self, element: HtmlElement) -> None:
        """Make the children bold."""
        self.push_format(element, bold=True)

    visit_b = visit_strong
    depart_strong = depart_b = depart_em = depart_i = depart_span = pop_format

    def visit_em(self, element: HtmlElement) -> None:
        """Make the children italic."""
        self.push_format(element, italic=True)

    visit_i = visit_em

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
        self.emit_run(link)
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
        if href.startswith("#") and len(href) > 1:
            if href[1:] not in self.bookmark_names:
                logger.warning("link to missing id %s at %s", href, where(element))
            return hyperlink(anchor=self.bookmark(href[1:]))
        if urlsplit(href).scheme.lower() not in EXTERNAL_SCHEMES:
            raise fail(element, f'unsupported link target "{href}" on')
        return hyperlink(rel_id=part.relate_to(href, RT.HYPERLINK, is_external=True))

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


def bookmark_names(body: HtmlElement) -> dict[str, str]:
    """Map every ``id`` in the body to a unique, valid Word bookmark name, in document order."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for element in body.iter():
        html_id = element.get("id") if isinstance(element.tag, str) else None
        if not html_id or html_id in names:
            continue
        name, n = bookmark_name(html_id), 1
        while name.lower() in taken:
            n += 1
            name = f"{bookmark_name(html_id)[: 40 - len(str(n)) - 1]}_{n}"
        names[html_id] = name
        taken.add(name.lower())
    return names


def bookmark_name(html_id: str) -> str:
    """Return a Word-valid bookmark name: a letter first, letters/digits/_ only, 40 at most."""
    name = re.sub(r"\W", "_", html_id, flags=re.ASCII)
    if not name[:1].isalpha():
        name = "id_" + name
    return name[:40]
