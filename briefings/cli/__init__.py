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
    """Entry point of the console script; a build ends without Python's teardown."""
    from briefings import collector

    collector.command_process()
    try:
        cli(prog_name="briefings")
    except SystemExit as done:
        if collector.held_until_exit():
            collector.exit_without_teardown(done.code)
        raise
