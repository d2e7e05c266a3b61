"""One article being read: its paragraphs, sentences, known names and anchor quotes.

Every rule reads through a `Reading`, so paragraph numbers and quotes are the ones
`check` verifies: paragraphs come from `facts.articles.Article`, and each quote is a
verbatim run of at most 12 words that `Article.find` places in the cited paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from briefings.facts.articles import Article
from briefings.facts.load import FactBase
from briefings.facts.model import Source
from briefings.intake.names import Gazetteer, Mention, NameForm, person_short_forms
from briefings.intake.script import key, words

MAX_QUOTE_WORDS = 12
_SENTENCE_END = re.compile(r"(?<=[.!?…»\"”])\s+(?=[\"«„“(]?[^\W\d_a-zа-яəöüğışç])")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph: its number (from 1), text and offset in the paragraph."""

    paragraph: int
    start: int
    text: str


@dataclass
class Reading:
    """The article a draft is made from, with what the base already knows."""

    source: Source
    article: Article
    base: FactBase
    gazetteer: Gazetteer
    speakers: dict[int, str] = field(default_factory=dict)  # paragraph → last speaker id

    @property
    def lang(self) -> str:
        return self.source.language

    @property
    def year(self) -> int:
        return self.source.date.year

    @cached_property
    def mentions(self) -> dict[int, list[Mention]]:
        """Return the known names per paragraph number."""
        return {n: self.gazetteer.find(text) for n, text in self.numbered()}

    def add_people(self, names: dict[str, str]) -> None:
        """Find candidate people (id → name as printed) wherever the text names them again."""
        forms = []
        for record_id, name in names.items():
            texts = [name, *person_short_forms(name)]
            for text in texts:
                tokens = tuple(key(m.group()) for m in words(text))
                forms.append(NameForm(record_id, "person", tokens, text))
        extra = Gazetteer(forms)
        for number, text in self.numbered():
            known = self.mentions[number]
            for mention in extra.find(text):
                if not any(m.start < mention.end and mention.start < m.end for m in known):
                    known.append(mention)
            known.sort(key=lambda m: m.start)

    def numbered(self) -> Iterator[tuple[int, str]]:
        """Yield (paragraph number, text), numbered from 1 as citations count them."""
        yield from enumerate(self.article.paragraphs, start=1)

    def sentences(self) -> Iterator[Sentence]:
        """Yield every sentence of the article, paragraph by paragraph."""
        for number, text in self.numbered():
            start = 0
            for part in _SENTENCE_END.split(text):
                offset = text.find(part, start)
                yield Sentence(number, offset, part)
                start = offset + len(part)

    def quote(self, paragraph: int, start: int, end: int | None = None) -> str | None:
        """Return a verbatim anchor quote of at most 12 words around text[start:end]."""
        text = self.article.paragraphs[paragraph - 1]
        tokens = words(text)
        first = next((i for i, t in enumerate(tokens) if t.end() > start), None)
        if first is None:
            return None
        last = first
        while last + 1 < len(tokens) and end is not None and tokens[last + 1].start() < end:
            last += 1
        return self._unique_window(text, tokens, first, last, paragraph)

    def _unique_window(
        self, text: str, tokens: list[re.Match[str]], first: int, last: int, paragraph: int
    ) -> str | None:
        """Widen the quote to 4+ words until `Article.find` places it in ``paragraph``."""
        last = min(max(last, first + 3), len(tokens) - 1, first + MAX_QUOTE_WORDS - 1)
        while True:
            quote = text[tokens[first].start() : tokens[last].end()]
            if self.article.find(quote) == paragraph:
                return quote
            if last - first + 1 >= MAX_QUOTE_WORDS or last + 1 >= len(tokens):
                return None
            last += 1

    def citation(self, paragraph: int, start: int, end: int | None = None) -> dict[str, object]:
        """Return a citation of this source (as plain data) with its anchor quote."""
        citation: dict[str, object] = {"source": self.source.id, "paragraph": paragraph}
        quote = self.quote(paragraph, start, end)
        if quote:
            citation["quote"] = quote
        return citation
