"""Build workers: a crash or a timeout fails its job with a message, and the service goes on."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefings.build import Folders
from briefings.service.jobs import BuildFailed, BuildOutcome, BuildRequest, JobQueue
from briefings.service.workers import LocalExecutor

FOLDERS = Folders(Path("facts"), Path("templates"), Path("output"))


def behave(request: BuildRequest, folders: Folders) -> BuildOutcome:
    """A stand-in build run in the worker: its meeting field says what to do."""
    if request.meeting == "crash":
        os._exit(3)
    if request.meeting == "hang":
        time.sleep(60)
    if request.meeting == "hang-and-tidy":
        try:
            time.sleep(60)
        finally:  # what a build unwinding does: release the lock, revoke its Celery jobs
            (folders.output / "tidied").write_text(str(os.getpid()))
    return BuildOutcome(written=[f"pid-{os.getpid()}"])


def ask(what: str | None = None) -> BuildRequest:
    return BuildRequest(kind="overview", meeting=what)


@pytest.fixture
def executor():
    replaced: list[str] = []
    executor = LocalExecutor(
        FOLDERS, 1, builds_per_worker=3, target=behave, on_replace=replaced.append
    )
    executor.replaced = replaced  # type: ignore[attr-defined]
    yield executor
    executor.close()


def test_a_crashed_worker_fails_its_job_and_the_next_build_works(executor) -> None:
    first = executor.run(ask(), timeout=60).written[0]
    with pytest.raises(BuildFailed, match=r"stopped unexpectedly \(exit code 3\)"):
        executor.run(ask("crash"), timeout=60)
    after = executor.run(ask(), timeout=60).written[0]
    assert after != first  # a new process
    assert executor.replaced == ["crash"]


def test_a_build_that_runs_out_of_time_fails_and_its_worker_is_replaced(executor) -> None:
    with pytest.raises(BuildFailed, match="took longer than 1 s"):
        executor.run(ask("hang"), timeout=1)
    assert executor.replaced == ["timeout"]
    assert executor.run(ask(), timeout=60).written[0].startswith("pid-")


def test_a_build_that_runs_out_of_time_unwinds_before_its_worker_goes(tmp_path: Path) -> None:
    executor = LocalExecutor(Folders(tmp_path, tmp_path, tmp_path), 1, target=behave)
    try:
        # A first build makes sure the worker has started and set its SIGTERM handler: on a
        # loaded machine, spawning it can take longer than the 1 s timeout below.
        executor.run(ask(), timeout=60)
        with pytest.raises(BuildFailed, match="took longer than 1 s"):
            executor.run(ask("hang-and-tidy"), timeout=1)
        assert (tmp_path / "tidied").is_file()
    finally:
        executor.close()


def test_workers_are_recycled_after_n_builds(executor) -> None:
    pids = [executor.run(ask(), timeout=60).written[0] for _ in range(4)]
    assert len(set(pids[:3])) == 1  # one worker for three builds
    assert pids[3] != pids[0]  # then a fresh one
    assert executor.replaced == ["recycled"]


def test_the_queue_reports_a_crash_and_keeps_serving(executor) -> None:
    queue = JobQueue(executor, max_queue=4, timeout=60)
    queue.start()
    try:
        crashed, fine = queue.submit(ask("crash")), queue.submit(ask())
        with queue.finished:
            queue.finished.wait_for(lambda: fine.status in ("done", "failed"), timeout=60)
        assert crashed.status == "failed" and "stopped unexpectedly" in (crashed.error or "")
        assert fine.status == "done"
    finally:
        queue.stop()
