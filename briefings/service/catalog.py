"""What the output folder holds: briefings and their editions (from the manifest), and files.

Reads only: the manifest and the outputs are written atomically, so a read never waits for a
build and never sees half a file. `safe_file` is the one way a name becomes a path.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import quote

from briefings.manifest import BriefingRecord, Edition, Manifest, fact_changes
from briefings.outputs import ARCHIVE

FORMAT_ORDER = (".pdf", ".docx", ".html")


def file_url(name: str) -> str:
    return "/files/" + quote(name)


def briefings(output: Path) -> list[dict[str, Any]]:
    """Return every built briefing: name, kind, language, edition, dates, each format's URL."""
    manifest = Manifest.load(output)
    rows = [entry(output, stem, record) for stem, record in sorted(manifest.briefings.items())]
    return [row for row in rows if row is not None]


def entry(output: Path, stem: str, record: BriefingRecord) -> dict[str, Any] | None:
    """Return one briefing's listing row, or None when it has no edition yet."""
    latest = record.latest
    if latest is None:
        return None
    files = present_files(output, latest)
    times = [(output / name).stat().st_mtime for name in files.values()]
    return {
        "name": stem,
        "kind": record.kind,
        "lang": record.options.get("lang") or "en",
        "meeting": record.options.get("meeting"),
        "our_side": record.options.get("our_side"),
        "edition": latest.number,
        "as_of": latest.as_of,
        "built_at": _iso(max(times)) if times else None,
        "formats": {s.lstrip("."): {"name": n, "url": file_url(n)} for s, n in files.items()},
    }


def present_files(output: Path, edition: Edition) -> dict[str, str]:
    """Return the edition's outputs still on disk, by suffix, PDF first."""
    found = {s: o.path for s, o in edition.outputs.items() if (output / o.path).is_file()}
    return {s: found[s] for s in sorted(found, key=_format_rank)}


def _format_rank(suffix: str) -> int:
    return FORMAT_ORDER.index(suffix) if suffix in FORMAT_ORDER else len(FORMAT_ORDER)


def _iso(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def editions(output: Path, stem: str, record: BriefingRecord) -> list[dict[str, Any]]:
    """Return every edition of a briefing, newest first, with the files kept for it."""
    rows = []
    for edition in reversed(record.editions):
        if edition is record.latest:
            files = present_files(output, edition)
        else:
            files = _archived(output, stem, edition.number)
        rows.append(
            {
                "number": edition.number,
                "as_of": edition.as_of,
                "facts": len(edition.facts),
                "files": {s.lstrip("."): {"name": n, "url": file_url(n)} for s, n in files.items()},
            }
        )
    return rows


def _archived(output: Path, stem: str, number: int) -> dict[str, str]:
    names = {s: f"{ARCHIVE}/{stem}.edition-{number}{s}" for s in FORMAT_ORDER}
    return {s: n for s, n in names.items() if (output / n).is_file()}


def changes(record: BriefingRecord) -> dict[str, Any]:
    """Return what `briefings changes NAME --json` prints: facts changed since the last edition."""
    if len(record.editions) < 2:
        latest = record.latest
        return {"from": None, "to": latest.number if latest else None, "changes": []}
    before, after = record.editions[-2], record.editions[-1]
    found = fact_changes(before, after.facts, after.labels)
    rows = [{"status": c.status, "id": c.id, "kind": c.kind, "label": c.label} for c in found]
    return {"from": before.number, "to": after.number, "changes": rows}


def used_by(output: Path, record_id: str) -> list[str]:
    """Return the briefings whose latest edition used the fact (from the manifest)."""
    manifest = Manifest.load(output)
    return [
        stem
        for stem, record in sorted(manifest.briefings.items())
        if record.latest is not None and record_id in record.latest.facts
    ]


def safe_file(root: Path, name: str) -> Path | None:
    """Return the file ``name`` names inside ``root``, or None for anything else.

    Refused: empty names, NUL, absolute paths, `..` and hidden parts (the manifest, the
    lock), and anything that resolves outside ``root`` (a symlink pointing out).
    """
    if not name or "\x00" in name or "\\" in name:
        return None
    candidate = Path(name)
    if candidate.is_absolute() or any(
        p in ("", "..") or p.startswith(".") for p in candidate.parts
    ):
        return None
    try:
        resolved = (root / candidate).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved
