"""`serve --watch`: a fact or template edit queues a rebuild of what it affects.

The build is the same incremental `build --all` that `briefings watch` runs, queued like any
other build, so it runs in a worker and only rebuilds the briefings whose inputs changed.
While the facts are invalid nothing is queued: the service keeps the last good outputs and
shows the `check` report.
"""

from __future__ import annotations

import logging
import threading

from briefings.build import Folders
from briefings.service.jobs import BuildRequest, JobQueue, QueueFull
from briefings.service.records import FactsCache
from briefings.watch import SETTLE_MS

logger = logging.getLogger(__name__)


class Watcher:
    """A thread that queues `build --all` after every settled change of facts or templates."""

    def __init__(
        self, folders: Folders, facts: FactsCache, queue: JobQueue, formats: tuple[str, ...]
    ) -> None:
        self.folders = folders
        self.formats = formats
        self.facts = facts
        self.queue = queue
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="watcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        from watchfiles import watch

        self.rebuild()
        paths = [self.folders.facts, self.folders.templates]
        for changes in watch(
            *paths, debounce=SETTLE_MS, stop_event=self._stop, raise_interrupt=False
        ):
            logger.info("changed: %s", ", ".join(sorted(path for _, path in changes)))
            self.rebuild()

    def rebuild(self) -> None:
        """Queue an incremental build of every briefing, unless the facts are invalid now."""
        if self.facts.current().invalid:
            logger.warning("the facts are invalid; keeping the last good outputs")
            return
        try:
            self.queue.submit(BuildRequest(kind=None, formats=self.formats, every=True))
        except QueueFull:
            logger.warning("queue full; the next change will rebuild")
