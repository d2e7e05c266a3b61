"""`briefings serve`: the briefing service over HTTP, with its web UI."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click

from briefings.cli.common import (
    FACTS_OPTION,
    JOBS_OPTION,
    OUT_OPTION,
    SOURCES_OPTION,
    TEMPLATES_OPTION,
    cli,
)
from briefings.cli.worker import executor_options

logger = logging.getLogger(__name__)


def read_token(token_file: Path | None) -> str | None:
    """Return the token from the file (first line) or BRIEFINGS_TOKEN; None when neither."""
    if token_file is not None:
        token = token_file.read_text(encoding="utf-8").strip()
        if not token:
            raise click.UsageError(f"{token_file} is empty; put the token on its first line")
        return token
    return os.environ.get("BRIEFINGS_TOKEN") or None


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token-file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="File holding the access token (else BRIEFINGS_TOKEN). Required off loopback.",
)
@JOBS_OPTION
@click.option(
    "--max-queue",
    default=8,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Builds that may wait; more get 429.",
)
@click.option(
    "--build-timeout",
    default=300.0,
    show_default=True,
    type=click.FloatRange(1),
    help="Seconds a build may take before it fails and its worker is replaced.",
)
@click.option(
    "--builds-per-worker",
    default=20,
    show_default=True,
    type=click.IntRange(1),
    help="Builds after which a worker is replaced (WeasyPrint's memory grows).",
)
@click.option(
    "--worker-nice",
    default=10,
    show_default=True,
    type=click.IntRange(0, 19),
    help="How much lower the build workers' CPU priority is than the server's (os.nice).",
)
@click.option(
    "--watch/--no-watch",
    default=False,
    show_default=True,
    help="Rebuild what a fact or template edit affects.",
)
@executor_options
@FACTS_OPTION
@SOURCES_OPTION
@TEMPLATES_OPTION
@OUT_OPTION
def serve(
    host: str,
    port: int,
    token_file: Path | None,
    jobs: int,
    max_queue: int,
    build_timeout: float,
    builds_per_worker: int,
    worker_nice: int,
    watch: bool,
    executor: str,
    broker: str | None,
    facts_dir: Path,
    sources_dir: Path | None,
    templates_dir: Path,
    out_dir: Path,
) -> None:
    """Serve the briefings, the build queue and the web UI over HTTP (Ctrl-C stops)."""
    import uvicorn

    from briefings.build import Folders
    from briefings.service.app import create_app
    from briefings.service.settings import ServiceSettings

    settings = ServiceSettings(
        folders=Folders(facts_dir, templates_dir, out_dir, sources_dir),
        token=read_token(token_file),
        host=host,
        port=port,
        jobs=jobs,
        max_queue=max_queue,
        build_timeout=build_timeout,
        builds_per_worker=builds_per_worker,
        worker_nice=worker_nice,
        watch=watch,
        executor=executor,
        broker=broker,
    )
    problems = settings.problems()
    if problems:
        raise click.UsageError(problems[0])
    auth = "token required" if settings.token else "no token (loopback only)"
    where = f"; rendering on Celery workers ({_sanitized(broker)})" if executor == "celery" else ""
    click.echo(
        f"serving {out_dir} on http://{host}:{port}/ ({auth}{where}); Ctrl-C stops", err=True
    )
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", proxy_headers=True)


def _sanitized(broker: str | None) -> str:
    """Return the broker URL without its password, for the start-up line."""
    from kombu.utils.url import maybe_sanitize_url

    return str(maybe_sanitize_url(broker or ""))
