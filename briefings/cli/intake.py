"""The intake commands: sources add, draft, accept. Intake writes drafts; a person accepts."""

from __future__ import annotations

from pathlib import Path

import click

from briefings.cli.common import FACTS_OPTION, cli

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
