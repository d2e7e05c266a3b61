"""The command line: the only package that prints or exits.

Each module registers its commands on the one ``cli`` group; importing them here is what
makes them part of ``briefings``.
"""

from __future__ import annotations

from briefings.cli import (
    commands,  # noqa: F401  (registers check, build, watch, …)
    edits,  # noqa: F401  (registers edits)
    intake,  # noqa: F401  (registers sources add, draft, accept)
    serve,  # noqa: F401  (registers serve)
    worker,  # noqa: F401  (registers worker)
)
from briefings.cli.common import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the console script."""
    from briefings.collector import command_process

    command_process()
    cli(prog_name="briefings")
