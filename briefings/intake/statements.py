"""Statements: reported speech ("… bildirib", "… атап өтті", "… заявил"), with the speaker
resolved to a known or a candidate person, in this order: "the sides" (tərəflər, тараптар,
стороны) are the people who met in the article's opening; "Azərbaycan tərəfi" is that
state; "X-in sözlərinə görə" / "по словам X" is X; else the first person the sentence
names without a case ending (the subject); else, after "o", "ол", "он", a bare post or
at the opening of a quoted paragraph, the last speaker; else, for a passive report
("qeyd olunub", "атап өтілді", "отмечено"), the people who met.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefings.intake.entities import TODO, Candidate
from briefings.intake.lexicon import (
    ANAPHORA,
    MEETING_VERBS,
    PASSIVE_SPEECH,
    POSTS,
    SIDE_OF_STATE,
    SIDES,
    SPEECH_MARKERS,
    SPEECH_VERBS,
)
from briefings.intake.reading import Reading, Sentence
from briefings.intake.script import key

_ANAPHORA = tuple(key(word) for word in ANAPHORA)
_SIDES = tuple(key(word) for word in SIDES)
_MARKERS = tuple(key(phrase) for phrase in SPEECH_MARKERS)
_SIDE_WORDS = tuple(key(word) for word in SIDE_OF_STATE)
_MEETS = re.compile("|".join(rf"(?<!\w){re.escape(key(v))}" for v in (*MEETING_VERBS,)))
_POSTS = tuple(key(post).split()[-1] for post in POSTS)
_PASSIVE = tuple(key(phrase) for phrase in PASSIVE_SPEECH)
_QUOTED = re.compile(r"[\"«“„]([^\"«»“”„]{8,})[\"»”“]")
_VERBS = sorted(((key(v), t) for v, t in SPEECH_VERBS.items()), key=lambda item: -len(item[0]))


def find_statements(reading: Reading, people: list[Candidate]) -> Iterator[Candidate]:
    """Yield a statement for each sentence of reported speech whose speaker is known.

    Sentences of one paragraph said by the same speakers make one statement.
    """
    found: list[Candidate] = []
    for candidate in _statements(reading, people):
        previous = found[-1] if found else None
        if (
            previous
            and previous.paragraph == candidate.paragraph
            and (previous.record["speakers"] == candidate.record["speakers"])
        ):
            continue
        found.append(candidate)
    for count, candidate in enumerate(found, start=1):
        candidate.record["id"] = f"st-{reading.source.id}-{count}"
        yield candidate


def _statements(reading: Reading, people: list[Candidate]) -> Iterator[Candidate]:
    last: str | None = None
    principals = _principals(reading)
    for sentence in reading.sentences():
        speakers, kind, last = _who(reading, sentence, people, last, principals)
        if speakers:
            yield _statement(reading, sentence, kind, speakers)


def _who(
    reading: Reading,
    sentence: Sentence,
    people: list[Candidate],
    last: str | None,
    principals: list[str],
) -> tuple[list[str], str, str | None]:
    """Return who speaks in a sentence, the statement type, and who spoke last now."""
    folded = key(sentence.text)
    verb = _verb(folded)
    kind = verb[1] if verb else "assessment"
    if _names_the_sides(folded) and len(principals) >= 2:
        return principals, kind, last
    state = _state_side(reading, sentence)
    if state:
        return [state], kind, last
    marker = _marker(reading, sentence, folded)
    if marker == "?":
        marker = last
    if marker:
        return [marker], kind, marker
    speaker = _speaker(reading, sentence, people, verb[0] if verb else None)
    if speaker is not None and (verb or not _opens_quote(sentence.text)):
        if not verb:
            return [], kind, speaker  # whom a narrating sentence is about
        return [speaker], kind, speaker
    if verb and last and (_anaphoric(sentence.text) or _pronoun_before(sentence.text, verb[0])):
        return [last], kind, last  # "Ол …", "… deyə o qeyd edib", "Mərkəz rəhbəri …"
    if _opens_quote(sentence.text) and last and sentence.start == 0:
        return [last], kind, last  # a paragraph of quoted speech goes on with its speaker
    if _passive(folded) and len(principals) >= 2:
        return principals, kind, last
    return [], kind, last


def _names_the_sides(folded: str) -> bool:
    """Say whether "the sides" (tərəflər, тараптар, стороны) are the sentence's subject."""
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded) for word in _SIDES)


# Passive reporting verbs by their form: az "… edilib", "… olunub", "vurğulanıb";
# kk "… атап өтілді", "айтылды", "талқыланды" (keys: letters folded).
_PASSIVE_FORM = re.compile(
    r"(?<!\w)(?:\w+ (?:edil|olun)(?:ib|ub)|\w+(?:lan|len)ib|\w+(?:ылды|илди|ланды|ленди))(?!\w)"
)


def _passive(folded: str) -> bool:
    if _PASSIVE_FORM.search(folded):
        return True
    return any(re.search(rf"(?<!\w){re.escape(p)}", folded) for p in _PASSIVE)


def _state_side(reading: Reading, sentence: Sentence) -> str | None:
    """Return the state whose "side" speaks ("Azərbaycan tərəfi", "Қазақстан тарапы")."""
    end = sentence.start + len(sentence.text)
    text = reading.article.paragraphs[sentence.paragraph - 1]
    for mention in reading.mentions[sentence.paragraph]:
        record = reading.base.records.get(mention.record_id)
        if getattr(record, "type", "") == "state" and sentence.start <= mention.start < end:
            after = key(text[mention.end : mention.end + 12]).split()
            if after and after[0].strip(".,;:") in _SIDE_WORDS:
                return mention.record_id
    return None


def _marker(reading: Reading, sentence: Sentence, folded: str) -> str | None:
    """Return the speaker of "X-in sözlərinə görə" / "по словам X" ("?" for the last one)."""
    for marker in _MARKERS:
        at = folded.find(marker)
        if at < 0:
            continue
        before = [
            m for m in reading.mentions[sentence.paragraph]
            if m.kind == "person" and sentence.start <= m.start < sentence.start + at
        ]  # fmt: skip
        return before[-1].record_id if before else "?"
    return None


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
    """Say whether a sentence opens with a pronoun or a bare post ("Ол", "Mərkəz rəhbəri")."""
    opening = [key(word).strip('"«,.') for word in text.split()[:3]]
    if opening and opening[0] in _ANAPHORA:
        return True
    return any(word.startswith(_POSTS) for word in opening)


def _principals(reading: Reading) -> list[str]:
    """Return the people who meet in the article's opening: "A met B" in its first paragraphs.

    They are the ones "the sides" and passive reports ("it was noted") speak for.
    """
    for sentence in reading.sentences():
        if sentence.paragraph > 3:
            break
        if not _MEETS.search(key(sentence.text)):
            continue
        end = sentence.start + len(sentence.text)
        named = [
            m.record_id
            for m in reading.mentions[sentence.paragraph]
            if m.kind == "person" and sentence.start <= m.start < end
        ]
        if len(set(named)) >= 2:
            return list(dict.fromkeys(named))[:2]
    return []


def _statement(reading: Reading, sentence: Sentence, kind: str, speakers: list[str]) -> Candidate:
    start, end = sentence.start, sentence.start + len(sentence.text)
    record: dict[str, object] = {
        "id": "",
        "type": kind,
        "speakers": speakers,
        "summary": {"en": f"{TODO}: summarise in our own words: «{sentence.text}»"},
        "citations": [reading.citation(sentence.paragraph, start, end)],
    }
    quoted = _QUOTED.search(sentence.text)
    if quoted:
        words = quoted.group(1).split()[:8]
        text = " ".join(words).strip(" ,.;:")
        if reading.article.find(text) is not None:
            record["quote"] = text
    if len(speakers) > 1:
        reasoning = (
            'Said by "the sides" or in the passive; taken as the article\'s principal people.'
        )
        record["inferences"] = [{"field": "speakers", "reasoning": reasoning}]
    return Candidate("statement", record, sentence.paragraph, start, end)
