"""The gazetteer: every known name in every script and inflection, found in article text.

Names come from the records (names in en/az/kk, aliases, abbreviations, a state's short
name, a person's surname where it is unambiguous). Words are compared by matching keys
(`script.key`: Turkic-aware lower case, Kazakh letters folded to Russian ones), and a word
matches a name's word when it is that word plus an ending (Əliyevin, Тоқаевтың,
Qazaxıstanla), that word with its last vowel changed (Астана → Астане), or, for long words,
a near spelling by rapidfuzz (Әзербайжан / Әзербайджан).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz

from briefings.facts.load import FactBase
from briefings.intake.script import key, words

logger = logging.getLogger(__name__)

MAX_ENDING = 7  # the longest case ending stacked on a name (-larının, -ларының)
_VOWELS = set("aeiouəıöüаеиоуыэюяё")
_PAREN = re.compile(r"\(([^)]+)\)")
_GENERIC = ("respublika", "республик", "republic", "of")


@dataclass(frozen=True)
class NameForm:
    """One way of writing a record's name, as matching keys."""

    record_id: str
    kind: str
    tokens: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Mention:
    """A known record named in a text, with where its name stands."""

    record_id: str
    kind: str
    start: int
    end: int
    form: str
    ending: str = ""  # the case ending on the last word (Əliyev-in, Тоқаев-тың), as a key


class Gazetteer:
    """Name forms indexed by the first letters of their first word."""

    def __init__(self, forms: Iterable[NameForm]) -> None:
        self.index: dict[str, list[NameForm]] = defaultdict(list)
        for form in forms:
            self.index[form.tokens[0][:2]].append(form)
        for bucket in self.index.values():
            bucket.sort(key=lambda f: -len(f.tokens))

    @classmethod
    def from_base(cls, base: FactBase) -> Gazetteer:
        """Return the gazetteer of every person, organization, project and event in ``base``."""
        return cls(
            _unambiguous(form for record in base.records.values() for form in _forms(record))
        )

    def find(self, text: str) -> list[Mention]:
        """Return the known names in ``text``, longest first where they overlap, in order."""
        tokens = words(text)
        keys = [key(t.group()) for t in tokens]
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            form = self._longest_at(keys, i)
            if form is None:
                i += 1
                continue
            n = len(form.tokens)
            last = tokens[i + n - 1]
            ending = keys[i + n - 1][len(form.tokens[-1]) :]
            if not keys[i + n - 1].startswith(form.tokens[-1]):
                ending = "?"  # a changed vowel or a near spelling: some inflected form
            mention = Mention(form.record_id, form.kind, tokens[i].start(), last.end(), form.text)
            found.append(replace(mention, ending=ending.lstrip("-'")))
            i += len(form.tokens)
        return found

    def _longest_at(self, keys: list[str], i: int) -> NameForm | None:
        for form in self.index.get(keys[i][:2], ()):
            n = len(form.tokens)
            if i + n <= len(keys) and all(
                word_matches(keys[i + j], form.tokens[j]) for j in range(n)
            ):
                return form
        return None


def word_matches(word: str, name: str) -> bool:
    """Say whether a text word (key) is the name word (key), inflected or spelled nearly so."""
    if word == name:
        return True
    if name.isupper() or len(name) <= 4 and not name.isalpha():
        return False
    rest = len(word) - len(name)
    if word.startswith(name) and 0 < rest <= MAX_ENDING:
        return len(name) >= 4 or word[len(name)] in "-'"
    if len(name) >= 4 and name[-1] in _VOWELS and word.startswith(name[:-1]) and rest <= 5:
        return True
    if len(name) >= 7 and word[:2] == name[:2] and -1 <= rest <= MAX_ENDING:
        return max(fuzz.ratio(word[: len(name) + d], name) for d in (-1, 0, 1)) >= 88
    return False


def _forms(record: Any) -> Iterator[NameForm]:
    kind = getattr(record, "kind", "")
    if kind not in ("person", "organization", "project", "event"):
        return
    texts = list(_texts(record))
    if kind == "person":
        texts += [t.split()[-1] for t in texts if len(t.split()) > 1 and len(t.split()[-1]) > 4]
    if kind == "organization" and getattr(record, "type", "") == "state":
        texts += [_short_state(t) for t in texts]
    for text in dict.fromkeys(t for t in texts if t):
        tokens = tuple(key(m.group()) for m in words(text))
        if tokens and (len(tokens) > 1 or len(tokens[0]) >= 3):
            yield NameForm(record.id, kind, tokens, text)


def _texts(record: object) -> Iterator[str]:
    """Yield the names a record is written with, parenthesised abbreviations apart."""
    for field_name in ("name", "abbreviation", "title"):
        value = getattr(record, field_name, None)
        if value is None or (field_name == "title" and getattr(record, "kind", "") != "event"):
            continue
        for lang in ("en", "az", "kk"):
            text = value.get(lang)
            if text and (field_name != "title" or len(text.split()) <= 3):
                yield _PAREN.sub("", text).strip()
                yield from (m.group(1).strip() for m in _PAREN.finditer(text))
    yield from getattr(record, "aliases", [])


def _short_state(name: str) -> str:
    """Return a state's name without "Republic of" (Azərbaycan Respublikası → Azərbaycan)."""
    kept = [w for w in name.split() if not key(w).startswith(_GENERIC)]
    return " ".join(kept) if kept and len(kept) < len(name.split()) else ""


def _unambiguous(forms: Iterable[NameForm]) -> list[NameForm]:
    """Drop one-word forms that name several records (two people called Aliyev)."""
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    listed = list(forms)
    for form in listed:
        owners[form.tokens].add(form.record_id)
    return [f for f in listed if len(owners[f.tokens]) == 1 or len(f.tokens) > 1]
