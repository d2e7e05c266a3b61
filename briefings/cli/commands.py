"""The facts and build commands: check, facts, schema, build, list, changes, watch."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from briefings.cli.common import (
    FACTS_OPTION,
    JOBS_OPTION,
    OUR_SIDE_OPTION,
    OUT_OPTION,
    SOURCES_OPTION,
    TEMPLATES_OPTION,
    cli,
    report_error,
)
from briefings.cli.worker import executor_options
from briefings.errors import BriefingsError, Problem
from briefings.facts.check import CheckReport, check_facts, load_valid_facts
from briefings.facts.model import KINDS, FactFile
from briefings.project import load_settings


@cli.command()
@FACTS_OPTION
@SOURCES_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--coverage", "with_coverage", is_flag=True, help="List paragraphs no record cites.")
def check(
    facts_dir: Path, sources_dir: Path | None, strict: bool, as_json: bool, with_coverage: bool
) -> None:
    """Load and check every fact file and draft; report every problem as path:line."""
    from briefings.cli.intake import coverage_of, echo_coverage, review_drafts

    report = check_facts(facts_dir, sources_dir)
    review_drafts(report, facts_dir, sources_dir)
    found = coverage_of(report, sources_dir) if with_coverage else []
    if as_json:
        document = _report_json(report)
        if with_coverage:
            document["coverage"] = [item.as_dict() for item in found]
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print_report(report)
        echo_coverage(found)
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


def _formats(value: str) -> tuple[str, ...]:
    """Return the formats named by --format (pdf, docx, html, a comma list, or all)."""
    from briefings.writers import WRITERS

    names = list(WRITERS) if value == "all" else [v.strip() for v in value.split(",")]
    unknown = [n for n in names if n not in WRITERS]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)}; choose from {', '.join(WRITERS)} or all")
    return tuple(names)


def _langs(value: str) -> tuple[str, ...]:
    return ("en", "az", "kk") if value == "all" else (value,)


@cli.command()
@click.argument("kind", required=False)
@click.option(
    "--all",
    "build_all",
    is_flag=True,
    help="Every briefing type (meeting notes for planned meetings); only what changed.",
)
@click.option(
    "--format",
    "format_",
    default=None,
    help="pdf, docx, html, a comma-separated list, or all. [default: pdf; pdf,docx with --all]",
)
@click.option(
    "--lang", type=click.Choice(["en", "az", "kk", "all"]), default="en", show_default=True
)
@click.option("--meeting", help="Event id of the meeting (meeting-prep).")
@OUR_SIDE_OPTION
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Build from the sources published by this date.",
)
@click.option("--marking", help="Classification marking [default: per language, see markings.py].")
@click.option("--force", is_flag=True, help="Rebuild even what is up to date.")
@click.option("--review", is_flag=True, help="Also write NAME.review.docx with source comments.")
@JOBS_OPTION
@click.option(
    "--no-wait", is_flag=True, help="Fail at once if another build holds the output folder."
)
@executor_options
@FACTS_OPTION
@SOURCES_OPTION
@TEMPLATES_OPTION
@OUT_OPTION
def build(
    kind: str | None,
    build_all: bool,
    format_: str | None,
    lang: str,
    meeting: str | None,
    our_side: str | None,
    as_of: Any,
    marking: str | None,
    force: bool,
    review: bool,
    jobs: int,
    no_wait: bool,
    executor: str,
    broker: str | None,
    facts_dir: Path,
    sources_dir: Path | None,
    templates_dir: Path,
    out_dir: Path,
) -> None:
    """Build a briefing (or --all); print the path of each file written, one per line."""
    from briefings import build as builder
    from briefings.collector import off_until_exit
    from briefings.executors import make_executor
    from briefings.kinds.base import BriefingOptions

    if bool(kind) == build_all:
        raise click.UsageError("name one briefing type (see `briefings list`) or pass --all")
    formats = _formats(format_ or ("pdf,docx" if build_all else "pdf")) + ("review",) * review
    options = BriefingOptions(
        as_of=as_of.date() if as_of else None, meeting=meeting, marking=marking, our_side=our_side
    )
    options = builder.with_options(options, **load_settings(facts_dir).option_defaults())
    folders = builder.Folders(facts_dir, templates_dir, out_dir, sources_dir)

    def wanted(base: Any) -> list[Any]:
        if build_all:
            return builder.all_jobs(base, formats, _langs(lang), options)
        return [
            builder.Job(kind or "", builder.with_options(options, lang=code), formats)
            for code in _langs(lang)
        ]

    off_until_exit()  # a command process ends with the build: no collection before exit
    runner = make_executor(executor, jobs, broker)
    with runner, _locked(out_dir, no_wait), _progress() as progress:
        result = builder.run(wanted, folders, force=force, progress=progress, executor=runner)
    for skipped in result.skipped:
        click.echo(f"up to date: {skipped}", err=True)
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    for path in result.written:
        click.echo(str(path))


@contextmanager
def _locked(out_dir: Path, no_wait: bool) -> Iterator[None]:
    """Hold the output folder's lock: two builds never write one folder at once."""
    from filelock import FileLock, Timeout

    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out_dir / ".briefings.lock"))
    try:
        lock.acquire(timeout=0 if no_wait else -1)
    except Timeout:
        raise click.ClickException(
            f"another build is writing {out_dir}; try again when it ends"
        ) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _progress() -> Iterator[Callable[[str], None]]:
    """Yield a callback that advances a progress bar on a terminal, or logs plain lines."""
    if not sys.stderr.isatty():
        yield lambda stem: click.echo(f"built {stem}", err=True)
        return
    with click.progressbar(length=0, label="building", file=sys.stderr, show_pos=True) as bar:

        def advance(stem: str) -> None:
            bar.label = stem
            bar.update(1)

        yield advance


@cli.command(name="list")
def list_kinds() -> None:
    """List the briefing types, with their descriptions and parameters."""
    from briefings.kinds import REGISTRY

    for kind in REGISTRY.values():
        click.echo(f"{kind.name}: {kind.description}")
        for parameter in kind.parameters:
            required = "required" if parameter.required else "optional"
            click.echo(f"    --{parameter.name} ({required}): {parameter.help}")
        click.echo("    --lang en|az|kk, --as-of DATE, --format pdf|docx|html|all, --marking TEXT")


@cli.command()
@click.argument("name")
@OUT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
def changes(name: str, out_dir: Path, as_json: bool) -> None:
    """List the facts added, changed and removed since the previous edition of NAME."""
    from briefings.manifest import Manifest, fact_changes

    record = Manifest.load(out_dir).record(name)
    if len(record.editions) < 2:
        click.echo(f"{name} has one edition so far; nothing to compare", err=True)
        return
    before, after = record.editions[-2], record.editions[-1]
    found = fact_changes(before, after.facts, after.labels)
    if as_json:
        rows = [{"status": c.status, "id": c.id, "kind": c.kind, "label": c.label} for c in found]
        click.echo(
            json.dumps(
                {"from": before.number, "to": after.number, "changes": rows},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(
        f"{name}: edition {before.number} ({before.as_of}) → edition {after.number} ({after.as_of})"
    )
    for change in found:
        click.echo(f"  {change.status:<8} {change.kind:<13} {change.id}: {change.label}")
    if not found:
        click.echo("  no fact changed (templates or options did)")


@cli.command()
@FACTS_OPTION
@SOURCES_OPTION
@TEMPLATES_OPTION
@OUT_OPTION
@click.option("--format", "format_", default="pdf,docx", show_default=True)
@click.option(
    "--lang", type=click.Choice(["en", "az", "kk", "all"]), default="en", show_default=True
)
@JOBS_OPTION
@OUR_SIDE_OPTION
@executor_options
def watch(
    facts_dir: Path,
    sources_dir: Path | None,
    templates_dir: Path,
    out_dir: Path,
    format_: str,
    lang: str,
    jobs: int,
    our_side: str | None,
    executor: str,
    broker: str | None,
) -> None:
    """Rebuild the affected briefings whenever facts or templates change (Ctrl-C stops)."""
    from briefings import build as builder
    from briefings.executors import make_executor
    from briefings.kinds.base import BriefingOptions
    from briefings.watch import watch_and_build

    folders = builder.Folders(facts_dir, templates_dir, out_dir, sources_dir)
    formats, langs = _formats(format_), _langs(lang)

    def report(result: Any) -> None:
        for notice in result.notices:
            click.echo(f"note: {notice}", err=True)
        for path in result.written:
            click.echo(str(path))
        written, skipped = len(result.written), len(result.skipped)
        click.echo(f"{written} written, {skipped} up to date; waiting for changes", err=True)

    def failed(exc: BriefingsError) -> None:
        report_error(exc)
        click.echo("keeping the last good outputs; waiting for a fix", err=True)

    click.echo(f"watching {facts_dir} and {templates_dir}; Ctrl-C stops", err=True)
    options = BriefingOptions(our_side=our_side, **load_settings(facts_dir).option_defaults())
    with make_executor(executor, jobs, broker) as runner:
        watch_and_build(
            folders, formats, langs, jobs, report, failed, options=options, executor=runner
        )
    click.echo("stopped", err=True)
