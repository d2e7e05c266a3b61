"""An editor's DOCX → the changes against the edition it came from.

The document's custom properties name the briefing and edition; the output folder's
manifest says which file that edition was and its hash. The original bytes are found,
in order, as the published file, as the archived edition (``editions/``), or rebuilt from
the facts when they still give exactly the recorded bytes (builds are reproducible), so an
editor may even have saved over the published file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefings.errors import BriefingError
from briefings.manifest import BriefingRecord, Edition, Manifest, sha256_bytes
from briefings.outputs import ARCHIVE
from briefings.review.compare import Change, compare
from briefings.review.proposals import propose
from briefings.review.read import DocxContent, read_docx, read_docx_file

logger = logging.getLogger(__name__)

DOCX = ".docx"


@dataclass(frozen=True)
class EditReport:
    """What ``briefings edits`` reports for one file."""

    file: str
    briefing: str
    edition: int
    original: str  # where the edition's bytes came from
    changes: list[Change]

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "briefing": self.briefing,
            "edition": self.edition,
            "changes": [change.as_json() for change in self.changes],
        }


@dataclass(frozen=True)
class Folders:
    """Where the edition's outputs, facts and templates are (the build's folders)."""

    output: Path
    facts: Path
    templates: Path
    sources: Path | None = None


Rebuild = Callable[[BriefingRecord, Folders], tuple[int, str, bytes]]  # number, stem, DOCX


def read_edits(path: Path, folders: Folders, rebuild: Rebuild | None = None) -> EditReport:
    """Return the changes an editor made to a DOCX we wrote.

    ``rebuild`` renders the briefing's current edition again (the build passes it in; this
    package sits below the build and never imports it).
    """
    edited = read_docx_file(path)
    briefing, number = identify(edited, path)
    record = Manifest.load(folders.output).record(briefing)
    edition = _edition(record, number, briefing)
    data, where = original_bytes(briefing, record, edition, folders, rebuild)
    changes = compare(read_docx(data, where), edited)
    changes = propose(changes, folders.facts, folders.sources)
    return EditReport(str(path), briefing, number, where, changes)


def identify(content: DocxContent, path: Path) -> tuple[str, int]:
    """Return the briefing and edition the document's properties name."""
    if not content.briefing or not content.edition.isdigit():
        raise BriefingError(
            f"{path}: not a DOCX made by briefings (no briefings.briefing and "
            "briefings.edition document properties); pass the file the build wrote"
        )
    return content.briefing, int(content.edition)


def _edition(record: BriefingRecord, number: int, briefing: str) -> Edition:
    for edition in record.editions:
        if edition.number == number:
            return edition
    known = ", ".join(str(e.number) for e in record.editions)
    raise BriefingError(f"{briefing} has no edition {number} in the manifest (has: {known})")


def original_bytes(
    briefing: str,
    record: BriefingRecord,
    edition: Edition,
    folders: Folders,
    rebuild: Rebuild | None = None,
) -> tuple[bytes, str]:
    """Return the edition's DOCX bytes as written, and where they were found."""
    output = edition.outputs.get(DOCX)
    if output is None:
        raise BriefingError(f"edition {edition.number} of {briefing} was not built as DOCX")
    archived = Path(ARCHIVE) / f"{briefing}.edition-{edition.number}{DOCX}"
    for name in (Path(output.path), archived):
        data = _read(folders.output / name)
        if data is not None and sha256_bytes(data) == output.sha256:
            return data, str(folders.output / name)
    if rebuild is not None:
        number, stem, data = rebuild(record, folders)
        if (number, stem) == (edition.number, briefing) and sha256_bytes(data) == output.sha256:
            return data, f"edition {edition.number} rebuilt from {folders.facts}"
    raise BriefingError(
        f"the original of {briefing} edition {edition.number} is gone: its file was replaced "
        "and the facts or templates have changed since; compare against a kept copy"
    )


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
