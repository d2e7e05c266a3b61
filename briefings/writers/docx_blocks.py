"""Tables and the table of contents: HTML read as a structure, not as a stream.

Both are driven by the translator (``docx_translator.DocxTranslator``) and use it to walk the
inline content of captions, cells and TOC links, so formatting, footnotes and whitespace
rules stay the same everywhere.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from briefings.writers.docx_html import Context, elements, fail
from briefings.writers.docx_parts import (
    Element,
    RunFormat,
    field_char,
    field_runs,
    field_start,
    hyperlink,
    new_table,
    request_field_update,
    set_right_tab,
    tab_run,
    w_el,
)

if TYPE_CHECKING:
    from briefings.writers.docx_translator import DocxTranslator

logger = logging.getLogger(__name__)

COL_WIDTH = re.compile(r"\s*width\s*:\s*(\d+(?:\.\d+)?)%\s*;?\s*")
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
TableRow = tuple[HtmlElement, bool]  # (<tr>, came from <thead>)


class TableBuilder:
    """Build one ``Light Grid Accent 1`` table with a ``Caption`` paragraph before it."""

    def __init__(self, translator: DocxTranslator) -> None:
        self.translator = translator

    def build(self, table: HtmlElement) -> None:
        """Read the table's parts, then write caption, grid, header rows and cells."""
        caption, percents, rows = self.read(table)
        self.translator.add_id_bookmark(table)
        if caption is not None:
            self.caption(caption)
        elif self.translator.pending_page_break or self.translator.pending_bookmarks:
            self.anchor_paragraph()
        columns = max(len(elements(tr)) for tr, _ in rows)
        header_rows = next((i for i, (_, head) in enumerate(rows) if not head), len(rows))
        style_id = self.translator.styles.id("Light Grid Accent 1")
        tbl = new_table(style_id, self.widths(table, percents, columns), len(rows), header_rows)
        self.translator.insert_block(tbl, self.translator.contexts[-1])
        for (tr, _), row in zip(rows, tbl.tr_lst, strict=True):
            self.translator.fact_blocks.mark_row(row, tr)
            cells = elements(tr)
            for index, tc in enumerate(row.tc_lst):
                self.cell(cells[index] if index < len(cells) else None, tc)

    def read(self, table: HtmlElement) -> tuple[HtmlElement | None, list[float], list[TableRow]]:
        """Return the caption, column percentages and rows, rejecting anything else."""
        caption: HtmlElement | None = None
        percents: list[float] = []
        rows: list[TableRow] = []
        for child in elements(table):
            if child.tag == "caption" and caption is None and not rows and not percents:
                caption = child
            elif child.tag in ("colgroup", "col"):
                percents += [self.percent(col) for col in self.cols(child)]
            elif child.tag in ("thead", "tbody"):
                rows += [(tr, child.tag == "thead") for tr in self.rows(child)]
            elif child.tag == "tr":
                rows.append((child, False))
            else:
                raise fail(child, "unsupported table part")
        if not rows:
            raise fail(table, "a table needs at least one row:")
        if not rows[0][1] and all(cell.tag == "th" for cell in elements(rows[0][0])):
            rows[0] = (rows[0][0], True)  # a first row of <th> only is a header row too
        return caption, percents, rows

    def cols(self, child: HtmlElement) -> list[HtmlElement]:
        """Return the ``<col>`` elements of a ``<colgroup>`` (or the lone ``<col>``)."""
        cols = [child] if child.tag == "col" else elements(child)
        for col in cols:
            if col.tag != "col" or col.get("span", "1") != "1":
                raise fail(col, 'only <col style="width: N%"> is supported, not')
        return cols

    def rows(self, group: HtmlElement) -> list[HtmlElement]:
        """Return the ``<tr>`` children of a ``<thead>``/``<tbody>``."""
        rows = elements(group)
        for row in rows:
            if row.tag != "tr":
                raise fail(row, f"unsupported element in <{group.tag}>:")
        return rows

    def percent(self, col: HtmlElement) -> float:
        """Return the width percentage of ``<col style="width: N%">``."""
        match = COL_WIDTH.fullmatch(col.get("style", ""))
        if match is None:
            raise fail(col, f'unsupported style "{col.get("style", "")}" (want width: N%) on')
        return float(match.group(1))

    def widths(self, table: HtmlElement, percents: list[float], columns: int) -> list[int]:
        """Return column widths in twips: the percentages scaled to the text width, or even."""
        if not percents:
            return [self.translator.text_width // columns] * columns
        if len(percents) != columns or sum(percents) <= 0:
            raise fail(table, f"{len(percents)} <col> widths for {columns} columns in")
        total = sum(percents)
        return [round(self.translator.text_width * p / total) for p in percents]

    def caption(self, caption: HtmlElement) -> None:
        """Write the caption as a ``Caption`` paragraph kept with the table."""
        self.translator.open_paragraph("Caption", explicit=True)
        self.translator.walk_children(caption)
        self.translator.close_paragraph()

    def anchor_paragraph(self) -> None:
        """Write an empty paragraph to carry a pending page break or bookmark before a table."""
        self.translator.open_paragraph("Normal", explicit=True)
        self.translator.close_paragraph()

    def cell(self, cell: HtmlElement | None, tc: Element) -> None:
        """Fill one cell from ``<td>``/``<th>`` (bold); a missing cell stays empty."""
        context = Context("cell", "Normal", tc)
        if cell is not None:
            if cell.tag not in ("td", "th"):
                raise fail(cell, "unsupported element in <tr>:")
            if cell.get("colspan", "1") != "1" or cell.get("rowspan", "1") != "1":
                raise fail(cell, "colspan and rowspan are not supported on")
            self.translator.contexts.append(context)
            self.translator.formats.append(RunFormat(bold=cell.tag == "th"))
            self.translator.walk_children(cell)
            self.translator.end_block()
            self.translator.formats.pop()
            self.translator.contexts.pop()
        if context.paragraphs == 0:
            tc.append(w_el("p"))  # every cell must end with a paragraph


class TocBuilder:
    """Build a Word TOC field whose result is pre-filled with the HTML's entries.

    A TOC field is empty until Word updates it, so each ``<li><a href="#id">`` becomes a
    ``TOC 1``/``TOC 2`` paragraph holding a hyperlink to the heading's bookmark and a PAGEREF
    field for its page number; Word's "Update field" rebuilds the same list from headings.
    """

    def __init__(self, translator: DocxTranslator) -> None:
        self.translator = translator

    def build(self, nav: HtmlElement) -> None:
        """Write the TOC heading and the pre-filled field."""
        self.translator.add_id_bookmark(nav)
        request_field_update(self.translator.document.settings.element)
        lists = 0
        for child in elements(nav):
            if child.tag == "h2":
                self.translator.open_paragraph("TOC Heading", explicit=True)
                self.translator.walk_children(child)
                self.translator.close_paragraph()
            elif child.tag == "ol" and lists == 0:
                lists += 1
                self.field(self.entries(child, 1))
            else:
                raise fail(child, "a TOC holds one <h2> and one <ol>, not")

    def entries(self, ol: HtmlElement, level: int) -> list[tuple[int, HtmlElement]]:
        """Return (level, ``<a>``) pairs in order; nested ``<ol>`` entries are level 2."""
        found: list[tuple[int, HtmlElement]] = []
        for li in elements(ol):
            children = elements(li) if li.tag == "li" else []
            links = [child for child in children if child.tag == "a"]
            nested = [child for child in children if child.tag == "ol"]
            if li.tag != "li" or len(links) != 1 or len(links) + len(nested) != len(children):
                raise fail(li, 'a TOC entry is <li><a href="#id">…</a> [<ol>…</ol>], not')
            if not (links[0].get("href") or "").startswith("#") or (nested and level == 2):
                raise fail(links[0], "a TOC entry links to #id, two levels deep at most; bad")
            found.append((level, links[0]))
            for child in nested:
                found += self.entries(child, level + 1)
        return found

    def field(self, entries: list[tuple[int, HtmlElement]]) -> None:
        """Write one paragraph per entry inside a ``TOC`` field, ending it after the last."""
        if not entries:
            paragraph = self.translator.open_paragraph("TOC 1", explicit=True)
            paragraph.extend(field_runs(TOC_INSTRUCTION))
            self.translator.close_paragraph()
            return
        paragraph = None
        for index, (level, link) in enumerate(entries):
            paragraph = self.entry(level, link, start_field=index == 0)
        assert paragraph is not None
        paragraph.append(field_char("end"))

    def entry(self, level: int, link: HtmlElement, *, start_field: bool) -> Element:
        """Write one entry: hyperlink to the bookmark, dot leader, PAGEREF page number."""
        paragraph = self.translator.open_paragraph(f"TOC {level}", explicit=True)
        set_right_tab(
            paragraph,
            self.translator.text_width,
            clear=self.translator.styles.tab_stops(f"TOC {level}"),
        )
        if start_field:
            paragraph.extend(field_start(TOC_INSTRUCTION))
        anchor = self.translator.bookmark(link.get("href")[1:])
        if link.get("href")[1:] not in self.translator.bookmark_names:
            logger.warning("TOC entry links to missing id %s", link.get("href"))
        element = hyperlink(anchor=anchor)
        paragraph.append(element)
        assert self.translator.cursor is not None
        self.translator.cursor.container = element
        self.translator.walk_children(link)
        element.append(tab_run())
        element.extend(field_runs(f"PAGEREF {anchor} \\h"))
        self.translator.close_paragraph()
        return paragraph
