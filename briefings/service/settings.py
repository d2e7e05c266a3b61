"""The service's settings: one object, built by the CLI (or by a test), read everywhere."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from briefings.build import Folders

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


@dataclass(frozen=True)
class ServiceSettings:
    """Everything `briefings serve` can vary; the token never shows in a repr or a log."""

    folders: Folders
    token: str | None = field(default=None, repr=False)
    host: str = "127.0.0.1"
    port: int = 8000
    jobs: int = 1
    worker_nice: int = 10  # build workers run this much nicer than the server (0-19)
    max_queue: int = 8
    build_timeout: float = 300.0
    builds_per_worker: int = 20
    watch: bool = False
    watch_formats: tuple[str, ...] = ("pdf", "docx", "html")
    max_body: int = 1_000_000
    max_upload: int = 10_000_000  # an uploaded DOCX or article (/edits, /intake and their APIs)
    retry_after: int = 5
    session_hours: int = 12
    executor: str = "local"  # where builds render: "local" (the worker processes) or "celery"
    broker: str | None = field(default=None, repr=False)  # Redis URL; may hold a password

    def problems(self) -> list[str]:
        """Return why these settings must not serve (an empty list when they may)."""
        problems = []
        if not self.token and not is_loopback(self.host):
            problems.append(
                f"refusing to listen on {self.host} without a token; "
                "pass --token-file FILE or set BRIEFINGS_TOKEN (or use --host 127.0.0.1)"
            )
        if self.token is not None and len(self.token) < 16:
            problems.append("the token is shorter than 16 characters; use a long random one")
        return problems + self._executor_problems()

    def _executor_problems(self) -> list[str]:
        """Return why the executor cannot run builds: Celery without a usable broker."""
        from briefings.executors import ExecutorError, make_executor

        if self.executor == "local":
            return []
        try:
            make_executor(self.executor, self.jobs, self.broker).close()
        except ExecutorError as exc:
            return [str(exc)]
        return []


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` only accepts connections from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def absolute(folders: Folders) -> Folders:
    """Return ``folders`` as absolute paths: workers may run from another directory."""
    sources = folders.sources.resolve() if folders.sources else None
    return Folders(
        folders.facts.resolve(), folders.templates.resolve(), folders.output.resolve(), sources
    )
