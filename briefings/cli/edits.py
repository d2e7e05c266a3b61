"""`briefings edits`: what an editor changed in a DOCX, at the facts behind each change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefings.cli.common import FACTS_OPTION, OUT_OPTION, SOURCES_OPTION, TEMPLATES_OPTION, cli

if TYPE_CHECKING:  # imported when the command runs: python-docx is slow to import
    from briefings.review.compare import Change
    from briefings.review.edits import EditReport


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@OUT_OPTION
@FACTS_OPTION
@TEMPLATES_OPTION
@SOURCES_OPTION
def edits(
    file: Path,
    as_json: bool,
    out_dir: Path,
    facts_dir: Path,
    templates_dir: Path,
    sources_dir: Path | None,
) -> None:
    """List what an editor changed in FILE (a DOCX we built), with the facts behind it."""
    from briefings.editions import rebuild_docx as rebuild
    from briefings.review.edits import Folders, read_edits

    folders = Folders(out_dir, facts_dir, templates_dir, sources_dir)
    report = read_edits(file, folders, rebuild)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        _print(report)


def _print(report: EditReport) -> None:
    click.echo(f"{report.file}: {report.briefing}, edition {report.edition}")
    click.echo(f"compared with {report.original}")
    if not report.changes:
        click.echo("no changes")
    for change in report.changes:
        click.echo(_line(change))
        for proposal in change.proposals:
            click.echo(f"    proposed fact edit (not applied):\n      {_indent(proposal['yaml'])}")


def _line(change: Change) -> str:
    """Return one change as a line: kind, [facts], then what it says."""
    facts = f"[{', '.join(change.facts)}]" if change.facts else "[no facts]"
    head = f"{change.kind} {facts}"
    if change.kind == "changed":
        return f"{head}: {change.diff}"
    if change.kind == "comment":
        return f"{head} by {change.author or 'unknown'}: {change.comment}"
    if change.kind == "tracked":
        what = f"inserted {change.after!r}" if change.after else f"deleted {change.before!r}"
        return f"{head} by {change.author or 'unknown'}: {what}"
    return f"{head}: {change.after if change.after is not None else change.before}"


def _indent(text: object) -> str:
    return str(text).replace("\n", "\n      ")
