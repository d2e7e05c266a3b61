"""The command line: the only module that prints or exits."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from briefings import __version__
from briefings.errors import BriefingsError, Problem
from briefings.facts.check import CheckReport, check_facts, load_valid_facts
from briefings.facts.model import KINDS, FactFile

logger = logging.getLogger("briefings")

FACTS_OPTION = click.option(
    "--facts",
    "facts_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="facts",
    show_default=True,
    envvar="BRIEFINGS_FACTS",
    help="Folder of fact files (YAML).",
)
SOURCES_OPTION = click.option(
    "--sources",
    "sources_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    envvar="BRIEFINGS_SOURCES",
    help="Folder of article texts; when given, anchor quotes are verified against them.",
)
TEMPLATES_OPTION = click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="templates",
    show_default=True,
    envvar="BRIEFINGS_TEMPLATES",
    help="Folder of templates, stylesheet, fonts and reference.docx.",
)
OUT_OPTION = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="output",
    show_default=True,
    envvar="BRIEFINGS_OUTPUT",
    help="Folder the briefings are written to.",
)


class BriefingsGroup(click.Group):
    """Turn our errors into one clean message and exit 1; a traceback only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefingsError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            _report_error(exc)
            ctx.exit(1)
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


def _report_error(exc: BriefingsError) -> None:
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


@cli.command()
@FACTS_OPTION
@SOURCES_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def check(facts_dir: Path, sources_dir: Path | None, strict: bool, as_json: bool) -> None:
    """Load and check every fact file; report every problem as path:line."""
    report = check_facts(facts_dir, sources_dir)
    if as_json:
        click.echo(json.dumps(_report_json(report), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    failed = bool(report.errors) or (strict and bool(report.warnings))
    sys.exit(1 if failed else 0)


def _report_json(report: CheckReport) -> dict[str, Any]:
    def listed(problems: list[Problem]) -> list[dict[str, object]]:
        return [p.as_dict() for p in problems]

    return {
        "counts": report.counts(),
        "errors": listed(report.errors),
        "warnings": listed(report.warnings),
        "infos": listed(report.infos),
        "untranslated": report.untranslated(),
    }


def _print_report(report: CheckReport) -> None:
    for problem in report.problems:
        click.echo(str(problem), err=problem.severity != "info")
    counts = ", ".join(f"{n} {kind}" for kind, n in report.counts().items())
    untranslated = ", ".join(f"{lang} {n}" for lang, n in report.untranslated().items())
    click.echo(f"facts: {counts}")
    click.echo(f"untranslated texts: {untranslated}")
    click.echo(
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s), "
        f"{len(report.infos)} note(s)"
    )


@cli.command()
@FACTS_OPTION
@click.option("--kind", type=click.Choice(sorted(KINDS)), help="Only records of this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def facts(facts_dir: Path, kind: str | None, as_json: bool) -> None:
    """List records (id, kind, label, date): how to find a meeting's id."""
    base = load_valid_facts(facts_dir)
    rows = [
        {"id": r.id, "kind": r.kind, "label": r.label("en"), "date": _date(r)}
        for r in base.records.values()
        if kind is None or r.kind == kind
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']:<40} {row['kind']:<13} {row['date'] or '':<10}  {row['label']}")


def _date(record: Any) -> str | None:
    date = record.when()
    return str(date) if date is not None else None


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a fact file (for YAML editors)."""
    document = FactFile.model_json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "briefings fact file"
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


FORMATS = ("pdf", "docx", "html")


def _formats(value: str) -> list[str]:
    """Return the formats named by --format (pdf, docx, html, a comma list, or all)."""
    from briefings.writers import WRITERS

    names = list(WRITERS) if value == "all" else [v.strip() for v in value.split(",")]
    unknown = [n for n in names if n not in WRITERS]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)}; choose from {', '.join(WRITERS)} or all")
    return names


@cli.command()
@click.argument("kind")
@click.option(
    "--format",
    "format_",
    default="pdf",
    show_default=True,
    help="pdf, docx, html, a comma-separated list, or all.",
)
@click.option("--lang", type=click.Choice(["en", "az", "kk"]), default="en", show_default=True)
@click.option("--meeting", help="Event id of the meeting (meeting-prep).")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Build from the sources published by this date.",
)
@click.option("--marking", default="RESTRICTED", show_default=True, help="Classification marking.")
@FACTS_OPTION
@TEMPLATES_OPTION
@OUT_OPTION
def build(
    kind: str,
    format_: str,
    lang: str,
    meeting: str | None,
    as_of: Any,
    marking: str,
    facts_dir: Path,
    templates_dir: Path,
    out_dir: Path,
) -> None:
    """Build a briefing; print the path of each file written."""
    from briefings import build as builder
    from briefings.kinds.base import BriefingOptions

    options = BriefingOptions(
        lang=lang, as_of=as_of.date() if as_of else None, meeting=meeting, marking=marking
    )
    folders = builder.Folders(facts=facts_dir, templates=templates_dir, output=out_dir)
    for path in builder.build(kind, options, _formats(format_), folders):
        click.echo(str(path))


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="briefings")
