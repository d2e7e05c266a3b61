"""Uploaded files: kept in a private temporary folder under a safe name, within the limit.

The guard already refuses a request whose Content-Length is over the limit (413); this
module counts the bytes again as it copies them, so a part can never be larger either.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import HTTPException
from starlette.datastructures import UploadFile

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
UNSAFE_NAME = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_name(filename: str | None, default: str) -> str:
    """Return the upload's base name with only word characters, dots and dashes."""
    base = Path((filename or "").replace("\\", "/")).name
    name = UNSAFE_NAME.sub("-", base).strip(".-")
    return name[:120] or default


def upload_of(value: object, what: str) -> UploadFile:
    """Return the form's file field, or refuse the request (422) when it holds none."""
    if not isinstance(value, UploadFile) or not value.filename:
        raise HTTPException(422, f"choose a {what} to upload")
    return value


@contextmanager
def saved(upload: UploadFile, limit: int, default: str) -> Iterator[Path]:
    """Copy the upload to a private temporary folder; yield its path; delete it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="briefings-upload-"))
    path = folder / safe_name(upload.filename, default)
    try:
        _copy(upload, path, limit)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy(upload: UploadFile, path: Path, limit: int) -> None:
    size = 0
    upload.file.seek(0)
    with path.open("wb") as out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, f"the file is larger than {limit} bytes")
            out.write(chunk)
    if size == 0:
        raise HTTPException(422, f"{upload.filename} is empty")
