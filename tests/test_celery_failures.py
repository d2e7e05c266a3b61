"""Deliveries that go wrong: a job delivered twice, a result missing, the broker killed.

The coordinator pairs each planned briefing with one result before it publishes anything,
so a redelivered job never makes a second edition or a second write; a broker that dies
mid-build ends the build with one line and leaves the published outputs as they were.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import redis

from briefings import outputs
from briefings.build import Folders, Job, run
from briefings.executors import Executor, ExecutorError, LocalExecutor, Pending, Rendered
from briefings.executors.base import Progress
from briefings.executors.celery import TASK_NAME, CeleryExecutor
from briefings.kinds.base import BriefingOptions
from briefings.manifest import MANIFEST_NAME, Manifest
from tests.conftest import FACTS, TEMPLATES
from tests.processes import running_redis, wait_until
from tests.test_celery import BRIEFINGS, JOBS, WAIT, Worker, briefings

FORMATS = ("html", "docx")


class Redelivering(Executor):
    """Render every job twice and hand both results back, as a redelivered job would."""

    name = "redelivering"

    def render(
        self, pending: Sequence[Pending], progress: Progress | None = None
    ) -> list[Rendered]:
        first = LocalExecutor(1).render(pending, progress)
        again = LocalExecutor(1).render(pending)
        return [done for pair in zip(first, again, strict=True) for done in pair]


class Forgetful(Executor):
    """Lose the last result, as an executor with a bug would."""

    name = "forgetful"

    def render(
        self, pending: Sequence[Pending], progress: Progress | None = None
    ) -> list[Rendered]:
        return LocalExecutor(1).render(pending, progress)[:-1]


@pytest.fixture
def folders(tmp_path: Path, facts_dir: Path, templates_dir: Path) -> Folders:
    return Folders(facts_dir, templates_dir, tmp_path / "out")


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count every published file's writes, by name."""
    counted: Counter[str] = Counter()
    write = outputs.write_atomic

    def counting(path: Path, data: bytes) -> None:
        counted[path.name] += 1
        write(path, data)

    monkeypatch.setattr(outputs, "write_atomic", counting)
    return counted


def overview(_: Any) -> list[Job]:
    return [Job("overview", BriefingOptions(), FORMATS)]


def test_a_job_delivered_twice_is_published_once(folders: Folders, writes: Counter[str]) -> None:
    for force in (False, True):  # a first edition, then the same edition rebuilt
        writes.clear()
        result = run(overview, folders, force=force, executor=Redelivering())
        assert writes == {"overview.html": 1, "overview.docx": 1}
        assert sorted(p.name for p in result.written) == ["overview.docx", "overview.html"]
        assert result.notices == []  # the second copy never looked like an editor's change
        editions = Manifest.load(folders.output).briefings["overview"].editions
        assert [e.number for e in editions] == [1]
        assert set(editions[0].outputs) == {".html", ".docx"}
    on_disk = {p.name for p in folders.output.iterdir()}
    assert on_disk == {"overview.html", "overview.docx", MANIFEST_NAME}


def test_a_missing_result_fails_before_anything_is_written(folders: Folders) -> None:
    jobs = [Job("overview", BriefingOptions(lang=lang), ("html",)) for lang in ("en", "az")]
    with pytest.raises(ExecutorError, match=r"returned nothing for overview\.az"):
        run(lambda _: jobs, folders, executor=Forgetful())
    assert not folders.output.exists() or not list(folders.output.iterdir())


@pytest.mark.slow
def test_a_celery_job_run_twice_is_published_once(
    tmp_path: Path, folders: Folders, writes: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_redis() as port:
        url = f"redis://127.0.0.1:{port}/0"
        worker = Worker(tmp_path, url, "twice", "--templates", str(folders.templates))
        try:
            with CeleryExecutor(url) as executor:
                send_every_job_twice(executor, monkeypatch)
                receive = executor._receive

                def after_both_runs(*args: Any) -> Rendered:
                    wait_until(lambda: worker.text().count("] succeeded") == 2, "both runs", WAIT)
                    return receive(*args)

                monkeypatch.setattr(executor, "_receive", after_both_runs)
                result = run(overview, folders, executor=executor)
        finally:
            worker.stop()
    assert worker.received() == 2 and worker.text().count("] succeeded") == 2
    assert writes == {"overview.html": 1, "overview.docx": 1} and len(result.written) == 2
    assert [e.number for e in Manifest.load(folders.output).briefings["overview"].editions] == [1]


def send_every_job_twice(executor: CeleryExecutor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Queue each job a second time under the same id, as a broker's redelivery does."""
    task = executor.app.tasks[TASK_NAME]
    send = task.apply_async

    def twice(*args: Any, **options: Any) -> Any:
        result = send(*args, **options)
        send(*args, **{**options, "task_id": result.id})
        return result

    monkeypatch.setattr(task, "apply_async", twice)


ALL_PDF = ("build", "--all", "--format", "pdf", "--lang", "all", "--out", "published")


@pytest.mark.slow
def test_the_broker_killed_mid_build_ends_it_in_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    done = briefings(project, *ALL_PDF, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    before = snapshot(project / "published")
    with running_redis() as port:
        url = f"redis://127.0.0.1:{port}/0"
        worker = Worker(project, url, "orphan")
        build = subprocess.Popen(
            [BRIEFINGS, *ALL_PDF, "--force", "--executor", "celery", "--broker", url],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            broker = redis.Redis(port=port)

            def all_sent() -> bool:  # the worker has one job, the others wait in the queue
                taken = worker.received()
                return taken >= 1 and broker.llen("briefings") + taken == JOBS

            wait_until(all_sent, "every job sent", WAIT)
            server = broker.info("server")["process_id"]
            assert build.poll() is None, "the build ended before the broker could be killed"
            os.kill(server, signal.SIGKILL)  # no chance to tell anyone
            stdout, stderr = build.communicate(timeout=WAIT)
        finally:
            if build.poll() is None:
                build.kill()
            worker.stop(signal.SIGKILL)
    lines = stderr.strip().splitlines()
    assert build.returncode == 1 and stdout == ""
    assert len(lines) == 1 and f"broker at {url}" in lines[0], stderr
    assert snapshot(project / "published") == before  # nothing half-published


def copy_project(tmp_path: Path) -> Path:
    """Copy the real facts and templates into a fresh project folder."""
    project = tmp_path / "project"
    shutil.copytree(FACTS, project / "facts")
    shutil.copytree(TEMPLATES, project / "templates")
    return project


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` (the manifest too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
