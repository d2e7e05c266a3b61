"""New articles through the service: `sources add` + `draft`, then `accept`, as the CLI does.

The work is the intake package's own functions, run in a worker thread under one lock per
app (two uploads never append to sources.yaml at once, and an accept never races another):
`accept` checks everything before it writes and writes nothing on an error, so the facts are
never half-written. The article folder is the service's `--sources`; without one, intake is
refused with a message.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import anyio
from fastapi import HTTPException, Request
from starlette.datastructures import UploadFile as Upload

from briefings.errors import BriefingError, BriefingsError
from briefings.facts.articles import ArticleLibrary
from briefings.intake.drafts import NEW_SECTIONS, drafts_folder, has_todo
from briefings.service.state import Service, service_of
from briefings.service.uploads import saved

logger = logging.getLogger(__name__)

LANGS = ("az", "kk", "ru", "en")
FIELDS = ("id", "outlet", "title", "date", "lang", "url")
SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
_LOCKS: dict[str, threading.Lock] = {}  # one per facts folder
_LOCKS_LOCK = threading.Lock()


@dataclass(frozen=True)
class Added:
    """An article stored and drafted: its source id and the draft's name under facts/."""

    source: str
    draft: str


def sources_folder(service: Service) -> Path:
    """Return the service's article folder, or refuse (409) when it was started without one."""
    folder = service.settings.folders.sources
    if folder is None:
        raise HTTPException(409, "this service has no article folder; start it with --sources DIR")
    return folder


def draft_path(service: Service, source_id: str) -> Path:
    """Return the draft file of ``source_id`` (a plain id: no path can be named this way)."""
    if not SOURCE_ID.match(source_id):
        raise HTTPException(404, f"no draft {source_id!r}")
    return drafts_folder(service.settings.folders.facts) / f"{source_id}.yaml"


def given_of(values: dict[str, Any]) -> Any:
    """Return the `sources add` flags a form or request gave (empty fields: detect them)."""
    from briefings.intake.sources import Given

    flags = {k: (str(values.get(k) or "").strip() or None) for k in FIELDS}
    if flags["lang"] and flags["lang"] not in LANGS:
        raise BriefingError(f"lang {flags['lang']!r}: choose one of {', '.join(LANGS)}")
    return Given(flags["id"], flags["outlet"], flags["title"], flags["date"], flags["lang"],
                 flags["url"])  # fmt: skip


def add_and_draft(service: Service, path: Path, shown: str, given: Any) -> Added:
    """Store the article and write its draft, as `sources add FILE` then `draft ID` do."""
    from briefings.intake.drafts import make_draft, write_draft
    from briefings.intake.sources import add_source

    facts, sources = service.settings.folders.facts, sources_folder(service)
    with _lock(service):
        try:
            source_id = add_source(path, given, facts, sources)
        except BriefingsError as exc:
            raise retold(exc, path, shown, facts) from None
        target = drafts_folder(facts) / f"{source_id}.yaml"
        try:
            write_draft(make_draft(source_id, facts, sources), target)
        except BriefingsError as exc:
            message = f"{exc} (the article was stored as {source_id}; draft it again)"
            raise type(exc)(message, exc.problems) from None
    return Added(source_id, str(target.relative_to(facts)))


def retold(exc: BriefingsError, path: Path, shown: str, facts: Path) -> BriefingsError:
    """Return the error as one line, its problems first as the CLI prints them, naming the
    upload by its own name and project files relative to the project (no server paths)."""

    def plain(text: str) -> str:
        return text.replace(str(path), shown).replace(f"{facts.parent}/", "")

    problems = [replace(p, path=Path(shown)) if p.path == path else p for p in exc.problems]
    lines = [plain(str(p)) for p in problems[:5]]
    said = {p.message for p in problems}
    message = "; ".join([*lines, *([] if str(exc) in said else [plain(str(exc))])])
    return type(exc)(message, problems)


def redraft(service: Service, source_id: str) -> Added:
    """Write a source's draft again (`draft ID --force`)."""
    from briefings.intake.drafts import make_draft, write_draft

    facts, sources = service.settings.folders.facts, sources_folder(service)
    target = draft_path(service, source_id)
    with _lock(service):
        write_draft(make_draft(source_id, facts, sources), target, force=True)
    return Added(source_id, str(target.relative_to(facts)))


def draft_view(service: Service, source_id: str) -> dict[str, Any]:
    """Return a draft: its YAML, its entries (with their to-dos) and its problems."""
    from briefings.intake.review import check_draft

    path = draft_path(service, source_id)
    if not path.is_file():
        raise HTTPException(404, f"no draft {source_id!r} (accepted, or never drafted)")
    folder = service.settings.folders.sources
    library = ArticleLibrary(folder) if folder and folder.is_dir() else None
    checked = check_draft(path, service.facts.base(), library)
    return {
        "source": source_id,
        "file": str(path.relative_to(service.settings.folders.facts)),
        "yaml": path.read_text(encoding="utf-8"),
        "entries": entries(checked.data),
        "problems": [_problem(p, service.settings.folders.facts) for p in checked.problems],
    }


def _problem(problem: Any, facts: Path) -> dict[str, Any]:
    """Return a problem as JSON, with its `path:line: …` line relative to the project."""
    return {**problem.as_dict(), "text": str(problem).replace(f"{facts.parent}/", "")}


def entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the draft's entries as `accept --only` names them, each with its to-do flag."""
    found = [
        {"id": str(e.get("record")), "section": "cite", "todo": has_todo(e)}
        for e in data.get("cite") or []
    ]
    for section in NEW_SECTIONS:
        found += [
            {"id": str(r.get("id")), "section": section, "todo": has_todo(r), "label": _label(r)}
            for r in data.get(section) or []
        ]
    return found


def _label(record: dict[str, Any]) -> str | None:
    for key in ("name", "label", "title"):
        value = record.get(key)
        if isinstance(value, dict):
            return str(value.get("en") or next(iter(value.values()), "")) or None
    return None


def accept(service: Service, source_id: str, only: tuple[str, ...]) -> dict[str, Any]:
    """Merge the draft (or the entries named) into the facts; all or nothing."""
    from briefings.intake.accept import accept_draft

    path = draft_path(service, source_id)
    if not path.is_file():
        raise HTTPException(404, f"no draft {source_id!r} (accepted, or never drafted)")
    facts = service.settings.folders.facts
    with _lock(service):
        result = accept_draft(path, only, facts, service.settings.folders.sources)
    logger.info("accepted %d entries of %s", len(result.accepted), source_id)
    return {
        "accepted": result.accepted,
        "changed": [str(p.relative_to(facts)) for p in result.changed],
        "left": result.left,
    }


async def off_loop(request: Request, work: Any, *args: Any) -> Any:
    """Run intake work in a worker thread: it reads and writes files and parses articles."""
    return await anyio.to_thread.run_sync(partial(work, service_of(request), *args))


async def uploaded(request: Request, upload: Upload, given: Any) -> Added:
    """Save the uploaded article under its own (safe) name and add and draft it."""
    service = service_of(request)
    sources_folder(service)
    with saved(upload, service.settings.max_upload, "article.txt") as path:
        added: Added = await off_loop(request, add_and_draft, path, path.name, given)
    return added


def _lock(service: Service) -> threading.Lock:
    """Return the lock of the service's facts folder: its intake writes one at a time."""
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(str(service.settings.folders.facts), threading.Lock())
