"""Text WeasyPrint 70 lays out or draws again, answered from memory: one of our fixes.

Installed with the others by ``footnotes.install_footnote_fixes`` (WeasyPrint 70 only), and
removed by ``footnotes.stock_weasyprint``.

* **Line breaks.** WeasyPrint asks Pango where each line of a text ends
  (``split_first_line``, a fifth of a cold build), and asks again for the same text, width
  and style: a footnote laid out to size the area and then in it, a page made twice for
  its table of contents, and in a warm process every paragraph an edit left alone. The
  answer depends only on the text, the width, the style properties the function reads
  (``LINE_STYLE``) and the fonts, so it is kept per font configuration. Each caller gets its
  own copy of the answer's layout object (inactive, Python only), which WeasyPrint may change.
* **Shaped lines for drawing.** To draw a line, WeasyPrint makes a new Pango layout of its
  text and shapes it again (``Layout.reactivate``). The layout depends on the same text and
  properties and on the justification spacing, so it is kept too, and drawing the same
  line again reads the glyphs Pango already placed. A line drawn with an ellipsis (which
  changes its layout) gets a layout of its own, as before.
* **Drawn lines.** Drawing a line walks its glyphs one by one in Python (a fifth of the
  writing). What it writes to the page depends only on the kept layout, apart from where
  the line starts; so the first drawing of a kept layout is recorded (its stream calls, and
  each font's glyph texts and widths in order), and the next draws replay it at their own
  position, adding the glyphs a document's fonts lack in the order WeasyPrint would.

Both memories are bounded, and belong to a font configuration: new fonts start afresh.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

# The style properties WeasyPrint 70's split_first_line and Layout read, themselves or
# through the font description and features they build (text/line_break.py, text/fonts.py).
LINE_STYLE = (
    "direction", "font_family", "font_feature_settings", "font_kerning",
    "font_language_override", "font_size", "font_stretch", "font_style",
    "font_variant_alternates", "font_variant_caps", "font_variant_east_asian",
    "font_variant_ligatures", "font_variant_numeric", "font_variant_position",
    "font_variation_settings", "font_weight", "hyphenate_character", "hyphenate_limit_chars",
    "hyphenate_limit_zone", "hyphens", "lang", "letter_spacing", "line_height",
    "overflow_wrap", "tab_size", "text_decoration_line", "white_space", "word_break",
    "word_spacing",
)  # fmt: skip
KEPT_LINES = 50_000  # line breaks per font configuration (1-2 kB each; an overview: 1,500)
KEPT_LAYOUTS = 8_000  # shaped Pango layouts (~5 kB each; an overview draws 1,200)

Memory = weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]]
_LINES: Memory = weakref.WeakKeyDictionary()
_LAYOUTS: Memory = weakref.WeakKeyDictionary()


def install() -> None:
    """Put the kept versions in WeasyPrint's place (once)."""
    from weasyprint.draw import text as draw_text
    from weasyprint.text.line_break import Layout

    _set_split_first_line(_kept_lines(_split_first_line()))
    if not hasattr(Layout.reactivate, "briefings_original"):
        Layout.reactivate = _kept_layouts(Layout.reactivate)
        draw_text.draw_first_line = _kept_drawing(draw_text.draw_first_line)


@contextmanager
def stock() -> Iterator[None]:
    """Run WeasyPrint's own text functions inside the block."""
    from weasyprint.draw import text as draw_text
    from weasyprint.text.line_break import Layout

    kept = _split_first_line(), Layout.reactivate, draw_text.draw_first_line
    _set_split_first_line(_original(kept[0]))
    Layout.reactivate, draw_text.draw_first_line = _original(kept[1]), _original(kept[2])
    try:
        yield
    finally:
        _set_split_first_line(kept[0])
        Layout.reactivate, draw_text.draw_first_line = kept[1], kept[2]


def _original(function: Any) -> Any:
    return getattr(function, "briefings_original", function)


def _split_first_line() -> Any:
    from weasyprint.layout import inline

    return inline.split_first_line


def _set_split_first_line(function: Any) -> None:
    """Put ``function`` where WeasyPrint's line layout and preferred widths call it."""
    from weasyprint.layout import inline, preferred

    inline.split_first_line = preferred.split_first_line = function


def _kept_lines(original: Any) -> Any:
    """Return ``split_first_line`` answering again from what it answered before."""
    if hasattr(original, "briefings_original"):
        return original

    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> tuple[Any, ...]:
        arguments = (text, style, context, max_width, justification_spacing, is_line_start)
        key = text_key(text, style, max_width, justification_spacing, is_line_start, minimum)
        if key is None:
            return tuple(original(*arguments, minimum))
        found = _recall(_LINES, style.font_config, key, KEPT_LINES)
        if found is None:
            found = _remember(_LINES, style.font_config, key, tuple(original(*arguments, minimum)))
        layout, *metrics = found
        return (_copy(layout), *metrics)

    split_first_line.briefings_original = original  # type: ignore[attr-defined]
    return split_first_line


def _copy(layout: Any) -> Any:
    """Return a copy of an inactive layout (plain attributes), faster than ``copy.copy``."""
    twin = object.__new__(type(layout))
    twin.__dict__.update(layout.__dict__)
    return twin


def _kept_layouts(original: Any) -> Any:
    """Return ``Layout.reactivate`` handing out the Pango layout made for the same line."""

    def reactivate(layout: Any, style: Any) -> None:
        key = text_key(layout.text, style, layout.justification_spacing)
        found = None if key is None else _recall(_LAYOUTS, style.font_config, key, KEPT_LAYOUTS)
        if found is None:
            original(layout, style)
            if key is not None:
                _remember(_LAYOUTS, style.font_config, key, _state(layout))
        else:
            layout.__dict__.update(found)
            layout.style = style
        layout.briefings_shared = key is not None

    reactivate.briefings_original = original  # type: ignore[attr-defined]
    return reactivate


# What ``Layout.setup`` and ``set_text`` leave on the layout, apart from the style.
_ACTIVE = (
    "layout", "language", "text", "first_line_direction", "ascent", "underline_position",
    "strikethrough_position", "underline_thickness", "strikethrough_thickness",
)  # fmt: skip


def _state(layout: Any) -> dict[str, Any]:
    """Return what a kept layout hands to the next text box, with room for its drawn line."""
    layout.__dict__[_DRAWN] = []
    state = {name: getattr(layout, name) for name in _ACTIVE if hasattr(layout, name)}
    state[_DRAWN] = layout.__dict__[_DRAWN]
    return state


def _kept_drawing(original: Any) -> Any:
    """Return ``draw_first_line`` drawing a kept layout's line again from what it drew before.

    A line drawn with an ellipsis (which changes its layout) gets a layout of its own.
    """

    def draw_first_line(
        stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any
    ) -> Any:
        layout = textbox.pango_layout
        shared = getattr(layout, "briefings_shared", False)
        if text_overflow == "ellipsis" or block_ellipsis != "none":
            if shared:
                _original(type(layout).reactivate)(layout, layout.style)  # draws change it
                layout.briefings_shared = False
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        drawn = layout.__dict__.get(_DRAWN) if shared else None
        if drawn is None:
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if drawn:
            return _redraw(stream, drawn, matrix)
        recorder = _Recorder(stream)
        try:
            emojis = original(recorder, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            glyphs = recorder.restore()
        if not emojis and not recorder.unknown:
            drawn.extend((recorder.calls, glyphs))
        return emojis

    draw_first_line.briefings_original = original  # type: ignore[attr-defined]
    return draw_first_line


_DRAWN = "briefings_drawn"  # on a kept layout: [stream calls, glyphs] of its line, once drawn
# What WeasyPrint 70's draw_first_line calls on the stream, and the rectangles it reads.
_LINE_CALLS = {"set_text_matrix", "set_font_size", "show_text", "set_text_rise"}
_MEASURES = {"ink_rect", "logical_rect"}


class _Recorder:
    """A page stream that records the calls drawing one line, and the glyphs it used.

    Each font's table of glyph texts is swapped for an empty one while the line is drawn, so
    it receives every glyph of the line, in order, with its text; ``restore`` then adds the
    new ones to the document's table, as WeasyPrint would have, and reads the line's glyph
    widths (which WeasyPrint wrote to the document's table itself).
    """

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.fonts: dict[int, tuple[Any, Any, dict[int, str]]] = {}
        self.unknown = False

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.stream, name)
        if name not in _LINE_CALLS:
            self.unknown |= name not in _MEASURES  # something we do not replay: keep nothing
            return value

        def call(*args: Any) -> Any:
            self.calls.append((name, args))
            return value(*args)

        return call

    def add_font(self, pango_font: Any) -> Any:
        font, size = self.stream.add_font(pango_font)
        self.calls.append(("add_font", (pango_font,)))
        if id(font) not in self.fonts:
            self.fonts[id(font)] = (font, pango_font, font.to_unicode)
            font.to_unicode = {}
        return font, size

    def restore(self) -> list[tuple[Any, dict[int, str], dict[int, int]]]:
        """Give each font its table back, with the line's new glyphs; return the line's."""
        glyphs = []
        for font, pango_font, to_unicode in self.fonts.values():
            texts, font.to_unicode = font.to_unicode, to_unicode
            _add_new(texts, to_unicode)
            widths = {glyph: font.widths.get(glyph) for glyph in texts}
            self.unknown |= 0 in font.widths or None in widths.values()  # a .notdef was drawn
            glyphs.append((pango_font, texts, widths))
        return glyphs


def _redraw(stream: Any, drawn: list[Any], matrix: Any) -> list[Any]:
    """Draw a recorded line at ``matrix``, adding its glyphs to the document's fonts."""
    calls, glyphs = drawn
    tables = {id(pango_font): (to_unicode, widths) for pango_font, to_unicode, widths in glyphs}
    for name, args in calls:
        if name == "set_text_matrix":
            stream.set_text_matrix(*matrix.values)
        elif name == "add_font":
            font = stream.add_font(*args)[0]
            to_unicode, widths = tables.get(id(args[0]), ({}, {}))
            _add_new(to_unicode, font.to_unicode)
            _add_new(widths, font.widths)
        else:
            getattr(stream, name)(*args)
    return []


def _add_new(line: dict[int, Any], table: dict[int, Any]) -> None:
    """Add to ``table``, in the line's order, the line's glyphs it lacks."""
    if not line.keys() <= table.keys():
        table.update({glyph: value for glyph, value in line.items() if glyph not in table})


def text_key(text: str, style: Any, *arguments: Any) -> tuple[Any, ...] | None:
    """Return what a line's layout depends on, or None where that is not known for sure."""
    values = style_values(style)
    return None if values is None else (text, *arguments, values)


def style_values(style: Any) -> tuple[Any, ...] | None:
    """Return the style's LINE_STYLE values (None if not comparable), kept on the style.

    WeasyPrint sets these properties on a style only while it builds boxes, before any text
    is laid out, so the values read at the first line stay the style's values.
    """
    kept = style.__dict__
    if _VALUES in kept:
        return kept[_VALUES]
    values: tuple[Any, ...] | None = tuple(style[name] for name in LINE_STYLE)
    if getattr(style["hyphenate_limit_zone"], "unit", None) is None:
        values = None  # a calc() value, which may read any other property
    else:
        try:
            hash(values)
        except TypeError:
            values = None
    kept[_VALUES] = values
    return values


_VALUES = "briefings_line_style"


def _recall(memory: Memory, fonts: Any, key: tuple[Any, ...], bound: int) -> Any:
    kept = memory.setdefault(fonts, {})
    make_room(kept, bound)
    return kept.get(key)


def make_room(kept: dict[Any, Any], bound: int) -> None:
    """Forget the older half of a full memory (in the order it learnt), keeping the rest.

    Emptying it all would make a process that renders more than fits (a watch over every
    briefing, in three languages) start afresh in the middle of each edition.
    """
    if len(kept) >= bound:
        for key in list(islice(kept, len(kept) // 2 + 1)):
            del kept[key]


def _remember(memory: Memory, fonts: Any, key: tuple[Any, ...], value: Any) -> Any:
    memory.setdefault(fonts, {})[key] = value
    return value
