"""The state one running app holds, and how a request reaches it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Request
from jinja2 import Environment

from briefings.service.answers import AnswerCache, FileCache
from briefings.service.auth import Auth
from briefings.service.jobs import JobQueue
from briefings.service.metrics import Metrics
from briefings.service.records import FactsCache
from briefings.service.settings import ServiceSettings

if TYPE_CHECKING:
    from briefings.service.watcher import Watcher


@dataclass
class Service:
    """Everything one running app holds; reached from a request as `request.app.state.service`."""

    settings: ServiceSettings
    auth: Auth
    facts: FactsCache
    queue: JobQueue
    metrics: Metrics
    pages: Environment
    watcher: Watcher | None
    answers: AnswerCache = field(default_factory=AnswerCache)
    files: FileCache = field(default_factory=FileCache)

    @property
    def output(self) -> Path:
        return self.settings.folders.output


def service_of(request: Request) -> Service:
    """Return the app's service (a FastAPI dependency)."""
    service: Service = request.app.state.service
    return service


async def service_dependency(request: Request) -> Service:
    """Return the app's service without a trip through the thread pool (async dependency)."""
    return service_of(request)
