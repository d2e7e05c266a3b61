"""Used lengths WeasyPrint 70 resolves again for equal boxes, answered from memory.

Installed with the others by ``footnotes.install_footnote_fixes`` (WeasyPrint 70 only), and
removed by ``footnotes.stock_weasyprint``.

``resolve_percentages`` turns a box's computed margins, paddings, widths, heights and
borders into used lengths against its containing block: about fifteen lookups and
assignments per box, for every box of every page, and again for every box of every
edition. The answer depends only on the style values it reads (``READ``), the containing
block's size and whether the box is a page; so it is kept under those values. Values that
are not plain lengths or keywords (a ``calc()``, which may read any other property) and
collapsed table borders (which the function reads from the box) take WeasyPrint's path.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from briefings.writers.kept_text import make_room

SIDES = ("top", "right", "bottom", "left")
# What WeasyPrint 70's resolve_percentages and adjust_box_sizing read from the style...
READ = (
    *(f"margin_{side}" for side in SIDES),
    *(f"padding_{side}" for side in SIDES),
    "width", "min_width", "max_width", "height", "min_height", "max_height",
    *(f"border_{side}_width" for side in SIDES),
    "box_sizing", "border_collapse",
)  # fmt: skip
# ...and the box attributes they set.
USED = READ[:-2]
# The modules that imported WeasyPrint's function by name (layout/*.py).
CALLERS = ("absolute", "block", "column", "float", "grid", "inline", "page", "table")
KEPT_LENGTHS = 20_000  # distinct (values, containing block) pairs; an overview has 900
_KEPT: dict[tuple[Any, ...], dict[str, Any]] = {}  # (values, block, page?) → used lengths


def install() -> None:
    """Put the kept version in place of ``resolve_percentages`` wherever it is called."""
    from weasyprint.layout import percent

    if not hasattr(percent.resolve_percentages, "briefings_original"):
        _set(_kept(percent.resolve_percentages))


@contextmanager
def stock() -> Iterator[None]:
    """Run WeasyPrint's own ``resolve_percentages`` inside the block."""
    from weasyprint.layout import percent

    kept = percent.resolve_percentages
    _set(getattr(kept, "briefings_original", kept))
    try:
        yield
    finally:
        _set(kept)


def forget() -> None:
    """Forget every kept answer."""
    _KEPT.clear()


def _set(function: Any) -> None:
    import importlib

    for name in ("percent", *CALLERS):  # flex.py calls it through the percent module
        module: Any = importlib.import_module(f"weasyprint.layout.{name}")
        module.resolve_percentages = function


def _kept(original: Any) -> Any:
    """Return ``resolve_percentages`` setting the lengths it set before for equal inputs."""
    from weasyprint.css.properties import Dimension
    from weasyprint.formatting_structure.boxes import Box, PageBox

    plain = {Dimension, str, int, float}

    def resolve_percentages(box: Any, containing_block: Any) -> None:
        if isinstance(containing_block, Box):
            block = (containing_block.width, containing_block.height)
        else:
            block = tuple(containing_block)
        values = tuple(map(box.style.__getitem__, READ))
        if values[-1] == "collapse" or not all(type(value) in plain for value in values):
            return original(box, containing_block)
        key = (values, block, isinstance(box, PageBox))
        found = _KEPT.get(key)
        if found is None:
            original(box, containing_block)
            make_room(_KEPT, KEPT_LENGTHS)
            _KEPT[key] = {name: box.__dict__[name] for name in USED}
        else:
            box.__dict__.update(found)

    resolve_percentages.briefings_original = original  # type: ignore[attr-defined]
    return resolve_percentages
