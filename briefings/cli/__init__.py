"""The command line: the only package that prints or exits.

Each module registers its commands on the one ``cli`` group; importing them here is what
makes them part of ``briefings``.
"""

from __future__ import annotations

import briefings.cli.worker  # noqa: F401  (registers worker)
from briefings.cli import commands  # noqa: F401  (registers check, build, watch, …)
from briefings.cli.common import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="briefings")
