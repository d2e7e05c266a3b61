"""The draft: what intake proposes from one article, for a person to review and accept.

A draft is a YAML file in ``facts/drafts/`` (which the loader never reads as facts): the
source it was drawn from, ``cite`` entries that add citations to records the base already
has, and new records under the usual section names. Every record is validated by the
same Pydantic models as the facts. Text the tool cannot write in English is a ``TODO``
with the original beside it; a draft with a to-do cannot be accepted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from pydantic import Field

from briefings.errors import FactError, Problem
from briefings.facts.articles import Article
from briefings.facts.load import FactBase, load_facts
from briefings.facts.model import SECTIONS, Citation, Id, Strict
from briefings.files import write_atomic
from briefings.intake.bodies import find_outlet, find_states
from briefings.intake.entities import TODO, Candidate, find_organizations, find_people
from briefings.intake.events import find_agreements, find_events
from briefings.intake.figures import find_figures
from briefings.intake.names import Gazetteer
from briefings.intake.reading import Reading
from briefings.intake.statements import find_statements
from briefings.intake.yamledit import dump_document, to_commented

logger = logging.getLogger(__name__)

DRAFTS = "drafts"
NEW_SECTIONS = tuple(name for name in SECTIONS if name != "sources")
_SECTION_OF = {model.kind: name for name, model in SECTIONS.items()}


class CiteEntry(Strict):
    """Citations to add to a record the base already has."""

    record: Id
    citations: list[Citation] = Field(min_length=1)


class DraftHead(Strict):
    """The envelope's own fields; the records under it are validated by their models."""

    source: Id
    cite: list[CiteEntry] = Field(default_factory=list)


def drafts_folder(facts_dir: Path) -> Path:
    """Return the folder drafts live in (inside the facts folder, never loaded as facts)."""
    return facts_dir / DRAFTS


def has_todo(value: Any) -> bool:
    """Say whether any text inside ``value`` still holds a to-do."""
    if isinstance(value, str):
        return TODO in value
    if isinstance(value, dict):
        return any(has_todo(v) for v in value.values())
    if isinstance(value, list):
        return any(has_todo(v) for v in value)
    return False


def make_draft(source_id: str, facts_dir: Path, sources_dir: Path) -> dict[str, Any]:
    """Read the article of ``source_id`` and return its draft as plain data."""
    base = _valid_base(facts_dir)
    source = base.sources.get(source_id)
    if source is None:
        raise _error(
            facts_dir / "sources.yaml",
            f"no source {source_id!r}; add it with `briefings sources add`",
        )
    path = sources_dir / source.file
    if not path.is_file():
        raise _error(path, f"the article text is missing; pass --sources (looked in {sources_dir})")
    reading = Reading(source, Article.read(path), base, Gazetteer.from_base(base))
    return draft_of(reading)


def draft_of(reading: Reading) -> dict[str, Any]:
    """Return the draft of one reading: citations for known records, then candidates."""
    people = _unique(find_people(reading), reading.base)
    reading.add_people({str(p.record["id"]): _printed_name(p) for p in people})
    candidates = [
        *people,
        *_unique(
            chain(find_organizations(reading), find_states(reading), find_outlet(reading)),
            reading.base,
        ),
        *find_events(reading),
        *find_statements(reading, []),
        *find_figures(reading),
        *find_agreements(reading),
    ]
    draft: dict[str, Any] = {"source": reading.source.id, "cite": list(_cites(reading))}
    for candidate in candidates:
        draft.setdefault(_SECTION_OF[candidate.kind], []).append(candidate.record)
    return draft


def _printed_name(person: Candidate) -> str:
    """Return a candidate person's name as the article prints it."""
    aliases = person.record.get("aliases")
    if isinstance(aliases, list) and aliases:
        return str(aliases[0])
    name = person.record["name"]
    return str(name["en"]) if isinstance(name, dict) else str(name)


def _valid_base(facts_dir: Path) -> FactBase:
    loaded = load_facts(facts_dir)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors:
        raise FactError("the facts have errors; fix them first (`briefings check`)", errors)
    return loaded.base


def _error(path: Path, message: str) -> FactError:
    return FactError(message, [Problem(path, 1, "error", message)])


def _unique(candidates: Iterator[Candidate], base: FactBase) -> list[Candidate]:
    """Keep one candidate per id, none that the base already has."""
    seen: dict[str, Candidate] = {}
    for candidate in candidates:
        record_id = str(candidate.record["id"])
        if record_id not in base.records and record_id not in seen:
            seen[record_id] = candidate
    return list(seen.values())


def _cites(reading: Reading) -> Iterator[dict[str, Any]]:
    """Yield a citation of the first paragraph naming each known record not yet citing it."""
    done: set[str] = set()
    for number, mentions in reading.mentions.items():
        for mention in mentions:
            record = reading.base.records.get(mention.record_id)
            if (
                record is None
                or mention.record_id in done
                or _cites_source(record, reading.source.id)
            ):
                continue
            done.add(mention.record_id)
            citation = reading.citation(number, mention.start, mention.end)
            yield {"record": mention.record_id, "citations": [citation]}


def _cites_source(record: Any, source_id: str) -> bool:
    return any(c.source == source_id for c in getattr(record, "citations", []))


def render_draft(draft: dict[str, Any]) -> str:
    """Return the draft as YAML, with a header saying how to review and accept it."""
    document = to_commented(draft)
    document.fa.set_block_style()
    document.yaml_set_start_comment(
        f"Draft of facts from {draft['source']}, written by `briefings draft`. Review every\n"
        "entry: correct or delete what is wrong, and replace every TODO with our own words.\n"
        "`briefings check` reports problems; then `briefings accept` this file (--only ID …\n"
        "accepts part of it). Entries with a TODO cannot be accepted."
    )
    for index, _ in enumerate(document):
        if index:
            document.yaml_set_comment_before_after_key(list(document)[index], before="\n")
    return dump_document(document)


def write_draft(draft: dict[str, Any], target: Path, force: bool = False) -> Path:
    """Write the draft atomically; never replace a draft someone may be reviewing."""
    if target.exists() and not force:
        raise _error(target, "a draft exists already; accept or delete it, or pass --force")
    write_atomic(target, render_draft(draft).encode("utf-8"))
    return target
