"""The build: the only module that knows every stage.

facts (load, validate) → select (context) → render (HTML) → writers (bytes) → files.
Everything is gathered and rendered before anything is written, so a failure leaves the
previous outputs exactly as they were (like Pelican's and MkDocs' builds). The manifest
decides what is out of date (like Sphinx's incremental builds), before anything renders.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefings import __version__
from briefings.collector import collector_paused
from briefings.errors import BriefingError, BriefingsError
from briefings.facts.check import load_valid_facts
from briefings.facts.load import FactBase
from briefings.kinds import REGISTRY, get_kind
from briefings.kinds.base import (
    BriefingContext,
    BriefingOptions,
    BriefingType,
    Selection,
    as_of,
    newest_source_date,
    used_facts,
)
from briefings.manifest import (
    BriefingRecord,
    Edition,
    FactChange,
    Manifest,
    combined_hash,
    fact_changes,
    fact_hash,
    sha256_file,
)
from briefings.outputs import OutputFolder
from briefings.present import Presenter
from briefings.render import RenderedHtml, render_html
from briefings.writers import ASSETS, WriterOptions, get_writer, suffix_of
from briefings.writers.engine import load_weasyprint

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Folders:
    """Where a build reads and writes; each defaults to a folder of the current directory."""

    facts: Path = Path("facts")
    templates: Path = Path("templates")
    output: Path = Path("output")
    sources: Path | None = None


@dataclass(frozen=True)
class Job:
    """One briefing to build, in some formats."""

    kind: str
    options: BriefingOptions
    formats: tuple[str, ...]


@dataclass(frozen=True)
class EditionInfo:
    """What the frame template shows about the edition, and what the manifest records."""

    number: int
    previous: int | None
    previous_as_of: Any
    changes: tuple[FactChange, ...]


@dataclass
class Plan:
    """A job with its context, input hashes and the outputs that are out of date."""

    job: Job
    context: BriefingContext
    facts: dict[str, str]
    labels: dict[str, list[str]]
    content_key: str
    same: bool
    output_keys: dict[str, str]
    stale: list[str]
    edition: EditionInfo


@dataclass
class Result:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


@collector_paused()
def load(folders: Folders) -> FactBase:
    """Return the valid facts base, or raise listing every error."""
    return load_valid_facts(folders.facts, folders.sources)


@collector_paused()
def select(kind: BriefingType, base: FactBase, options: BriefingOptions) -> BriefingContext:
    """Return the briefing's context: the facts known as of its date, chosen by its type."""
    if options.our_side and not kind.takes("our-side"):
        raise BriefingError(f"{kind.name} does not take --our-side; see `briefings list`")
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
        used=used_facts(data, base),
        stem=kind.stem(options),
    )


def all_jobs(
    base: FactBase, formats: tuple[str, ...], langs: Iterable[str], common: BriefingOptions
) -> list[Job]:
    """Return every briefing `build --all` makes: each type's instances in each language."""
    jobs = []
    for kind in REGISTRY.values():
        for instance in kind.instances(base):
            for lang in langs:
                options = with_options(
                    common,
                    lang=lang,
                    meeting=instance.meeting,
                    our_side=common.our_side if kind.takes("our-side") else None,
                )
                jobs.append(Job(kind.name, options, formats))
    return jobs


def with_options(options: BriefingOptions, **changes: Any) -> BriefingOptions:
    """Return a copy of ``options`` with some fields changed."""
    return BriefingOptions(**{**asdict(options), **changes})


@dataclass
class Hashes:
    """Input hashes, each computed once per build however many briefings share it."""

    base: FactBase
    folders: Folders
    facts: dict[str, str] = field(default_factory=dict)
    assets: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def fact(self, record_id: str) -> str:
        if record_id not in self.facts:
            self.facts[record_id] = fact_hash(self.base.records[record_id])
        return self.facts[record_id]

    def writer_assets(self, fmt: str) -> dict[str, str | None]:
        """Return the hashes of the files a writer reads (stylesheet, fonts, reference.docx)."""
        if fmt not in self.assets:
            templates = self.folders.templates
            paths = sorted(p for pattern in ASSETS[fmt] for p in templates.glob(pattern))
            self.assets[fmt] = {str(p.relative_to(templates)): sha256_file(p) for p in paths}
        return self.assets[fmt]


def plan(job: Job, hashes: Hashes, manifest: Manifest, force: bool) -> Plan:
    """Decide, from hashes alone, which of the job's outputs must be rebuilt."""
    base, folders = hashes.base, hashes.folders
    context = select(get_kind(job.kind), base, job.options)
    facts = {i: hashes.fact(i) for i in sorted(context.used)}
    labels = {i: [base.records[i].kind, base.records[i].label("en")] for i in facts}
    record = manifest.briefings.get(context.stem)
    latest = record.latest if record else None
    options = asdict(job.options)
    key = combined_hash({"facts": facts, "options": options, "kind": job.kind, "v": __version__})
    same = latest is not None and latest.key == key and _templates_current(latest, folders)
    keys = {f: combined_hash({"content": key, **hashes.writer_assets(f)}) for f in job.formats}
    stale = [
        f
        for f in job.formats
        if force or not (same and _output_current(latest, f, keys[f], folders))
    ]
    edition = _edition(record, same, facts, labels)
    return Plan(job, context, facts, labels, key, same, keys, stale, edition)


def _templates_current(edition: Edition, folders: Folders) -> bool:
    """Tell whether every template the edition was rendered from is unchanged."""
    return all(sha256_file(folders.templates / n) == h for n, h in edition.templates.items())


def _output_current(latest: Edition | None, fmt: str, key: str, folders: Folders) -> bool:
    """Tell whether the latest edition's file for ``fmt`` exists and has these writer inputs."""
    output = latest.outputs.get(suffix_of(fmt)) if latest else None
    if output is None or output.key != key:
        return False
    return (folders.output / output.path).is_file()


def _edition(
    record: BriefingRecord | None, same: bool, facts: dict[str, str], labels: dict[str, list[str]]
) -> EditionInfo:
    """Number the edition: the same inputs keep their number, new inputs get the next."""
    editions = record.editions if record else []
    if same:
        editions = editions[:-1]  # rebuilding the latest edition: compare with the one before
    previous = editions[-1] if editions else None
    number = previous.number + 1 if previous else 1
    changes = tuple(fact_changes(previous, facts, labels))
    as_of_date = dt.date.fromisoformat(previous.as_of) if previous else None
    return EditionInfo(number, previous.number if previous else None, as_of_date, changes)


def prepare(
    job: Job, base: FactBase, folders: Folders, edition: EditionInfo | None = None
) -> tuple[BriefingContext, RenderedHtml]:
    """Select and render one briefing to HTML."""
    context = select(get_kind(job.kind), base, job.options)
    return context, render_context(context, base, folders, edition)


@collector_paused()
def render_context(
    context: BriefingContext, base: FactBase, folders: Folders, edition: EditionInfo | None
) -> RenderedHtml:
    """Render a selected briefing (with its edition, when it has one) to HTML."""
    if edition is not None:
        context.data["edition"] = edition
    sources = context.data.get("sources", [])
    presenter = Presenter(base, context.options.lang, context.as_of, sources)
    return render_html(context, presenter, folders.templates)


@collector_paused()
def render_formats(
    stem: str, html: str, formats: Iterable[str], folders: Folders
) -> dict[str, bytes]:
    """Return each format's bytes; raise (naming the briefing) before anything is written."""
    options = WriterOptions(templates=folders.templates)
    outputs: dict[str, bytes] = {}
    for name in formats:
        try:
            outputs[name] = get_writer(name).render(html, options)
        except BriefingsError as exc:
            raise type(exc)(f"while building {stem} ({name}): {exc}", exc.problems) from exc
    return outputs


def render_plan(
    item: Plan, folders: Folders, base: FactBase | None = None
) -> tuple[dict[str, str], dict[str, bytes]]:
    """Render a planned briefing's stale formats; return its template hashes and bytes."""
    base = base if base is not None else load(folders)
    rendered = render_context(item.context, base, folders, item.edition)  # selected in plan()
    templates = {n: sha256_file(p) or "" for n, p in sorted(rendered.templates.items())}
    return templates, render_formats(item.context.stem, rendered.html, item.stale, folders)


def run(
    jobs: Callable[[FactBase], list[Job]],
    folders: Folders,
    force: bool = False,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
    base: FactBase | None = None,
) -> Result:
    """Build what is out of date among ``jobs``; write every output only once all rendered.

    ``base`` is the facts already loaded from ``folders.facts`` (a warm process keeps them).
    """
    base = base if base is not None else load(folders)
    out = OutputFolder(folders.output)
    manifest = Manifest.load(folders.output)
    hashes = Hashes(base, folders)
    plans = [plan(job, hashes, manifest, force) for job in jobs(base)]
    result = Result(
        skipped=[
            f"{p.context.stem}{suffix_of(f)}"
            for p in plans
            for f in p.job.formats
            if f not in p.stale
        ]
    )
    todo = [p for p in plans if p.stale]
    rendered = _render_all(todo, folders, base, workers, progress)
    for item, (templates, outputs) in zip(todo, rendered, strict=True):
        _record(manifest, item, templates, outputs, out, result)
    if todo:
        manifest.save(folders.output)
    return result


def _render_all(
    todo: list[Plan],
    folders: Folders,
    base: FactBase,
    workers: int,
    progress: Callable[[str], None] | None,
) -> list[tuple[dict[str, str], dict[str, bytes]]]:
    """Render every plan, in separate processes when ``workers`` > 1."""
    if workers <= 1 or len(todo) <= 1:
        results = []
        for item in todo:
            results.append(render_plan(item, folders, base))
            if progress:
                progress(item.context.stem)
        return results
    if any("pdf" in item.stale for item in todo):
        load_weasyprint()  # imported once here, inherited by every worker

    import multiprocessing  # only here: a one-process build need not import it
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, context, initializer=_adopt, initargs=(base,)) as pool:
        futures = [pool.submit(_render_in_worker, item, folders) for item in todo]
        results = []
        for item, future in zip(todo, futures, strict=True):
            results.append(future.result())
            if progress:
                progress(item.context.stem)
        return results


_WORKER_BASE: FactBase | None = None  # the facts a worker process renders from


def _adopt(base: FactBase) -> None:
    """Keep the parent's facts in a worker (forked, so nothing is loaded or parsed again)."""
    global _WORKER_BASE
    _WORKER_BASE = base


def _render_in_worker(item: Plan, folders: Folders) -> tuple[dict[str, str], dict[str, bytes]]:
    return render_plan(item, folders, _WORKER_BASE)


def _record(
    manifest: Manifest,
    item: Plan,
    templates: dict[str, str],
    outputs: dict[str, bytes],
    out: OutputFolder,
    result: Result,
) -> None:
    """Write one briefing's files (keeping editors' edits) and note them in the manifest."""
    stem = item.context.stem
    record = manifest.briefings.setdefault(
        stem, BriefingRecord(item.job.kind, asdict(item.job.options))
    )
    latest = record.latest
    edition = latest if item.same and latest else None
    if edition is None:
        edition = Edition(
            number=item.edition.number,
            as_of=item.context.as_of.isoformat(),
            key=item.content_key,
            facts=item.facts,
            labels=item.labels,
            templates=templates,
        )
        record.editions.append(edition)
    for fmt, data in outputs.items():
        suffix = suffix_of(fmt)
        previous = latest.outputs.get(suffix) if latest else None
        written = out.publish(
            stem, suffix, data, edition.number, previous, latest.number if latest else None
        )
        result.written.append(written.path)
        result.notices.extend(written.notices)
        edition.outputs[suffix] = written.record(item.output_keys[fmt])
