"""The intake commands: sources add, draft, accept. Intake writes drafts; a person accepts."""

from __future__ import annotations

from pathlib import Path

import click

from briefings.cli.common import FACTS_OPTION, cli
from briefings.facts.articles import ArticleLibrary
from briefings.facts.check import CheckReport
from briefings.facts.coverage import SourceCoverage, coverage

INTAKE_SOURCES_OPTION = click.option(
    "--sources",
    "sources_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default="sources",
    show_default=True,
    envvar="BRIEFINGS_SOURCES",
    help="Folder of article texts (new articles are stored here).",
)


@cli.group()
def sources() -> None:
    """Article texts and their source records."""


@sources.command("add")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--id", "source_id", help="Source id [default: the next free src-NNN].")
@click.option("--outlet", help="Who published it [default: as the article signs].")
@click.option("--title", help="English title [default: the headline as printed].")
@click.option("--date", help="Publication date, YYYY-MM-DD [default: as printed].")
@click.option("--lang", type=click.Choice(["az", "kk", "ru", "en"]), help="[default: detected]")
@click.option("--url", help="Where the article was published.")
@FACTS_OPTION
@INTAKE_SOURCES_OPTION
def add(
    file: Path,
    source_id: str | None,
    outlet: str | None,
    title: str | None,
    date: str | None,
    lang: str | None,
    url: str | None,
    facts_dir: Path,
    sources_dir: Path,
) -> None:
    """Store an article (text or saved web page) and add its source record; print its id."""
    from briefings.intake.sources import Given, add_source

    given = Given(source_id, outlet, title, date, lang, url)
    click.echo(add_source(file, given, facts_dir, sources_dir))


@cli.command()
@click.argument("source_id")
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Draft file [default: FACTS/drafts/SOURCE_ID.yaml].",
)
@click.option("--force", is_flag=True, help="Replace a draft that exists already.")
@FACTS_OPTION
@INTAKE_SOURCES_OPTION
def draft(
    source_id: str, out_file: Path | None, force: bool, facts_dir: Path, sources_dir: Path
) -> None:
    """Draft facts from a source's article for review; print the draft's path."""
    from briefings.intake.drafts import drafts_folder, make_draft, write_draft

    target = out_file or drafts_folder(facts_dir) / f"{source_id}.yaml"
    click.echo(str(write_draft(make_draft(source_id, facts_dir, sources_dir), target, force)))


@cli.command()
@click.argument("draft_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--only", multiple=True, help="Accept only these record ids (repeat, or a comma list)."
)
@FACTS_OPTION
@INTAKE_SOURCES_OPTION
def accept(draft_file: Path, only: tuple[str, ...], facts_dir: Path, sources_dir: Path) -> None:
    """Merge a reviewed draft into the fact files (comments kept); all or nothing."""
    from briefings.intake.accept import accept_draft

    ids = tuple(i.strip() for value in only for i in value.split(",") if i.strip())
    result = accept_draft(draft_file, ids, facts_dir, sources_dir)
    for path in result.changed:
        click.echo(str(path))
    left = f"{result.left} entr{'y' if result.left == 1 else 'ies'} left in {draft_file}"
    click.echo(
        f"accepted {len(result.accepted)}; {left if result.left else 'draft done'}", err=True
    )


def review_drafts(report: CheckReport, facts_dir: Path, sources_dir: Path | None) -> None:
    """Add the problems of the drafts in FACTS/drafts to a check report."""
    from briefings.intake.review import check_drafts

    report.problems.extend(check_drafts(facts_dir, report.base, sources_dir))


def coverage_of(report: CheckReport, sources_dir: Path | None) -> list[SourceCoverage]:
    """Return each source's coverage; the article texts are needed to count paragraphs."""
    folder = sources_dir or Path("sources")
    if not folder.is_dir():
        click.echo(f"note: no article texts in {folder}; pass --sources DIR", err=True)
    return coverage(report.base, ArticleLibrary(folder))


def echo_coverage(found: list[SourceCoverage]) -> None:
    """Print each source's coverage and the paragraphs no record cites."""
    for item in found:
        if not item.found:
            click.echo(f"{item.source}: {item.file} not found; no coverage", err=True)
            continue
        covered = item.paragraphs - len(item.uncovered)
        click.echo(f"{item.source}: {item.percent:.0f}% ({covered}/{item.paragraphs} paragraphs)")
        for number, words in item.uncovered:
            click.echo(f"  ¶{number} uncited: {words} …")
        for number in item.stray_skips:
            click.echo(f"  skip names ¶{number}, beyond the article's {item.paragraphs}", err=True)
