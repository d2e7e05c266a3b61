"""The service's builds on Celery: a real redis-server and a real `briefings worker`.

The build is asked for through the HTTP API (`POST /api/builds`) of a service started with
the Celery executor; the files it publishes are compared byte for byte with a local build.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from briefings import build as builder
from briefings.kinds.base import BriefingOptions
from briefings.service.app import create_app
from tests.processes import free_port, running_redis, stop_group, wait_until
from tests.servers import TOKEN, project, settings_for, wait_for_build

pytestmark = pytest.mark.slow

BRIEFINGS = str(Path(sys.executable).parent / "briefings")
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WAIT = 120.0


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project; `local/` holds the overview and a meeting note built in this process."""
    root = tmp_path_factory.mktemp("project")
    folders = project(root)
    local = builder.Folders(folders.facts, folders.templates, root / "local", folders.sources)
    jobs = [
        builder.Job("overview", BriefingOptions(), ("pdf", "docx")),
        builder.Job("meeting-prep", BriefingOptions(meeting="rt-2025-12"), ("pdf",)),
    ]
    builder.run(lambda _base: jobs, local)
    return root


@pytest.fixture(scope="module")
def broker(root: Path) -> Iterator[str]:
    """A redis-server on a free loopback port and one `briefings worker` listening on it."""
    with running_redis() as port:
        url = f"redis://127.0.0.1:{port}/0"
        log = root / "worker.log"
        with log.open("wb") as out:
            worker = subprocess.Popen(
                [BRIEFINGS, "worker", "--broker", url, "--concurrency", "1"],
                cwd=root,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        text = lambda: log.read_text(encoding="utf-8", errors="replace")  # noqa: E731
        try:
            wait_until(lambda: " ready." in text() or worker.poll() is not None, "worker", WAIT)
            assert worker.poll() is None, text()
            yield url
        finally:
            stop_group(worker)
        assert "] received" in text()  # the builds below really went through the worker


def test_service_builds_render_on_celery_workers(root: Path, broker: str) -> None:
    folders = project(root / "served")
    settings = settings_for(folders, executor="celery", broker=broker, build_timeout=WAIT)
    with TestClient(create_app(settings), headers=AUTH) as client:
        assert client.get("/healthz").json()["executor"] == "celery"
        bodies = [
            {"kind": "overview", "formats": ["pdf", "docx"]},
            {"kind": "meeting-prep", "meeting": "rt-2025-12", "formats": ["pdf"]},
        ]
        for body in bodies:
            answer = client.post("/api/builds", json=body)
            assert answer.status_code == 202, answer.text
            status = wait_for_build(client, answer.json()["status_url"], WAIT * 2)
            assert status["status"] == "done", status
            for output in status["outputs"]:
                served = client.get(output["url"]).content
                assert served == (root / "local" / output["name"]).read_bytes(), output["name"]
    names = sorted(p.name for p in folders.output.iterdir() if not p.name.startswith("."))
    assert "overview.pdf" in names and "meeting-prep-rt-2025-12.pdf" in names


def test_an_unreachable_broker_fails_the_build_with_one_line(root: Path) -> None:
    folders = project(root / "nobroker")
    url = f"redis://127.0.0.1:{free_port()}/0"
    settings = settings_for(folders, executor="celery", broker=url)
    with TestClient(create_app(settings), headers=AUTH) as client:
        answer = client.post("/api/builds", json={"kind": "overview", "formats": ["pdf"]})
        status = wait_for_build(client, answer.json()["status_url"], WAIT)
    assert status["status"] == "failed"
    assert f"cannot reach the broker at {url}" in status["error"]
    assert "Traceback" not in status["error"]
    assert not (folders.output / "overview.pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--executor", "celery"], "--executor celery needs --broker URL (or BRIEFINGS_BROKER)"),
        (["--executor", "celery", "--broker", "amqp://x"], "the broker must be Redis"),
    ],
)
def test_serve_refuses_celery_without_a_usable_broker(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = subprocess.run(
        [BRIEFINGS, "serve", "--port", str(free_port()), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
