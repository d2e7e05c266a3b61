"""Build worker processes: spawned fresh, replaced on timeout or crash, recycled after N builds.

WeasyPrint is imported only inside a worker (spawned, never forked from the server, whose
threads a fork would copy mid-state), and its memory grows across renders (its issues #220,
#1977), so a worker exits after ``builds_per_worker`` builds and a new one takes its place,
like Gotenberg's restarts. Each worker runs the CLI's own build under the same folder lock.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from briefings.build import Folders
from briefings.errors import BriefingsError
from briefings.service.jobs import BuildFailed, BuildOutcome, BuildRequest

if TYPE_CHECKING:
    from briefings.executors.base import Executor

logger = logging.getLogger(__name__)

BuildFunction = Callable[[BuildRequest, Folders], BuildOutcome]
LANGS = ("en", "az", "kk")
GRACE = 10.0  # seconds a stopped worker has to unwind its build before SIGKILL
NICENESS = 10  # builds yield the CPU to the server process: reads stay fast during builds


def run_build(
    request: BuildRequest, folders: Folders, executor: str = "local", broker: str | None = None
) -> BuildOutcome:
    """Run one build in this worker, holding the output folder's lock like `briefings build`.

    The worker plans, checks and publishes; ``executor`` renders (here, or on Celery workers).
    """
    from briefings import build as builder
    from briefings.kinds.base import BriefingOptions
    from briefings.locks import output_lock
    from briefings.project import load_settings

    options = BriefingOptions(
        lang=request.lang if request.lang in LANGS else "en",
        as_of=request.as_of,
        meeting=request.meeting,
        our_side=request.our_side,
        **load_settings(folders.facts).option_defaults(),
    )

    def wanted(base: Any) -> list[builder.Job]:
        if request.every:
            langs = LANGS if request.lang == "all" else (request.lang,)
            return builder.all_jobs(base, request.formats, langs, options)
        return [builder.Job(request.kind or "", options, request.formats)]

    with output_lock(folders.output):
        result = builder.run(
            wanted, folders, force=request.force, executor=_renderer(executor, broker)
        )
    names = [str(path.relative_to(folders.output)) for path in result.written]
    return BuildOutcome(names, result.skipped, result.notices)


_RENDERERS: dict[tuple[str, str | None], Executor] = {}  # one per worker process, reused


def _renderer(name: str, broker: str | None) -> Executor | None:
    """Return this process's executor ``name`` (None: the build's default, in this process).

    A Celery executor runs one build at a time, and each worker process runs one build at a
    time, so one per process lets ``--jobs`` builds overlap on the Celery workers.
    """
    if name == "local":
        return None
    key = (name, broker)
    if key not in _RENDERERS:
        from briefings.executors import make_executor

        _RENDERERS[key] = make_executor(name, 1, broker)
    return _RENDERERS[key]


def _serve(conn: Connection, target: BuildFunction, niceness: int = NICENESS) -> None:
    """Run the builds sent over ``conn`` until told to stop (the worker process's main).

    The worker lowers its own CPU priority by ``niceness`` first: on a shared host the
    server process keeps a core for reads while the builds use what is left.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    signal.signal(signal.SIGTERM, _interrupted)
    os.nice(niceness)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        conn.send(_attempt(target, *message))


def _interrupted(signum: int, _frame: Any) -> None:
    """Unwind the build in hand when the server stops this worker (timeout, shutdown).

    SystemExit passes every ``except Exception``: the folder lock is released, nothing is
    published, and a Celery executor revokes the jobs it sent and were not done yet.
    """
    raise SystemExit(128 + signum)


def _attempt(target: BuildFunction, request: BuildRequest, folders: Folders) -> tuple[str, Any]:
    """Return ("ok", outcome) or ("error", message): every failure reaches the client as text."""
    try:
        return "ok", target(request, folders)
    except BriefingsError as exc:
        lines = [str(problem) for problem in exc.problems[:50]] + [f"error: {exc}"]
        return "error", "\n".join(lines)
    except Exception as exc:
        logger.exception("build failed")
        return "error", f"internal error: {type(exc).__name__}: {exc}"


class WorkerGone(Exception):
    """The worker process ended in the middle of a build."""


class Worker:
    """One spawned build process and the pipe to it."""

    def __init__(self, context: Any, target: BuildFunction, niceness: int = NICENESS) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, target, niceness), name="briefings-worker", daemon=True
        )
        self.process.start()
        child.close()
        self.conn: Connection = parent
        self.builds = 0

    def build(self, request: BuildRequest, folders: Folders, timeout: float) -> tuple[str, Any]:
        """Send a build and wait for its answer; raise TimeoutError or WorkerGone."""
        self.builds += 1
        try:
            self.conn.send((request, folders))
            if not self.conn.poll(timeout):
                raise TimeoutError
            answer: tuple[str, Any] = self.conn.recv()
            return answer
        except (EOFError, BrokenPipeError, ConnectionResetError):
            raise WorkerGone from None

    def stop(self) -> None:
        """Ask the worker to exit; kill it if it does not."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        self.kill()

    def kill(self) -> None:
        """Stop the worker now: SIGTERM unwinds its build (see `_interrupted`), then SIGKILL."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=GRACE)
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class LocalExecutor:
    """Run builds in up to ``size`` worker processes on this machine."""

    def __init__(
        self,
        folders: Folders,
        size: int = 1,
        builds_per_worker: int = 20,
        target: BuildFunction = run_build,
        on_replace: Callable[[str], None] | None = None,
        niceness: int = NICENESS,
    ) -> None:
        self.folders = folders
        self.size = size
        self.niceness = niceness
        self.builds_per_worker = builds_per_worker
        self.target = target
        self.on_replace = on_replace or (lambda reason: None)
        self._context = multiprocessing.get_context("spawn")
        self._idle: list[Worker] = []
        self._all: set[Worker] = set()
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Start the workers now, so the first build does not wait for a process to start."""
        workers = [self._start() for _ in range(self.size)]
        with self._lock:
            self._idle.extend(workers)

    def run(self, request: BuildRequest, timeout: float) -> BuildOutcome:
        """Build ``request`` in an idle worker; replace the worker if it hangs or dies."""
        worker = self._take()
        try:
            status, value = worker.build(request, self.folders, timeout)
        except TimeoutError:
            self._replace(worker, "timeout")
            raise BuildFailed(
                f"the build took longer than {timeout:g} s and was stopped; its worker was replaced"
            ) from None
        except WorkerGone:
            worker.process.join(timeout=5)
            code = worker.process.exitcode
            self._replace(worker, "crash")
            raise BuildFailed(
                f"the build worker stopped unexpectedly (exit code {code}); "
                "a new worker takes the next build"
            ) from None
        self._give_back(worker)
        if status != "ok":
            raise BuildFailed(str(value))
        outcome: BuildOutcome = value
        return outcome

    def close(self) -> None:
        """Stop idle workers politely and kill any still building (the server is stopping)."""
        with self._lock:
            idle, self._idle = self._idle, []
            busy = self._all.difference(idle)
            self._all = set()
        for worker in idle:
            worker.stop()
        for worker in busy:
            worker.kill()

    def _start(self) -> Worker:
        worker = Worker(self._context, self.target, self.niceness)
        with self._lock:
            self._all.add(worker)
        return worker

    def _take(self) -> Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._start()

    def _retire(self, worker: Worker) -> None:
        with self._lock:
            self._all.discard(worker)

    def _give_back(self, worker: Worker) -> None:
        """Keep the worker for the next build, or retire it after its quota of builds."""
        if worker.builds >= self.builds_per_worker:
            logger.info("recycling a worker after %d builds", worker.builds)
            self._retire(worker)
            worker.stop()
            self.on_replace("recycled")
            return
        with self._lock:
            self._idle.append(worker)

    def _replace(self, worker: Worker, reason: str) -> None:
        logger.warning("replacing a build worker (%s)", reason)
        self._retire(worker)
        worker.kill()
        self.on_replace(reason)
