"""The Celery executor: the task, the worker that runs it and the client the build calls.

The coordinator (``build``, ``watch``, the service) keeps the plan: it renders each briefing's
HTML, sends it with a fingerprint of the writer assets and library versions, checks every
result's hash and publishes. A worker only turns HTML into bytes with its own templates/;
when its fingerprint differs it refuses the job instead of writing a different document.
Bytes come back through the Redis result backend (measured in the README).

Workers acknowledge a job only after it ran (``acks_late``), and a job whose process died
(``reject_on_worker_lost``) or whose worker vanished (the broker's visibility timeout) runs
again elsewhere. WeasyPrint is imported in each pool child, never before the fork.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from celery import Celery
from celery.app import trace
from celery.result import AsyncResult
from celery.signals import worker_process_init, worker_process_shutdown
from kombu.exceptions import KombuError
from kombu.utils.url import maybe_sanitize_url
from redis.exceptions import RedisError

from briefings.errors import BriefingsError
from briefings.executors.base import (
    Executor,
    ExecutorError,
    Pending,
    Progress,
    Rendered,
    RenderTask,
    fingerprint,
    sha256_bytes,
    write_formats,
    writer_assets,
)
from briefings.writers.engine import load_weasyprint, release_engines

logger = logging.getLogger(__name__)

TASK_NAME = "briefings.render"
QUEUE = "briefings"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
CONNECTION_ERRORS = (OSError, KombuError, RedisError)
# How long the coordinator waits for a lost broker to come back before it fails the build
# (Celery's default is 20 retries a second apart, each one logged).
RESULT_RETRY = {"max_retries": 2, "interval_start": 0.5, "interval_step": 1, "interval_max": 1}


class BrokerLost(ExecutorError):
    """The broker went away while a build was using it."""


@dataclass(frozen=True)
class WorkerSettings:
    """How a worker runs: its templates, processes, recycling and time limits (seconds)."""

    templates: Path = Path("templates")
    concurrency: int = 1
    # WeasyPrint's memory grows across renders (measured: 78 → 89 MB over 60 meeting notes),
    # so a process is replaced after this many jobs, or sooner once it holds max_memory_mb.
    # Each replacement imports WeasyPrint again (0.9 s of CPU): every 20 jobs cost 7 %.
    max_tasks_per_child: int = 100
    max_memory_mb: int = 500
    soft_time_limit: float = 300.0
    time_limit: float = 360.0
    visibility_timeout: float | None = None  # a vanished worker's job returns after this

    def redelivery(self) -> float:
        """Return the visibility timeout: longer than any job may run, so no job runs twice."""
        return self.visibility_timeout or self.time_limit + 60


def check_broker_url(url: str) -> None:
    """Refuse a broker URL that is not Redis, or that leaves loopback without a password."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise ExecutorError(
            f"the broker must be Redis (redis://host:port/db), not {parts.scheme!r}"
        )
    if parts.hostname not in LOOPBACK and not parts.password:
        raise ExecutorError(
            f"the broker {parts.hostname} is not on loopback: give its password "
            "(redis://:PASSWORD@host:6379/0) and keep it on a private network"
        )


def make_app(broker: str, settings: WorkerSettings | None = None) -> Celery:
    """Return a Celery app for ``broker`` (Redis, also the result backend) with our task."""
    settings = settings or WorkerSettings()
    timeout = settings.redelivery()
    transport = {
        "visibility_timeout": timeout,
        "unacked_restore_interval": max(1.0, min(10.0, timeout / 4)),
        "unacked_restore_throttle": 1,
        "socket_connect_timeout": 5,
    }
    app = Celery("briefings", broker=broker, backend=broker, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_track_started=True,
        worker_prefetch_multiplier=1,
        worker_max_tasks_per_child=settings.max_tasks_per_child,
        worker_max_memory_per_child=settings.max_memory_mb * 1024,  # KiB
        task_soft_time_limit=settings.soft_time_limit,
        task_time_limit=settings.time_limit,
        result_expires=3600,
        broker_transport_options=transport,
        broker_connection_retry_on_startup=True,
        redis_socket_connect_timeout=5,  # an unreachable result store fails, never hangs
        briefings_templates=str(settings.templates),
    )
    app.task(name=TASK_NAME, bind=True, acks_late=True, reject_on_worker_lost=True)(render_job)
    return app


def render_job(task: Any, job: dict[str, Any]) -> dict[str, Any]:
    """Write one briefing's formats from its HTML; refuse when this worker would differ."""
    templates = Path(task.app.conf.briefings_templates)
    formats = tuple(job["formats"])
    worker = task.request.hostname or socket.gethostname()
    mine = fingerprint({f: writer_assets(templates, f) for f in formats})
    if mine != job["fingerprint"]:
        return {"worker": worker, "refused": _refusal(worker, mine, job["fingerprint"])}
    start = time.perf_counter()
    try:
        outputs = write_formats(job["stem"], job["html"], formats, templates)
    except BriefingsError as exc:
        return {"worker": worker, "error": str(exc)}
    files = {f: {"sha256": sha256_bytes(data), "data": data} for f, data in outputs.items()}
    return {"worker": worker, "outputs": files, "seconds": time.perf_counter() - start}


def _refusal(worker: str, mine: str, theirs: str) -> str:
    return (
        f"worker {worker} refused the job: its templates, fonts or library versions differ "
        f"from the coordinator's (fingerprint {mine[:12]} against {theirs[:12]}); deploy the "
        "same templates/ and uv.lock on every host"
    )


def _import_writers(**_: Any) -> None:
    """Import WeasyPrint in a fresh pool child: after the fork, never before it."""
    load_weasyprint()  # its libraries found from one ldconfig listing: 0.1 s less per child

    logger.debug("pool child %s imported WeasyPrint", os.getpid())


def _release_fonts(**_: Any) -> None:
    """Remove a recycled pool child's font folders: it ends with os._exit, no teardown."""
    release_engines()


def quiet_logs() -> None:
    """Log one line per job (not its bytes), and WeasyPrint's warnings only."""
    trace.LOG_SUCCESS = "Task %(name)s[%(id)s] succeeded in %(runtime)ss"
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)


def run_worker(broker: str, settings: WorkerSettings, loglevel: str = "INFO") -> int:
    """Run a worker until it is stopped (SIGTERM/Ctrl-C: finish the jobs in hand first)."""
    check_broker_url(broker)
    if not (settings.templates / "print.css").is_file():
        raise ExecutorError(f"{settings.templates} has no print.css: give --templates DIR")
    if "weasyprint" in sys.modules:
        logger.warning("WeasyPrint was imported before the fork; pool children inherit it")
    app = make_app(broker, settings)
    quiet_logs()
    worker_process_init.connect(_import_writers, weak=False)
    worker_process_shutdown.connect(_release_fonts, weak=False)
    worker = app.Worker(
        hostname=f"briefings-{os.getpid()}@{socket.gethostname()}",
        concurrency=settings.concurrency,
        pool="prefork",
        loglevel=loglevel,
    )
    worker.start()
    return int(worker.exitcode or 0)


class CeleryExecutor(Executor):
    """Send each planned briefing to Celery workers; check and return their bytes."""

    name = "celery"

    def __init__(self, broker: str, ping_timeout: float = 1.0) -> None:
        check_broker_url(broker)
        self.where = maybe_sanitize_url(broker)  # never log a password
        self.app = make_app(broker)
        self.app.conf.result_backend_transport_options = {"retry_policy": RESULT_RETRY}
        quiet_client_logs()
        self.ping_timeout = ping_timeout
        self.lock = threading.Lock()  # Celery's result consumer serves one waiting thread

    def render(
        self, pending: Sequence[Pending], progress: Progress | None = None
    ) -> list[Rendered]:
        """Send every job as its HTML is ready, then collect the results in order.

        One build at a time goes through one executor (others wait); a service that wants
        builds to overlap makes one executor per thread.
        """
        if not pending:
            return []
        with self.lock:
            return self._render(pending, progress)

    def _render(self, pending: Sequence[Pending], progress: Progress | None) -> list[Rendered]:
        self._check_workers()
        sent: list[tuple[RenderTask, AsyncResult]] = []
        assets: dict[str, dict[str, str | None]] = {}
        try:
            for item in pending:
                task = item.prepare()
                sent.append((task, self._send(task, assets)))
            return [self._receive(task, result, progress) for task, result in sent]
        except BrokerLost:
            self._drop_results()  # the queued jobs went with the broker: nothing to revoke
            raise
        except BaseException:
            self._revoke([result for _, result in sent])
            raise

    def close(self) -> None:
        self.app.close()

    def _check_workers(self) -> None:
        """Fail fast with one line when the broker is down or no worker listens."""
        try:
            with self.app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, interval_start=0, timeout=5)
            replies = self.app.control.ping(timeout=self.ping_timeout, limit=1)
        except CONNECTION_ERRORS as exc:
            raise ExecutorError(f"cannot reach the broker at {self.where}: {_line(exc)}") from exc
        if not replies:
            raise ExecutorError(
                f"no worker answers on {self.where}; start one with `briefings worker --broker URL`"
            )

    def _send(self, task: RenderTask, assets: dict[str, dict[str, str | None]]) -> AsyncResult:
        for fmt in task.formats:
            if fmt not in assets:
                assets[fmt] = writer_assets(task.templates, fmt)
        job = {
            "stem": task.stem,
            "html": task.html,
            "formats": list(task.formats),
            "fingerprint": fingerprint({f: assets[f] for f in task.formats}),
        }
        try:
            return self.app.tasks[TASK_NAME].apply_async(args=[job])
        except CONNECTION_ERRORS as exc:
            raise BrokerLost(f"cannot send {task.stem} to {self.where}: {_line(exc)}") from exc

    def _receive(
        self, task: RenderTask, result: AsyncResult, progress: Progress | None
    ) -> Rendered:
        """Wait for one job; return its bytes once every hash checks out."""
        value, failed = self._fetch(result)
        if failed:
            problem = f"{type(value).__name__}: {_line(value)}"
            raise ExecutorError(f"while building {task.stem}: a worker failed: {problem}")
        outputs = _checked(task, value)
        if progress:
            progress(task.stem)
        return Rendered(task.stem, task.template_hashes, outputs)

    def _fetch(self, result: AsyncResult) -> tuple[Any, bool]:
        """Wait for a job's result and delete it from the backend; tell whether it failed."""
        try:
            value = result.get(propagate=False)  # waits on the socket, no busy polling
            failed = result.failed()
            result.forget()
        except (*CONNECTION_ERRORS, RuntimeError) as exc:
            # Celery's result consumer raises RuntimeError once it gives up reconnecting.
            cause = exc.__cause__ if isinstance(exc, RuntimeError) else exc
            if not isinstance(cause, CONNECTION_ERRORS):
                raise
            raise BrokerLost(f"lost the broker at {self.where}: {_line(cause)}") from exc
        return value, failed

    def _drop_results(self) -> None:
        """Forget the results still awaited, so nobody asks the lost broker to unsubscribe.

        Otherwise each AsyncResult, when collected, reconnects to unsubscribe from its
        channel: retries, then a traceback at exit.
        """
        self.app.backend.result_consumer.subscribed_to.clear()

    def _revoke(self, results: list[AsyncResult]) -> None:
        """Revoke the jobs not done yet (Ctrl-C or a failure): no worker starts them."""
        try:
            waiting = [r.id for r in results if r.state in ("PENDING", "RECEIVED", "STARTED")]
            if waiting:
                self.app.control.revoke(waiting)
                logger.info("revoked %d queued job(s)", len(waiting))
        except CONNECTION_ERRORS as exc:
            logger.warning("could not revoke the queued jobs: %s", _line(exc))


def _checked(task: RenderTask, value: dict[str, Any]) -> dict[str, bytes]:
    """Return a result's bytes; raise on a refusal, a writer error or a hash mismatch."""
    if "refused" in value:
        raise ExecutorError(f"while building {task.stem}: {value['refused']}")
    if "error" in value:
        raise ExecutorError(
            f"while building {task.stem}: worker {value['worker']}: {value['error']}"
        )
    outputs: dict[str, bytes] = {}
    for fmt in task.formats:
        file = value["outputs"][fmt]
        if sha256_bytes(file["data"]) != file["sha256"]:
            raise ExecutorError(
                f"while building {task.stem} ({fmt}): the bytes do not match their hash"
            )
        outputs[fmt] = file["data"]
    return outputs


def quiet_client_logs() -> None:
    """Leave a lost broker to the build's one-line error: Celery logs every retry."""
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("celery.backends").setLevel(logging.CRITICAL + 1)


def _line(exc: object) -> str:
    """Return an error's message as one line."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
