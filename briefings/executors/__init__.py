"""Where planned briefings render: here (``local``) or on Celery workers (``celery``).

The build calls one small interface, ``Executor.render(pending, progress)``; the CLI and
the service choose an implementation with ``make_executor``.
"""

from __future__ import annotations

from briefings.executors.base import (
    Executor,
    ExecutorError,
    Pending,
    Rendered,
    RenderTask,
    fingerprint,
    write_formats,
    writer_assets,
)
from briefings.executors.local import LocalExecutor

EXECUTORS = ("local", "celery")


def make_executor(name: str = "local", jobs: int = 1, broker: str | None = None) -> Executor:
    """Return the executor ``name``: the local pool of ``jobs`` processes, or a Celery client."""
    if name == "local":
        return LocalExecutor(jobs)
    if name != "celery":
        raise ExecutorError(f"unknown executor {name!r}; choose one of: {', '.join(EXECUTORS)}")
    if not broker:
        raise ExecutorError("--executor celery needs --broker URL (or BRIEFINGS_BROKER)")
    from briefings.executors.celery import CeleryExecutor

    return CeleryExecutor(broker)


__all__ = [
    "EXECUTORS",
    "Executor",
    "ExecutorError",
    "LocalExecutor",
    "Pending",
    "RenderTask",
    "Rendered",
    "fingerprint",
    "make_executor",
    "write_formats",
    "writer_assets",
]
