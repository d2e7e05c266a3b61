"""The local executor: this machine's processes, forked with the facts already loaded.

The default, and needs no server. With one job it renders in this process; with more it
forks a pool whose workers inherit the planned briefings (nothing is pickled but an index)
and WeasyPrint already imported, then render the HTML and write it there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from briefings.executors.base import Executor, Pending, Progress, Rendered, render_task
from briefings.writers.engine import load_weasyprint

logger = logging.getLogger(__name__)


class LocalExecutor(Executor):
    """Render in this process, or in ``jobs`` forked processes."""

    name = "local"

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs

    def render(
        self, pending: Sequence[Pending], progress: Progress | None = None
    ) -> list[Rendered]:
        """Return each briefing's bytes, rendered in order as they finish."""
        if self.jobs <= 1 or len(pending) <= 1:
            return [_done(render_task(item.prepare()), item, progress) for item in pending]
        if any("pdf" in item.formats for item in pending):
            load_weasyprint()  # imported once here, inherited by every worker
        import multiprocessing  # only a pool needs them (10 ms of every one-job build)
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            self.jobs, context, initializer=_adopt, initargs=(pending,)
        ) as pool:
            futures = [pool.submit(_render_in_worker, i) for i in range(len(pending))]
            return [
                _done(f.result(), item, progress) for item, f in zip(pending, futures, strict=True)
            ]


def _done(rendered: Rendered, item: Pending, progress: Progress | None) -> Rendered:
    if progress:
        progress(item.stem)
    return rendered


_PENDING: Sequence[Pending] = ()  # what a forked worker renders, inherited from the parent


def _adopt(pending: Sequence[Pending]) -> None:
    """Keep the parent's planned briefings in a worker (forked: nothing is loaded again)."""
    global _PENDING
    _PENDING = pending


def _render_in_worker(index: int) -> Rendered:
    return render_task(_PENDING[index].prepare())
