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
        self.loose: dict[str, list[tuple[NameForm, int]]] = defaultdict(list)
        for form in forms:
            self.index[form.tokens[0][:2]].append(form)
            for position, word in enumerate(_content(form)):
                self.loose[word[:2]].append((form, position))
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
            i += 1 if form.kind in ("event", "project") else n  # names inside still count
        return sorted(found + self._loosely(tokens, keys, found), key=lambda m: m.start)

    def _loosely(
        self, tokens: list[re.Match[str]], keys: list[str], exact: list[Mention]
    ) -> list[Mention]:
        """Find long descriptive names (projects, events) by most of their content words.

        "Qazaxıstan neftinin və uranının Azərbaycan ərazisi vasitəsilə ixracı" names the
        project "Qazaxıstan neftinin Azərbaycan vasitəsilə ixracı": most of its
        content words stand within a window as long as the name plus four words.
        """
        hits: dict[NameForm, list[tuple[int, int]]] = defaultdict(list)
        for i, word in enumerate(keys):
            for form, position in self.loose.get(word[:2], ()):
                if word_matches(word, _content(form)[position]):
                    hits[form].append((i, position))
        named = {m.record_id for m in exact}
        found: dict[str, Mention] = {}
        for form, places in hits.items():
            span = _window(places, len(_content(form)), len(form.tokens) + 4)
            if span and form.record_id not in named and form.record_id not in found:
                start, end = tokens[span[0]].start(), tokens[span[1]].end()
                found[form.record_id] = Mention(
                    form.record_id, form.kind, start, end, form.text, "?"
                )
        return list(found.values())

    def _longest_at(self, keys: list[str], i: int) -> NameForm | None:
        for form in self.index.get(keys[i][:2], ()):
            n = len(form.tokens)
            if i + n <= len(keys) and all(
                word_matches(keys[i + j], form.tokens[j]) for j in range(n)
            ):
                return form
        return None


def _content(form: NameForm) -> tuple[str, ...]:
    """Return the content words of a long name (four letters or more, not "Republic")."""
    if form.kind not in ("project", "event", "organization") or len(form.tokens) < 4:
        return ()
    words_ = tuple(t for t in form.tokens if len(t) >= 4 and not t.startswith(_GENERIC))
    return words_ if len(words_) >= 3 else ()


def _window(places: list[tuple[int, int]], wanted: int, width: int) -> tuple[int, int] | None:
    """Return the first token span holding 70% of a name's content words, if any."""
    need = max(3, -(-wanted * 7 // 10))
    for start, _ in places:
        inside = [(i, p) for i, p in places if start <= i < start + width]
        if len({p for _, p in inside}) >= need:
            return start, max(i for i, _ in inside)
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
        texts += [form for t in texts for form in person_short_forms(t)]
    if kind == "organization":
        short = [_short_state(t) for t in texts]
        state = getattr(record, "type", "") == "state"
        texts += [t for t in short if state or len(t.split()) >= 2]
    for text in dict.fromkeys(t for t in texts if t):
        tokens = tuple(key(m.group()) for m in words(text))
        if tokens and (len(tokens) > 1 or len(tokens[0]) >= 3 or _code(tokens[0])):
            yield NameForm(record.id, kind, tokens, text)


def person_short_forms(name: str) -> list[str]:
    """Return the shorter ways a text names a person: the surname, "Ə.Əsədov", "И. Алиев"."""
    parts = name.split()
    if len(parts) < 2 or len(parts[-1]) <= 4:
        return []
    initial = parts[0][0]
    return [parts[-1], f"{initial}.{parts[-1]}", f"{initial}. {parts[-1]}"]


def _texts(record: object) -> Iterator[str]:
    """Yield the names a record is written with, parenthesised abbreviations apart."""
    for field_name in ("name", "abbreviation", "title"):
        value = getattr(record, field_name, None)
        if value is None or (field_name == "title" and getattr(record, "kind", "") != "event"):
            continue
        for lang in ("en", "az", "kk"):
            text = value.get(lang)
            if text:
                yield _PAREN.sub("", text).strip()
                yield from (m.group(1).strip() for m in _PAREN.finditer(text))
    yield from getattr(record, "aliases", [])


def _code(word: str) -> bool:
    """Say whether a short word is a code like C6 or G20 (letters and digits)."""
    return len(word) >= 2 and any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


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
