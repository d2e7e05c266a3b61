"""Sensitivities of a meeting: what the reader must handle with care, found by content.

A record is sensitive when its own English text (English is always written) matches one
of these word lists, checked in this order; the first match names its category. What
counts as its own text: a statement's summary (what was said), a project's, agreement's or
figure's name (a summary that merely mentions a contested route is not the route), and for
an event only the accident list over its title and summary (a meeting that discussed a
dispute is not itself one). Topic tags alone never make a record sensitive, and courtesies
never count: thanks and condolences are left out whatever they mention (the event they
refer to is what counts, when it is recorded).

* ``accident``: crashes, disasters, casualties and the investigations that follow them;
* ``dispute``: conflicts, disputes and their settlement (normalisation, peace talks,
  borders, sanctions), and contested routes (the Zangezur corridor);
* ``concern``: what a side says worries it, or damage to the shared environment (the
  Caspian's shallowing, pollution, drought);
* ``security``: military, terrorism, threats, and confidence-building and security measures;
* ``disagreement``: the sources disagree on the record (it has ``disagreements``).

The lists are patterns over ordinary English words, not over the seed articles' wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

COURTESIES = frozenset({"thanks", "condolences"})
PATTERNS: dict[str, re.Pattern[str]] = {
    "accident": re.compile(
        r"\b(crash(es|ed)?|accidents?|disasters?|catastroph\w*|collisions?|explosions?"
        r"|casualt\w*|victims?|wreck\w*|investigat\w*)\b",
        re.IGNORECASE,
    ),
    "dispute": re.compile(
        r"\b(conflicts?|disputes?|disputed|normali[sz]ation|peace (treaty|talks|process)"
        r"|border delimitation|ceasefire|sanctions?"
        r"|tensions?|Zangezur)\b",
        re.IGNORECASE,
    ),
    "concern": re.compile(
        r"\b(concerns?|concerned|worr\w+|alarm\w*|shallow\w*|drying|drought|pollut\w*"
        r"|ecological (damage|disaster|threat)|decline in water)\b",
        re.IGNORECASE,
    ),
    "security": re.compile(
        r"\b(military|terror\w*|threats?|defen[cs]e|armed|weapons?|extremis\w*"
        r"|(confidence|security) measures|difficult political)\b",
        re.IGNORECASE,
    ),
}
CATEGORIES = (*PATTERNS, "disagreement")
# Stems (first six letters) of words that say what kind of matter it is, not which one.
GENERIC = frozenset(
    {
        "concer",
        "worrie",
        "worry",
        "alarm",
        "confli",
        "disput",
        "tensio",
        "threat",
        "crash",
        "accide",
        "disast",
        "invest",
        "victim",
        "casual",
        "milita",
        "defenc",
        "defens",
        "armed",
    }
)


@dataclass(frozen=True)
class Sensitivity:
    """A record the reader must handle with care, why, and the words that flagged it."""

    category: str
    record: Any
    words: frozenset[str] = frozenset()

    def same_subject(self, other: Sensitivity) -> bool:
        """Tell whether two items of one category were flagged by the same word (stem).

        "Concern about the shallowing" and "the expert group on the shallowing" are one
        subject; a note names it once, through the more relevant record.
        """
        return self.category == other.category and bool(self.words & other.words)


OWN_TEXT = {
    "statement": ("summary",),
    "event": ("title", "summary"),
    "project": ("name",),
    "agreement": ("title",),
    "figure": ("label_",),
}


def english_text(record: Any) -> str:
    """Return the English text that is a record's own (see the module docstring)."""
    fields = OWN_TEXT.get(getattr(record, "kind", ""), ())
    return " ".join(getattr(getattr(record, f, None), "en", "") or "" for f in fields)


def category_of(record: Any) -> str | None:
    """Return the first category whose words the record's own text holds, or None."""
    found = classify(record)
    return found.category if found else None


def classify(record: Any) -> Sensitivity | None:
    """Return the record as a sensitivity of its first matching category, or None."""
    if getattr(record, "type", None) in COURTESIES and record.kind == "statement":
        return None
    text = english_text(record)
    patterns = {"accident": PATTERNS["accident"]} if record.kind == "event" else PATTERNS
    for category, pattern in patterns.items():
        words = {m.group(0).lower()[:6] for m in pattern.finditer(text)}
        if words:
            subject = words - GENERIC or {record.id}  # "concern" alone names no subject
            return Sensitivity(category, record, frozenset(subject))
    if getattr(record, "disagreements", None):
        return Sensitivity("disagreement", record, frozenset({record.id}))
    return None


def sensitivities(records: Iterable[Any]) -> list[Sensitivity]:
    """Return the sensitive records, grouped in the order of ``CATEGORIES``, keeping the
    order ``records`` came in within each category (callers pass them ranked)."""
    found = []
    for record in records:
        if getattr(record, "kind", None) in (None, "source", "person", "organization"):
            continue
        item = classify(record)
        if item is not None:
            found.append(item)
    return sorted(found, key=lambda s: CATEGORIES.index(s.category))
