"""Who may use the service: a bearer token for the API, a signed session cookie for the UI.

Tokens are compared in constant time; a client that keeps presenting wrong ones is told to
wait (429 + Retry-After) for longer and longer. Form posts carry a CSRF token bound to the
session, and the cookie is HttpOnly and SameSite=Strict. The token itself is never logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SESSION_COOKIE = "briefings_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
FREE_FAILURES = 5  # wrong tokens a client may present before it must wait
FAILURE_WINDOW = 600.0  # seconds a failure is remembered


@dataclass(frozen=True)
class Session:
    """A browser's session: an id (what CSRF tokens are bound to) and whether it signed in."""

    sid: str
    signed_in: bool
    expires: float


class FailureLimiter:
    """Slow down clients that present wrong tokens: after a few, each must wait longer."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait(self, client: str) -> int:
        """Return how many seconds ``client`` must wait before trying again (0: it may)."""
        with self._lock:
            recent = self._recent(client)
            if len(recent) < FREE_FAILURES:
                return 0
            delay = min(2 ** (len(recent) - FREE_FAILURES), 300)
            return max(1, int(recent[-1] + delay - time.time()))

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(time.time())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def _recent(self, client: str) -> deque[float]:
        recent = self._failures[client]
        while recent and recent[0] < time.time() - FAILURE_WINDOW:
            recent.popleft()
        return recent


class Auth:
    """The token check, signed sessions and CSRF tokens of one app."""

    def __init__(self, token: str | None, session_hours: int = 12) -> None:
        self._token = token.encode() if token else None
        # Sessions survive a restart with the same token, and die when the token changes.
        self._key = (
            hashlib.sha256(b"briefings-session\0" + self._token).digest()
            if (self._token)
            else secrets.token_bytes(32)
        )
        self.session_seconds = session_hours * 3600
        self.limiter = FailureLimiter()

    @property
    def required(self) -> bool:
        """Tell whether a token is configured (and so required everywhere but /healthz)."""
        return self._token is not None

    def token_ok(self, presented: str | None) -> bool:
        """Compare a presented token with ours in constant time."""
        if self._token is None or not presented:
            return False
        return hmac.compare_digest(presented.encode(), self._token)

    def bearer_ok(self, header: str | None) -> bool:
        scheme, _, value = (header or "").partition(" ")
        return scheme.lower() == "bearer" and self.token_ok(value.strip())

    def new_session(self, signed_in: bool) -> Session:
        return Session(secrets.token_urlsafe(18), signed_in, time.time() + self.session_seconds)

    def dump(self, session: Session) -> str:
        """Return the cookie value: the session as JSON, then its HMAC signature."""
        payload = json.dumps([session.sid, session.signed_in, int(session.expires)])
        body = base64.urlsafe_b64encode(payload.encode()).decode()
        return f"{body}.{self._sign(body)}"

    def load(self, cookie: str | None) -> Session | None:
        """Return the session in a cookie, or None when it is absent, forged or expired."""
        body, _, signature = (cookie or "").partition(".")
        if not body or not hmac.compare_digest(signature, self._sign(body)):
            return None
        try:
            sid, signed_in, expires = json.loads(base64.urlsafe_b64decode(body))
        except (ValueError, TypeError):
            return None
        if expires < time.time():
            return None
        return Session(str(sid), bool(signed_in), float(expires))

    def csrf_token(self, session: Session) -> str:
        """Return the CSRF token every form of this session carries."""
        return self._sign(f"csrf:{session.sid}")

    def csrf_ok(self, session: Session | None, presented: str | None) -> bool:
        if session is None or not presented:
            return False
        return hmac.compare_digest(presented, self.csrf_token(session))

    def _sign(self, text: str) -> str:
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()


def client_of(scope: Mapping[str, Any]) -> str:
    """Return the client's address (what failures are counted by)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
