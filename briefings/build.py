"""The build: the only module that knows every stage.

facts (load, validate) → select (context) → render (HTML) → writers (bytes) → files.
Everything is gathered and rendered before anything is written, so a failure leaves the
previous outputs exactly as they were (like Pelican's and MkDocs' builds).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from briefings.errors import BriefingsError
from briefings.facts.check import load_valid_facts
from briefings.facts.load import FactBase
from briefings.files import write_atomic
from briefings.kinds import get_kind
from briefings.kinds.base import (
    BriefingContext,
    BriefingOptions,
    BriefingType,
    Selection,
    as_of,
    newest_source_date,
)
from briefings.present import Presenter
from briefings.render import RenderedHtml, render_html
from briefings.writers import WriterOptions, get_writer

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Folders:
    """Where a build reads and writes; each defaults to a folder of the current directory."""

    facts: Path = Path("facts")
    templates: Path = Path("templates")
    output: Path = Path("output")
    sources: Path | None = None


@dataclass(frozen=True)
class Prepared:
    """A briefing rendered to HTML: everything a writer needs, and what shaped it."""

    kind: BriefingType
    context: BriefingContext
    rendered: RenderedHtml


def load(folders: Folders) -> FactBase:
    """Return the valid facts base, or raise listing every error."""
    return load_valid_facts(folders.facts, folders.sources)


def select(kind: BriefingType, base: FactBase, options: BriefingOptions) -> BriefingContext:
    """Return the briefing's context: the facts known as of its date, chosen by its type."""
    kind.validate(base, options)
    date = options.as_of or newest_source_date(base)
    selection = Selection(as_of(base, date), base)
    data = kind.select(selection, options)
    return BriefingContext(
        kind=kind.name,
        template=kind.template,
        options=options,
        as_of=date,
        data=data,
        used=frozenset(selection.used),
        stem=kind.stem(options),
    )


def prepare(kind_name: str, base: FactBase, options: BriefingOptions, folders: Folders) -> Prepared:
    """Select and render one briefing to HTML."""
    kind = get_kind(kind_name)
    context = select(kind, base, options)
    presenter = Presenter(base, options.lang, context.as_of, context.data.get("sources", []))
    rendered = render_html(context, presenter, folders.templates)
    return Prepared(kind, context, rendered)


def render_formats(prepared: Prepared, formats: list[str], folders: Folders) -> dict[Path, bytes]:
    """Return every output file's bytes, keyed by target path; raise before writing any."""
    options = WriterOptions(templates=folders.templates)
    outputs: dict[Path, bytes] = {}
    for name in formats:
        writer = get_writer(name)
        target = folders.output / f"{prepared.context.stem}{writer.suffix}"
        try:
            outputs[target] = writer.render(prepared.rendered.html, options)
        except BriefingsError as exc:
            raise type(exc)(
                f"while building {prepared.context.stem} ({name}): {exc}", exc.problems
            ) from exc
    return outputs


def build(
    kind_name: str, options: BriefingOptions, formats: list[str], folders: Folders
) -> list[Path]:
    """Build one briefing in the given formats; return the paths written."""
    base = load(folders)
    prepared = prepare(kind_name, base, options, folders)
    outputs = render_formats(prepared, formats, folders)
    for target, data in outputs.items():
        write_atomic(target, data)
        logger.info("wrote %s", target)
    return list(outputs)
