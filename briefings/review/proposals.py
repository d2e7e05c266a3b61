"""Proposed fact edits: which field of which record an editor's change may correct.

A changed block whose word diff replaces exactly one number by another is read as a
correction of the numeric field of its figure records, scaled by the same ratio (the
briefing writes US$500 million for 500000000, so 500 → 600 proposes 600000000). A replaced
phrase (a name, a title) is looked up in the text fields of the block's records, never in
their citations, whose quotes stay verbatim. Each is a proposal shown as a YAML snippet,
never applied.
"""

from __future__ import annotations

import difflib
import json
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
NOT_PROPOSED = frozenset({"id", "kind", "citations", "inferences", "file", "url"})
PUNCTUATION = ".,;:()«»“”\"'"
MIN_PHRASE = 3


def propose(changes: list[Change], facts: Path, sources: Path | None) -> list[Change]:
    """Return the changes with proposals added where a number or a phrase was replaced."""
    wanted = [c for c in changes if c.kind == "changed" and c.facts]
    if not any(_numbers(c) or _replaced_phrases(c) for c in wanted):
        return changes
    try:
        base = load_valid_facts(facts, sources)
    except BriefingsError as error:
        logger.warning("no fact edits proposed: the facts do not load (%s)", error)
        return changes
    return [_with_proposals(c, base) if c.kind == "changed" else c for c in changes]


def _with_proposals(change: Change, base: FactBase) -> Change:
    found = _number_proposals(change, base) + _text_proposals(change, base)
    return replace(change, proposals=found) if found else change


def _number_proposals(change: Change, base: FactBase) -> list[dict[str, object]]:
    """Propose the numeric field scaled by the ratio of the new number to the old."""
    numbers = _numbers(change)
    if numbers is None:
        return []
    old, new = numbers
    found = []
    for fact_id in change.facts:
        record = base.records.get(fact_id)
        for name in NUMERIC_FIELDS:
            value = getattr(record, name, None)
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool) and old:
                exact = Decimal(str(value)) * Decimal(str(new)) / Decimal(str(old))
                found.append(_proposal(fact_id, (name,), _tidy(value), _tidy(exact)))
    return found


def _text_proposals(change: Change, base: FactBase) -> list[dict[str, object]]:
    """Propose the text fields (names, titles, labels) holding a phrase the editor replaced."""
    swaps = _replaced_phrases(change)
    found = []
    for fact_id in change.facts:
        record = base.records.get(fact_id)
        if record is None or not swaps:
            continue
        data = record.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        for path, value in _strings(data, ()):
            for old, new in swaps:
                if old in value:
                    found.append(_proposal(fact_id, path, value, value.replace(old, new)))
    return found


def _replaced_phrases(change: Change) -> list[tuple[str, str]]:
    """Return (old, new) phrases the word diff replaced, leaving numbers to their own rule."""
    old_words, new_words = (change.before or "").split(), (change.after or "").split()
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    swaps = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old = " ".join(old_words[i1:i2]).strip(PUNCTUATION)
        new = " ".join(new_words[j1:j2]).strip(PUNCTUATION)
        if tag == "replace" and len(old) >= MIN_PHRASE and not NUMBER.search(old + new):
            swaps.append((old, new))
    return list(dict.fromkeys(swaps))  # a name corrected twice in a block is one swap


def _strings(data: object, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    """Return the text leaves of a record reached through mappings only (not its citations)."""
    if isinstance(data, str):
        return [(path, data)] if path else []
    if not isinstance(data, dict):
        return []
    leaves = []
    for key, value in data.items():
        if key not in NOT_PROPOSED:
            leaves += _strings(value, (*path, key))
    return leaves


def _proposal(fact_id: str, path: tuple[str, ...], before: object, after: object) -> dict:
    """Return one proposal with its YAML snippet (nested keys, the old value as a comment)."""
    lines = [f"id: {fact_id}"]
    lines += [f"{'  ' * depth}{key}:" for depth, key in enumerate(path[:-1])]
    was = json.dumps(before, ensure_ascii=False)
    value = json.dumps(after, ensure_ascii=False)
    lines.append(f"{'  ' * (len(path) - 1)}{path[-1]}: {value}  # was {was}")
    field = ".".join(path)
    return {
        "fact": fact_id,
        "field": field,
        "before": before,
        "after": after,
        "yaml": "\n".join(lines),
    }


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
