"""Figures: a number, a scale word and a unit or currency ("450 milyon ABŞ dolları",
"4,5 миллион тонна", "12 пайызға", "18 faiz", "6 dəfə"), with the words that qualify it
("təqribən", "шамамен", "около" → approximately) and the year it is for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from babel.numbers import get_group_symbol

from briefings.intake.dates import find_dates, find_years
from briefings.intake.entities import TODO, Candidate
from briefings.intake.lexicon import (
    LAST_N,
    LAST_YEAR,
    NOT_COUNTED,
    NUMBER_WORDS,
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    SCALES,
    THIS_YEAR,
    UNITS,
    YEARS,
)
from briefings.intake.reading import Reading, Sentence
from briefings.intake.script import key

_NUMBER = re.compile(r"(?<![\w.,/-])(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d+)*(?!\d)")
_WORD = re.compile(r"\s*([^\W\d]+|%)")
_UNIT_PHRASES = sorted(
    ((tuple(key(k).split()), v) for k, v in UNITS.items()), key=lambda i: -len(i[0])
)
_SCALES = {key(word): factor for word, factor in SCALES.items()}
_BEFORE = {key(words): q for words, q in QUALIFIERS_BEFORE.items()}
_AFTER = {key(word): q for word, q in QUALIFIERS_AFTER.items()}
_LAST_YEAR = tuple(key(p) for p in LAST_YEAR)
_NOT_COUNTED = tuple(key(word) for word in NOT_COUNTED)
_NUMBERS = {key(word): number for word, number in NUMBER_WORDS.items()}
_LAST_N = re.compile(
    rf"(?<!\w)(?:{'|'.join(key(w) for w in LAST_N)})\s+(\w+)\s+(?:{'|'.join(YEARS)})"
)
_THIS_YEAR = tuple(key(p) for p in THIS_YEAR)


def find_figures(reading: Reading) -> Iterator[Candidate]:
    """Yield a figure for every number with a unit, outside dates."""
    count = 0
    for sentence in reading.sentences():
        folded = key(sentence.text)
        if len(folded) != len(sentence.text):
            continue
        dates = [(d.start, d.end) for d in find_dates(sentence.text, reading.lang, reading.year)]
        for match in _NUMBER.finditer(folded):
            if any(s <= match.start() < e for s, e in dates):
                continue
            figure = _figure(reading, sentence, folded, match)
            if figure is not None:
                count += 1
                figure.record["id"] = f"fig-{reading.source.id}-{count}"
                yield figure


def _figure(
    reading: Reading, sentence: Sentence, folded: str, match: re.Match[str]
) -> Candidate | None:
    value = number(match.group(), reading.lang)
    position, scale = match.end(), Decimal(1)
    word = _WORD.match(folded, position)
    if word and _scale(word.group(1)) is not None:
        scale, position = _scale(word.group(1)) or Decimal(1), word.end()
    unit, position = _unit(folded, position)
    counted = None
    if unit is None and scale == 1:
        counted, position = _counted(folded, sentence.text, position, value)
        unit = "count" if counted else None
    if unit is None:
        return None
    end = sentence.start + position
    start = sentence.start + match.start()
    quote_start = sentence.start + _words_before(sentence.text, match.start(), 3)
    record: dict[str, object] = {
        "id": "",
        "metric": f"{TODO}: a stable key for what is measured (e.g. trade-turnover)",
        "label": {
            "en": f"{TODO}: what «{_context(sentence.text, match.start(), position)}» measures"
        },
        "value": _plain(value * scale),
        "unit": unit,
    }
    if counted:
        record["counted"] = {"en": f"{TODO}: what «{counted}» counts, in English"}
    record.update(_period(reading, sentence, folded, match.start()))
    qualifier = _qualifier(folded, match.start(), position)
    if qualifier != "exact":
        record["qualifier"] = qualifier
    record["citations"] = [reading.citation(sentence.paragraph, quote_start, end)]
    return Candidate("figure", record, sentence.paragraph, start, end)


def _counted(folded: str, text: str, position: int, value: Decimal) -> tuple[str | None, int]:
    """Return the noun a whole number counts ("165 sənəd", "12 елден"), if it counts one."""
    word = _WORD.match(folded, position)
    if word is None or value != value.to_integral_value() or value < 2:
        return None, position
    noun = word.group(1)
    printed = text[word.start(1) : word.end(1)]
    if not printed.islower() or noun.startswith(_NOT_COUNTED) or len(noun) < 3:
        return None, position
    return printed, word.end()


def number(text: str, lang: str) -> Decimal:
    """Return a printed number as the language's CLDR symbols read it ("4,5", "1.200", "1 200").

    A space always groups thousands; a "." or "," is the group symbol when the language
    uses it so and three digits follow, else the decimal sign.
    """
    locale = lang if lang in ("az", "kk", "ru", "en") else "en"
    group = get_group_symbol(locale)
    parts = re.split(r"([ \u00a0.,])", text)
    digits = parts[0]
    for separator, chunk in zip(parts[1::2], parts[2::2], strict=True):
        grouping = separator in " \u00a0" or (separator == group and len(chunk) == 3)
        digits += chunk if grouping else "." + chunk
    return (
        Decimal(digits)
        if digits.count(".") <= 1
        else Decimal(digits.replace(".", "", digits.count(".") - 1))
    )


def _scale(word: str) -> Decimal | None:
    for name, factor in _SCALES.items():
        if word == name or len(name) >= 3 and word.startswith(name) and len(word) - len(name) <= 4:
            return factor
    return None


def _unit(folded: str, position: int) -> tuple[str | None, int]:
    """Return the unit named at ``position`` and where its words end."""
    for phrase, unit in _UNIT_PHRASES:
        at, ok = position, True
        for part in phrase:
            word = _WORD.match(folded, at)
            slack = 2 if len(part) <= 3 else 6
            if (
                not word
                or not word.group(1).startswith(part)
                or len(word.group(1)) - len(part) > slack
            ):
                ok = False
                break
            at = word.end()
        if ok:
            return unit, at
    return None, position


def _words_before(text: str, at: int, count: int) -> int:
    """Return the offset ``count`` words before ``at`` (for a quote with some context)."""
    starts = [m.start() for m in re.finditer(r"\S+", text[:at])]
    return starts[-count] if len(starts) >= count else 0


def _context(text: str, start: int, end: int) -> str:
    """Return the words before a figure (up to 8) and the figure, as the article has them."""
    before = text[:start].split()[-8:]
    return " ".join([*before, text[start:end].strip()])


def _plain(value: Decimal) -> int | float | str:
    """Return a value YAML writes plainly: an integer, a short decimal, or text."""
    if value == value.to_integral_value():
        return int(value)
    return float(value) if str(float(value)) == str(value.normalize()) else str(value)


def _qualifier(folded: str, start: int, end: int) -> str:
    before = folded[:start].split()[-2:]
    after = folded[end:].split()[:1]
    for phrase, qualifier in _BEFORE.items():
        if " ".join(before).endswith(phrase):
            return qualifier
    for word in after:
        if word.strip(".,;") in _AFTER:
            return _AFTER[word.strip(".,;")]
    if re.search(r"(?:dan|den|tan|ten)\s*$", folded[:end]) and after and after[0].startswith("cox"):
        return "more-than"
    return "exact"


def _count_word(word: str) -> int:
    """Return a small number written in figures or words (5, "beş", "бес", "пять"), or 0."""
    return int(word) if word.isdigit() else _NUMBERS.get(word, 0)


def _period(reading: Reading, sentence: Sentence, folded: str, at: int) -> dict[str, object]:
    """Return the period (and how it was found) of a figure in this sentence."""
    years = [year for offset, year in find_years(sentence.text) if offset < at] or [
        year for _, year in find_years(sentence.text)
    ]
    if years:
        return {"period": str(years[-1])}
    span = _LAST_N.search(folded)
    if span and _count_word(span.group(1)):
        count = _count_word(span.group(1))
        reasoning = f'The article says "in the last {count} years"; it is of {reading.year}.'
        period = f"{reading.year - count}/{reading.year}"
        return {"period": period, "inferences": [{"field": "period", "reasoning": reasoning}]}
    if any(phrase in folded for phrase in _LAST_YEAR):
        reasoning = f'The article says "last year"; it is of {reading.year}.'
        return {
            "period": str(reading.year - 1),
            "inferences": [{"field": "period", "reasoning": reasoning}],
        }
    if any(phrase in folded for phrase in _THIS_YEAR):
        reasoning = f'The article says "this year"; it is of {reading.year}.'
        return {
            "period": str(reading.year),
            "inferences": [{"field": "period", "reasoning": reasoning}],
        }
    reasoning = f"{TODO}: no period printed; the publication year ({reading.year}) is a guess"
    return {
        "period": str(reading.year),
        "inferences": [{"field": "period", "reasoning": reasoning}],
    }
