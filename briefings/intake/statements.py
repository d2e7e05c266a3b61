"""Statements: reported speech ("… bildirib", "… атап өтті", "… заявил"), with the speaker
resolved to a known or a candidate person: the person named nearest before the verb, else
the first named in the sentence, else (for "o", "ол", "он", "diplomat") the last speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefings.intake.entities import TODO, Candidate
from briefings.intake.lexicon import ANAPHORA, SPEECH_VERBS
from briefings.intake.reading import Reading, Sentence
from briefings.intake.script import key

_ANAPHORA = tuple(key(word) for word in ANAPHORA)
_QUOTED = re.compile(r"[\"«“„]([^\"«»“”„]{8,})[\"»”“]")
_VERBS = sorted(((key(v), t) for v, t in SPEECH_VERBS.items()), key=lambda item: -len(item[0]))


def find_statements(reading: Reading, people: list[Candidate]) -> Iterator[Candidate]:
    """Yield a statement for each sentence of reported speech whose speaker is known."""
    last: str | None = None
    count = 0
    for sentence in reading.sentences():
        verb = _verb(key(sentence.text))
        speaker = _speaker(reading, sentence, people, verb[0] if verb else None)
        if verb and last and (_anaphoric(sentence.text) or _pronoun_before(sentence.text, verb[0])):
            speaker = last  # "Ол …", "… deyə o qeyd edib": the last speaker goes on
        if speaker is not None and (verb or not _opens_quote(sentence.text)):
            last = speaker  # who speaks, or whom a narrating sentence is about
        if verb is None or speaker is None:
            continue
        count += 1
        yield _statement(reading, sentence, verb[1], speaker, count)


def _verb(folded: str) -> tuple[int, str] | None:
    """Return the offset and statement type of the reporting verb in a sentence."""
    for phrase, kind in _VERBS:
        match = re.search(rf"(?<!\w){re.escape(phrase)}", folded)
        if match:
            return match.start(), kind
    return None


def _speaker(
    reading: Reading, sentence: Sentence, people: list[Candidate], verb_at: int | None
) -> str | None:
    """Return the id of the person who speaks in ``sentence``: the first one it names.

    Only a name without a case ending can be the subject: "Əliyevin" (of Aliyev),
    "O.Bektenova" (to Bektenov) and "Тоқаевтың" name someone spoken of, not the speaker.
    """
    end = sentence.start + len(sentence.text)
    named = [
        (m.start, m.record_id)
        for m in reading.mentions[sentence.paragraph]
        if m.kind == "person" and sentence.start <= m.start < end and not m.ending
    ] + [
        (c.start, str(c.record["id"]))
        for c in people
        if c.paragraph == sentence.paragraph and sentence.start <= c.start < end
    ]
    if not named or (verb_at is not None and _pronoun_before(sentence.text, verb_at)):
        return None
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(sentence.text)]
    outside = [
        n for n in sorted(named) if not any(s <= n[0] - sentence.start < e for s, e in quoted)
    ]
    return (outside or sorted(named))[0][1]


def _pronoun_before(text: str, verb_at: int) -> bool:
    """Say whether a pronoun ("o", "ол", "он") stands just before the reporting verb."""
    before = key(text[:verb_at]).split()[-2:]
    return any(word.strip('"«»,.-') in _ANAPHORA[:5] for word in before)


def _opens_quote(text: str) -> bool:
    """Say whether a sentence is quoted speech (the people it names are not speaking)."""
    return text.lstrip()[:1] in '"«“„'


def _anaphoric(text: str) -> bool:
    """Say whether a sentence opens with a pronoun or a bare post ("Ол", "Diplomat")."""
    first = key(text.split()[0]).strip('"«,.') if text.split() else ""
    return first in _ANAPHORA


def _statement(
    reading: Reading, sentence: Sentence, kind: str, speaker: str, count: int
) -> Candidate:
    start, end = sentence.start, sentence.start + len(sentence.text)
    record: dict[str, object] = {
        "id": f"st-{reading.source.id}-{count}",
        "type": kind,
        "speakers": [speaker],
        "summary": {"en": f"{TODO}: summarise in our own words: «{sentence.text}»"},
        "citations": [reading.citation(sentence.paragraph, start, end)],
    }
    quoted = _QUOTED.search(sentence.text)
    if quoted:
        words = quoted.group(1).split()[:8]
        text = " ".join(words).strip(" ,.;:")
        if reading.article.find(text) is not None:
            record["quote"] = text
    return Candidate("statement", record, sentence.paragraph, start, end)
