"""Computed styles a warm process hands out again: one of our fixes to WeasyPrint 70.

Installed with the others by ``footnotes.install_footnote_fixes`` (WeasyPrint 70 only), and
removed by ``footnotes.stock_weasyprint``.

An element's computed style is a pure function of its cascaded declarations, its parent's
and the root's computed styles, its pseudo-element type, the base URL and the fonts
(``css.ComputedStyle``: it computes each property on first use from those alone).
WeasyPrint 70 already gives equal elements of one document one shared style object
(``StyleFor``'s ``computed_cache``). We extend that sharing to the next document of the same
process and thread: after an edit, ``watch`` and the service lay out a document whose
elements are almost all unchanged, and each gets the style object, with every property it
already computed, that the same element had in the previous edition. A style is handed out
again only if its parent and root styles are themselves the kept ones, so an edit reaches
every descendant of what it changed. Pages and their margin boxes keep theirs per page type
(its index included); what layout later writes into them (counters made explicit, the
viewport's overflow) is the same every time.

The memory belongs to a font configuration and a thread (documents rendered side by side
never share), and is bounded.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tinycss2.ast import Node

from briefings.writers.kept_text import make_room

KEPT_STYLES = 40_000  # styles per font configuration and thread (an overview makes 6,500)

# font configuration → thread → (inputs → style); a style holds its parent and root styles,
# so the ids in its key name living styles for as long as the entry is kept.
_KEPT: weakref.WeakKeyDictionary[Any, dict[int, dict[tuple[Any, ...], Any]]] = (
    weakref.WeakKeyDictionary()
)
_ROOT = ("root",)  # key of the initial style every root element inherits from
KEPT = "briefings_kept"  # marks a kept style: one object for as long as it is kept


def install() -> None:
    """Put the kept version of ``StyleFor.set_computed_styles`` in WeasyPrint's place."""
    from weasyprint.css import StyleFor

    if not hasattr(StyleFor.set_computed_styles, "briefings_original"):
        StyleFor.set_computed_styles = _kept(StyleFor.set_computed_styles)


@contextmanager
def stock() -> Iterator[None]:
    """Run WeasyPrint's own style computation inside the block."""
    from weasyprint.css import StyleFor

    kept = StyleFor.set_computed_styles
    StyleFor.set_computed_styles = getattr(kept, "briefings_original", kept)
    try:
        yield
    finally:
        StyleFor.set_computed_styles = kept


def _kept(original: Any) -> Any:
    """Return ``set_computed_styles`` handing out the style computed before from equal inputs."""
    from weasyprint.css import ComputedStyle, InitialStyle

    def set_computed_styles(
        self: Any,
        element: Any,
        parent: Any,
        root: Any = None,
        pseudo_type: str | None = None,
        base_url: str | None = None,
        target_collector: Any = None,
    ) -> None:
        kept = _memory(self.font_config)
        computed_styles = self._computed_styles
        if element == root and pseudo_type is None:
            parent_style = None
            root_style = kept.get(_ROOT)
            if root_style is None:
                root_style = kept[_ROOT] = InitialStyle(self.font_config)
                root_style.__dict__[KEPT] = True
        else:
            parent_style = computed_styles[parent, None]
            root_style = computed_styles[root, None]
        cascaded = self._cascaded_styles.get((element, pseudo_type), {})
        inputs = _inputs(cascaded, self.__dict__.setdefault("briefings_frozen", {}))
        page = None if hasattr(element, "tag") else element  # a page type: its own style
        key = (id(parent_style), id(root_style), pseudo_type, page, base_url, inputs)
        style = None if inputs is None else kept.get(key)
        if style is None:
            style = ComputedStyle(
                parent_style, cascaded, pseudo_type, root_style, base_url,
                self.font_config, self.initial_page_sizes,
            )  # fmt: skip
            if inputs is not None:
                kept[key] = style
                style.__dict__[KEPT] = True
        else:
            style.initial_page_sizes = self.initial_page_sizes  # this document's pages
        computed_styles[element, pseudo_type] = style
        if target_collector and style["anchor"]:
            target_collector.collect_anchor(style["anchor"])

    set_computed_styles.briefings_original = original  # type: ignore[attr-defined]
    return set_computed_styles


def _memory(font_config: Any) -> dict[tuple[Any, ...], Any]:
    """Return this thread's kept styles for a font configuration, the older half forgotten
    when full (a style a kept one inherits from stays alive through it: ids stay unique)."""
    threads = _KEPT.setdefault(font_config, {})
    kept = threads.setdefault(threading.get_ident(), {})
    make_room(kept, KEPT_STYLES)
    return kept


def _inputs(cascaded: dict[str, Any], frozen: dict[int, Any]) -> tuple[Any, ...] | None:
    """Return the cascaded declarations as a hashable value, equal for equal declarations.

    Values may be tinycss2 tokens (colours, for one), which compare by identity, and every
    document parses its stylesheets again; so each value is compared by its content, worked
    out once per value object and document in ``frozen`` (equal elements share the objects
    of their declarations). None if a value still cannot be compared: that style is not kept.
    """
    inputs = []
    for name, (value, weight) in cascaded.items():
        found = frozen.get(id(value))
        if found is None or found[0] is not value:
            found = frozen[id(value)] = (value, _content(value))
        inputs.append((name, found[1], weight))
    key = tuple(inputs)
    try:
        hash(key)
        return key
    except TypeError:  # a presentational hint's specificity is a list
        key = tuple((name, value, _content(weight)) for name, value, weight in inputs)
    try:
        hash(key)
        return key
    except TypeError:
        return None


def _content(value: Any) -> Any:
    """Return a value whose equality and hash are those of the value's content."""
    if isinstance(value, list | tuple):
        return tuple(_content(v) for v in value)
    if isinstance(value, set | frozenset):
        return frozenset(_content(v) for v in value)
    if isinstance(value, Node):
        return type(value).__name__, value.serialize()
    return value


def identity(style: Any) -> Any:
    """Return a value equal for styles that behave the same, across documents; None if unknown.

    A kept style is its id (it is one object while it is kept). Any other style (a copy
    WeasyPrint changed, an anonymous box's style) computes what it lacks from its parent and
    declarations, so it is its content, its parent's identity and its declarations' id. The
    caller keeps the styles alive while it keeps their identities, so no id is reused.
    """
    if KEPT in style.__dict__:
        return id(style)
    parent = style.parent_style
    inherited = None if parent is None else identity(parent)
    if parent is not None and inherited is None:
        return None
    try:
        content = frozenset(style.items())
    except TypeError:
        return None
    declarations = id(getattr(style, "cascaded", None))
    return type(style).__name__, inherited, declarations, id(style.root_style), content
