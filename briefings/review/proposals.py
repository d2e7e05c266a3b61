"""Proposed fact edits: when an editor changed a number, which field of which record it is.

A changed block whose word diff replaces exactly one number by another is read as a
correction of the numeric field of its figure records, scaled by the same ratio (the
briefing writes US$500m for 500000000, so 500 → 600 proposes 600000000). It is a
proposal shown as a YAML snippet, never applied.
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from briefings.errors import BriefingsError
from briefings.facts.check import load_valid_facts
from briefings.facts.load import FactBase
from briefings.review.compare import Change

logger = logging.getLogger(__name__)

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
THOUSANDS = re.compile(r"[.,](?=\d{3}(?:\D|$))")
NUMERIC_FIELDS = ("value",)
YEARS = (1900, 2100)


def propose(changes: list[Change], facts: Path, sources: Path | None) -> list[Change]:
    """Return the changes with proposals added to changed blocks that altered one number."""
    if not any(c.kind == "changed" and c.facts and _numbers(c) for c in changes):
        return changes
    try:
        base = load_valid_facts(facts, sources)
    except BriefingsError as error:
        logger.warning("no fact edits proposed: the facts do not load (%s)", error)
        return changes
    return [_with_proposals(c, base) if c.kind == "changed" else c for c in changes]


def _with_proposals(change: Change, base: FactBase) -> Change:
    numbers = _numbers(change)
    if numbers is None:
        return change
    old, new = numbers
    found = []
    for fact_id in change.facts:
        record = base.records.get(fact_id)
        for name in NUMERIC_FIELDS:
            value = getattr(record, name, None)
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool) and old:
                exact = Decimal(str(value)) * Decimal(str(new)) / Decimal(str(old))
                found.append(_proposal(fact_id, name, _tidy(value), _tidy(exact)))
    return replace(change, proposals=found) if found else change


def _proposal(fact_id: str, name: str, before: float, after: float) -> dict[str, object]:
    yaml = f"id: {fact_id}\n{name}: {after}  # was {before}"
    return {"fact": fact_id, "field": name, "before": before, "after": after, "yaml": yaml}


def _numbers(change: Change) -> tuple[float, float] | None:
    """Return (old, new) when the edit replaced exactly one number by one other number."""
    old_words, new_words = (change.before or "").split(), (change.after or "").split()
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    olds: list[float] = []
    news: list[float] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            olds += _parse(" ".join(old_words[i1:i2]))
            news += _parse(" ".join(new_words[j1:j2]))
    if len(olds) != 1 or len(news) != 1 or olds == news:
        return None
    return olds[0], news[0]


def _parse(text: str) -> list[float]:
    """Return the numbers written in ``text`` (1,234 and 1.234 are thousands; 1,5 is 1.5)."""
    values = []
    for match in NUMBER.finditer(text):
        plain = THOUSANDS.sub("", match.group()).replace(",", ".")
        try:
            value = float(plain)
        except ValueError:
            continue
        if not (value.is_integer() and YEARS[0] <= value <= YEARS[1]):  # a date, not a figure
            values.append(value)
    return values


def _tidy(value: float | Decimal) -> float:
    """Return the value for YAML and JSON without float noise, as an int when it is whole."""
    rounded = float(f"{value:.12g}")
    return int(rounded) if rounded.is_integer() else rounded
