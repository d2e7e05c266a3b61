"""Article files → normalised paragraphs and the metadata the text or the page prints.

A text file holds one paragraph per non-blank line; a saved web page (.html, .htm) is
reduced to its main text by trafilatura (menus, ads, "related news" and scripts dropped).
Paragraphs are NFC, with soft hyphens and zero-width characters removed, no-break spaces
made plain, whitespace collapsed, and words broken across lines joined again.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from briefings.errors import FactError, Problem
from briefings.facts.dates import PartialDate
from briefings.intake.dates import find_dates
from briefings.intake.script import detect_language

logger = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
_BROKEN_WORD = re.compile(r"\w[-‐]$")
_DATE_LINE = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s*")


@dataclass
class ArticleText:
    """An article's normalised paragraphs and what its page or text says about it."""

    paragraphs: list[str]
    title: str | None = None
    date: PartialDate | None = None
    outlet: str | None = None
    language: str | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the text as stored: one paragraph per line."""
        return "".join(p + "\n" for p in self.paragraphs)

    def fingerprint(self) -> str:
        """Return a hash of the normalised text, to refuse the same article twice."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def normalise_paragraph(text: str) -> str:
    """Return one paragraph in NFC, invisible characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def paragraphs_of(text: str) -> list[str]:
    """Split plain text into paragraphs (non-blank lines), joining words broken at a line end."""
    out: list[str] = []
    for line in text.splitlines():
        line = normalise_paragraph(line)
        if not line:
            continue
        if out and _BROKEN_WORD.search(out[-1]) and line[0].islower():
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return out


def read_article(path: Path) -> ArticleText:
    """Read a text file or a saved web page into an ArticleText with detected metadata."""
    raw = path.read_bytes()
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _error(path, line, "not UTF-8 text; save the article as UTF-8") from None
    if path.suffix.lower() in HTML_SUFFIXES:
        article = _from_html(decoded, path)
    else:
        article = _from_text(decoded)
    if not article.paragraphs:
        raise _error(path, 1, "no article text found in the file")
    _detect(article)
    return article


def _error(path: Path, line: int, message: str) -> FactError:
    return FactError(message, [Problem(path, line, "error", message)])


def _from_text(text: str) -> ArticleText:
    paragraphs = paragraphs_of(text)
    return ArticleText(paragraphs)


def _from_html(html: str, path: Path) -> ArticleText:
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Only a date the page states as its own: a search of the whole page would take
        # a copyright line's year for the publication date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None:
        raise _error(path, 1, "no main text found in this web page; save it as text instead")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    article = ArticleText(paragraphs_of(data.get("text") or ""))
    article.title = normalise_paragraph(data.get("title") or "") or None
    article.outlet = normalise_paragraph(data.get("sitename") or "") or None
    article.url = data.get("url") or None
    if data.get("date"):
        article.date = PartialDate.parse(str(data["date"])[:10])
    return article


def _detect(article: ArticleText) -> None:
    """Fill in language, date, title and outlet where the text prints them."""
    from briefings.intake.outlets import find_outlet

    body = " ".join(article.paragraphs)
    article.language = article.language or detect_language(body)
    if article.date is None:
        article.date = _printed_date(article)
    if article.title is None:
        article.title = _first_short_paragraph(article.paragraphs)
    if article.outlet is None:
        article.outlet = find_outlet(article.paragraphs)


def _printed_date(article: ArticleText) -> PartialDate | None:
    """Return the first full date (with its year) in the article's first paragraphs."""
    for paragraph in article.paragraphs[:4]:
        for found in find_dates(paragraph, article.language or ""):
            if not found.year_inferred and found.date.day is not None:
                return found.date
    return None


def _first_short_paragraph(paragraphs: list[str]) -> str | None:
    """Return a headline: an early paragraph of 3 to 25 words that is not a sentence."""
    for paragraph in paragraphs[:3]:
        text = _DATE_LINE.sub("", paragraph).strip()
        if 3 <= len(text.split()) <= 25 and not text.endswith((".", ":")):
            return text
    return None
