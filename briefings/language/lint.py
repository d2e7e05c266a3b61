"""Lint Azerbaijani and Kazakh text against docs/languages.md.

Used twice: by `briefings check` on the az and kk fact texts (as warnings) and by the
tests on every rendered az and kk briefing, which must come out clean. Each rule is a
small function from text to findings, so a finding names its rule and the words at fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import html as lxml_html

from briefings.facts.model import SOURCE_MENTION
from briefings.language.glossary import (
    ALLOWED_CAPITALS,
    ALLOWED_LATIN,
    AVOID,
    COMMON_WORDS,
    ENGLISH_WORDS,
    NAMED_AFTER,
    TOPONYMS,
)
from briefings.localize import lower

LANGUAGES = ("az", "kk")


@dataclass(frozen=True)
class Finding:
    """One breach of the conventions: the rule, the words at fault and what to write."""

    rule: str
    excerpt: str
    advice: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.excerpt!r}: {self.advice}"


_LATIN_TOKEN = re.compile(r"(?<![\w-])[A-Za-z][\w.-]*\w|(?<![\w-])[A-Za-z](?![\w-])")
_TOKEN = re.compile(r"[^\W\d_][\w-]*")
_KK_ABBREVIATED_MONTH = re.compile(
    r"\b(қаң|ақп|нау|сәу|мам|мау|шіл|там|қыр|қаз|қар|жел)\.|\d{4}\s?ж\.(?!\w)"
)
_AZ_ABBREVIATED_MONTH = re.compile(r"\b\d{1,2}\s(yan|fev|mar|apr|iyn|iyl|avq|sen|okt|noy|dek)\b")
_KK_ORDINAL = re.compile(r"\b\d+-(ші|шы|інші|ыншы)\b")
_REPEAT = re.compile(r"(?<![\w-])([^\W\d_][\w\s«»-]{2,80}?), \1(?![\w-])", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"\b(1[89]|20)\d\d-(1[89]|20)\d\d\b")


def lint_text(text: str, lang: str) -> list[Finding]:
    """Return every finding in one text (a fact's sentence or a whole briefing)."""
    if lang not in LANGUAGES:
        return []
    text = SOURCE_MENTION.sub("[1]", text)  # a [src-…] mention is printed as a number
    return [finding for rule in RULES for finding in rule(text, lang)]


def straight_quotes(text: str, lang: str) -> Iterator[Finding]:
    """Quotes are «…» in Kazakh and Azerbaijani running text."""
    for match in re.finditer(r'"[^"]{0,60}"?', text):
        yield Finding("quotes", match.group(), "use «…»")


def latin_or_english(text: str, lang: str) -> Iterator[Finding]:
    """No Latin words in Kazakh, no English words in Azerbaijani, except glossary names."""
    for match in _LATIN_TOKEN.finditer(text):
        word = re.split(r"-(?=[^\x00-\x7f])", match.group())[0]
        if lang == "kk" and word not in ALLOWED_LATIN:
            yield Finding("latin", word, "write it in Kazakh, or add the name to the glossary")
        elif lang == "az" and word.lower() in ENGLISH_WORDS and word not in ALLOWED_LATIN:
            yield Finding("english", word, "write it in Azerbaijani")


def month_abbreviations(text: str, lang: str) -> Iterator[Finding]:
    """Neither language has month abbreviations: a full date, or 03.03.2025."""
    pattern = _KK_ABBREVIATED_MONTH if lang == "kk" else _AZ_ABBREVIATED_MONTH
    for match in pattern.finditer(text):
        yield Finding("month", match.group(), "write the month in full, or 03.03.2025")


def kazakh_ordinals(text: str, lang: str) -> Iterator[Finding]:
    """Kazakh writes a numeral ordinal as "3-", not "3-ші"."""
    if lang == "kk":
        for match in _KK_ORDINAL.finditer(text):
            yield Finding("ordinal", match.group(), "write 3- (or Үшінші in words)")


def repetitions(text: str, lang: str) -> Iterator[Finding]:
    """ "X, X": a name or title said twice in a row."""
    for match in _REPEAT.finditer(text):
        yield Finding("repeat", match.group(), "say it once")


def glossary_terms(text: str, lang: str) -> Iterator[Finding]:
    """One term per concept: a non-preferred synonym points to the glossary's term."""
    folded = lower(text, lang)
    for pattern, preferred in AVOID[lang].items():
        for match in re.finditer(r"(?<!\w)" + pattern, folded):
            yield Finding("glossary", text[match.start() : match.end()], f"write {preferred}")


def dashes(text: str, lang: str) -> Iterator[Finding]:
    """Ranges and pairs of places take an en dash: 2022–2026, Әзербайжан–Қазақстан."""
    for match in _YEAR_RANGE.finditer(text):
        yield Finding("dash", match.group(), "use an en dash (–) in ranges")
    names = "|".join(TOPONYMS[lang])
    for match in re.finditer(rf"\b(?:{names})\w*-(?:{names})", text):
        yield Finding("dash", match.group(), "use an en dash (–) between two place names")


def inner_capitals(text: str, lang: str) -> Iterator[Finding]:
    """Only the first word of a multiword common name takes a capital."""
    for sentence in re.split(r"(?<=[.!?:;])\s+|[«(\[\n]", text):
        tokens = _TOKEN.findall(sentence)
        for before, word, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
            if _inner_capital(word, after, lang) and before not in NAMED_AFTER:
                yield Finding("capitals", f"{before} {word} {after}", "lower-case it")


def _inner_capital(word: str, after: str, lang: str) -> bool:
    if not (word[:1].isupper() and word[1:].islower()) or word in ALLOWED_CAPITALS:
        return False
    common = lower(word, lang) in COMMON_WORDS[lang]
    return common and after[:1].islower()


Rule = Callable[[str, str], Iterator[Finding]]
RULES: tuple[Rule, ...] = (
    straight_quotes,
    latin_or_english,
    month_abbreviations,
    kazakh_ordinals,
    repetitions,
    glossary_terms,
    dashes,
    inner_capitals,
)


def reader_text(document: str, lang: str) -> str:
    """Return what a reader of an HTML briefing reads in its language, line by line.

    Left out: passages marked as another language (names as the articles print them,
    the articles' own titles) and web addresses; kept: the title, headings, tables,
    footnotes and the page label.
    """
    tree = lxml_html.fromstring(document.encode())
    for title in tree.xpath("//ol[@class='sources']//span[@lang]"):
        title.drop_tree()  # the articles' own titles, verbatim
    for contents in tree.xpath("//nav"):
        contents.drop_tree()  # repeats the headings, read in place
    for element in tree.xpath("//*[@lang]"):
        if element.get("lang") != lang and element.tag != "html":
            element.drop_tree()
    for link in tree.xpath("//a[starts-with(@href, 'http')]"):
        link.drop_tree()
    labels = tree.xpath("//meta[@name='page-label']")
    metas = [re.sub(r"\{\w+\}", "", m.get("content", "")) for m in labels]
    blocks = tree.xpath(
        "//title | //body//*[self::p or self::li or self::td or self::th or "
        "self::h1 or self::h2 or self::h3][not(.//p or .//li or .//td)]"
    )
    return "\n".join([*metas, *(" ".join(b.text_content().split()) for b in blocks)])


def lint_html(document: str, lang: str) -> list[Finding]:
    """Return every finding in a rendered briefing's reader text."""
    return lint_text(reader_text(document, lang), lang)
