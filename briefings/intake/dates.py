"""Dates an article prints: "21 oktyabr 2025", "2025 жылғы 12 қараша", "12 ноября 2025",
"Martın 3-də", "2025-ci ilin oktyabrında", "15.12.2025", "2025-12-15".

Patterns run on matching keys (Turkic lower case, letters folded), with month names from
Babel's CLDR per language, so the same rules read all three languages. A date without a
year takes the article's year and says so (`year_inferred`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from briefings.facts.dates import PartialDate
from briefings.intake.lexicon import LANGS, month_pattern, month_stems
from briefings.intake.script import key

_SUFFIX = r"(?:[-‐]?[^\W\d]{0,5})"  # "3-də", "2025-ci", "12-сі"


@dataclass(frozen=True)
class FoundDate:
    """A date found in a text, with where it stands."""

    start: int
    end: int
    date: PartialDate
    year_inferred: bool = False


@cache
def _patterns(lang: str) -> list[re.Pattern[str]]:
    month = f"(?P<m>{month_pattern(lang)})"
    day, year = rf"(?P<d>[0-3]?\d){_SUFFIX}", rf"(?P<y>(?:19|20)\d\d){_SUFFIX}"
    word = r"(?:\w+\s+){0,2}?"
    return [
        re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b"),
        re.compile(r"\b(?P<d>[0-3]?\d)\.(?P<mn>[01]\d)\.(?P<y>(?:19|20)\d\d)\b"),
        re.compile(rf"\b{day}\s+{month}\b,?\s+{year}"),
        re.compile(rf"\b{year}\s+{word}{day}\s+{month}\b"),
        re.compile(rf"\b{month}\s+{day}\b,?\s+{year}"),
        re.compile(rf"\b{year}\s+{word}{month}\b"),
        re.compile(rf"\b{month}\s+{year}"),
        re.compile(rf"\b{day}\s+{month}\b"),
        re.compile(rf"\b{month}\s+{day}\b"),
    ]


def find_dates(text: str, lang: str, default_year: int | None = None) -> list[FoundDate]:
    """Return the dates in ``text``, leftmost first, longest where they overlap."""
    folded = key(text)
    if len(folded) != len(text):
        folded = text.lower()
    langs = [lang] if lang in LANGS else list(LANGS)
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for code in langs:
        for pattern in _patterns(code):
            for match in pattern.finditer(folded):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                date = _date(match, code, default_year)
                if date is not None:
                    found.append(date)
                    taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def _date(match: re.Match[str], lang: str, default_year: int | None) -> FoundDate | None:
    groups = match.groupdict()
    month = int(groups["mn"]) if groups.get("mn") else _month(groups.get("m"), lang)
    day = int(groups["d"]) if groups.get("d") else None
    year = int(groups["y"]) if groups.get("y") else default_year
    if month is None or year is None or not 1 <= month <= 12:
        return None
    try:
        date = PartialDate.parse(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else ""))
    except ValueError:
        return None
    return FoundDate(match.start(), match.end(), date, year_inferred=not groups.get("y"))


def _month(word: str | None, lang: str) -> int | None:
    if not word:
        return None
    for stem, number in sorted(month_stems(lang).items(), key=lambda i: -len(i[0])):
        if word.startswith(stem):
            return number
    return None


_YEAR_WORDS = re.compile(r"\b((?:19|20)\d\d)(?:[-‐]?\w{0,4})?\s+(?:\w+\s+)?(?:il|жыл|год)")


def find_years(text: str) -> list[tuple[int, int]]:
    """Return (offset, year) for each "2024-cü il", "2024 жылы", "в 2024 году" in ``text``."""
    return [(m.start(), int(m.group(1))) for m in _YEAR_WORDS.finditer(key(text))]
