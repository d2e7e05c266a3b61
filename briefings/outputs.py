"""The output folder: publish a new edition without ever losing an editor's work.

An output that still has the bytes we wrote is replaced (its edition archived under
``editions/``); one that an editor saved over is left alone, and the new edition is
written beside it.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from briefings.files import write_atomic
from briefings.manifest import OutputRecord, sha256_bytes, sha256_file

logger = logging.getLogger(__name__)

ARCHIVE = "editions"


@dataclass
class Written:
    """Where one output went, and anything the user should hear about it."""

    path: Path
    sha256: str
    name: str
    notices: list[str] = field(default_factory=list)

    def record(self, key: str) -> OutputRecord:
        return OutputRecord(path=self.name, sha256=self.sha256, key=key)


@dataclass(frozen=True)
class OutputFolder:
    root: Path

    def publish(
        self,
        stem: str,
        suffix: str,
        data: bytes,
        number: int,
        previous: OutputRecord | None,
        previous_number: int | None,
    ) -> Written:
        """Write edition ``number`` of ``stem``; keep what an editor changed."""
        name = f"{stem}{suffix}"
        target = self.root / name
        on_disk = sha256_file(target)
        ours = previous is not None and previous.path == name and previous.sha256 == on_disk
        if on_disk is not None and not ours:
            return self._beside(stem, suffix, data, number, target)
        if on_disk is not None and previous_number is not None and previous_number != number:
            self._archive(target, stem, suffix, previous_number)
        write_atomic(target, data)
        return Written(target, sha256_bytes(data), name)

    def _beside(self, stem: str, suffix: str, data: bytes, number: int, target: Path) -> Written:
        name = f"{stem}.edition-{number}{suffix}"
        path = self.root / name
        write_atomic(path, data)
        notice = (
            f"{target} was changed since it was written (an editor's copy?); "
            f"left it as is and wrote the new edition to {path}"
        )
        return Written(path, sha256_bytes(data), name, [notice])

    def _archive(self, target: Path, stem: str, suffix: str, number: int) -> None:
        """Keep the previous edition under editions/ before it is replaced."""
        archived = self.root / ARCHIVE / f"{stem}.edition-{number}{suffix}"
        archived.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, archived)
        logger.info("kept edition %s as %s", number, archived)
