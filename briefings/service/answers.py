"""Read answers kept ready: JSON bodies and small output files, as bytes with an ETag.

Fifty editors reading the same lists should cost the server a dictionary look-up each, not
a manifest parse, a facts search and a JSON encoding. An answer is kept with the version of
what it was made from (the facts' reload counter, the manifest's and the folders' stat); a
request whose version differs makes it again, so a new edition or a facts reload shows at
once. Clients that send the ETag back (`If-None-Match`) get 304 and no body.
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

ANSWERS = 1024  # JSON answers kept (fact searches are many; each is small)
FILE_LIMIT = 1_000_000  # files up to this size are kept in memory; larger ones stream
FILES_BYTES = 64_000_000  # the most the kept files may hold together


@dataclass(frozen=True)
class Answer:
    """A ready body and its ETag."""

    body: bytes
    etag: str


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'


def not_modified(request: Request, etag: str) -> bool:
    """Tell whether the client already holds this ETag (it sent it in If-None-Match)."""
    return etag in request.headers.get("if-none-match", "")


class AnswerCache:
    """JSON answers by key, each valid while its version holds; the least used go first."""

    def __init__(self, size: int = ANSWERS) -> None:
        self.size = size
        self._answers: OrderedDict[Hashable, tuple[Hashable, Answer]] = OrderedDict()
        self._lock = threading.Lock()

    async def get(self, key: Hashable, version: Hashable, make: Callable[[], Any]) -> Answer:
        """Return the answer for ``key`` at ``version``; make a missing one in a thread.

        ``make`` may read the manifest and article files: never on the event loop.
        """
        answer = self.kept(key, version)
        if answer is None:
            answer = await run_in_threadpool(self.make, key, version, make)
        return answer

    def kept(self, key: Hashable, version: Hashable) -> Answer | None:
        """Return the answer kept for ``key`` if it was made at ``version``."""
        with self._lock:
            kept = self._answers.get(key)
            if kept is None or kept[0] != version:
                return None
            self._answers.move_to_end(key)
            return kept[1]

    def make(self, key: Hashable, version: Hashable, make: Callable[[], Any]) -> Answer:
        """Make the answer as JSON bytes and keep it; drop the least used over the size."""
        body = bytes(JSONResponse(make()).body)
        answer = Answer(body, etag_of(body))
        with self._lock:
            self._answers[key] = (version, answer)
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return answer


def json_answer(request: Request, answer: Answer) -> Response:
    """Return the answer as JSON, or 304 when the client holds it already."""
    headers = {"etag": answer.etag, "cache-control": "no-cache"}
    if not_modified(request, answer.etag):
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type="application/json", headers=headers)


def folder_version(*paths: Path | None) -> tuple[Any, ...]:
    """Return the stat of each path (file or folder) that an answer was made from.

    The manifest and the outputs are replaced atomically (a new inode, and a new time on
    their folder), so this changes whenever a build publishes or a file is removed.
    """
    return tuple(_stat_key(path) for path in paths)


def _stat_key(path: Path | None) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path) if path is not None else None
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size) if stat else None


class FileCache:
    """Small files' bytes by (path, inode, time, size), at most FILES_BYTES together."""

    def __init__(self, limit: int = FILES_BYTES) -> None:
        self.limit = limit
        self._files: OrderedDict[tuple[str, int, int, int], bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, path: Path, stat: os.stat_result) -> bytes | None:
        key = file_key(path, stat)
        with self._lock:
            data = self._files.get(key)
            if data is not None:
                self._files.move_to_end(key)
            return data

    def put(self, path: Path, stat: os.stat_result, data: bytes) -> None:
        """Keep ``data`` for ``path`` at ``stat``, dropping the least used files over the limit."""
        key = file_key(path, stat)
        with self._lock:
            if key in self._files:
                return
            self._files[key] = data
            self._bytes += len(data)
            while self._bytes > self.limit:
                _, dropped = self._files.popitem(last=False)
                self._bytes -= len(dropped)


def file_key(path: Path, stat: os.stat_result) -> tuple[str, int, int, int]:
    return (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


def read_file(path: Path) -> tuple[os.stat_result, bytes]:
    """Return the file's stat and bytes, both of the one file opened (run in a thread)."""
    with path.open("rb") as file:
        return os.fstat(file.fileno()), file.read()


def file_headers(path: Path, stat: os.stat_result, inline: bool) -> dict[str, str]:
    """Return the headers Starlette's FileResponse sends, for a file served from memory."""
    name = quote(path.name)
    kind = "inline" if inline else "attachment"
    if name == path.name:
        disposition = f'{kind}; filename="{name}"'
    else:
        disposition = f"{kind}; filename*=utf-8''{name}"
    return {
        "content-disposition": disposition,
        "last-modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
        "accept-ranges": "bytes",
    }
