"""Intake quality: leave-one-out over the seed articles, and the time to draft 30 paragraphs.

For each seed article: remove from the real base its citations and the records only it
supports, draft it against what is left, and compare the draft with the hand-made records.
Recall and precision per kind; goals: recall ≥ 0.9 for figures and known-record mentions,
≥ 0.75 for new people, events and statements, precision ≥ 0.7 overall, and drafting a
30-paragraph article in under 1 s. Misses are listed so the rules can be tuned on
patterns (never on these texts' words).

    python benchmarks/bench_intake.py [--misses]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from briefings.facts.articles import Article
from briefings.facts.load import FactBase, load_facts
from briefings.facts.model import Record, Source
from briefings.intake.drafts import draft_of
from briefings.intake.names import Gazetteer
from briefings.intake.reading import Reading
from briefings.intake.script import key

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("known", "person", "organization", "figure", "event", "statement", "agreement")
GOALS = {"known": 0.9, "figure": 0.9, "person": 0.75, "event": 0.75, "statement": 0.75}
PRECISION_GOAL, SECONDS_GOAL = 0.7, 1.0
SECTION = {"person": "people", "organization": "organizations", "figure": "figures",
           "event": "events", "statement": "statements", "agreement": "agreements"}  # fmt: skip


@dataclass
class Tally:
    truth: int = 0
    found: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 1.0

    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0


def seeds() -> Path:
    return Path(os.environ.get("BRIEFINGS_SEEDS", ROOT.parent / "shared" / "seeds"))


def without(base: FactBase, source_id: str) -> tuple[FactBase, set[str]]:
    """Return the base without the source's citations and records only it supports."""
    reduced, removed = FactBase(), set()
    for record_id, record in base.records.items():
        if isinstance(record, Record) and any(c.source == source_id for c in record.citations):
            kept = [c for c in record.citations if c.source != source_id]
            if not kept and not record.internal:
                removed.add(record_id)
                continue
            record = record.model_copy(update={"citations": kept})
        reduced.add(record, base.positions[record_id])
    return reduced, removed


def paragraphs(record: Any, source_id: str) -> set[int]:
    return {c["paragraph"] if isinstance(c, dict) else c.paragraph
            for c in (record.get("citations", []) if isinstance(record, dict) else record.citations)
            if (c["source"] if isinstance(c, dict) else c.source) == source_id}  # fmt: skip


def names_of(record: Any) -> list[str]:
    if isinstance(record, dict):
        name = record.get("name", {})
        return [key(v) for v in name.values() if "TODO" not in v] + [
            key(a) for a in record.get("aliases", [])
        ]
    return [
        key(t)
        for t in (record.name.en, record.name.az, record.name.kk, *getattr(record, "aliases", []))
        if t
    ]


def same_name(truth: Any, candidate: dict[str, Any]) -> bool:
    return any(
        fuzz.token_set_ratio(a, b) >= 85 for a in names_of(truth) for b in names_of(candidate)
    )


def matcher(kind: str, source_id: str) -> Callable[[Any, dict[str, Any]], bool]:
    """Return how a hand-made record and a drafted one are judged the same fact."""

    def overlap(t: Any, c: dict[str, Any]) -> bool:
        return bool(paragraphs(t, source_id) & paragraphs(c, source_id))

    if kind in ("person", "organization"):
        return same_name
    if kind == "figure":
        return lambda t, c: Decimal(str(c["value"])) == t.value and c["unit"] == t.unit
    if kind == "statement":
        return lambda t, c: overlap(t, c) and bool(set(t.speakers) & set(c["speakers"]))
    return overlap


def compare(
    original: FactBase, source_id: str, draft: dict[str, Any], removed: set[str]
) -> dict[str, Tally]:
    tallies = {kind: Tally() for kind in KINDS}
    cited = {
        r.id
        for r in original.records.values()
        if isinstance(r, Record) and paragraphs(r, source_id)
    }
    known_truth = {
        i
        for i in cited - removed
        if original.records[i].kind in ("person", "organization", "project", "event")
    }
    found = {entry["record"] for entry in draft.get("cite", [])}
    tallies["known"] = Tally(len(known_truth), len(found), len(found & known_truth),
                             sorted(known_truth - found), sorted(found - known_truth))  # fmt: skip
    for kind, section in SECTION.items():
        pool = cited & removed if kind not in ("figure",) else cited
        truth = [original.records[i] for i in sorted(pool) if original.records[i].kind == kind]
        tallies[kind] = _match(truth, draft.get(section, []), matcher(kind, source_id))
    return tallies


def _match(
    truth: list[Any], candidates: list[dict[str, Any]], same: Callable[[Any, dict[str, Any]], bool]
) -> Tally:
    tally, free = Tally(len(truth), len(candidates)), list(candidates)
    for record in truth:
        hit = next((c for c in free if same(record, c)), None)
        if hit is None:
            tally.misses.append(record.id)
        else:
            free.remove(hit)
            tally.matched += 1
    tally.extra = [str(c.get("id")) for c in free]
    return tally


def draft_seed(base: FactBase, source: Source) -> dict[str, Any]:
    article = Article.read(seeds() / source.file)
    return draft_of(Reading(source, article, base, Gazetteer.from_base(base)))


def timing(base: FactBase) -> float:
    """Return the best of three times to draft a 30-paragraph article (two seeds joined)."""
    sources = list(base.sources.values())
    texts = [Article.read(seeds() / s.file).paragraphs for s in (sources[4], sources[2])]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text("\n".join([*texts[0], *texts[1]][:30]) + "\n", encoding="utf-8")
        source = sources[4].model_copy(update={"file": path.name})
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            draft_of(Reading(source, Article.read(path), base, Gazetteer.from_base(base)))
            best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    if not seeds().is_dir():
        print(f"no seed articles at {seeds()}; set BRIEFINGS_SEEDS")
        return 1
    original = load_facts(ROOT / "facts").base
    totals = {kind: Tally() for kind in KINDS}
    for source_id, source in original.sources.items():
        reduced, removed = without(original, source_id)
        for kind, tally in compare(
            original, source_id, draft_seed(reduced, source), removed
        ).items():
            total = totals[kind]
            total.truth, total.found, total.matched = (
                total.truth + tally.truth,
                total.found + tally.found,
                total.matched + tally.matched,
            )
            total.misses += [f"{source_id}:{m}" for m in tally.misses]
            total.extra += [f"{source_id}:{m}" for m in tally.extra]
    return report(totals, timing(original), "--misses" in sys.argv)


def report(totals: dict[str, Tally], seconds: float, misses: bool) -> int:
    failed = []
    print(f"{'kind':<14}{'truth':>6}{'found':>6}{'match':>6}{'recall':>8}{'precision':>10}  goal")
    for kind, tally in totals.items():
        goal = GOALS.get(kind)
        ok = goal is None or tally.recall() >= goal
        failed += [] if ok else [f"{kind} recall"]
        mark = f"recall ≥ {goal}" + ("" if ok else "  MISSED") if goal else ""
        counts = f"{tally.truth:>6}{tally.found:>6}{tally.matched:>6}"
        print(f"{kind:<14}{counts}{tally.recall():>8.2f}{tally.precision():>10.2f}  {mark}")
        if misses and (tally.misses or tally.extra):
            print(f"    missed: {', '.join(tally.misses) or '-'}")
            print(f"    extra:  {', '.join(tally.extra) or '-'}")
    found = sum(t.found for t in totals.values())
    precision = sum(t.matched for t in totals.values()) / found if found else 1.0
    print(f"overall precision {precision:.2f} (goal ≥ {PRECISION_GOAL})")
    print(f"draft of a 30-paragraph article: {seconds:.3f} s (goal < {SECONDS_GOAL} s)")
    failed += [] if precision >= PRECISION_GOAL else ["precision"]
    failed += [] if seconds < SECONDS_GOAL else ["time"]
    if failed:
        print(f"missed goals: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
