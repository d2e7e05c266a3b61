"""The command group, its shared options and how it reports errors."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from briefings import __version__
from briefings.errors import BriefingsError

logger = logging.getLogger("briefings")


def folder_option(flag: str, default: str | None, envvar: str, help: str) -> Any:
    """Return a --flag option for a folder, defaulting under the current directory."""
    return click.option(
        f"--{flag}",
        f"{flag}_dir",
        type=click.Path(path_type=Path, file_okay=False, exists=default is None),
        default=default,
        show_default=default is not None,
        envvar=envvar,
        help=help,
    )


FACTS_OPTION = folder_option("facts", "facts", "BRIEFINGS_FACTS", "Folder of fact files (YAML).")
SOURCES_OPTION = folder_option(
    "sources",
    None,
    "BRIEFINGS_SOURCES",
    "Folder of article texts; when given, anchor quotes are verified against them.",
)
TEMPLATES_OPTION = folder_option(
    "templates",
    "templates",
    "BRIEFINGS_TEMPLATES",
    "Folder of templates, stylesheet, fonts and reference.docx.",
)
OUT_OPTION = folder_option(
    "out", "output", "BRIEFINGS_OUTPUT", "Folder the briefings are written to."
)
JOBS_OPTION = click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Build in this many processes.",
)
OUR_SIDE_OPTION = click.option(
    "--our-side",
    "our_side",
    callback=lambda _ctx, _param, value: value.upper() if value else None,
    help="Country code of the delegation meeting notes are for, e.g. AZ.",
)


class OptionError(click.UsageError):
    """A bad option or argument; exits 1 like every explained problem (2 is our own bug)."""

    exit_code = 1


class BriefingsGroup(click.Group):
    """Turn our errors and bad options into one clean message and exit 1; 2 is an internal
    error. A traceback only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefingsError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            report_error(exc)
            ctx.exit(1)
        except OptionError:
            raise
        except click.UsageError as exc:  # a bad option is a problem we explain: exit 1
            raise OptionError(exc.format_message(), exc.ctx) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            name = type(exc).__name__
            click.echo(
                f"internal error: {name}: {exc} (run with --debug for the traceback)", err=True
            )
            ctx.exit(2)


def report_error(exc: BriefingsError) -> None:
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    click.echo(f"error: {exc}", err=True)


@click.group(cls=BriefingsGroup)
@click.version_option(__version__, prog_name="briefings")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, verbose: bool) -> None:
    """Briefing papers (PDF and DOCX) from validated, cited fact records."""
    ctx.obj = {"debug": debug}
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
