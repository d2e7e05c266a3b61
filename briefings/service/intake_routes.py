"""Routes for new articles: upload (`sources add` + `draft`), see the draft, accept it.

API: `POST /api/sources` (multipart: ``file`` and the optional `sources add` flags),
`GET /api/drafts/{id}`, `POST /api/sources/{id}/draft`, `POST /api/drafts/{id}/accept`
(``{"only": [...]}``). UI: `/intake` (the upload form and the drafts waiting) and
`/drafts/{id}` (the draft with its to-dos and problems, and the accept form).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from briefings.errors import BriefingsError
from briefings.intake.review import draft_files
from briefings.service import intake
from briefings.service.pages import checked_form, page
from briefings.service.state import service_of
from briefings.service.uploads import upload_of

logger = logging.getLogger(__name__)

router = APIRouter()
UPLOAD = File(...)


class AcceptBody(BaseModel):
    """Which entries of the draft to accept (all when empty), as `accept --only` takes them."""

    model_config = ConfigDict(extra="forbid")

    only: list[str] = Field(default=[], max_length=500)


@router.post("/api/sources", status_code=201, tags=["intake"])
async def api_add(
    request: Request,
    file: UploadFile = UPLOAD,
    id: str | None = Form(None),  # noqa: B008
    outlet: str | None = Form(None),  # noqa: B008
    title: str | None = Form(None),  # noqa: B008
    date: str | None = Form(None),  # noqa: B008
    lang: str | None = Form(None),  # noqa: B008
    url: str | None = Form(None),  # noqa: B008
) -> JSONResponse:
    """Store an article (text or saved web page) and draft it: `sources add` then `draft`."""
    given = intake.given_of(
        {"id": id, "outlet": outlet, "title": title, "date": date, "lang": lang, "url": url}
    )
    added = await intake.uploaded(request, upload_of(file, "article file"), given)
    return JSONResponse(_added_json(added), 201, headers={"location": _api_draft(added.source)})


def _added_json(added: intake.Added) -> dict[str, str]:
    return {"id": added.source, "draft": added.draft, "draft_url": _api_draft(added.source)}


def _api_draft(source_id: str) -> str:
    return f"/api/drafts/{source_id}"


@router.post("/api/sources/{source_id}/draft", tags=["intake"])
async def api_redraft(source_id: str, request: Request) -> JSONResponse:
    """Write the source's draft again from its article (`draft ID --force`)."""
    return JSONResponse(_added_json(await intake.off_loop(request, intake.redraft, source_id)))


@router.get("/api/drafts", tags=["intake"])
def api_drafts(request: Request) -> JSONResponse:
    """List the drafts waiting for review."""
    return JSONResponse({"drafts": _waiting(request)})


def _waiting(request: Request) -> list[dict[str, str]]:
    facts = service_of(request).settings.folders.facts
    return [{"source": p.stem, "url": f"/drafts/{p.stem}"} for p in draft_files(facts)]


@router.get("/api/drafts/{source_id}", tags=["intake"])
async def api_draft(source_id: str, request: Request) -> JSONResponse:
    """Return a draft: its YAML, its entries (with to-dos) and its problems, as `check` finds."""
    return JSONResponse(await intake.off_loop(request, intake.draft_view, source_id))


@router.post("/api/drafts/{source_id}/accept", tags=["intake"])
async def api_accept(source_id: str, body: AcceptBody, request: Request) -> JSONResponse:
    """Merge the draft, or only the entries named, into the facts: all or nothing."""
    only = tuple(body.only)
    return JSONResponse(await intake.off_loop(request, intake.accept, source_id, only))


@router.get("/intake", response_class=HTMLResponse, include_in_schema=False)
def intake_form(request: Request) -> HTMLResponse:
    return _intake_page(request, {}, None)


def _intake_page(
    request: Request, values: dict[str, Any], error: str | None, status: int = 200
) -> HTMLResponse:
    service = service_of(request)
    return page(
        request,
        "intake.html",
        status,
        values=values,
        error=error,
        drafts=_waiting(request),
        langs=intake.LANGS,
        enabled=service.settings.folders.sources is not None,
        limit=f"{service.settings.max_upload / 1_000_000:g} MB",
    )


@router.post("/intake", include_in_schema=False)
async def intake_submit(request: Request) -> Response:
    form = await checked_form(request)
    values = {k: str(form.get(k) or "") for k in intake.FIELDS}
    try:
        upload = upload_of(form.get("file"), "article file")
        added = await intake.uploaded(request, upload, intake.given_of(values))
    except BriefingsError as exc:
        return _intake_page(request, values, str(exc), 422)
    except HTTPException as exc:
        if exc.status_code == 413:
            raise
        return _intake_page(request, values, str(exc.detail), exc.status_code)
    return RedirectResponse(f"/drafts/{added.source}", status_code=303)


@router.get("/drafts/{source_id}", response_class=HTMLResponse, include_in_schema=False)
async def draft_page(source_id: str, request: Request) -> HTMLResponse:
    draft = await intake.off_loop(request, intake.draft_view, source_id)
    return page(request, "draft.html", draft=draft, error=None, done=None)


@router.post("/drafts/{source_id}/accept", include_in_schema=False)
async def accept_submit(source_id: str, request: Request) -> Response:
    form = await checked_form(request)
    only = () if form.get("all") else tuple(str(i) for i in form.getlist("only"))
    try:
        if not only and not form.get("all"):
            raise HTTPException(422, "tick the entries to accept, or accept them all")
        done = await intake.off_loop(request, intake.accept, source_id, only)
    except (BriefingsError, HTTPException) as exc:
        message = _message(exc)
        draft = await intake.off_loop(request, intake.draft_view, source_id)
        return page(request, "draft.html", 422, draft=draft, error=message, done=None)
    if not done["left"]:
        return page(request, "accepted.html", source=source_id, done=done)
    draft = await intake.off_loop(request, intake.draft_view, source_id)
    return page(request, "draft.html", draft=draft, error=None, done=done)


def _message(exc: Exception) -> str:
    """Return the CLI's message: the one line, then each problem as `path:line: …`."""
    if isinstance(exc, HTTPException):
        return str(exc.detail)
    assert isinstance(exc, BriefingsError)
    return "\n".join([str(exc), *(str(p) for p in exc.problems[:20])])
