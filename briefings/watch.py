"""Watch facts and templates; rebuild what the edits affect, keep the last good outputs.

``WarmBuilder`` is the warm process both ``watch`` and the service use: it keeps in memory
what does not change between two builds, so one fact edit rewrites a PDF in a fraction of a
cold ``briefings build``: the imports (WeasyPrint's included), WeasyPrint's fonts and their
fontconfig configuration (``writers/engine.py``), the fonts' glyph lists and parsed
``@font-face`` rules (``writers/glyphs.py``), and the loaded facts, read again only when a
file under the facts or sources folder changed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from briefings import build as builder
from briefings.collector import collector_paused
from briefings.errors import BriefingsError
from briefings.executors import Executor
from briefings.facts.load import FactBase
from briefings.kinds.base import BriefingOptions

logger = logging.getLogger(__name__)

SETTLE_MS = 600  # edits closer together than this are one change (an editor's save burst)


class WarmBuilder:
    """Build briefings again and again in one process, keeping what did not change.

    Not for concurrent threads: give each worker process its own (WeasyPrint is not
    thread-safe). ``warm_up`` pays the one-time costs before the first request.
    """

    def __init__(
        self, folders: builder.Folders, workers: int = 1, executor: Executor | None = None
    ) -> None:
        self.folders = folders
        self.workers = workers
        self.executor = executor
        self._facts: tuple[str, FactBase] | None = None

    def warm_up(self) -> None:
        """Import WeasyPrint, install our fixes and load the fonts and the facts now."""
        from briefings.writers import footnotes
        from briefings.writers.engine import engine_for

        engine_for(self.folders.templates)
        footnotes.install_footnote_fixes()
        self.facts()

    def facts(self) -> FactBase:
        """Return the facts, loaded again only when a facts or sources file changed."""
        digest = inputs_digest(self.folders)
        if self._facts is None or self._facts[0] != digest:
            self._facts = (digest, builder.load(self.folders))
        return self._facts[1]

    def run(
        self, jobs: Callable[[FactBase], list[builder.Job]], force: bool = False
    ) -> builder.Result:
        """Build what is out of date among ``jobs``, as ``briefings build`` does.

        The collector stays paused until the files are published: the cycles the layout
        left (0.1-0.2 s to free) are collected after that, not while the reader waits.
        """
        with collector_paused():
            return builder.run(
                jobs, self.folders, force, self.workers, executor=self.executor, base=self.facts()
            )

    def render(self, job: builder.Job) -> dict[str, bytes]:
        """Return a briefing's bytes in each of the job's formats, writing nothing."""
        with collector_paused():  # as in ``run``: cycles are freed once the bytes are out
            base = self.facts()
            context, rendered = builder.prepare(job, base, self.folders)
            return builder.render_formats(context.stem, rendered.html, job.formats, self.folders)


def inputs_digest(folders: builder.Folders) -> str:
    """Hash every file the facts are loaded from (content, not times: edits can be fast)."""
    digest = hashlib.sha256()
    for folder in (folders.facts, folders.sources):
        for path in sorted(folder.rglob("*")) if folder is not None else ():
            if path.is_file():
                digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def watch_and_build(
    folders: builder.Folders,
    formats: tuple[str, ...],
    langs: tuple[str, ...],
    workers: int,
    report: Callable[[builder.Result], None],
    failed: Callable[[BriefingsError], None],
    stop_event: Any = None,
    options: BriefingOptions | None = None,
    executor: Executor | None = None,
) -> None:
    """Build once, then after every settled change; return on Ctrl-C or ``stop_event``.

    ``executor`` renders (default: the local pool of ``workers`` processes).
    """
    from watchfiles import watch

    def jobs(base: Any) -> list[builder.Job]:
        return builder.all_jobs(base, formats, langs, options or BriefingOptions())

    warm = WarmBuilder(folders, workers, executor)
    build_once(warm, jobs, report, failed)
    paths = [folders.facts, folders.templates]
    try:
        for changes in watch(
            *paths, debounce=SETTLE_MS, stop_event=stop_event, raise_interrupt=False
        ):
            logger.info("changed: %s", ", ".join(sorted(path for _, path in changes)))
            build_once(warm, jobs, report, failed)
    except KeyboardInterrupt:
        pass


def build_once(
    warm: WarmBuilder,
    jobs: Callable[[Any], list[builder.Job]],
    report: Callable[[builder.Result], None],
    failed: Callable[[BriefingsError], None],
) -> None:
    """Run one incremental build; on invalid facts report and keep the old outputs."""
    try:
        report(warm.run(jobs))
    except BriefingsError as exc:
        failed(exc)


__all__ = ["SETTLE_MS", "WarmBuilder", "build_once", "inputs_digest", "watch_and_build"]
