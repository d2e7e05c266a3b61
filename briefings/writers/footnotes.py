"""Every change we make to WeasyPrint 70 (and its PDF library pydyf), and the footnote audit.

* ``PendingFootnotes`` makes layout time linear. WeasyPrint asks, for every box of every
  line, whether the box's footnote is in ``context.footnotes``, the plain list of every
  footnote not yet placed (``layout/block.py``, ``_linebox_layout``). Each question scans
  that list, so a document with ten times the footnotes took about 13 times as long.
* ``rescue_lost_footnotes`` keeps a footnote that WeasyPrint 70 drops: when a line
  overflows and orphans forbid breaking before it, earlier footnotes are reported to the
  next page to make room, and the line is kept *without laying out its own footnotes*;
  that footnote then waits forever and its body never appears. We report it to the next
  page, as GCPM allows ("a footnote may move to the next page").
* ``_measured`` makes the footnote area's cost linear in its notes. For every note
  placed, WeasyPrint 70 copies the page's footnote area and lays out *every* note in it
  again, only to read the area's height (``LayoutContext._update_footnote_area``); a page
  of n notes lays out n(n+1)/2 of them. When no note has a vertical margin (so none can
  collapse with another) and the area's height is automatic, the area's height is the sum of
  its notes' heights: each note is laid out once per page width and its height reused. Any
  other case runs WeasyPrint's own code. The page's final footnote area is WeasyPrint's own
  layout, untouched.
* ``kept_text`` (its own module) remembers where a text breaks and how it is shaped, so
  that a text WeasyPrint lays out or draws again is answered from memory.
* ``kept_styles`` (its own module) hands an element of the next document the computed
  style an element with the same inputs had in the previous one.
* ``kept_lengths`` (its own module) sets a box's used margins, paddings and sizes from
  memory when a box with the same values in the same containing block was resolved before.
* ``FastZlib``: pydyf 0.13 compresses every stream (page contents, font subsets) at zlib
  level 9, a third of the overview's writing time; level 6, zlib's default, is three times
  faster for a file 1.5 % larger. Only the compressed bytes change: pages, text and fonts
  are the same.
* ``audit_footnotes`` runs after layout: a note still missing is a WriterError, never a
  silently lost citation.

The fixes are installed only on the versions where they were verified, and can be removed
again (``stock_weasyprint``) to compare our output with WeasyPrint's own.
"""

from __future__ import annotations

import logging
import re
import weakref
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from math import inf
from typing import TYPE_CHECKING, Any

from briefings.errors import WriterError
from briefings.writers import kept_lengths, kept_styles, kept_text

if TYPE_CHECKING:
    from weasyprint.document import Document, Page

logger = logging.getLogger(__name__)

# Versions whose page maker we wrap (the bug and the list's uses are verified there).
FIXED_VERSIONS = ("70.",)
PYDYF_VERSIONS = ("0.13.",)  # pydyf versions whose only zlib uses are compress/compressobj
COMPRESSION_LEVEL = 6
_INSTALLED: list[str] = []  # the WeasyPrint version the fixes were installed on, once
KEPT_HEIGHTS = 20_000  # note heights kept per font configuration (an overview has 170)
_KEPT_HEIGHTS: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()
PLAIN_BOXES = {"BlockBox", "InlineBox", "TextBox"}  # the boxes a kept note height may hold


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
    """Install the fixes once per process, on the versions known to need them."""
    import pydyf
    import weasyprint
    from weasyprint.layout import LayoutContext
    from weasyprint.layout import page as page_layout

    if _INSTALLED:
        return
    if not weasyprint.__version__.startswith(FIXED_VERSIONS):
        logger.debug("WeasyPrint %s: footnote fixes not installed", weasyprint.__version__)
        return
    page_layout.remake_page = _with_fixes(page_layout.remake_page)
    LayoutContext._update_footnote_area = _measured(LayoutContext._update_footnote_area)
    kept_text.install()
    kept_styles.install()
    kept_lengths.install()
    if pydyf.__version__.startswith(PYDYF_VERSIONS):
        pydyf.zlib = FastZlib(COMPRESSION_LEVEL)
    _INSTALLED.append(weasyprint.__version__)


def forget_kept() -> None:
    """Forget what every kept memory learnt, so the next document is laid out as a new
    process would lay it out (benchmarks that time cold builds inside one process)."""
    from briefings.writers import engine

    engine.release_engines(forget=True)
    kept_lengths.forget()


def forget_fonts(font_config: Any) -> None:
    """Drop what the memories kept for a font configuration no longer used.

    Their entries refer to the configuration through the styles they hold, so it would
    never leave the weak dictionaries by itself.
    """
    for memory in (kept_text._LINES, kept_text._LAYOUTS, kept_styles._KEPT, _KEPT_HEIGHTS):
        memory.pop(font_config, None)


class FastZlib:
    """The zlib module as pydyf sees it, with every ``compressobj`` at one chosen level."""

    def __init__(self, level: int) -> None:
        self.level = level

    def compressobj(self, level: int = -1, *args: Any, **kwargs: Any) -> Any:
        """Return a compressor at our level, whatever level pydyf asks for."""
        return zlib.compressobj(self.level, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


@contextmanager
def stock_weasyprint() -> Iterator[None]:
    """Run WeasyPrint's own code inside the block (to compare with it), then our fixes again."""
    import pydyf
    from weasyprint.layout import LayoutContext
    from weasyprint.layout import page as page_layout

    install_footnote_fixes()
    fixed = page_layout.remake_page, LayoutContext._update_footnote_area, pydyf.zlib
    page_layout.remake_page = getattr(fixed[0], "briefings_original", fixed[0])
    LayoutContext._update_footnote_area = getattr(fixed[1], "briefings_original", fixed[1])
    pydyf.zlib = zlib
    try:
        with kept_text.stock(), kept_styles.stock(), kept_lengths.stock():
            yield
    finally:
        page_layout.remake_page, LayoutContext._update_footnote_area, pydyf.zlib = fixed


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


def _measured(original: Any) -> Any:
    """Return ``_update_footnote_area`` summing cached note heights where that is exact."""

    def _update_footnote_area(context: Any) -> bool:
        """Size the footnote area as WeasyPrint does, without laying out every note again."""
        area = context.current_footnote_area
        notes = context.current_page_footnotes
        heights = _note_heights(context, area, notes) if notes and _plain(area) else None
        if heights is None:
            return bool(original(context))
        if area.height != "auto" and not context.in_column:
            context.page_bottom += area.margin_height()
        area.children = notes
        top = area.content_box_y()
        bottom = top
        for height in heights:  # the same additions as WeasyPrint's block layout
            bottom = bottom + height
        area.height = max(0, bottom - top)
        if not context.in_column:
            context.page_bottom -= area.margin_height()
        return bool(bottom > area.position_y + area.margin_height() - area.margin_bottom)

    _update_footnote_area.briefings_original = original  # type: ignore[attr-defined]
    return _update_footnote_area


def _plain(area: Any) -> bool:
    """Tell whether the area's height can only be its content's: auto, no min or max."""
    style = area.style
    return (
        style["height"] == "auto"
        and getattr(style["max_height"], "value", None) == inf
        and (style["min_height"] == "auto" or getattr(style["min_height"], "value", None) == 0)
        and "auto" not in (area.margin_top, area.margin_bottom)
        and style["column_width"] == "auto"
        and style["column_count"] == "auto"
    )


def _note_heights(context: Any, area: Any, notes: list[Any]) -> list[float] | None:
    """Return each note's height in this area, or None if one could collapse margins."""
    cache = context.__dict__.setdefault("briefings_note_heights", {})
    kept = _KEPT_HEIGHTS.setdefault(area.style.font_config, {})
    kept_text.make_room(kept, KEPT_HEIGHTS)
    heights = []
    for note in notes:
        key = (id(note), area.width)
        if key not in cache:
            cache[key] = (note, _kept_height(context, area, note, kept))
        height = cache[key][1]
        if height is None:
            return None
        heights.append(height)
    return heights


def _kept_height(context: Any, area: Any, note: Any, kept: dict[Any, Any]) -> float | None:
    """Return the note's height, from an earlier document if an equal note was measured."""
    found = _signature(note)
    if found is None:
        return _note_height(context, area, note)
    signature, styles = found
    key = (area.width, signature)
    if key not in kept:
        kept[key] = (_note_height(context, area, note), styles)  # styles: their ids stay theirs
    return kept[key][0]


def _signature(note: Any) -> tuple[tuple[Any, ...], list[Any]] | None:
    """Return what a note's layout reads (each box's kind, style, text) and its styles."""
    parts: list[Any] = []
    styles = []
    for box in note.descendants():
        if type(box).__name__ not in PLAIN_BOXES:
            return None
        style = kept_styles.identity(box.style)
        if style is None:
            return None
        children = len(getattr(box, "children", ()))
        parts.append((type(box), style, getattr(box, "text", None), children))
        styles.append(box.style)
    return tuple(parts), styles


def _note_height(context: Any, area: Any, note: Any) -> float | None:
    """Lay out one note alone in a copy of the area, as WeasyPrint would; None if unsafe."""
    from weasyprint.formatting_structure import build
    from weasyprint.layout.block import block_level_layout

    children, area.children = area.children, [note]
    try:
        probe = build.create_anonymous_boxes(area.deepcopy())
    finally:
        area.children = children
    laid = block_level_layout(context, probe, -inf, None, area.page)[0]
    if laid is None or len(laid.children) != 1 or not _marginless(laid.children[0]):
        return None
    child = laid.children[0]
    return float(child.margin_height())


def _marginless(note: Any) -> bool:
    """Tell whether no block in a laid-out note has a vertical margin, float or clearance."""
    from weasyprint.formatting_structure.boxes import BlockLevelBox

    for box in note.descendants():
        if box.is_floated() or box.is_absolutely_positioned():
            return False
        if isinstance(box, BlockLevelBox) and (
            box.margin_top or box.margin_bottom or getattr(box, "clearance", None) is not None
        ):
            return False
    return True


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
