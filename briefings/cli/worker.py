"""`briefings worker`, and the --executor/--broker options of build and watch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from briefings.cli.common import TEMPLATES_OPTION, cli

BROKER_HELP = "Redis URL of the Celery broker, e.g. redis://127.0.0.1:6379/0."


def executor_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --executor local|celery and --broker URL to a command that builds."""
    command = click.option("--broker", envvar="BRIEFINGS_BROKER", help=BROKER_HELP)(command)
    return click.option(
        "--executor",
        type=click.Choice(["local", "celery"]),
        default="local",
        show_default=True,
        envvar="BRIEFINGS_EXECUTOR",
        help="Render here (--jobs processes) or on Celery workers (--broker).",
    )(command)


@cli.command()
@click.option("--broker", envvar="BRIEFINGS_BROKER", required=True, help=BROKER_HELP)
@click.option(
    "--concurrency",
    "-c",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes rendering at once (one per core).",
)
@click.option(
    "--max-tasks-per-child",
    default=100,
    show_default=True,
    type=click.IntRange(1),
    help="Replace a process after this many briefings (WeasyPrint's memory grows).",
)
@click.option(
    "--soft-time-limit",
    default=300.0,
    show_default=True,
    type=click.FloatRange(1),
    help="Seconds a briefing may take before it fails with a message.",
)
@click.option(
    "--time-limit",
    default=360.0,
    show_default=True,
    type=click.FloatRange(1),
    help="Seconds after which the process rendering it is killed.",
)
@click.option(
    "--visibility-timeout",
    type=click.FloatRange(1),
    help="Seconds before a vanished worker's job runs elsewhere. [default: time limit + 60]",
)
@TEMPLATES_OPTION
def worker(
    broker: str,
    concurrency: int,
    max_tasks_per_child: int,
    soft_time_limit: float,
    time_limit: float,
    visibility_timeout: float | None,
    templates_dir: Path,
) -> None:
    """Run a Celery worker that writes briefings for `build --executor celery`."""
    from briefings.executors.celery import WorkerSettings, run_worker

    settings = WorkerSettings(
        templates=templates_dir,
        concurrency=concurrency,
        max_tasks_per_child=max_tasks_per_child,
        soft_time_limit=soft_time_limit,
        time_limit=max(time_limit, soft_time_limit),
        visibility_timeout=visibility_timeout,
    )
    raise SystemExit(run_worker(broker, settings))
