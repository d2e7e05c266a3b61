"""The only door WeasyPrint has to the outside world: files inside the templates folder.

WeasyPrint fetches ``http:``, ``https:``, ``ftp:``, ``data:`` and any ``file:`` URL by
default, which turns untrusted fact text into server-side requests and local file
disclosure. ``TemplatesFetcher`` replaces that: it reads regular files that resolve
(symlinks and ``..`` included) inside the templates folder and refuses everything
else with a logged warning, without ever opening a socket or following a redirect.
``data:`` URLs are refused too: the briefing vocabulary has no images, and every
stylesheet and font we use is a file under ``templates/``.

This module imports WeasyPrint (the base class); import it lazily, as pdf.py does.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"", "localhost"})
CONTENT_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf"}


class RefusedURL(ValueError):
    """A URL the fetcher will not serve; WeasyPrint logs it and skips the resource."""


def resolve_inside(root: Path, url: str) -> Path:
    """Return the regular file a ``file:`` URL names, if it lies inside ``root``.

    Raise RefusedURL otherwise, so a caller never touches anything outside templates.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise RefusedURL(f"scheme {parts.scheme or '(none)'!r} is not allowed")
    if parts.netloc.lower() not in LOCAL_HOSTS:
        raise RefusedURL(f"remote file host {parts.netloc!r} is not allowed")
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve()
        is_file = path.is_file()
    except (OSError, ValueError) as error:  # e.g. an embedded NUL or a too-long name
        raise RefusedURL(f"unusable path: {error}") from error
    if not path.is_relative_to(root):
        raise RefusedURL(f"{path} is outside the templates folder")
    if not is_file:
        raise RefusedURL(f"{path} is not a regular file")
    return path


def content_type(path: Path) -> str:
    """Return the MIME type WeasyPrint expects (it checks ``text/css`` for stylesheets)."""
    known = CONTENT_TYPES.get(path.suffix.lower())
    return known or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class TemplatesFetcher(URLFetcher):
    """Serve files from the templates folder only; refuse and log everything else."""

    def __init__(self, templates: Path) -> None:
        """Allow only ``file:`` and no redirects even in the base class, as a second fence."""
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = templates.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return a templates file's bytes, never delegating to urllib (no network at all)."""
        try:
            path = resolve_inside(self.root, url)
        except RefusedURL as refusal:
            self.refused.append(url)
            logger.warning("refused to fetch %s: %s", url[:200], refusal)
            raise
        headers_out = {"Content-Type": content_type(path)}
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers_out)
