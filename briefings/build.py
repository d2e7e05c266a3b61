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
from functools import partial
from pathlib import Path
from typing import Any

from briefings import __version__
from briefings.collector import collector_paused
from briefings.executors.base import (
    Executor,
    ExecutorError,
    Pending,
    Rendered,
    RenderTask,
    render_task,
    write_formats,
    writer_assets,
)
from briefings.executors.local import LocalExecutor
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
from briefings.writers import REVIEW, suffix_of

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
    kind.check_options(base, options)
    kind.validate(base, options)
    date = options.as_of or newest_source_date(base)
    selection = Selection(as_of(base, date), base, date)
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
            self.assets[fmt] = writer_assets(self.folders.templates, fmt)
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
    options = context.options
    presenter = Presenter(base, options.lang, context.as_of, sources, options.our_side)
    return render_html(context, presenter, folders.templates)


def render_formats(
    stem: str, html: str, formats: Iterable[str], folders: Folders
) -> dict[str, bytes]:
    """Return each format's bytes; raise (naming the briefing) before anything is written."""
    return write_formats(stem, html, formats, folders.templates)


def prepare_task(item: Plan, folders: Folders, base: FactBase) -> RenderTask:
    """Render a planned briefing's HTML: the content an executor turns into bytes."""
    rendered = render_context(item.context, base, folders, item.edition)  # selected in plan()
    templates = {n: sha256_file(p) or "" for n, p in sorted(rendered.templates.items())}
    stem = item.context.stem
    formats = writer_formats(item.stale)
    return RenderTask(stem, rendered.html, formats, folders.templates, templates)


def render_plan(
    item: Plan, folders: Folders, base: FactBase | None = None
) -> tuple[dict[str, str], dict[str, bytes]]:
    """Render a planned briefing's stale formats here; return its template hashes and bytes."""
    base = base if base is not None else load(folders)
    done = render_task(prepare_task(item, folders, base))
    return done.templates, with_review(item, done.outputs, base)


def writer_formats(stale: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Return the writers a plan needs: the review copy is made here from the DOCX."""
    formats = [f for f in stale if f != REVIEW]
    if REVIEW in stale and "docx" not in formats:
        formats.append("docx")
    return tuple(formats)


def with_review(item: Plan, outputs: dict[str, bytes], base: FactBase) -> dict[str, bytes]:
    """Add the review copy (a comment naming facts and sources per block) when it is due.

    It needs the facts, so the coordinator makes it from the DOCX an executor wrote.
    """
    if REVIEW not in item.stale:
        return outputs
    from briefings.review.comments import review_copy

    outputs = {**outputs, REVIEW: review_copy(outputs["docx"], base)}
    if "docx" not in item.stale:
        del outputs["docx"]
    return outputs


def run(
    jobs: Callable[[FactBase], list[Job]],
    folders: Folders,
    force: bool = False,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
    executor: Executor | None = None,
    base: FactBase | None = None,
) -> Result:
    """Build what is out of date among ``jobs``; write every output only once all rendered.

    ``executor`` renders (default: the local pool of ``workers`` processes); planning,
    checking and publishing stay here whatever it is. ``base`` is the facts already loaded
    from ``folders.facts`` (a warm process keeps them).
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
    pending = [_pending(item, folders, base) for item in todo]
    rendered = (executor or LocalExecutor(workers)).render(pending, progress)
    for item, done in one_result_each(todo, rendered):
        outputs = with_review(item, done.outputs, base)
        _record(manifest, item, done.templates, outputs, out, result)
    if todo:
        manifest.save(folders.output)
    return result


def one_result_each(todo: list[Plan], rendered: Iterable[Rendered]) -> list[tuple[Plan, Rendered]]:
    """Pair each plan with the first result for its briefing, before anything is published.

    A job can be delivered twice (a worker that died after rendering but before its
    acknowledgement, a redelivery): the later copy is dropped, so no briefing is published
    twice. A plan without a result fails the build while nothing is written yet.
    """
    first: dict[str, Rendered] = {}
    for done in rendered:
        if done.stem in first:
            logger.warning("%s was delivered twice; publishing it once", done.stem)
            continue
        first[done.stem] = done
    missing = [item.context.stem for item in todo if item.context.stem not in first]
    if missing:
        raise ExecutorError(f"the executor returned nothing for {', '.join(missing)}")
    return [(item, first[item.context.stem]) for item in todo]


def _pending(item: Plan, folders: Folders, base: FactBase) -> Pending:
    """Wrap a plan for an executor: its HTML is rendered only where and when it runs."""
    prepare = partial(prepare_task, item, folders, base)
    return Pending(item.context.stem, writer_formats(item.stale), prepare)


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
        stem, BriefingRecord(item.job.kind, item.job.options.as_json())
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
