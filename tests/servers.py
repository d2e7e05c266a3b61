"""Real servers for the service tests: uvicorn on a free loopback port, started and stopped."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from briefings import build as builder
from briefings.kinds.base import BriefingOptions
from briefings.service.app import create_app
from briefings.service.settings import ServiceSettings
from tests.conftest import TEMPLATES, write_articles, write_facts

TOKEN = "test-token-0123456789abcdef"


def free_port() -> int:
    """Return a TCP port nobody listens on now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def project(root: Path, facts: dict[str, str] | None = None) -> builder.Folders:
    """Write a small project (facts, articles, templates) under ``root``; return its folders."""
    folders = builder.Folders(
        write_facts(root / "facts", facts),
        root / "templates",
        root / "output",
        write_articles(root / "articles"),
    )
    shutil.copytree(TEMPLATES, folders.templates)
    return folders


def build_overview(folders: builder.Folders, formats: tuple[str, ...] = ("html",)) -> None:
    """Build the overview the way `briefings build` does, so the service has outputs."""
    job = builder.Job("overview", BriefingOptions(), formats)
    builder.run(lambda _base: [job], folders)


def settings_for(folders: builder.Folders, **changes: Any) -> ServiceSettings:
    return ServiceSettings(folders=folders, **{"token": TOKEN, **changes})


@contextmanager
def live_server(settings: ServiceSettings, executor: Any = None) -> Iterator[str]:
    """Run the app under uvicorn on a free loopback port; yield its base URL; stop it."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, executor), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def wait_until_up(url: str, seconds: float = 30) -> None:
    """Poll /healthz until it answers 200 (no timed assertion: it only bounds a hang)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def wait_for_build(client: Any, status_url: str, seconds: float = 120) -> dict[str, Any]:
    """Poll a build until it is done or failed; return its last status."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(status_url).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.1)
    raise RuntimeError(f"{status_url} did not finish")


class BlockedExecutor:
    """An executor whose builds wait until released: it makes queue states deterministic."""

    size = 1

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.requests: list[Any] = []

    def run(self, request: Any, timeout: float) -> Any:
        from briefings.service.jobs import BuildOutcome

        self.requests.append(request)
        self.started.set()
        self.release.wait(timeout=30)
        return BuildOutcome(written=["overview.html"])

    def close(self) -> None:
        self.release.set()
