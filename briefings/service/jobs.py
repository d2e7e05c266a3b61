"""The build queue: bounded, merging identical requests, run by an executor off the request path.

Request handlers only put a `BuildRequest` here and answer 202; dispatcher threads hand each
job to a `BuildExecutor`, which runs it in worker processes (`workers.LocalExecutor`) or,
later, elsewhere (a Celery executor needs only the same `run` method). Like Gotenberg, a full
queue answers 429 and a build that runs out of time fails and its worker is replaced.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

logger = logging.getLogger(__name__)

Status = Literal["queued", "running", "done", "failed"]
HISTORY = 500  # finished jobs kept for GET /api/builds/{id}


@dataclass(frozen=True)
class BuildRequest:
    """One build a client asked for: a briefing type (or every briefing) and its options."""

    kind: str | None
    formats: tuple[str, ...] = ("pdf",)
    lang: str = "en"
    meeting: str | None = None
    as_of: dt.date | None = None
    our_side: str | None = None
    force: bool = False
    every: bool = False  # `build --all`: what the watcher asks for after an edit

    def describe(self) -> str:
        """Return a short label for logs and the UI."""
        what = "every briefing" if self.every else (self.kind or "?")
        return f"{what} ({','.join(self.formats)}, {self.lang})"


@dataclass
class BuildOutcome:
    """What a finished build wrote, skipped and noted (file names in the output folder)."""

    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


class BuildFailed(Exception):
    """A build failed for a reason the client should read (bad facts, timeout, crash)."""


class QueueFull(Exception):
    """The queue holds as many builds as it may; the client should retry later."""


class BuildExecutor(Protocol):
    """Where builds run. `run` blocks its dispatcher thread until the build ends."""

    size: int

    def run(self, request: BuildRequest, timeout: float) -> BuildOutcome:
        """Build ``request``; raise BuildFailed with a readable message when it fails."""
        ...

    def close(self) -> None:
        """Stop every worker."""
        ...


@dataclass
class Job:
    """A build request's life: queued → running → done or failed."""

    request: BuildRequest
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    status: Status = "queued"
    outcome: BuildOutcome | None = None
    error: str | None = None
    queued_at: float = field(default_factory=time.time)
    started_at: float | None = None
    finished_at: float | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the job as GET /api/builds/{id} shows it."""
        outcome = self.outcome or BuildOutcome()
        return {
            "id": self.id,
            "status": self.status,
            "request": _request_json(self.request),
            "outputs": [{"name": n, "url": f"/files/{n}"} for n in outcome.written],
            "skipped": outcome.skipped,
            "notices": outcome.notices,
            "error": self.error,
            "seconds": _seconds(self.started_at, self.finished_at),
        }


def _request_json(request: BuildRequest) -> dict[str, Any]:
    data = asdict(request)
    data["as_of"] = request.as_of.isoformat() if request.as_of else None
    data["formats"] = list(request.formats)
    return data


def _seconds(start: float | None, end: float | None) -> float | None:
    return round(end - start, 3) if start is not None and end is not None else None


class JobQueue:
    """Bounded build queue with merging; dispatcher threads feed the executor."""

    def __init__(self, executor: BuildExecutor, max_queue: int, timeout: float) -> None:
        self.executor = executor
        self.max_queue = max_queue
        self.timeout = timeout
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.finished = threading.Condition()
        self.generation = 0  # counts finished builds: pages poll it to show new editions
        self.listeners: list[Any] = []
        self._lock = threading.Lock()
        self._pending: queue.Queue[Job | None] = queue.Queue()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Start one dispatcher thread per executor slot."""
        for number in range(self.executor.size):
            thread = threading.Thread(target=self._dispatch, name=f"dispatch-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop the dispatchers (after their current build) and the executor's workers."""
        for _ in self._threads:
            self._pending.put(None)
        self.executor.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def depth(self) -> int:
        """Return how many builds wait for a worker."""
        with self._lock:
            return sum(1 for job in self.jobs.values() if job.status == "queued")

    def submit(self, request: BuildRequest) -> Job:
        """Queue ``request``, or return the identical one already pending; raise QueueFull."""
        with self._lock:
            for job in self.jobs.values():
                if job.request == request and job.status in ("queued", "running"):
                    return job
            if sum(1 for job in self.jobs.values() if job.status == "queued") >= self.max_queue:
                raise QueueFull(f"{self.max_queue} builds are already waiting")
            job = Job(request)
            self.jobs[job.id] = job
            self._forget_old()
        self._pending.put(job)
        logger.info("queued build %s: %s", job.id, request.describe())
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def _forget_old(self) -> None:
        finished = [i for i, j in self.jobs.items() if j.status in ("done", "failed")]
        for job_id in finished[: max(0, len(finished) - HISTORY)]:
            del self.jobs[job_id]

    def _dispatch(self) -> None:
        while (job := self._pending.get()) is not None:
            self._run(job)

    def _run(self, job: Job) -> None:
        """Run one job through the executor and record how it ended."""
        job.status, job.started_at = "running", time.time()
        try:
            job.outcome = self.executor.run(job.request, self.timeout)
            job.status = "done"
        except BuildFailed as exc:
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # the dispatcher must survive anything an executor raises
            logger.exception("build %s: executor error", job.id)
            job.status, job.error = "failed", f"internal error: {type(exc).__name__}"
        job.finished_at = time.time()
        logger.info("build %s %s in %.2f s", job.id, job.status, job.finished_at - job.started_at)
        self._announce(job)

    def _announce(self, job: Job) -> None:
        with self.finished:
            self.generation += 1
            self.finished.notify_all()
        for listener in self.listeners:
            listener(job)
