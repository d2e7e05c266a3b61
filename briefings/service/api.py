"""The HTTP API (JSON; OpenAPI at /docs), /files downloads, /healthz and /metrics.

Handlers only read (the manifest, the cached facts, files) or queue a build: heavy work runs
in the build workers. Reads never wait for a build, and the lists, facts and small files
they return are kept ready as bytes until what they were made from changes (`answers.py`).
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from briefings import __version__
from briefings.errors import BriefingError
from briefings.facts.model import KINDS
from briefings.kinds import get_kind
from briefings.kinds.base import BriefingOptions
from briefings.manifest import MANIFEST_NAME, Manifest
from briefings.outputs import ARCHIVE
from briefings.service import catalog, records
from briefings.service.answers import (
    FILE_LIMIT,
    file_headers,
    folder_version,
    json_answer,
    not_modified,
    read_file,
)
from briefings.service.jobs import BuildRequest, Job, QueueFull
from briefings.service.records import FactsState
from briefings.service.state import Service, service_dependency
from briefings.writers import WRITERS

logger = logging.getLogger(__name__)

router = APIRouter()
ServiceDep = Depends(service_dependency)
HTML_CSP = (
    "sandbox; default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:"
)


class BuildBody(BaseModel):
    """A build request, as `briefings build` takes it."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(description="briefing type (see GET /api/kinds)")
    formats: list[str] = Field(default=["pdf"], min_length=1, description="pdf, docx, html")
    lang: Literal["en", "az", "kk"] = "en"
    meeting: str | None = Field(default=None, max_length=80)
    as_of: dt.date | None = None
    our_side: str | None = Field(default=None, max_length=2)
    force: bool = False

    def request(self) -> BuildRequest:
        return BuildRequest(
            kind=self.kind,
            formats=tuple(dict.fromkeys(self.formats)),
            lang=self.lang,
            meeting=self.meeting or None,
            as_of=self.as_of,
            our_side=self.our_side.upper() if self.our_side else None,
            force=self.force,
        )


@router.get("/healthz", tags=["operations"])
async def healthz(service: Service = ServiceDep) -> JSONResponse:
    """Tell a load balancer the service is up (no auth)."""
    return JSONResponse(
        {
            "status": "ok",
            "version": __version__,
            "queue": service.queue.depth(),
            "workers": service.queue.executor.size,
            "executor": service.settings.executor,
            "facts_invalid": service.facts.state.invalid,
        }
    )


@router.get("/metrics", tags=["operations"])
def metrics(service: Service = ServiceDep) -> Response:
    """Return the Prometheus metrics."""
    service.facts.current()
    return Response(service.metrics.render(), media_type=CONTENT_TYPE_LATEST)


@router.get("/api/kinds", tags=["briefings"])
def kinds() -> JSONResponse:
    """List the briefing types and their parameters (what `briefings list` prints)."""
    from briefings.kinds import REGISTRY

    return JSONResponse(
        {
            "kinds": [
                {
                    "name": k.name,
                    "description": k.description,
                    "parameters": [{"name": p.name, "required": p.required} for p in k.parameters],
                }
                for k in REGISTRY.values()
            ],
            "formats": list(WRITERS),
        }
    )


@router.get("/api/briefings", tags=["briefings"])
async def list_briefings(request: Request, service: Service = ServiceDep) -> Response:
    """List every built briefing with its formats' URLs, edition, as-of date and build time."""
    answer = await service.answers.get(
        "briefings",
        output_version(service),
        lambda: {"briefings": catalog.briefings(service.output)},
    )
    return json_answer(request, answer)


def output_version(service: Service) -> tuple[Any, ...]:
    """Return what the output folder's listing depends on: the manifest and the folder."""
    return folder_version(service.output / MANIFEST_NAME, service.output)


@router.get("/api/briefings/{name}", tags=["briefings"])
async def one_briefing(name: str, request: Request, service: Service = ServiceDep) -> Response:
    """Return one briefing with its editions and the changes since the previous one."""

    def briefing() -> dict[str, Any]:
        record = briefing_record(service, name)  # 404 for an unknown name: nothing kept
        return {
            **(catalog.entry(service.output, name, record) or {"name": name}),
            "editions": catalog.editions(service.output, name, record),
            "changes": catalog.changes(record),
        }

    version = (output_version(service), folder_version(service.output / ARCHIVE))
    return json_answer(request, await service.answers.get(("briefing", name), version, briefing))


@router.get("/api/changes/{name}", tags=["briefings"])
async def changes(name: str, request: Request, service: Service = ServiceDep) -> Response:
    """Return what `briefings changes NAME --json` prints."""
    answer = await service.answers.get(
        ("changes", name),
        output_version(service),
        lambda: catalog.changes(briefing_record(service, name)),
    )
    return json_answer(request, answer)


def briefing_record(service: Service, name: str) -> Any:
    try:
        return Manifest.load(service.output).record(name)
    except BriefingError as exc:
        raise HTTPException(404, str(exc)) from None


@router.post("/api/builds", status_code=202, tags=["builds"])
def request_build(body: BuildBody, service: Service = ServiceDep) -> JSONResponse:
    """Queue a build; answer 202 with its status URL (429 with Retry-After when full)."""
    job = submit(service, body.request())
    url = f"/api/builds/{job.id}"
    return JSONResponse({"id": job.id, "status_url": url}, 202, headers={"location": url})


@router.get("/api/builds/{job_id}", tags=["builds"])
async def build_status(job_id: str, service: Service = ServiceDep) -> JSONResponse:
    """Return a build's status: queued, running, done or failed, with outputs or the error."""
    job = service.queue.get(job_id)
    if job is None:
        raise HTTPException(404, f"no build {job_id!r} (finished builds are kept for a while)")
    return JSONResponse(job.as_json())


def submit(service: Service, request: BuildRequest) -> Job:
    """Check a request against the facts as the CLI would, then queue it."""
    check_request(service, request)
    try:
        return service.queue.submit(request)
    except QueueFull as exc:
        service.metrics.rejected.inc()
        retry = str(service.settings.retry_after)
        raise HTTPException(429, f"busy: {exc}; retry later", {"retry-after": retry}) from None


def check_request(service: Service, request: BuildRequest) -> None:
    """Raise BriefingError with the CLI's message for an unknown kind, meeting or format."""
    kind = get_kind(request.kind or "")
    unknown = [f for f in request.formats if f not in WRITERS]
    if unknown:
        choices = ", ".join(WRITERS)
        raise BriefingError(f"unknown format {', '.join(unknown)}; choose from {choices}")
    options = BriefingOptions(
        lang=request.lang, as_of=request.as_of, meeting=request.meeting, our_side=request.our_side
    )
    base = service.facts.base()
    kind.check_options(base, options)
    kind.validate(base, options)


async def fresh_facts(service: Service) -> FactsState:
    """Return the facts, re-reading changed files in a worker thread (never on the loop)."""
    if service.facts.stale():
        await run_in_threadpool(service.facts.current)
    return service.facts.state


@router.get("/api/facts", tags=["facts"])
async def facts(
    request: Request, kind: str | None = None, q: str | None = None, service: Service = ServiceDep
) -> Response:
    """List records, filtered by kind and by a name in any script."""
    if kind and kind not in KINDS:
        raise HTTPException(422, f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    state = await fresh_facts(service)
    base = records.valid_base(state)

    def listing() -> dict[str, Any]:
        found = records.search(base, kind or None, q)
        return {"facts": [records.summary(r) for r in found]}

    answer = await service.answers.get(("facts", kind or None, q), state.version, listing)
    return json_answer(request, answer)


@router.get("/api/facts/{record_id}", tags=["facts"])
async def fact(record_id: str, request: Request, service: Service = ServiceDep) -> Response:
    """Return a record, each citation with its source and the cited paragraph, and its users."""
    state = await fresh_facts(service)
    base = records.valid_base(state)
    record = base.records.get(record_id)
    if record is None:
        raise HTTPException(404, f"no record {record_id!r}; search with GET /api/facts?q=")
    sources = service.settings.folders.sources

    def detail() -> dict[str, Any]:
        found = records.detail(base, record, sources)
        return {**found, "used_by": catalog.used_by(service.output, record_id)}

    version = (state.version, output_version(service), records.articles_version(sources))
    return json_answer(request, await service.answers.get(("fact", record_id), version, detail))


@router.get("/api/sources", tags=["facts"])
def sources(service: Service = ServiceDep) -> JSONResponse:
    """List the sources with the records citing them and the share of paragraphs cited."""
    base = service.facts.base()
    return JSONResponse({"sources": records.coverage(base, service.settings.folders.sources)})


@router.get("/api/check", tags=["facts"])
def check(service: Service = ServiceDep) -> JSONResponse:
    """Return the facts' problems now (the service keeps serving the last good facts)."""
    state = service.facts.current()
    return JSONResponse(
        {"invalid": state.invalid, "problems": [p.as_dict() for p in state.problems]}
    )


@router.get("/api/state", tags=["operations"])
async def state(service: Service = ServiceDep) -> JSONResponse:
    """Return a counter of finished builds: pages poll it to show a new edition at once."""
    return JSONResponse(
        {"generation": service.queue.generation, "facts_invalid": service.facts.state.invalid}
    )


@router.get("/files/{name:path}", tags=["files"])
@router.head("/files/{name:path}", include_in_schema=False)
async def download(name: str, request: Request, service: Service = ServiceDep) -> Response:
    """Serve a file of the output folder (and nothing else), with an ETag.

    Files up to FILE_LIMIT are answered from memory (read once, in a thread); larger ones
    and range requests stream through FileResponse, which reads in a thread.
    """
    path = catalog.safe_file(service.output, name)
    if path is None:
        raise HTTPException(404, "no such file")
    stat = path.stat()
    if not_modified(request, file_etag(stat)):
        return Response(status_code=304, headers={"etag": file_etag(stat)})
    inline = path.suffix == ".html"  # the UI's preview; PDF and DOCX download
    if stat.st_size > FILE_LIMIT or "range" in request.headers:
        return streamed(path, stat, inline)
    kept = service.files.get(path, stat)
    if kept is None:
        stat, data = await run_in_threadpool(read_file, path)
        service.files.put(path, stat, data)
    else:
        data = kept
    headers = {**file_headers(path, stat, inline), **download_headers(stat, inline)}
    return Response(data, media_type=media_type(path), headers=headers)


def file_etag(stat: Any) -> str:
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


def media_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def download_headers(stat: Any, inline: bool) -> dict[str, str]:
    """Return the ETag and caching headers, and the sandbox for an inline HTML preview."""
    headers = {"etag": file_etag(stat), "cache-control": "no-cache"}
    if inline:
        headers["content-security-policy"] = HTML_CSP
    return headers


def streamed(path: Path, stat: Any, inline: bool) -> FileResponse:
    """Return a large file (or a range of one) read from disk in a thread as it is sent."""
    return FileResponse(
        path,
        media_type=media_type(path),
        filename=path.name,
        headers=download_headers(stat, inline),
        content_disposition_type="inline" if inline else "attachment",
    )
