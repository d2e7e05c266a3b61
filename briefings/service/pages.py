"""The web UI: server-rendered pages (Jinja2, autoescaped) that read without JavaScript.

Forms post with a CSRF token bound to the session; the small script in `static/app.js`
only adds live progress and shows new editions without a reload.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from briefings import __version__
from briefings.errors import BriefingsError
from briefings.facts.model import KINDS
from briefings.kinds import REGISTRY
from briefings.project import load_settings
from briefings.service import catalog, records
from briefings.service.api import briefing_record, submit
from briefings.service.auth import CSRF_FIELD, Session, client_of
from briefings.service.jobs import BuildRequest
from briefings.service.state import service_of
from briefings.writers import WRITERS

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
LANGUAGES = {"en": "English", "az": "Azərbaycanca", "kk": "Қазақша"}


def session_of(request: Request) -> Session:
    """Return the browser's session, starting an anonymous one (for CSRF) when it has none."""
    session: Session | None = request.state.session
    if session is None:
        session = service_of(request).auth.new_session(signed_in=False)
        request.state.session = request.state.new_session = session
    return session


def page(
    request: Request,
    template: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render a UI page with what every page shows (navigation, CSRF token, facts status)."""
    service = service_of(request)
    session = session_of(request)
    html = service.pages.get_template(template).render(
        csrf=service.auth.csrf_token(session),
        signed_in=session.signed_in,
        auth_required=service.auth.required,
        facts_invalid=service.facts.state.invalid,
        generation=service.queue.generation,
        path=request.url.path,
        version=__version__,
        **context,
    )
    return HTMLResponse(html, status, headers)


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    return page(request, "error.html", status, headers, code=status, message=message)


async def checked_form(request: Request) -> FormData:
    """Return the posted form, or refuse it (403) when its CSRF token is missing or wrong."""
    form = await request.form()
    token = form.get(CSRF_FIELD)
    if not service_of(request).auth.csrf_ok(request.state.session, str(token or "")):
        raise HTTPException(403, "the form's security token is missing or expired; reload the page")
    return form


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    briefings = catalog.briefings(service_of(request).output)
    return page(request, "index.html", briefings=briefings, languages=LANGUAGES, live=True)


@router.get("/briefings/{name}", response_class=HTMLResponse)
def briefing(name: str, request: Request) -> HTMLResponse:
    service = service_of(request)
    record = briefing_record(service, name)
    entry = catalog.entry(service.output, name, record) or {"name": name, "formats": {}}
    return page(
        request,
        "briefing.html",
        briefing=entry,
        editions=catalog.editions(service.output, name, record),
        changes=catalog.changes(record),
        languages=LANGUAGES,
        live=True,
    )


@router.get("/build", response_class=HTMLResponse)
def build_form(request: Request) -> HTMLResponse:
    defaults = {"kind": "overview", "lang": "en", "formats": ["pdf"], "meeting": None}
    return _build_page(request, {**defaults, "our_side": None, "as_of": "", "force": False})


def _build_page(
    request: Request, values: dict[str, Any], error: str | None = None, status: int = 200
) -> HTMLResponse:
    service = service_of(request)
    state = service.facts.current()
    base = state.base
    events = records.search(base, "event", None) if base else []
    events.sort(key=lambda e: str(e.date or ""), reverse=True)
    people = base.of_kind("person") if base else []
    return page(
        request,
        "build.html",
        status,
        kinds=list(REGISTRY.values()),
        events=events,
        countries=sorted({p.country for p in people}),
        languages=LANGUAGES,
        formats=list(WRITERS),
        values=values,
        error=error,
        default_side=_default_side(service.settings.folders.facts),
    )


def _default_side(facts: Path) -> str | None:
    """Return the side briefings.toml writes meeting notes for (None when unset or broken)."""
    try:
        return load_settings(facts).our_side
    except BriefingsError:
        return None


@router.post("/build", response_class=HTMLResponse)
async def build_submit(request: Request) -> Response:
    form = await checked_form(request)
    values = {
        "kind": str(form.get("kind") or ""),
        "meeting": str(form.get("meeting") or "") or None,
        "lang": str(form.get("lang") or "en"),
        "formats": [str(f) for f in form.getlist("formats")] or ["pdf"],
        "as_of": str(form.get("as_of") or ""),
        "our_side": str(form.get("our_side") or "").upper() or None,
        "force": form.get("force") == "on",
    }
    try:
        job = submit(service_of(request), _request_of(values))
    except BriefingsError as exc:
        return _build_page(request, values, str(exc), 422)
    except HTTPException as exc:
        return _build_page(request, values, str(exc.detail), exc.status_code)
    return RedirectResponse(f"/builds/{job.id}", status_code=303)


def _request_of(values: dict[str, Any]) -> BuildRequest:
    """Return the build request a form asked for; raise BriefingsError on a bad date."""
    try:
        as_of = dt.date.fromisoformat(values["as_of"]) if values["as_of"] else None
    except ValueError:
        raise BriefingsError(f"as-of date {values['as_of']!r}: write it as YYYY-MM-DD") from None
    meeting = values["meeting"] if values["kind"] == "meeting-prep" else None
    our_side = values["our_side"] if values["kind"] == "meeting-prep" else None
    return BuildRequest(
        kind=values["kind"],
        formats=tuple(dict.fromkeys(values["formats"])),
        lang=values["lang"] if values["lang"] in LANGUAGES else "en",
        meeting=meeting,
        as_of=as_of,
        our_side=our_side,
        force=values["force"],
    )


@router.get("/builds/{job_id}", response_class=HTMLResponse)
def job_page(job_id: str, request: Request) -> HTMLResponse:
    job = service_of(request).queue.get(job_id)
    if job is None:
        raise HTTPException(404, f"no build {job_id!r}")
    return page(request, "job.html", job=job.as_json())


@router.get("/facts", response_class=HTMLResponse)
def facts_page(request: Request, kind: str = "", q: str = "") -> HTMLResponse:
    base = service_of(request).facts.base()
    found = records.search(base, kind if kind in KINDS else None, q)
    rows = [records.summary(r) for r in found]
    return page(request, "facts.html", rows=rows, kinds=list(KINDS), kind=kind, q=q)


@router.get("/facts/{record_id}", response_class=HTMLResponse)
def fact_page(record_id: str, request: Request) -> HTMLResponse:
    service = service_of(request)
    base = service.facts.base()
    record = base.records.get(record_id)
    if record is None:
        raise HTTPException(404, f"no record {record_id!r}")
    found = records.detail(base, record, service.settings.folders.sources)
    for citation in found["citations"]:
        citation["parts"] = _marked(citation["text"], citation["quote_at"])
    used = catalog.used_by(service.output, record_id)
    refs = {i for ids in getattr(record, "references", dict)().values() for i in ids}
    fields = _fields(found["record"])
    return page(request, "fact.html", fact=found, used_by=used, fields=fields, refs=refs)


def _marked(text: str | None, at: list[int] | None) -> tuple[str, str, str] | None:
    """Split a paragraph around its quote, for the template to wrap the quote in <mark>."""
    if text is None:
        return None
    if at is None:
        return (text, "", "")
    return (text[: at[0]], text[at[0] : at[1]], text[at[1] :])


TRAILING = ("inferences", "disagreements", "internal", "note")  # after the record's own fields


def _fields(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """Return the record's fields worth a row, its own first; citations get their own section."""
    rows = [(k, v) for k, v in data.items() if k not in ("id", "citations")]
    return sorted(rows, key=lambda row: row[0] in TRAILING)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    service = service_of(request)
    rows = records.coverage(service.facts.base(), service.settings.folders.sources)
    return page(request, "sources.html", sources=rows)


@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request) -> HTMLResponse:
    state = service_of(request).facts.current()
    return page(request, "check.html", problems=state.problems, invalid=state.invalid)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Show the API from its OpenAPI description (served whole at /openapi.json)."""
    spec = request.app.openapi()
    routes = [
        {"path": path, "method": method.upper(), **operation}
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]
    return page(request, "docs.html", routes=routes, title=spec["info"]["title"])


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    session: Session | None = request.state.session
    if not service_of(request).auth.required or (session and session.signed_in):
        return RedirectResponse(_local(next), status_code=303)
    return page(request, "login.html", next=_local(next), error=None)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    service = service_of(request)
    form = await checked_form(request)
    target = _local(str(form.get("next") or "/"))
    client = client_of(request.scope)
    wait = service.auth.limiter.wait(client)
    if wait:
        message = f"Too many wrong tokens. Wait {wait} seconds and try again."
        return page(
            request, "login.html", 429, {"retry-after": str(wait)}, next=target, error=message
        )
    if not service.auth.token_ok(str(form.get("token") or "")):
        service.auth.limiter.failed(client)
        logger.warning("wrong token at sign-in from %s", client)
        return page(request, "login.html", 401, next=target, error="That token is not right.")
    service.auth.limiter.succeeded(client)
    request.state.new_session = service.auth.new_session(signed_in=True)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    await checked_form(request)
    request.state.new_session = service_of(request).auth.new_session(signed_in=False)
    return RedirectResponse("/login", status_code=303)


def _local(target: str) -> str:
    """Return ``target`` if it is a path on this site (no open redirect), else "/"."""
    parts = urlsplit(target)
    unsafe = target.startswith("//") or "\\" in target or not target.startswith("/")
    if parts.scheme or parts.netloc or unsafe:
        return "/"
    return target
