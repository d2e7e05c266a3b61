"""Footnotes in WeasyPrint 70: two fixes to its layout, and an audit of the result.

* ``PendingFootnotes`` makes layout time linear. WeasyPrint asks, for every box of every
  line, whether the box's footnote is in ``context.footnotes``, the plain list of every
  footnote not yet placed (``layout/block.py``, ``_linebox_layout``). Each question scans
  that list, so a document with ten times the footnotes took about 13 times as long.
* ``rescue_lost_footnotes`` keeps a footnote that WeasyPrint 70 drops: when a line
  overflows and orphans forbid breaking before it, earlier footnotes are reported to the
  next page to make room, and the line is kept *without laying out its own footnotes*;
  that footnote then waits forever and its body never appears. We report it to the next
  page, as GCPM allows ("a footnote may move to the next page").
* ``audit_footnotes`` runs after layout: a note still missing is a WriterError, never a
  silently lost citation.

Both fixes wrap WeasyPrint's page maker, only on the versions where they were verified.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from briefings.errors import WriterError

if TYPE_CHECKING:
    from weasyprint.document import Document, Page

logger = logging.getLogger(__name__)

# Versions whose page maker we wrap (the bug and the list's uses are verified there).
FIXED_VERSIONS = ("70.",)


class PendingFootnotes(list[Any]):
    """WeasyPrint's list of footnotes waiting for a page, with constant-time ``in``.

    WeasyPrint 70 only appends, removes, copies, iterates and tests membership on this
    list; a count per box (boxes compare by identity) answers ``in`` without a scan.
    """

    def __init__(self, notes: Iterable[Any] = ()) -> None:
        super().__init__(notes)
        self._counts = Counter(self)

    def __contains__(self, note: object) -> bool:
        return note in self._counts

    def append(self, note: Any) -> None:
        super().append(note)
        self._counts[note] += 1

    def remove(self, note: Any) -> None:
        super().remove(note)
        self._counts[note] -= 1
        if not self._counts[note]:
            del self._counts[note]

    def copy(self) -> PendingFootnotes:
        return PendingFootnotes(self)


def rescue_lost_footnotes(page: Any, context: Any) -> None:
    """Defer to the next page any footnote whose call this page holds but whose body it lacks."""
    waiting = context.footnotes
    if not waiting or not page.children:
        return
    for box in page.children[0].descendants():
        if box.footnote is not None and box.footnote in waiting:
            waiting.remove(box.footnote)
            context.reported_footnotes.append(box.footnote)
            logger.debug("deferred a dropped footnote to the next page")


def install_footnote_fixes() -> None:
    """Wrap WeasyPrint's page maker once per process, on the versions known to need it."""
    import weasyprint
    from weasyprint.layout import page as page_layout

    if getattr(page_layout.remake_page, "briefings_fixes", False):
        return
    if not weasyprint.__version__.startswith(FIXED_VERSIONS):
        logger.debug("WeasyPrint %s: footnote fixes not installed", weasyprint.__version__)
        return
    page_layout.remake_page = _with_fixes(page_layout.remake_page)


def _with_fixes(original: Any) -> Any:
    """Return ``remake_page`` on an indexed footnote list, rescuing dropped notes after."""

    def remake_page(index: int, context: Any, root_box: Any, html: Any) -> tuple[Any, Any]:
        """Make the page as WeasyPrint does, then defer its dropped footnotes."""
        # Each pagination pass starts from a plain copy of the list; index it once per pass.
        if type(context.footnotes) is list:
            context.footnotes = PendingFootnotes(context.footnotes)
        page, resume_at = original(index, context, root_box, html)
        rescue_lost_footnotes(page, context)
        return page, resume_at

    remake_page.briefings_fixes = True  # type: ignore[attr-defined]
    remake_page.briefings_original = original  # type: ignore[attr-defined]
    return remake_page


def footnote_pages(pages: list[Page]) -> tuple[dict[Any, int], dict[Any, int]]:
    """Map each footnote element to the page of its call and to the page of its body."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    calls: dict[Any, int] = {}
    bodies: dict[Any, int] = {}
    for number, page in enumerate(pages, start=1):
        for child in page._page_box.children:
            if isinstance(child, FootnoteAreaBox):
                bodies.update((note.element, number) for note in child.children)
            else:
                calls.update(
                    (box.footnote.element, number)
                    for box in child.descendants()
                    if box.footnote is not None
                )
    return calls, bodies


def audit_footnotes(document: Document) -> None:
    """Raise WriterError for a footnote whose body is missing; warn when one drifts away."""
    calls, bodies = footnote_pages(document.pages)
    lost = [(page, element) for element, page in calls.items() if element not in bodies]
    if lost:
        where = "; ".join(f"page {page}: {_footnote_text(element)!r}" for page, element in lost)
        raise WriterError(f"{len(lost)} footnote(s) lost in PDF layout ({where})")
    for element, page in calls.items():
        if bodies[element] > page + 1:
            logger.warning(
                "footnote %r called on page %d is printed on page %d",
                _footnote_text(element),
                page,
                bodies[element],
            )


def _footnote_text(element: Any) -> str:
    """Return the start of a footnote's text, to name it in messages."""
    return " ".join("".join(element.itertext()).split())[:60]


_CALL = re.compile(r'([^\s<>])<span class="fn"[^>]*>')
_SPAN = re.compile(r"<span\b|</span>")


def keep_calls(html: str) -> str:
    """Bind each footnote call to the character before it, so its number never wraps alone.

    That character and the footnote go into ``<span class="keep">`` (no line break inside;
    print.css lets the footnote's own text wrap). Binding the whole word instead makes
    WeasyPrint 70 break some lines early, so only one character is bound.
    """
    parts: list[str] = []
    position = 0
    for match in _CALL.finditer(html):
        if match.start() < position:
            continue  # inside a footnote already bound
        end = _span_end(html, match.end())
        parts += [html[position : match.start()], '<span class="keep">', html[match.start() : end]]
        parts.append("</span>")
        position = end
    return "".join(parts) + html[position:]


def _span_end(html: str, start: int) -> int:
    """Return the index just after the ``</span>`` closing a span opened before ``start``."""
    depth = 1
    for tag in _SPAN.finditer(html, start):
        depth += -1 if tag.group() == "</span>" else 1
        if depth == 0:
            return tag.end()
    return len(html)
