"""The manifest: what each output was built from, so a build redoes only what changed.

Like Sphinx's ``.buildinfo`` and ``note_dependency``: content hashes (never mtimes), and a
manifest version that forces a full rebuild when its layout changes. Each briefing keeps
its editions: the facts it used (by hash and label, for "what changed") and the files
written, with their hashes (to notice an editor's saved-over DOCX).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from briefings import __version__
from briefings.errors import BriefingError
from briefings.files import write_atomic

logger = logging.getLogger(__name__)

MANIFEST_VERSION = 1
MANIFEST_NAME = ".briefings-manifest.json"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """Return the file's content hash, or None when it does not exist."""
    try:
        return sha256_bytes(path.read_bytes())
    except FileNotFoundError:
        return None


def fact_hash(record: BaseModel) -> str:
    """Return a stable hash of a record's content (key order and formatting don't matter)."""
    data = record.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return sha256_bytes(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())


def combined_hash(parts: dict[str, Any]) -> str:
    """Return one hash over a JSON-able mapping of hashes and options."""
    return sha256_bytes(json.dumps(parts, sort_keys=True, default=str).encode())


@dataclass
class OutputRecord:
    path: str
    sha256: str
    key: str


@dataclass
class Edition:
    """One content edition of a briefing: its inputs, and the files written for it."""

    number: int
    as_of: str
    key: str
    facts: dict[str, str]
    labels: dict[str, list[str]]
    templates: dict[str, str]
    outputs: dict[str, OutputRecord] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Edition:
        outputs = {k: OutputRecord(**v) for k, v in data.pop("outputs", {}).items()}
        return cls(**data, outputs=outputs)


@dataclass
class BriefingRecord:
    kind: str
    options: dict[str, Any]
    editions: list[Edition] = field(default_factory=list)

    @property
    def latest(self) -> Edition | None:
        return self.editions[-1] if self.editions else None


@dataclass
class Manifest:
    """Every briefing built into one output folder, by output stem."""

    briefings: dict[str, BriefingRecord] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """Return the folder's manifest; an absent, unreadable or older one means rebuild all."""
        path = folder / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            logger.warning("%s is unreadable; rebuilding everything", path)
            return cls()
        if data.get("version") != MANIFEST_VERSION or data.get("tool") != __version__:
            logger.info("manifest from another version; rebuilding everything")
            return cls()
        return cls({stem: _briefing(entry) for stem, entry in data["briefings"].items()})

    def save(self, folder: Path) -> None:
        """Write the manifest atomically."""
        data = {
            "version": MANIFEST_VERSION,
            "tool": __version__,
            "briefings": {stem: asdict(record) for stem, record in sorted(self.briefings.items())},
        }
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False, default=str)
        write_atomic(folder / MANIFEST_NAME, text.encode("utf-8"))

    def record(self, stem: str) -> BriefingRecord:
        """Return the briefing called ``stem`` or say which ones the folder has."""
        if stem not in self.briefings:
            known = ", ".join(sorted(self.briefings)) or "none yet"
            raise BriefingError(f"no briefing {stem!r} in this output folder; built: {known}")
        return self.briefings[stem]


def _briefing(entry: dict[str, Any]) -> BriefingRecord:
    editions = [Edition.from_json(dict(e)) for e in entry.get("editions", [])]
    return BriefingRecord(entry["kind"], entry["options"], editions)


@dataclass(frozen=True)
class FactChange:
    status: str  # added, changed, removed
    id: str
    kind: str
    label: str


def fact_changes(
    before: Edition | None, after_facts: dict[str, str], after_labels: dict[str, list[str]]
) -> list[FactChange]:
    """Return the facts added, changed and removed between an edition and new inputs."""
    if before is None:
        return []
    changes = []
    for fact_id in sorted(set(before.facts) | set(after_facts)):
        old, new = before.facts.get(fact_id), after_facts.get(fact_id)
        if old == new:
            continue
        status = "added" if old is None else "removed" if new is None else "changed"
        kind, label = (after_labels if new is not None else before.labels)[fact_id]
        changes.append(FactChange(status, fact_id, kind, label))
    return changes
