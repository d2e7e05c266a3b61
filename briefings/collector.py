"""When Python's cyclic garbage collector runs during a build.

Loading a facts base, rendering its HTML and laying out its PDF each allocate millions of
objects that stay alive until the step ends. The collector's full passes walk every live
object and keep recurring while the heap grows, so with it running a step's time grew
faster than its input: from 1,000 to 10,000 records, the time facts-to-HTML spent in
collections grew 16-20 times, to about a tenth of the step. ``collector_paused`` stops it
for a step; reference counting still frees objects as usual, and the cycles a step made
(a laid-out PDF leaves about 120,000 objects in cycles) are collected by the first pass
after it.

A one-shot command (``briefings build``) has no "after": collecting the last briefing's
layout just before the process exits frees memory the operating system takes back anyway
(80 ms of a cold build). In a process the console script started (``command_process``),
``off_until_exit`` keeps the collector off until the command ends, and
``before_next_briefing`` collects what the previous briefing left, only when another
briefing follows in the same process. Elsewhere (a test runner, the service) nothing
changes.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress

_STATE = {"command process": False, "off until exit": False, "briefings rendered": 0}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector in the block (or decorated function); restore it after."""
    was_enabled = gc.isenabled()
    if was_enabled:
        _STATE["briefings rendered"] = 0  # rendered while the collector was off
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def command_process() -> None:
    """Note that this process runs one command and exits (the console script)."""
    _STATE["command process"] = True


def off_until_exit() -> None:
    """Keep the collector off until a command process exits; elsewhere do nothing."""
    if _STATE["command process"]:
        gc.disable()
        _STATE["off until exit"] = True


def before_next_briefing() -> None:
    """Free the previous briefing's cycles if the collector has been off since it was made.

    That is a command process's whole build, or a warm process's ``run`` of several
    briefings; a pass over the young objects frees them. Forked workers inherit the state,
    so each frees its own previous briefing.
    """
    if not gc.isenabled() and _STATE["briefings rendered"]:
        gc.collect(0)
    _STATE["briefings rendered"] += 1


def held_until_exit() -> bool:
    """Tell whether this command process keeps the collector off until it exits."""
    return bool(_STATE["off until exit"])


def exit_without_teardown(code: object) -> None:
    """End a command process now, as ``sys.exit(code)`` would, but without the teardown.

    Python's exit collects every cycle and takes every module apart: 0.2 s after a PDF
    build, for memory the operating system takes back anyway. Output is flushed and the
    fonts' temporary folders are removed first; nothing else of ours waits for exit.
    """
    from briefings.writers.engine import release_engines

    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    release_engines()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    os._exit(code if isinstance(code, int) else 0)
