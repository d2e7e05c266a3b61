"""Pause Python's cyclic garbage collector for one bulk step of a build.

Loading a facts base, rendering its HTML and laying out its PDF each allocate millions of
objects that stay alive until the step ends. The collector's full passes walk every live
object and keep recurring while the heap grows, so with it running a step's time grew
faster than its input (on 10,000 records, about a tenth of the facts-to-HTML time went to
collections that freed nothing). While paused, reference counting still frees objects as
usual; cycles made during the step are collected by the first pass after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector in the block (or decorated function); restore it after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
