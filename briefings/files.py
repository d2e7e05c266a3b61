"""Atomic file writes (a reader never sees a half-written briefing), and our cache folder."""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def user_cache_folder(name: str) -> Path | None:
    """Return ``$XDG_CACHE_HOME/briefings/NAME`` (or under ~/.cache), if only we can write it.

    What is parsed or compiled once per machine (templates, hyphenation patterns) is kept
    there; None (no cache) when the folder cannot be made or another user could write it.
    """
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefings"
    try:
        (root / name).mkdir(mode=0o700, parents=True, exist_ok=True)
        info = root.lstat()
    except OSError as exc:
        logger.debug("no cache folder: %s", exc)
        return None
    private = not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and private:
        return root / name
    logger.debug("not caching in %s: another user could write it", root)
    return None
