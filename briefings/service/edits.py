"""An editor's DOCX, uploaded: the `briefings edits` report as a page and as JSON.

`GET /edits` shows the upload form; `POST /edits` (a CSRF-checked form) shows the report;
`POST /api/edits` (multipart, field ``file``) answers what `briefings edits --json` prints.
Reading the DOCX, and rebuilding the edition when its file was replaced, runs in a worker
thread (at most two at once), never on the event loop.
"""

from __future__ import annotations

import logging
import re
from functools import partial
from pathlib import Path
from typing import Any

import anyio
from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile as Upload

from briefings.editions import rebuild_docx
from briefings.errors import BriefingsError
from briefings.review.edits import EditReport, Folders, read_edits
from briefings.service.pages import checked_form, page
from briefings.service.state import Service, service_of
from briefings.service.uploads import saved, upload_of

logger = logging.getLogger(__name__)

router = APIRouter()
DIFF_PART = re.compile(r"(\[-.*?-\]|\{\+.*?\+\})")
KIND_TAGS = {"changed": "changed", "deleted": "removed", "added": "added"}
ORDER = ("changed", "deleted", "added", "moved", "comment", "tracked")


def report_of(service: Service, path: Path, shown: str) -> EditReport:
    """Return the edits report for the DOCX at ``path``, naming it ``shown`` (the upload)."""
    stages = service.settings.folders
    folders = Folders(stages.output, stages.facts, stages.templates, stages.sources)
    try:
        report = read_edits(path, folders, rebuild_docx)
    except BriefingsError as exc:
        raise type(exc)(str(exc).replace(str(path), shown), exc.problems) from None
    return EditReport(shown, report.briefing, report.edition, report.original, report.changes)


async def uploaded_report(request: Request, upload: Upload) -> EditReport:
    """Save the upload and read its edits in a worker thread."""
    service = service_of(request)
    limiter = _limiter(request)
    with saved(upload, service.settings.max_upload, "edited.docx") as path:
        shown = path.name
        work = partial(report_of, service, path, shown)
        return await anyio.to_thread.run_sync(work, limiter=limiter)


def _limiter(request: Request) -> anyio.CapacityLimiter:
    """Return the app's limit on edits reports read at once (they may render a DOCX)."""
    limiter: anyio.CapacityLimiter | None = getattr(request.app.state, "edits_limiter", None)
    if limiter is None:
        limiter = request.app.state.edits_limiter = anyio.CapacityLimiter(2)
    return limiter


@router.post("/api/edits", tags=["edits"])
async def api_edits(request: Request, file: UploadFile = File(...)) -> JSONResponse:  # noqa: B008
    """Return what `briefings edits FILE --json` prints for the uploaded DOCX."""
    report = await uploaded_report(request, upload_of(file, "DOCX file"))
    return JSONResponse(report.as_json())


@router.get("/edits", response_class=HTMLResponse, include_in_schema=False)
def edits_form(request: Request) -> HTMLResponse:
    return page(request, "edits.html", error=None, limit=_megabytes(request))


@router.post("/edits", response_class=HTMLResponse, include_in_schema=False)
async def edits_submit(request: Request) -> Response:
    form = await checked_form(request)
    try:
        report = await uploaded_report(request, upload_of(form.get("file"), "DOCX file"))
    except BriefingsError as exc:
        return page(request, "edits.html", 422, error=str(exc), limit=_megabytes(request))
    except HTTPException as exc:
        if exc.status_code == 413:
            raise
        status, error = exc.status_code, str(exc.detail)
        return page(request, "edits.html", status, error=error, limit=_megabytes(request))
    return page(request, "edits_report.html", report=report, **shown(report))


def _megabytes(request: Request) -> str:
    return f"{service_of(request).settings.max_upload / 1_000_000:g} MB"


def shown(report: EditReport) -> dict[str, Any]:
    """Return the report's changes for the page: diff parts, counts per kind, tag classes."""
    changes = [
        {**change.as_json(), "parts": diff_parts(change.diff), "tag": KIND_TAGS.get(change.kind)}
        for change in report.changes
    ]
    counts = {kind: sum(c["kind"] == kind for c in changes) for kind in ORDER}
    return {"changes": changes, "counts": {k: n for k, n in counts.items() if n}}


def diff_parts(diff: str | None) -> list[tuple[str, str]]:
    """Split a word diff into ("same"|"del"|"ins", text) parts for <del> and <ins>."""
    parts: list[tuple[str, str]] = []
    for piece in DIFF_PART.split(diff or ""):
        if piece.startswith("[-") and piece.endswith("-]"):
            parts.append(("del", piece[2:-2]))
        elif piece.startswith("{+") and piece.endswith("+}"):
            parts.append(("ins", piece[2:-2]))
        elif piece:
            parts.append(("same", piece))
    return parts
