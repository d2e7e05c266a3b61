"""The one small interface the build renders through, and what every executor shares.

The build plans (what is out of date, which edition) and publishes; an executor only turns
planned briefings into bytes, wherever it runs them. A ``Pending`` briefing renders its HTML
lazily, so the local pool does it in its workers while a remote executor does it in the
coordinator and sends the HTML as content, never a path.
"""

from __future__ import annotations

import hashlib
import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import TracebackType

from briefings import __version__
from briefings.collector import before_next_briefing, collector_paused
from briefings.errors import BriefingsError
from briefings.writers import ASSETS, WriterOptions, get_writer

logger = logging.getLogger(__name__)

# What shapes a writer's bytes besides the HTML and templates/: a worker whose versions differ
# from the coordinator's refuses its jobs rather than write a different document.
WRITER_LIBRARIES = (
    "weasyprint",
    "pydyf",
    "tinyhtml5",
    "tinycss2",
    "cssselect2",
    "Pyphen",
    "pillow",
    "fonttools",
    "python-docx",
    "lxml",
)

Progress = Callable[[str], None]


class ExecutorError(BriefingsError):
    """The executor cannot run the jobs: broker unreachable, worker refused or failed."""

    category = "executor"


@dataclass(frozen=True)
class RenderTask:
    """One briefing as content: its HTML, the formats to write and the templates that made it."""

    stem: str
    html: str
    formats: tuple[str, ...]
    templates: Path  # the folder the writers read (stylesheet, fonts, reference.docx)
    template_hashes: dict[str, str]  # the template files that rendered ``html``, for the manifest


@dataclass(frozen=True)
class Pending:
    """A planned briefing: its name and formats, and how to render its HTML when it runs."""

    stem: str
    formats: tuple[str, ...]
    prepare: Callable[[], RenderTask]


@dataclass(frozen=True)
class Rendered:
    """One briefing's bytes per format, with the template hashes the manifest records."""

    stem: str  # which planned briefing these bytes are: the build publishes each stem once
    templates: dict[str, str]
    outputs: dict[str, bytes]


class Executor(ABC):
    """Render planned briefings to bytes, in order; raise before anything is published."""

    name: str = ""

    @abstractmethod
    def render(
        self, pending: Sequence[Pending], progress: Progress | None = None
    ) -> list[Rendered]:
        """Return each pending briefing's bytes, in the order given."""

    def close(self) -> None:  # noqa: B027 - optional: most executors hold nothing
        """Release what the executor holds (connections); it may not be used afterwards."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


@collector_paused()
def write_formats(
    stem: str, html: str, formats: Iterable[str], templates: Path
) -> dict[str, bytes]:
    """Return each format's bytes; raise (naming the briefing) before anything is written."""
    options = WriterOptions(templates=templates)
    outputs: dict[str, bytes] = {}
    for name in formats:
        try:
            outputs[name] = get_writer(name).render(html, options)
        except BriefingsError as exc:
            raise type(exc)(f"while building {stem} ({name}): {exc}", exc.problems) from exc
    return outputs


def render_task(task: RenderTask) -> Rendered:
    """Write a task's formats here, in this process."""
    before_next_briefing()
    outputs = write_formats(task.stem, task.html, task.formats, task.templates)
    return Rendered(task.stem, task.template_hashes, outputs)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def writer_assets(templates: Path, fmt: str) -> dict[str, str | None]:
    """Return the hashes of the files in templates/ a writer reads (stylesheet, fonts…)."""
    paths = sorted(p for pattern in ASSETS[fmt] for p in templates.glob(pattern) if p.is_file())
    return {str(p.relative_to(templates)): sha256_bytes(p.read_bytes()) for p in paths}


def library_versions() -> dict[str, str | None]:
    """Return the installed versions of this package and of every writer library."""
    return dict(_imported_versions())


@cache  # a running process keeps the libraries it imported, whatever is installed later
def _imported_versions() -> tuple[tuple[str, str | None], ...]:
    from importlib import metadata  # only Celery asks; its import costs a local build 30 ms

    versions: list[tuple[str, str | None]] = [("briefings", __version__)]
    for name in WRITER_LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return tuple(versions)


def fingerprint(assets: Mapping[str, Mapping[str, str | None]]) -> str:
    """Hash what turns the same HTML into the same bytes: writer assets and library versions."""
    document = {"assets": assets, "versions": library_versions()}
    return sha256_bytes(json.dumps(document, sort_keys=True).encode())
