"""The application factory: `create_app(settings)` wires auth, the queue, the API and the UI.

Nothing lives at module level: each app owns its settings, facts cache, queue, workers and
metrics registry, so the CLI runs one and tests build as many as they need.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from briefings import __version__
from briefings.service import api, edits, errors, guard, intake_routes, pages
from briefings.service.auth import Auth
from briefings.service.jobs import BuildExecutor, JobQueue
from briefings.service.metrics import Metrics
from briefings.service.records import FactsCache
from briefings.service.settings import ServiceSettings, absolute
from briefings.service.state import Service
from briefings.service.watcher import Watcher
from briefings.service.workers import LocalExecutor, run_build

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"


def create_app(settings: ServiceSettings, executor: BuildExecutor | None = None) -> FastAPI:
    """Return the FastAPI app for ``settings``; ``executor`` replaces the local worker pool."""
    service = _service(settings, executor)
    app = FastAPI(
        title="briefings",
        version=__version__,
        summary="Briefing papers (PDF, DOCX, HTML) from cited fact records.",
        lifespan=_lifespan(service),
        docs_url=None,  # FastAPI's Swagger page loads from a CDN: /docs is our own page
        redoc_url=None,
    )
    app.state.service = service
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(edits.router)
    app.include_router(intake_routes.router)
    errors.install(app)
    guard.install(app)
    return app


def _service(settings: ServiceSettings, executor: BuildExecutor | None) -> Service:
    folders = absolute(settings.folders)
    settings = replace(settings, folders=folders)
    facts = FactsCache(folders)
    metrics_box: list[Metrics] = []
    if executor is None:
        executor = LocalExecutor(
            folders,
            settings.jobs,
            settings.builds_per_worker,
            target=partial(run_build, executor=settings.executor, broker=settings.broker),
            on_replace=lambda reason: metrics_box[0].workers_replaced.labels(reason=reason).inc(),
            niceness=settings.worker_nice,
        )
    queue = JobQueue(executor, settings.max_queue, settings.build_timeout)
    metrics = Metrics(
        queue.depth,
        lambda: len(facts.state.base.records) if facts.state.base else 0,
        lambda: 1.0 if facts.state.invalid else 0.0,
    )
    metrics_box.append(metrics)
    queue.listeners.append(metrics.finished)
    watcher = Watcher(folders, facts, queue, settings.watch_formats) if settings.watch else None
    auth = Auth(settings.token, settings.session_hours)
    return Service(settings, auth, facts, queue, metrics, _pages_environment(), watcher)


def _pages_environment() -> Environment:
    """Return the UI's Jinja2 environment: autoescaped (fact text is untrusted), strict."""
    return Environment(
        loader=PackageLoader("briefings.service", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _lifespan(service: Service) -> Any:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        warm = getattr(service.queue.executor, "warm", None)
        if warm:
            warm()
        service.queue.start()
        service.facts.current()
        if service.watcher:
            service.watcher.start()
        logger.info("serving %s", service.output)
        try:
            yield
        finally:
            if service.watcher:
                service.watcher.stop()
            service.queue.stop()

    return lifespan
