"""Organizations named by pattern rather than by an institution's noun: states the base
lacks (their names in every language from Babel's CLDR territory list) and the outlet
that published the article ("AZERTAC xəbər verir").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from babel import Locale

from briefings.intake.entities import Candidate, slug
from briefings.intake.names import Gazetteer, NameForm
from briefings.intake.reading import Reading
from briefings.intake.script import key, words

MIN_COUNTRY = 6  # shorter names (Mali, Oman) are also common words in some language


@cache
def _countries(lang: str) -> Gazetteer:
    """Return a gazetteer of country names in ``lang`` (record ids are ISO codes)."""
    forms = []
    for code, name in Locale.parse(lang).territories.items():
        tokens = tuple(key(m.group()) for m in words(name))
        if len(code) == 2 and code.isalpha() and tokens and len(name) >= MIN_COUNTRY:
            forms.append(NameForm(code, "organization", tokens, name))
    return Gazetteer(forms)


def find_states(reading: Reading) -> Iterator[Candidate]:
    """Yield a state for each country the article names that the base has no record of."""
    if reading.lang not in ("az", "kk", "ru", "en"):
        return
    known = {
        getattr(r, "country", None)
        for r in reading.base.records.values()
        if getattr(r, "type", "") == "state"
    }
    english = Locale.parse("en").territories
    seen: set[str] = set()
    for number, text in reading.numbered():
        for mention in _countries(reading.lang).find(text):
            code = mention.record_id
            if code in known or code in seen:
                continue
            seen.add(code)
            yield _state(reading, number, mention.start, mention.end, code, english[code])


def _state(
    reading: Reading, number: int, start: int, end: int, code: str, english: str
) -> Candidate:
    local = Locale.parse(reading.lang).territories[code]
    name = {"en": english} | ({reading.lang: local} if reading.lang in ("az", "kk") else {})
    record: dict[str, object] = {
        "id": slug(english),
        "name": name,
        "country": code,
        "type": "state",
        "citations": [reading.citation(number, start, end)],
    }
    return Candidate("organization", record, number, start, end)


def find_outlet(reading: Reading) -> Iterator[Candidate]:
    """Yield the outlet as a media organization, where the article names it."""
    outlet = reading.source.outlet
    known = Gazetteer.from_base(reading.base).find(outlet)
    if any(m.kind == "organization" for m in known):
        return
    for number, text in reading.numbered():
        start = text.find(outlet)
        if start >= 0:
            record: dict[str, object] = {
                "id": slug(outlet),
                "name": {"en": outlet},
                "type": "media",
                "citations": [reading.citation(number, start, start + len(outlet))],
            }
            yield Candidate("organization", record, number, start, start + len(outlet))
            return
