"""The middleware in front of every route: body size, sign-in, CSRF on API posts, cookies.

With a token configured, everything but `/healthz`, `/static` and the sign-in page needs
either `Authorization: Bearer TOKEN` or a signed-in session cookie. A browser without one
is sent to `/login`; an API client gets 401. Headers that keep the UI from being framed or
sniffed are set on every answer.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from briefings.service.auth import CSRF_HEADER, SESSION_COOKIE, Session, client_of
from briefings.service.errors import error_response, wants_page
from briefings.service.state import Service

logger = logging.getLogger(__name__)

PUBLIC = ("/healthz", "/static/", "/login", "/favicon.ico")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
UPLOADS = ("/edits", "/api/edits", "/intake", "/api/sources")  # may take up to max_upload
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "same-origin",
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
    ),
}


def install(app: FastAPI) -> None:
    """Put the guard in front of every route."""
    app.add_middleware(Guard)


class Guard:
    """Pure ASGI middleware (no extra task per request, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        service: Service = scope["app"].state.service
        request.state.session = service.auth.load(request.cookies.get(SESSION_COOKIE))
        request.state.new_session = None

        async def send_finished(message: Message) -> None:
            if message["type"] == "http.response.start":
                _finish(request, MutableHeaders(scope=message), service)
            await send(message)

        refused = too_big(request, service) or denied(request, service)
        await (refused or self.app)(scope, receive, send_finished)


def too_big(request: Request, service: Service) -> Response | None:
    """Refuse a body over the limit (413) before anything reads it."""
    length = request.headers.get("content-length")
    upload = request.method == "POST" and request.url.path in UPLOADS
    limit = service.settings.max_upload if upload else service.settings.max_body
    if length is not None and (not length.isdigit() or int(length) > limit):
        return error_response(request, 413, f"the request body is larger than {limit} bytes")
    if length is None and request.method in UNSAFE and "transfer-encoding" in request.headers:
        return error_response(request, 411, "send a Content-Length with the request body")
    return None


def denied(request: Request, service: Service) -> Response | None:
    """Return the answer for a request that may not pass, or None when it may."""
    path = request.url.path
    if not service.auth.required or path.startswith(PUBLIC):
        return None
    client = client_of(request.scope)
    wait = service.auth.limiter.wait(client)
    if wait:
        return error_response(
            request, 429, f"too many wrong tokens; wait {wait} s", {"retry-after": str(wait)}
        )
    if "authorization" in request.headers:
        return _bearer(request, service, client)
    session: Session | None = request.state.session
    if session is not None and session.signed_in:
        return _csrf_for_api(request, service, session)
    if wants_page(request) and request.method == "GET":
        return RedirectResponse(f"/login?next={quote(path)}", status_code=303)
    return error_response(
        request, 401, "sign in: send Authorization: Bearer TOKEN", {"www-authenticate": "Bearer"}
    )


def _bearer(request: Request, service: Service, client: str) -> Response | None:
    if service.auth.bearer_ok(request.headers.get("authorization")):
        service.auth.limiter.succeeded(client)
        return None
    service.auth.limiter.failed(client)
    logger.warning("wrong token from %s on %s", client, request.url.path)
    return error_response(request, 401, "wrong token", {"www-authenticate": "Bearer"})


def _csrf_for_api(request: Request, service: Service, session: Session) -> Response | None:
    """Require the CSRF header on API posts that rely on the session cookie."""
    api_post = request.method in UNSAFE and request.url.path.startswith("/api/")
    if api_post and not service.auth.csrf_ok(session, request.headers.get(CSRF_HEADER)):
        return error_response(request, 403, "missing or wrong CSRF token")
    return None


def _finish(request: Request, headers: MutableHeaders, service: Service) -> None:
    """Set a new session cookie when a page made one, and the security headers."""
    new: Session | None = request.state.new_session
    if new is not None:
        cookie = Response()
        cookie.set_cookie(
            SESSION_COOKIE,
            service.auth.dump(new),
            max_age=service.auth.session_seconds,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        headers.append("set-cookie", cookie.headers["set-cookie"])
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
