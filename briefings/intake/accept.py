"""`accept`: merge the reviewed entries of a draft into the fact files, all or nothing.

Citations go onto the records the base has, new records to the file of their kind
(``people.yaml``, ``figures.yaml`` …), through ruamel.yaml so comments and layout survive.
The merged files are checked in a scratch copy of the facts folder first: on any error
nothing is written. Accepted entries then leave the draft; the rest stay for later.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefings.errors import FactError, Problem
from briefings.facts.articles import ArticleLibrary
from briefings.facts.check import check_facts
from briefings.facts.load import DRAFTS_FOLDER, FactBase
from briefings.files import write_atomic
from briefings.intake.drafts import NEW_SECTIONS, has_todo
from briefings.intake.review import CheckedDraft, check_draft
from briefings.intake.yamledit import (
    append_record,
    dump_document,
    load_document,
    section_of,
    to_commented,
)

logger = logging.getLogger(__name__)


@dataclass
class AcceptResult:
    """What `accept` did: the ids taken in, the files changed, the entries left."""

    accepted: list[str] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    left: int = 0


def accept_draft(
    draft_path: Path, only: tuple[str, ...], facts_dir: Path, sources_dir: Path | None
) -> AcceptResult:
    """Merge the draft's entries (or only those named) into the facts; return what changed."""
    folder = sources_dir if sources_dir and sources_dir.is_dir() else None
    report = check_facts(facts_dir, folder)
    loading = [p for p in report.errors if p.message.startswith(("YAML", "duplicate"))]
    if loading:
        raise FactError("the facts do not load; fix them before accepting", loading)
    library = ArticleLibrary(folder) if folder else None
    checked = check_draft(draft_path, report.base, library)
    if checked.errors:
        raise FactError(
            f"the draft has {len(checked.errors)} error(s); nothing accepted", checked.errors
        )
    chosen = _chosen(checked, only)
    documents = _merged(checked, chosen, report.base, facts_dir)
    _verify(documents, facts_dir, folder, report.errors)
    result = AcceptResult(accepted=sorted(chosen))
    for path, text in documents.items():
        write_atomic(path, text.encode("utf-8"))
        result.changed.append(path)
    result.left = _shrink_draft(draft_path, chosen)
    return result


def _entries(data: dict[str, Any]) -> dict[str, tuple[str, int, Any]]:
    """Return every entry of a draft by id: (section, index, entry)."""
    found: dict[str, tuple[str, int, Any]] = {}
    for index, entry in enumerate(data.get("cite") or []):
        found[str(entry.get("record"))] = ("cite", index, entry)
    for section in NEW_SECTIONS:
        for index, record in enumerate(data.get(section) or []):
            found[str(record.get("id"))] = (section, index, record)
    return found


def _chosen(checked: CheckedDraft, only: tuple[str, ...]) -> dict[str, tuple[str, int, Any]]:
    """Return the entries to accept; refuse unknown ids and entries with a to-do."""
    entries = _entries(checked.data)
    unknown = [i for i in only if i not in entries]
    if unknown:
        message = f"not in the draft: {', '.join(unknown)}"
        raise FactError(message, [Problem(checked.path, 1, "error", message)])
    chosen = {i: e for i, e in entries.items() if not only or i in only}
    assert checked.parsed is not None
    todos = [
        Problem(
            checked.path,
            checked.parsed.line_of((s, n)),
            "error",
            "still has a TODO; write it or leave it out with --only",
            i,
        )
        for i, (s, n, entry) in chosen.items()
        if has_todo(entry)
    ]
    if todos:
        raise FactError(f"{len(todos)} entr(ies) with a to-do; nothing accepted", todos)
    if not chosen:
        raise FactError(
            "the draft has nothing to accept",
            [Problem(checked.path, 1, "error", "the draft is empty")],
        )
    return chosen


def _merged(
    checked: CheckedDraft, chosen: dict[str, tuple[str, int, Any]], base: FactBase, facts_dir: Path
) -> dict[Path, str]:
    """Return the new text of every fact file the chosen entries change."""
    documents: dict[Path, Any] = {}

    def document(path: Path) -> Any:
        if path not in documents:
            documents[path] = load_document(path)
        return documents[path]

    for record_id, (section, _, entry) in chosen.items():
        if section == "cite":
            position = base.positions[record_id]
            target = document(position.path)[str(position.prefix[0])][int(position.prefix[1])]
            _add_citations(target, entry["citations"])
        else:
            append_record(document(facts_dir / f"{section}.yaml"), section, entry)
    return {path: dump_document(doc) for path, doc in documents.items()}


def _add_citations(record: Any, citations: list[Any]) -> None:
    """Append citations to a record's list, in the style the list already has."""
    existing = section_of(record, "citations")
    for citation in citations:
        existing.append(to_commented(dict(citation)))


def _verify(
    documents: dict[Path, str], facts_dir: Path, sources_dir: Path | None, before: list[Problem]
) -> None:
    """Check the merged facts in a scratch copy; raise (writing nothing) on a new error.

    Errors the facts already had (an article text missing from this sources folder, say)
    are not the draft's doing and do not stop it; every new one does.
    """
    with tempfile.TemporaryDirectory(prefix="briefings-accept-") as scratch:
        copy = Path(scratch) / "facts"
        shutil.copytree(facts_dir, copy, ignore=shutil.ignore_patterns(DRAFTS_FOLDER))
        for path, text in documents.items():
            (copy / path.relative_to(facts_dir)).write_text(text, encoding="utf-8")
        report = check_facts(copy, sources_dir)
        known = Counter(_signature(p) for p in before)
        problems = []
        for problem in (_moved(p, copy, facts_dir) for p in report.errors):
            if known[_signature(problem)] > 0:
                known[_signature(problem)] -= 1
            else:
                problems.append(problem)
        if problems:
            raise FactError(
                f"accepting would make {len(problems)} error(s); nothing written", problems
            )


def _signature(problem: Problem) -> tuple[str, str, str]:
    """Return what identifies an error whatever line it moved to: file, field, message."""
    return (str(problem.path), problem.field, problem.message)


def _moved(problem: Problem, copy: Path, facts_dir: Path) -> Problem:
    if problem.path is None or not problem.path.is_relative_to(copy):
        return problem
    path = facts_dir / problem.path.relative_to(copy)
    return Problem(path, problem.line, problem.severity, problem.message, problem.field)


def _shrink_draft(draft_path: Path, chosen: dict[str, tuple[str, int, Any]]) -> int:
    """Remove the accepted entries from the draft (delete it when empty); return what is left."""
    document = load_document(draft_path)
    left = 0
    for section in ("cite", *NEW_SECTIONS):
        items = document.get(section)
        if not items:
            continue
        key = "record" if section == "cite" else "id"
        for index in reversed(range(len(items))):
            if str(items[index].get(key)) in chosen:
                del items[index]
        left += len(items)
    if left:
        write_atomic(draft_path, dump_document(document).encode("utf-8"))
    else:
        draft_path.unlink()
    return left
