"""Every error answers JSON (`{"error": "…"}`), or a plain page in the UI; never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from briefings.errors import BriefingsError

logger = logging.getLogger(__name__)

API_PREFIXES = ("/api/", "/files/", "/metrics", "/healthz", "/openapi.json")


def wants_page(request: Request) -> bool:
    """Tell whether the client is a browser on a UI page (an HTML answer), not an API client."""
    path = request.url.path
    if path.startswith(API_PREFIXES) or path == "/api":
        return False
    return "text/html" in request.headers.get("accept", "")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into a JSON error (or an error page)."""
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(BriefingsError, _briefings_error)
    app.add_exception_handler(Exception, _internal_error)


def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    """Return the error as JSON, or as a small HTML page for a browser on a UI page."""
    if wants_page(request):
        from briefings.service.pages import error_page

        return error_page(request, status, message, headers)
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers) if exc.headers else None
    return error_response(request, exc.status_code, str(exc.detail), headers)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [
        {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]}
        for e in exc.errors()
    ]
    message = "; ".join(f"{d['field']}: {d['message']}" for d in details) or "invalid request"
    return error_response(request, 422, message, details=details)


async def _briefings_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BriefingsError)
    problems = [p.as_dict() for p in exc.problems]
    return error_response(request, 422, str(exc), problems=problems)


async def _internal_error(request: Request, exc: Exception) -> Response:
    logger.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "internal error; the server log has the details")
