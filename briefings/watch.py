"""Watch facts and templates; rebuild what the edits affect, keep the last good outputs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from briefings import build as builder
from briefings.errors import BriefingsError
from briefings.executors import Executor
from briefings.kinds.base import BriefingOptions

logger = logging.getLogger(__name__)

SETTLE_MS = 600  # edits closer together than this are one change (an editor's save burst)


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

    build_once(folders, jobs, workers, report, failed, executor)
    paths = [folders.facts, folders.templates]
    try:
        for changes in watch(
            *paths, debounce=SETTLE_MS, stop_event=stop_event, raise_interrupt=False
        ):
            logger.info("changed: %s", ", ".join(sorted(path for _, path in changes)))
            build_once(folders, jobs, workers, report, failed, executor)
    except KeyboardInterrupt:
        pass


def build_once(
    folders: builder.Folders,
    jobs: Callable[[Any], list[builder.Job]],
    workers: int,
    report: Callable[[builder.Result], None],
    failed: Callable[[BriefingsError], None],
    executor: Executor | None = None,
) -> None:
    """Run one incremental build; on invalid facts report and keep the old outputs."""
    try:
        report(builder.run(jobs, folders, workers=workers, executor=executor))
    except BriefingsError as exc:
        failed(exc)
