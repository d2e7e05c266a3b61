"""The queue under a burst (loopback only, bounded in count and time), and `serve --watch`."""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from filelock import FileLock

from briefings.locks import LOCK_NAME
from briefings.service.app import create_app
from tests.servers import TOKEN, build_overview, live_server, project, settings_for, wait_for_build

AUTH = {"Authorization": f"Bearer {TOKEN}"}
BURST = 12  # build requests sent at once
READS = 40  # reads sent while they queue


def test_a_burst_fills_the_queue_gets_429_and_every_accepted_build_finishes(tmp_path: Path) -> None:
    folders = project(tmp_path)
    build_overview(folders)
    lock = FileLock(str(folders.output / LOCK_NAME))
    settings = settings_for(folders, jobs=1, max_queue=2, retry_after=3)
    with (
        live_server(settings) as url,
        httpx.Client(base_url=url, headers=AUTH, timeout=30) as client,
    ):
        lock.acquire()  # a CLI build holds the folder: the service's first build waits for it
        try:
            answers = burst(client)
        finally:
            lock.release()
        accepted = [a for a in answers if a.status_code == 202]
        refused = [a for a in answers if a.status_code == 429]
        assert len(accepted) + len(refused) == BURST
        assert len(accepted) == 3  # one running (waiting for the lock) and two queued
        assert all(a.headers["retry-after"] == "3" for a in refused)
        for answer in accepted:
            assert wait_for_build(client, answer.json()["status_url"])["status"] == "done"


def burst(client: httpx.Client) -> list[httpx.Response]:
    """Send BURST distinct build requests at once, with reads among them; return the builds'."""
    first = client.post("/api/builds", json=request(0))
    wait_until_running(client, first.json()["status_url"])
    with ThreadPoolExecutor(16) as pool:
        builds = [pool.submit(client.post, "/api/builds", json=request(n)) for n in range(1, BURST)]
        reads = [
            pool.submit(client.get, path)
            for path in ["/api/briefings", "/api/facts"] * (READS // 2)
        ]
        assert all(r.result().status_code == 200 for r in reads)  # reads never wait for builds
        return [first, *(b.result() for b in builds)]


def request(n: int) -> dict:
    as_of = dt.date(2025, 12, 18) - dt.timedelta(days=n)
    return {"kind": "overview", "formats": ["html"], "as_of": as_of.isoformat()}


def wait_until_running(client: httpx.Client, status_url: str) -> None:
    for _ in range(300):
        if client.get(status_url).json()["status"] == "running":
            return
        time.sleep(0.1)
    pytest.fail("the first build never started")


def test_watch_rebuilds_what_an_edit_affects(tmp_path: Path) -> None:
    folders = project(tmp_path)
    settings = settings_for(folders, watch=True, watch_formats=("html",))
    with TestClient(create_app(settings), headers=AUTH) as client:
        first = wait_for_edition(client, 1)
        figures = folders.facts / "figures.yaml"
        figures.write_text(figures.read_text().replace("500000000", "700000000"))
        second = wait_for_edition(client, 2)
        assert second["changes"]["changes"][0]["id"] == "fig-trade-2024"
        assert first["formats"] == {
            "html": {"name": "overview.html", "url": "/files/overview.html"}
        }
        assert "US$700" in client.get("/files/overview.html").text
        (folders.facts / "broken.yaml").write_text("events: [{id: x}]\n")
        for _ in range(100):
            if client.get("/api/check").json()["invalid"]:
                break
            time.sleep(0.1)
        assert client.get("/healthz").json()["facts_invalid"] is True
        assert "US$700" in client.get("/files/overview.html").text  # the last good output


def wait_for_edition(client: TestClient, number: int) -> dict:
    for _ in range(600):
        answer = client.get("/api/briefings/overview")
        if answer.status_code == 200 and answer.json()["edition"] == number:
            return answer.json()
        time.sleep(0.1)
    pytest.fail(f"edition {number} never appeared")
