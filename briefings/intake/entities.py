"""Candidate people ("Сыртқы істер министрі Ермек Көшербаев": a post, then a name) and
organizations (a capitalised name ending in an institution's noun: "… İnstitutu",
"… министрлігі", "Министерство …") that the base does not know yet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from briefings.intake.lexicon import ORG_HEADS, POSTS
from briefings.intake.names import Mention
from briefings.intake.reading import Reading
from briefings.intake.script import is_capitalised, key, transliterate, words

# A surname with its case ending: Bektenovla → Bektenov, Тоқаевтың → Тоқаев.
_SURNAME = re.compile(
    r"^(.*?(?:yeva|yev|ova|eva|ov|ev|ин|ина|ова|ева|ов|ев|ұлы|қызы|oğlu|ulu|zadə|заде|li|lı))"
    r"(?:la|lə|ın|in|un|ün|nın|nin|a|ə|ya|yə|dan|dən|da|də|u|ü|ı|i|nı|ni|na|nə|"
    r"тың|тің|дың|дің|ның|нің|қа|ке|ға|ге|ты|ті|ды|ді|ны|ні|мен|бен|пен|да|де|та|те|"
    r"нан|нен|дан|ден|тан|тен|а|у|ым|ом|е|ой|ым)?$"
)
_COUNTRY = {"azerbaijan": "AZ", "kazakhstan": "KZ"}
_LANG_COUNTRY = {"az": "AZ", "kk": "KZ"}
_HEADS = [(key(head), kind) for head, kind in ORG_HEADS.items()]
TODO = "TODO"
_JOINERS = tuple(key(w) for w in ("və", "ilə", "мен", "пен", "бен", "және", "и", "а", "and", "с"))


@dataclass(frozen=True)
class Candidate:
    """A new record proposed from the text, with the span that names it."""

    kind: str
    record: dict[str, object]
    paragraph: int
    start: int
    end: int


def nominative(name: str) -> str:
    """Return a name without the case ending on its last word (Oljas Bektenovla → … Bektenov)."""
    parts = name.split()
    match = _SURNAME.match(parts[-1])
    if match and match.group(1) != parts[-1]:
        parts[-1] = match.group(1)
    return " ".join(parts)


def slug(text: str) -> str:
    """Return an id from an English name (Yermek Kosherbayev → yermek-kosherbayev)."""
    plain = unicodedata.normalize("NFKD", transliterate(text))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60] or "record"


def _is_post(word_key: str) -> bool:
    return any(word_key.startswith(key(post).split()[-1]) for post in POSTS)


def find_people(reading: Reading) -> Iterator[Candidate]:
    """Yield people named after (or, in Russian, before) a post, that the base lacks."""
    for number, text in reading.numbered():
        tokens = words(text)
        known = reading.mentions[number]
        for i, token in enumerate(tokens):
            if not _is_post(key(token.group())):
                continue
            name = _name_after(tokens, i, known, text)
            if name is not None:
                yield _person(reading, number, text, tokens, i, name)


def _name_after(
    tokens: list[re.Match[str]], i: int, known: list[Mention], text: str
) -> tuple[int, int] | None:
    """Return the token range of a 2–3 word name within four words after a post."""
    for j in range(i + 1, min(i + 5, len(tokens))):
        if _covered(tokens[j], known) or not _looks_like_name(tokens[j].group()):
            if _boundary(text, tokens[j - 1], tokens[j]):
                return None
            continue
        k = j
        while k + 1 < len(tokens) and k - j < 2 and _looks_like_name(tokens[k + 1].group()):
            if _boundary(text, tokens[k], tokens[k + 1]) or _covered(tokens[k + 1], known):
                break
            k += 1
        if k == j or _institution_follows(tokens, j, k, text):
            return None  # one word, or an institution's name ("… Mərkəzinin direktoru")
        return j, k
    return None


def _institution_follows(tokens: list[re.Match[str]], j: int, k: int, text: str) -> bool:
    """Say whether the words j..k (and up to three more in the phrase) name an institution."""
    n = j
    while n < len(tokens) and n <= k + 3:
        if _is_org_word(tokens[n].group()):
            return True
        if n + 1 < len(tokens) and _boundary(text, tokens[n], tokens[n + 1]):
            break
        n += 1
    return False


def _is_org_word(word: str) -> bool:
    return _org_head(key(word)) is not None


def _looks_like_name(word: str) -> bool:
    return (
        is_capitalised(word)
        and word.isalpha()
        or bool(re.match(r"^\w+-\w+$", word))
        and is_capitalised(word)
    )


def _boundary(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Say whether punctuation (a comma, a full stop, a quote) separates two words."""
    return bool(re.search(r"[,.;:!?\"«»()]", text[left.end() : right.start()]))


def _covered(token: re.Match[str], known: list[Mention]) -> bool:
    return any(m.start <= token.start() < m.end for m in known)


def _person(
    reading: Reading,
    number: int,
    text: str,
    tokens: list[re.Match[str]],
    post: int,
    name: tuple[int, int],
) -> Candidate:
    original = nominative(text[tokens[name[0]].start() : tokens[name[1]].end()])
    first = max(0, post - 3)
    while first < post and (
        _boundary(text, tokens[first], tokens[post]) or key(tokens[first].group()) in _JOINERS
    ):
        first += 1
    capitals = [i for i in range(first, post) if is_capitalised(tokens[i].group())]
    first = capitals[0] if capitals else first  # "olan Qazaxıstanın Baş naziri" → from the name
    known = reading.mentions[number]
    if (
        first + 1 < post
        and _sentence_start(text, tokens[first])
        and not _covered(tokens[first], known)
    ):
        first += _covered(tokens[first + 1], known)  # "İclasda Azərbaycanın … naziri"
    title = text[tokens[first].start() : tokens[post].end()]
    english = transliterate(original)
    record: dict[str, object] = {
        "id": slug(english),
        "name": {"en": english}
        | ({reading.lang: original} if reading.lang in ("az", "kk") else {}),
        "country": _country(reading, number, tokens[first].start(), tokens[post].end()),
        "roles": [{"title": _post(title, reading.lang)}],
        "citations": [reading.citation(number, tokens[first].start(), tokens[name[1]].end())],
        "note": f"{TODO}: check the country and the English spelling of the name",
    }
    if reading.lang != "en" and original != english:
        record["aliases"] = [original]
    return Candidate("person", record, number, tokens[name[0]].start(), tokens[name[1]].end())


def _post(title: str, lang: str) -> dict[str, str]:
    """Return a post as printed (for az and kk) beside a to-do for its English."""
    original = {lang: title} if lang in ("az", "kk") else {}
    return {"en": f"{TODO}: translate the post «{title}»"} | original


def _country(reading: Reading, number: int, start: int, end: int) -> str:
    """Return the country a post names (a state, an embassy in it), else the article's own."""
    for mention in reading.mentions[number]:
        record = reading.base.records.get(mention.record_id)
        country = getattr(record, "country", None)
        if start <= mention.start < end and mention.kind == "organization" and country:
            return str(country)
    return _LANG_COUNTRY.get(reading.lang, "KZ")


def find_organizations(reading: Reading) -> Iterator[Candidate]:
    """Yield institutions whose name ends (az, kk) or starts (ru) with an institution noun."""
    for number, text in reading.numbered():
        tokens = words(text)
        known = reading.mentions[number]
        for i, token in enumerate(tokens):
            kind = _org_head(key(token.group()))
            if kind is None or _covered(token, known):
                continue
            span = _org_span(tokens, i, text, reading.lang == "ru")
            if span is not None and not any(_covered(tokens[j], known) for j in range(*span)):
                yield _organization(reading, number, text, tokens, span, kind)


def _org_head(word_key: str) -> str | None:
    """Return the type an institution's noun gives, with its case endings (≤ 5 letters)."""
    for head, kind in _HEADS:
        if word_key.startswith(head) and len(word_key) - len(head) <= 5:
            return kind
    return None


def _org_span(
    tokens: list[re.Match[str]], head: int, text: str, head_first: bool
) -> tuple[int, int] | None:
    """Return the token range [first, last+1) of an institution's name around its noun."""
    if head_first:
        if not is_capitalised(tokens[head].group()):
            return None
        last = head
        while (
            last + 1 < len(tokens)
            and last - head < 4
            and not _boundary(text, tokens[last], tokens[last + 1])
        ):
            last += 1
        return (head, last + 1) if last > head else None
    reach = head  # the words before the noun, up to four, within one phrase
    while reach > 0 and head - reach < 4 and not _boundary(text, tokens[reach - 1], tokens[reach]):
        reach -= 1
    capitals = [i for i in range(reach, head) if is_capitalised(tokens[i].group())]
    first = capitals[0] if capitals else head  # Kazakh capitalises only the first word
    if (
        first < head
        and _sentence_start(text, tokens[first])
        and not is_capitalised(tokens[first + 1].group())
    ):
        first += 1
    followed = head + 1 < len(tokens) and not _boundary(text, tokens[head], tokens[head + 1])
    if followed and is_capitalised(tokens[head + 1].group()):
        return None  # "Mərkəzi Asiya": the noun is part of another name
    return (first, head + 1) if first < head else None


def _sentence_start(text: str, token: re.Match[str]) -> bool:
    return not text[: token.start()].strip() or text[: token.start()].rstrip()[-1] in ".!?:"


_GENITIVE = re.compile(r"(?<=[ıiuüыі])(?:nın|nin|nun|nün|ның|нің)$")


def org_nominative(name: str) -> str:
    """Return an institution's name without the genitive on its noun (Fondunun → Fondu)."""
    return _GENITIVE.sub("", name)


def _organization(
    reading: Reading,
    number: int,
    text: str,
    tokens: list[re.Match[str]],
    span: tuple[int, int],
    kind: str,
) -> Candidate:
    start, end = tokens[span[0]].start(), tokens[span[1] - 1].end()
    original = org_nominative(text[start:end])
    english = f"{TODO}: translate «{original}»"
    record: dict[str, object] = {
        "id": slug(transliterate(original)),
        "name": {"en": english}
        | ({reading.lang: original} if reading.lang in ("az", "kk") else {}),
        "type": kind,
        "citations": [reading.citation(number, start, end)],
    }
    abbreviation = re.match(r"\s*\((\w{2,10})\)", text[end:])
    if abbreviation:
        record["abbreviation"] = {"en": f"{TODO}: «{abbreviation.group(1)}» in English"}
    return Candidate("organization", record, number, start, end)
