"""Builds on Celery: a real redis-server on a free loopback port and real `briefings worker`s.

Every server and worker is started here and stopped here, each wait bounded. Outputs are
compared byte for byte with a local build of the same project.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from briefings.executors import (
    ExecutorError,
    Pending,
    RenderTask,
    base,
    fingerprint,
    make_executor,
    writer_assets,
)
from briefings.executors.base import sha256_bytes
from briefings.executors.celery import _checked
from tests.conftest import FACTS, TEMPLATES
from tests.processes import free_port, running_redis, stop_group, wait_until
from tests.vocabulary import vocabulary_page

pytestmark = pytest.mark.slow

BRIEFINGS = str(Path(sys.executable).parent / "briefings")
# Every briefing in every language: the overview and the meeting still to come, 6 jobs.
ALL = ("build", "--all", "--format", "pdf,docx", "--lang", "all", "--force")
JOBS = 6
WAIT = 120.0  # seconds: the longest any start, build or stop may take on a busy machine
REDELIVERY = "20"  # visibility timeout of the test workers: a killed worker's job returns


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    """Run redis-server on a free loopback port, in memory only, for this module."""
    with running_redis() as port:
        yield port


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real facts and templates, and a local build of every briefing."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(FACTS, root / "facts")
    shutil.copytree(TEMPLATES, root / "templates")
    done = briefings(root, *ALL, "--jobs", "2", "--out", "local")
    assert done.returncode == 0, done.stderr
    return root


def briefings(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command as a user would, bounded in time."""
    return subprocess.run(
        [BRIEFINGS, *args], cwd=cwd, capture_output=True, text=True, timeout=WAIT * 2
    )


class Worker:
    """A `briefings worker` process, its log and how many jobs it has received."""

    def __init__(self, project: Path, broker: str, name: str, *extra: str) -> None:
        self.log = project / f"{name}.log"
        command = [BRIEFINGS, "worker", "--broker", broker, "--concurrency", "1", *extra]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "--visibility-timeout", REDELIVERY],
                cwd=project,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(lambda: " ready." in self.text() or self.process.poll() is not None, name, WAIT)
        assert self.process.poll() is None, self.text()

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def received(self) -> int:
        return self.text().count("] received")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        stop_group(self.process, sig)


@pytest.fixture(scope="module")
def workers(redis_port: int, project: Path) -> Iterator[list[Worker]]:
    """Two workers on database 0 of the test Redis."""
    url = f"redis://127.0.0.1:{redis_port}/0"
    started = [Worker(project, url, f"worker-{n}") for n in (1, 2)]
    try:
        yield started
    finally:
        for worker in started:
            worker.stop()


@pytest.fixture(scope="module")
def broker(workers: list[Worker], redis_port: int) -> str:
    """The URL of the broker the two workers listen on."""
    return f"redis://127.0.0.1:{redis_port}/0"


def same_files(project: Path, stdout: str, count: int) -> None:
    """Assert the build wrote ``count`` files, each byte for byte as the local build did."""
    local = {p.name: p.read_bytes() for p in (project / "local").iterdir() if p.is_file()}
    written = {Path(line).name: (project / line).read_bytes() for line in stdout.splitlines()}
    assert len(written) == count and set(written) <= set(local)
    assert all(written[name] == local[name] for name in written), "bytes differ"


def test_celery_build_equals_local_build(project: Path, broker: str) -> None:
    done = briefings(project, *ALL, "--executor", "celery", "--broker", broker, "--out", "c1")
    assert done.returncode == 0, done.stderr
    same_files(project, done.stdout, 2 * JOBS)
    again = briefings(project, *ALL[:-1], "--executor", "celery", "--broker", broker, "--out", "c1")
    assert again.returncode == 0 and again.stdout == ""  # the coordinator's manifest decides


def test_broker_url_from_the_environment(project: Path, broker: str) -> None:
    env = {**os.environ, "BRIEFINGS_BROKER": broker, "BRIEFINGS_EXECUTOR": "celery"}
    done = subprocess.run(
        [BRIEFINGS, "build", "overview", "--format", "docx", "--out", "env"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=WAIT,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert (project / "env" / "overview.docx").read_bytes() == (
        project / "local" / "overview.docx"
    ).read_bytes()


def test_a_writer_error_names_the_briefing_and_the_worker(project: Path, broker: str) -> None:
    html = vocabulary_page("<h1>Overview briefing \U0001f99c</h1>")  # no font has it
    task = RenderTask("parrot", html, ("pdf",), project / "templates", {})
    executor = make_executor("celery", broker=broker)
    with executor, pytest.raises(ExecutorError) as caught:
        executor.render([Pending("parrot", ("pdf",), lambda: task)])
    message = str(caught.value)
    assert "while building parrot" in message and "worker briefings-" in message
    assert "U+1F99C" in message


def test_a_worker_killed_mid_build_loses_nothing(redis_port: int, project: Path) -> None:
    url = f"redis://127.0.0.1:{redis_port}/1"  # its own database: only these two workers
    workers = [Worker(project, url, f"kill-{n}") for n in (1, 2)]
    build = start_build(project, *ALL, "--executor", "celery", "--broker", url, "--out", "killed")
    try:
        wait_until(lambda: any(w.received() for w in workers), "a worker to take a job")
        victim, survivor = sorted(workers, key=lambda w: -w.received())
        victim.stop(signal.SIGKILL)  # the worker and its pool child, mid-job
        stdout, stderr = build.communicate(timeout=WAIT * 2)
    finally:
        if build.poll() is None:
            build.kill()
        for worker in workers:
            worker.stop()
    assert build.returncode == 0, stderr
    same_files(project, stdout, 2 * JOBS)
    succeeded = survivor.text().count("] succeeded") + victim.text().count("] succeeded")
    assert succeeded == JOBS  # the killed job ran again, on the survivor, and nothing ran twice


def test_a_pool_process_killed_mid_job_is_run_again(redis_port: int, project: Path) -> None:
    url = f"redis://127.0.0.1:{redis_port}/3"
    worker = Worker(project, url, "child")
    args = ("build", "overview", "--format", "pdf", "--force", "--out", "child")
    build = start_build(project, *args, "--executor", "celery", "--broker", url)
    try:
        wait_until(lambda: worker.received() == 1, "the worker to take the job")
        job = re.search(r"briefings\.render\[([0-9a-f-]+)\] received", worker.text())
        assert job is not None
        meta = f"celery-task-meta-{job.group(1)}"
        results = redis.Redis(port=redis_port, db=3)
        wait_until(lambda: b'"STARTED"' in (results.get(meta) or b""), "the job to start")
        children = subprocess.run(["pgrep", "-P", str(worker.process.pid)], capture_output=True)
        for pid in children.stdout.split():
            os.kill(int(pid), signal.SIGKILL)  # the pool process running the job
        stdout, stderr = build.communicate(timeout=WAIT * 2)
    finally:
        if build.poll() is None:
            build.kill()
        worker.stop()
    assert build.returncode == 0, stderr
    assert (project / "child" / "overview.pdf").read_bytes() == (
        project / "local" / "overview.pdf"
    ).read_bytes()
    assert "WorkerLostError" in worker.text() and worker.received() == 2  # requeued at once


def test_ctrl_c_revokes_the_queued_jobs(redis_port: int, project: Path) -> None:
    url = f"redis://127.0.0.1:{redis_port}/4"
    worker = Worker(project, url, "revoke")
    build = start_build(project, *ALL, "--executor", "celery", "--broker", url, "--out", "cut")
    try:
        queue = redis.Redis(port=redis_port, db=4)

        def sent() -> bool:  # every job sent, at least two still queued
            waiting = queue.llen("briefings")
            return waiting >= 2 and waiting + worker.received() == JOBS

        wait_until(sent, "every job sent")
        build.send_signal(signal.SIGINT)
        build.communicate(timeout=WAIT)
        wait_until(lambda: done(worker) == JOBS, "every job to succeed or be discarded")
    finally:
        if build.poll() is None:
            build.kill()
        worker.stop()
    assert build.returncode != 0
    assert worker.text().count("Discarding revoked task") >= 1  # queued when Ctrl-C came
    assert not (project / "cut" / ".briefings-manifest.json").exists()
    assert not list((project / "cut").glob("*.pdf"))


def done(worker: Worker) -> int:
    """Count the jobs a worker finished or discarded as revoked."""
    text = worker.text()
    return text.count("] succeeded") + text.count("Discarding revoked task")


def start_build(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [BRIEFINGS, *args], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_an_unreachable_broker_fails_in_one_line(project: Path) -> None:
    dead = f"redis://127.0.0.1:{free_port()}/0"
    done = briefings(project, *ALL, "--executor", "celery", "--broker", dead, "--out", "down")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot reach the broker at {dead}: ")
    assert "Connection refused" in done.stderr and done.stdout == ""
    assert not [p for p in (project / "down").iterdir() if not p.name.startswith(".")]
    assert not (project / "down" / ".briefings-manifest.json").exists()


def test_a_worker_with_other_templates_refuses(redis_port: int, project: Path) -> None:
    other = project / "other-templates"
    shutil.copytree(project / "templates", other)
    with (other / "print.css").open("a", encoding="utf-8") as css:
        css.write("\nh1 { letter-spacing: 0.01em; }\n")
    url = f"redis://127.0.0.1:{redis_port}/2"
    worker = Worker(project, url, "stale", "--templates", str(other))
    try:
        done = briefings(project, *ALL, "--executor", "celery", "--broker", url, "--out", "stale")
    finally:
        worker.stop()
    assert done.returncode == 1
    assert "refused the job" in done.stderr and "while building" in done.stderr
    assert done.stdout == "" and not (project / "stale" / "overview.pdf").exists()


def test_a_remote_broker_needs_a_password() -> None:
    with pytest.raises(ExecutorError, match="not on loopback"):
        make_executor("celery", broker="redis://10.0.0.5:6379/0")
    with pytest.raises(ExecutorError, match="needs --broker"):
        make_executor("celery")


def libraries(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def test_weasyprint_is_loaded_in_the_pool_process_only(workers: list[Worker]) -> None:
    for worker in workers:
        pid = worker.process.pid
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True).stdout.split()
        assert children, "a worker without its pool process"
        assert "libpango" not in libraries(pid)  # nothing of WeasyPrint before the fork
        for child in map(int, children):
            wait_until(lambda child=child: "libpango" in libraries(child), "WeasyPrint in a child")


def test_a_result_whose_bytes_do_not_match_its_hash_is_refused(tmp_path: Path) -> None:
    task = RenderTask("overview", "<html></html>", ("pdf",), tmp_path, {})
    value = {
        "worker": "w",
        "outputs": {"pdf": {"sha256": sha256_bytes(b"%PDF-1.7"), "data": b"%PDF"}},
    }
    with pytest.raises(ExecutorError, match="do not match their hash"):
        _checked(task, value)
    value["outputs"]["pdf"]["data"] = b"%PDF-1.7"
    assert _checked(task, value) == {"pdf": b"%PDF-1.7"}


def test_the_fingerprint_follows_assets_and_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    assets = {"pdf": writer_assets(TEMPLATES, "pdf")}
    assert "print.css" in assets["pdf"] and any(n.startswith("fonts/") for n in assets["pdf"])
    before = fingerprint(assets)
    assert fingerprint({"pdf": {**assets["pdf"], "print.css": "0" * 64}}) != before
    versions = {**base.library_versions(), "weasyprint": "69.0"}
    monkeypatch.setattr(base, "library_versions", lambda: versions)
    assert fingerprint(assets) != before
