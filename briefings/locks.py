"""The output folder's lock: a CLI build and the service never write one folder at once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

LOCK_NAME = ".briefings.lock"


@contextmanager
def output_lock(folder: Path, timeout: float = -1) -> Iterator[None]:
    """Hold ``folder``'s lock (the same file `briefings build` takes); raise filelock.Timeout."""
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / LOCK_NAME), timeout=timeout):
        yield
