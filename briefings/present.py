"""How facts read in a briefing: names, dates, values, roles and citation footnotes.

Templates call these (``name(p)``, ``t(e.summary)``, ``cite(f)``); everything that is
text for a reader goes through here, localized, and comes back escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from markupsafe import Markup, escape

from briefings.facts.dates import PartialDate
from briefings.facts.load import FactBase
from briefings.facts.model import SOURCE_MENTION, Figure, Localized, Role, Source
from briefings.language.names import attested_forms
from briefings.localize import (
    format_money,
    format_number,
    format_partial_date,
    format_percentage,
    lower,
    names_the_same,
    ordinal,
    translations,
)


class Presenter:
    """Turns records into reader text in one language, numbering sources as it goes."""

    def __init__(
        self,
        full: FactBase,
        lang: str,
        as_of: dt.date,
        sources: list[Source],
        our_side: str | None = None,
    ) -> None:
        self.full = full
        self.lang = lang
        self.as_of = as_of
        self.our_side = our_side
        self.source_numbers = {source.id: n for n, source in enumerate(sources, start=1)}
        self.gettext = translations(lang).gettext

    def helpers(self) -> dict[str, Any]:
        """Return the functions templates may call."""
        return {
            "t": self.text,
            "name": self.name,
            "other_names": self.other_names,
            "names_in_sources": self.names_in_sources,
            "date": self.date,
            "value": self.value,
            "role": self.role,
            "cite": self.cite,
            "sources_of": self.sources_of,
            "period": self.period,
            "ordinal": self.ordinal,
            "pair": self.pair,
            "place": self.place,
            "ours_first": self.ours_first,
            "inside": self.inside,
            "cite_all": self.cite_all,
            "inferred": self.inferred,
            "prose": self.prose,
            "inference_note": self.inference_note,
        }

    def text(self, localized: Localized | None) -> Markup:
        """Return the text in the briefing language, or English marked as untranslated."""
        if localized is None:
            return Markup("")
        value = localized.get(self.lang)
        if value is not None:
            return self.prose(value)
        mark = self.gettext("[in English]")
        return Markup('<span class="untranslated" lang="en">{} {}</span>').format(
            self.prose(localized.en), mark
        )

    def prose(self, text: str) -> Markup:
        """Return fact text escaped, its "[src-…]" mentions numbered as the source list is."""
        return Markup(SOURCE_MENTION.sub(self._mention, str(escape(text))))

    def _mention(self, match: re.Match[str]) -> str:
        ids = [part.strip() for part in match.group(1).split(",")]
        known = [str(self.source_numbers[i]) for i in ids if i in self.source_numbers]
        if len(known) == len(ids):
            return "[" + ", ".join(known) + "]"
        outlets = [self.full.sources[i].outlet for i in ids if i in self.full.sources]
        return "(" + "; ".join(str(escape(o)) for o in outlets) + ")"

    def name(self, record: Any) -> str:
        """Return a person's or organization's name in the briefing language's script."""
        if isinstance(record, str):
            record = self.full.records[record]
        names = getattr(record, "name", None)
        if isinstance(names, Localized):
            return names.get(self.lang) or names.en
        return record.label(self.lang)

    def other_names(self, record: Any) -> list[tuple[str, str]]:
        """Return the name as the articles print it in the other languages, as (lang, name).

        Only attested spellings: our transliterations never pass for what a source printed.
        """
        return [(lang, name) for lang, name, printed in self.names_in_sources(record) if printed]

    def names_in_sources(self, record: Any) -> list[tuple[str, str, bool]]:
        """Return the name in the other languages as (lang, name, printed) triples.

        ``printed`` tells whether an article in that language prints the spelling (in any
        inflection); otherwise it is our transliteration, to be marked as such.
        """
        shown = self.name(record)
        printed = attested_forms(record)
        pairs = [(lang, record.name.get(lang)) for lang in ("az", "kk") if lang != self.lang]
        return [
            (lang, name, printed.get(lang) == name)
            for lang, name in pairs
            if name and name != shown
        ]

    def date(self, value: PartialDate | dt.date | None, style: str = "long") -> str:
        """Return a date as the briefing language writes it."""
        if isinstance(value, dt.date):
            value = PartialDate.parse(value)
        return format_partial_date(value, self.lang, style)

    def value(self, figure: Figure) -> str:
        """Return a figure's value with its unit and qualifier ("approx. US$500M")."""
        amount = self._amount(figure)
        qualifier = {
            "approximately": self.gettext("approx. %(value)s"),
            "more-than": self.gettext("more than %(value)s"),
            "less-than": self.gettext("less than %(value)s"),
            "up-to": self.gettext("up to %(value)s"),
        }.get(figure.qualifier, "%(value)s")
        return qualifier % {"value": amount}

    def _amount(self, figure: Figure) -> str:
        if figure.unit in ("USD", "EUR", "AZN", "KZT"):
            return format_money(figure.value, figure.unit, self.lang)
        if figure.unit == "percent":
            return format_percentage(figure.value, self.lang)
        number = format_number(figure.value, self.lang)
        if figure.unit == "times":
            return self.gettext("%(number)s times") % {"number": number}
        if figure.unit == "tonnes":
            return self.gettext("%(number)s tonnes") % {"number": number}
        counted = self.text(figure.counted) if figure.counted else ""
        return f"{number} {counted}".strip()

    def role(self, person: Any) -> Markup:
        """Return the person's latest role as of the briefing date, with its organization.

        The organization is left out when the title already names it ("President of the
        Republic of Kazakhstan", not "…, President of the Republic of Kazakhstan").
        """
        current = [r for r in person.roles if _holds(r, self.as_of)]
        if not current:
            return Markup("")
        latest = current[-1]
        title = self.text(latest.title)
        if latest.organization and latest.organization in self.full.records:
            org = self.name(latest.organization)
            if names_the_same(str(title), org, self.lang):
                return title
            return Markup(self.gettext("%(title)s, %(organization)s")) % {
                "title": title,
                "organization": org,
            }
        return title

    def ordinal(self, number: int) -> str:
        """Return an ordinal prefix as the language writes it ("1-", "1-ci", "1")."""
        return ordinal(number, self.lang)

    def pair(self) -> str:
        """Return "Azerbaijan–Kazakhstan", or our side first when the briefing is for one side."""
        names = {"AZ": self.gettext("Azerbaijan"), "KZ": self.gettext("Kazakhstan")}
        first = self.our_side if self.our_side in names else "AZ"
        second = "KZ" if first == "AZ" else "AZ"
        return f"{names[first]}\u2013{names[second]}"

    def inside(self, label: str) -> Markup:
        """Return a label as it stands inside a sentence: its first letter in lower case."""
        text = escape(label)
        return Markup(lower(text[:1], self.lang) + text[1:])

    def ours_first(self, groups: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        """Return (side, items) groups with our side's group first, the rest in their order."""
        return sorted(groups, key=lambda group: group[0] != self.our_side)

    def place(self, event: Any) -> Markup:
        """Return ", place" for an event, or nothing when its title already says where."""
        if not getattr(event, "place", None):
            return Markup("")
        where = self.text(event.place)
        nearest = str(where).split(",")[0]
        if names_the_same(str(self.text(event.title)), nearest, self.lang):
            return Markup("")
        return Markup(", ") + where

    def cite(self, record: Any) -> Markup:
        """Return one footnote citing every article the record comes from, and its inferences.

        ``data-facts`` names the record, so the block holding the footnote carries its fact id
        into the DOCX (a content control) for the editors' round trip.
        """
        return self.cite_all([record], reasons=True)

    def cite_all(self, records: Any, reasons: bool = False) -> Markup:
        """Return one merged footnote for a line that rests on several records.

        With ``reasons`` it also gives why inferred values were inferred: a line stating
        one record shows them; a line counting many cites their sources only.
        """
        records = list(records)
        parts = [self._provenance(r, reasons) for r in records]
        merged = self._merged_sources([r for r in records if r.kind != "assessment"])
        parts = [p for p in parts if p]
        text = Markup("; ").join([m for m in (merged,) if m] + parts)
        facts = " ".join(r.id for r in records)
        if not text:
            return Markup('<span data-facts="{}"></span>').format(facts) if facts else text
        return Markup('<span class="fn" data-facts="{}">{}</span>').format(facts, _capital(text))

    def _merged_sources(self, records: list[Any]) -> Markup:
        citations = [c for r in records if not r.internal for c in r.citations]
        return self._citations(citations)

    def _provenance(self, record: Any, reasons: bool = True) -> Markup:
        """Return what a footnote says beyond the sources: whose judgement, what is inferred."""
        if record.kind == "assessment":
            rests: list[Any] = [
                self.full.records[i] for i in record.rests_on if i in self.full.records
            ]
            head = self.gettext("Desk judgement (%(author)s, %(date)s), resting on: %(sources)s")
            sources = self._citations([c for r in rests for c in getattr(r, "citations", [])])
            date = self.date(record.date, "medium")
            author = self.text(record.author)
            return Markup(head) % {"author": author, "date": date, "sources": sources}
        if getattr(record, "internal", False):
            return self.prose(self.gettext("Internal record: %(note)s") % {"note": record.note})
        shown = INFERRED_SHOWN if reasons else frozenset()
        notes = [self._inference(i) for i in record.inferences if i.field in shown]
        return Markup("; ").join(notes)

    def _inference(self, inference: Any) -> Markup:
        label = self.gettext("inferred %(field)s") % {"field": self._field(inference.field)}
        return Markup("{}: {}").format(label, self.text(inference.reasoning))

    def _field(self, name: str) -> str:
        return {
            "date": self.gettext("date"),
            "period": self.gettext("period"),
            "title": self.gettext("title"),
            "target": self.gettext("target date"),
            "fulfilled_by": self.gettext("fulfilment"),
        }.get(name, name)

    def inferred(self, record: Any, field: str) -> Markup:
        """Return the mark after a value the articles imply but do not print."""
        if any(i.field == field for i in getattr(record, "inferences", [])):
            return Markup(" <em>({})</em>").format(self.gettext("inferred"))
        return Markup("")

    def inference_note(self, record: Any, field: str) -> Markup:
        """Return the inferred mark and a footnote with the reasoning, for a value in a list."""
        found = [i for i in getattr(record, "inferences", []) if i.field == field]
        if not found:
            return Markup("")
        note = Markup('<span class="fn">{}</span>').format(_capital(self._inference(found[0])))
        return self.inferred(record, field) + note

    def sources_of(self, record: Any) -> Markup:
        """Return the record's citations as text marked with its fact id (see ``cite``)."""
        text = self._sources(record)
        facts = getattr(record, "id", "")
        return Markup('<span data-facts="{}">{}</span>').format(facts, text) if facts else text

    def _sources(self, record: Any) -> Markup:
        """Return the record's citations, one entry per source with all its paragraphs."""
        return self._citations(record.citations)

    def _citations(self, citations: Any) -> Markup:
        """Return citations merged: one entry per source with all its paragraphs."""
        paragraphs: dict[str, list[int]] = {}
        for citation in citations:
            if citation.source in self.source_numbers:
                paragraphs.setdefault(citation.source, []).append(citation.paragraph)
        ordered = sorted(paragraphs, key=self.source_numbers.__getitem__)
        return Markup("; ").join(self._citation(s, sorted(set(paragraphs[s]))) for s in ordered)

    def _citation(self, source_id: str, paragraphs: list[int]) -> Markup:
        source = self.full.sources[source_id]
        numbers = ", ".join(str(n) for n in paragraphs)
        template = (
            self.gettext("[%(number)s] %(outlet)s, %(date)s, para. %(paragraph)s")
            if len(paragraphs) == 1
            else self.gettext("[%(number)s] %(outlet)s, %(date)s, paras. %(paragraph)s")
        )
        text = template % {
            "number": self.source_numbers[source_id],
            "outlet": source.outlet,
            "date": self.date(source.date, "medium"),
            "paragraph": numbers,
        }
        return escape(text)

    def period(self, value: str) -> str:
        """Return an ISO period ("2024", "2020/2025", "2025-03-03") as the language writes it."""
        parts = [self.date(PartialDate.parse(part), "medium") for part in value.split("/")]
        return "–".join(parts)


INFERRED_SHOWN = frozenset({"date", "period", "title", "target", "fulfilled_by"})


def _capital(text: Markup) -> Markup:
    """Return a note opening with a capital letter ("Inferred date: …")."""
    return Markup(text[:1].upper()) + text[1:] if text[:1].islower() else text


def _words(text: str) -> list[str]:
    """Return the words of a text, lower-cased the Turkic way (İ → i, I → ı)."""
    lowered = text.replace("İ", "i").replace("I", "ı").lower()
    return re.findall(r"\w+", lowered)


def _holds(role: Role, date: dt.date) -> bool:
    started = role.from_ is None or role.from_.first() <= date
    ongoing = role.to is None or role.to.last() >= date
    return started and ongoing
