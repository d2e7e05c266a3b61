"""Events and agreements: a sentence naming a meeting, round table, visit or forum with a
verb that says it was held ("keçirilib", "өтті", "состоялась") or is planned
("keçiriləcək", "өтеді", "состоится"); and documents said to be signed ("imzalanıb",
"қол қойылды", "подписан"), with the states the sentence names as parties.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from briefings.intake.dates import find_dates
from briefings.intake.entities import TODO, Candidate
from briefings.intake.lexicon import EVENT_NOUNS, HELD_VERBS, PLANNED_VERBS, SIGNED_VERBS
from briefings.intake.reading import Reading, Sentence
from briefings.intake.script import key


def _has(folded: str, phrases: tuple[str, ...] | list[str]) -> re.Match[str] | None:
    for phrase in phrases:
        match = re.search(rf"(?<!\w){re.escape(key(phrase))}", folded)
        if match:
            return match
    return None


OPENING = 5  # paragraphs: a date line, a headline, a lead, and the first report

_NOT_EVENT_VERBS = tuple(key(phrase) for phrase in ("атап өтті",))  # "noted", not "was held"


# The tense of a sentence's last verb: past (az -ıb, -dı; kk -ды, -ті; ru -л, -ли) or future.
_PAST = re.compile(r"(?:(?:ib|ub)(?:lar|ler)?|(?:di|du|ti|tu)(?:lar|ler)?|ды|ди|ты|ти|л|ла|ло|ли)$")
_FUTURE = re.compile(r"(?:acaq|ecek|ажак|ежек|адi|еди|ады|ет|ит|ут)$")


def _status(folded: str) -> str | None:
    for phrase in _NOT_EVENT_VERBS:
        folded = folded.replace(phrase, "")
    if _has(folded, PLANNED_VERBS):
        return "planned"
    return "held" if _has(folded, HELD_VERBS) else None


def _tense(folded: str) -> str | None:
    """Return held or planned from the tense of the sentence's last word (its verb)."""
    last = re.findall(r"\w+", folded)[-1:] or [""]
    if _PAST.search(last[0]):
        return "held"
    return "planned" if _FUTURE.search(last[0]) else None


_CODE = re.compile(r"(?<!\w)[A-Z]{2,6}-?\d{1,3}(?!\w)")  # COP29, G20: a summit's name


def _event_type(folded: str, text: str = "") -> str | None:
    for noun, kind in sorted(EVENT_NOUNS.items(), key=lambda i: -len(i[0])):
        if re.search(rf"(?<!\w){re.escape(key(noun))}", folded):
            return kind
    return "summit" if _CODE.search(text) else None


def find_events(reading: Reading, people: list[Candidate] | None = None) -> list[Candidate]:
    """Return an event for each sentence naming one with a held or planned verb.

    Sentences that name the same kind of event with the same status and no conflicting
    date (a headline and the paragraph under it) give one event with both citations.
    """
    events: list[Candidate] = []
    for sentence in reading.sentences():
        folded = key(sentence.text)
        kind = _event_type(folded, sentence.text)
        status = _status(folded) or (_tense(folded) if kind else None)
        if status is None or kind is None or _known_event(reading, sentence):
            continue
        event = _event(reading, sentence, kind, status, len(events) + 1)
        same = next(
            (e for n, e in enumerate(events) if _same_event(e.record, event.record, _own(n, e))),
            None,
        )
        if same is None:
            events.append(event)
        else:
            _merge(same.record, event.record)
    return events


def _same_event(first: dict[str, Any], second: dict[str, Any], own: bool) -> bool:
    """Say whether two sentences report one event.

    The same kind and status, and no two different dates; and either the same paragraph,
    or ``first`` is the article's own event (its first, in the opening paragraphs) that a
    later sentence refers back to. Crashes, openings and anniversaries ("other") are only
    one event when their dates agree.
    """
    if first["type"] != second["type"] or first["status"] != second["status"]:
        return False
    dates = {first.get("date"), second.get("date")} - {None}
    if len(dates) > 1:
        return False
    if first.get("date") is not None and first.get("date") == second.get("date"):
        return True
    if first["type"] == "other":
        return False
    same_paragraph = first["citations"][-1]["paragraph"] == second["citations"][0]["paragraph"]
    return same_paragraph or own


def _own(index: int, event: Candidate) -> bool:
    """Say whether an event is the article's own: its first, in the opening paragraphs."""
    return index == 0 and event.paragraph <= OPENING


def _merge(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Fold a second mention of an event into the first: its date, people and citation."""
    for field_name in ("date", "inferences"):
        if field_name in other and field_name not in into:
            into[field_name] = other[field_name]
    people = {p["person"] for p in into.get("participants", [])}
    extra = [p for p in other.get("participants", []) if p["person"] not in people]
    if extra:
        into["participants"] = [*into.get("participants", []), *extra]
    citations = into.pop("citations")  # re-added last, where records keep them
    into["citations"] = [*citations, *other["citations"]]


def _known_event(reading: Reading, sentence: Sentence) -> bool:
    end = sentence.start + len(sentence.text)
    return any(
        m.kind == "event" and sentence.start <= m.start < end
        for m in reading.mentions[sentence.paragraph]
    )


def _event(reading: Reading, sentence: Sentence, kind: str, status: str, count: int) -> Candidate:
    start, end = sentence.start, sentence.start + len(sentence.text)
    record: dict[str, object] = {
        "id": f"ev-{reading.source.id}-{count}",
        "type": kind,
        "title": {"en": f"{TODO}: a title for «{_clip(sentence.text)}»"},
        "status": status,
    }
    record.update(_dated(reading, sentence, status))
    people = _people_in(reading, sentence)
    if people:
        record["participants"] = [{"person": p} for p in people]
    record["citations"] = [reading.citation(sentence.paragraph, start, end)]
    return Candidate("event", record, sentence.paragraph, start, end)


def _dated(reading: Reading, sentence: Sentence, status: str) -> dict[str, object]:
    """Return the date the sentence gives, and how its year was found."""
    found = find_dates(sentence.text, reading.lang, reading.year)
    if not found:
        return {}
    date = found[0]
    if status == "held" and date.date.first() > reading.source.date.last():
        return {}
    value = date.date.first() if date.date.day is not None else str(date.date)
    data: dict[str, object] = {"date": value}
    if date.year_inferred:
        reasoning = f"The article prints no year; taken from its publication date ({reading.year})."
        data["inferences"] = [{"field": "date", "reasoning": reasoning}]
    return data


def _people_in(reading: Reading, sentence: Sentence) -> list[str]:
    end = sentence.start + len(sentence.text)
    found = [
        m.record_id
        for m in reading.mentions[sentence.paragraph]
        if m.kind == "person" and sentence.start <= m.start < end
    ]
    return list(dict.fromkeys(found))


def _clip(text: str, limit: int = 30) -> str:
    words = text.split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def find_agreements(reading: Reading) -> Iterator[Candidate]:
    """Yield an agreement for each document a sentence says was signed.

    "…-ə, …-ə, …-ə dair sənədlər imzalanıb" (documents on A, B and C were signed) lists
    several: one candidate per item before the plural noun.
    """
    count = 0
    for sentence in reading.sentences():
        folded = key(sentence.text)
        if not _has(folded, SIGNED_VERBS):
            continue
        parties = _states(reading, sentence) or _states(reading, None)
        text = reading.article.paragraphs[sentence.paragraph - 1]
        for start, end in _documents(sentence, folded) if parties else []:
            count += 1
            record: dict[str, object] = {
                "id": f"agr-{reading.source.id}-{count}",
                "title": {"en": f"{TODO}: the document's title in «{_clip(text[start:end])}»"},
                "parties": parties,
                "status": "signed",
                "citations": [reading.citation(sentence.paragraph, start, end)],
            }
            yield Candidate("agreement", record, sentence.paragraph, start, end)


_PLURAL_DOCUMENTS = re.compile(
    r"(?<!\w)(?:senedler|құжаттар|кужаттар|документы|документов|соглашения)"
)


def _documents(sentence: Sentence, folded: str) -> list[tuple[int, int]]:
    """Return the spans (paragraph offsets) of the documents a signing sentence lists."""
    whole = [(sentence.start, sentence.start + len(sentence.text))]
    plural = _PLURAL_DOCUMENTS.search(folded)
    if plural is None:
        return whole
    head = sentence.text[: plural.start()]
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^,]+", head) if m.group().strip()]
    items = [(sentence.start + a, sentence.start + b) for a, b in spans]
    return items if len(items) >= 2 else whole


def _states(reading: Reading, sentence: Sentence | None) -> list[str]:
    """Return the states named in a sentence (or, given None, in the whole article)."""
    found = []
    for number, mentions in reading.mentions.items():
        for mention in mentions:
            record = reading.base.records.get(mention.record_id)
            if getattr(record, "type", "") != "state":
                continue
            if sentence is None or (
                number == sentence.paragraph
                and sentence.start <= mention.start < sentence.start + len(sentence.text)
            ):
                found.append(mention.record_id)
    return list(dict.fromkeys(found))
