"""Refuse to write a PDF whose text our fonts cannot draw.

When a character is missing from the ``@font-face`` fonts, WeasyPrint silently falls back to
whatever system font has it (or draws a box): the PDF then mixes typefaces, or shows tofu for
a name in Azerbaijani or Kazakh. The rule here is deliberately simple: every font declared by
``@font-face`` in the document's stylesheets must cover every character the document shows
(body text, ``<title>``, and the marking and page label that go into page margins).
Whitespace and control/format characters (soft hyphen, zero-width joiners) are ignored.

Font cmaps and parsed stylesheets are cached per process, keyed by file identity, so a build
that writes many briefings pays for them once. fontTools and the fetcher (which imports
WeasyPrint) are imported on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import tinycss2

from briefings.errors import Problem, WriterError

logger = logging.getLogger(__name__)

HEADINGS = frozenset({"h1", "h2", "h3", "h4"})
HIDDEN = frozenset({"head", "style", "script", "template"})
IGNORED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
MARGIN_METAS = ("classification", "page-label")
SNIPPET = 30


@dataclass(frozen=True)
class TextRun:
    """A piece of shown text with where it sits, to say where a missing glyph is."""

    where: str
    text: str


@dataclass
class ScannedDocument:
    """What the writer needs from the HTML: head metadata, stylesheets and shown text."""

    lang: str = ""
    title: str = ""
    metas: dict[str, str] = field(default_factory=dict)
    stylesheets: list[str] = field(default_factory=list)
    inline_css: list[str] = field(default_factory=list)
    runs: list[TextRun] = field(default_factory=list)

    def shown_characters(self) -> set[str]:
        """Return every distinct character the reader will see, margins included."""
        chars = set("".join(run.text for run in self.runs))
        chars.update(self.title, *(self.metas.get(name, "") for name in MARGIN_METAS))
        return chars


class _Scanner(HTMLParser):
    """Collect head metadata and body text in one pass (entities already decoded)."""

    def __init__(self) -> None:
        """Start outside any heading, with character references decoded for us."""
        super().__init__(convert_charrefs=True)
        self.doc = ScannedDocument()
        self.stack: list[str] = []
        self.heading = "(before the first heading)"
        self.heading_parts: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Track nesting, headings and the head elements the writer reads."""
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.doc.lang = values.get("lang", "")
        elif tag == "meta" and values.get("name"):
            self.doc.metas.setdefault(values["name"].lower(), values.get("content", ""))
        elif tag == "link" and "stylesheet" in values.get("rel", "").lower().split():
            self.doc.stylesheets.append(values.get("href", ""))
        if tag in HEADINGS:
            self.heading_parts = []
        if tag not in ("meta", "link", "br", "col", "img", "hr", "input", "wbr"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost matching element; a closed heading becomes the context."""
        if tag in HEADINGS and self.heading_parts is not None:
            self.heading = " ".join("".join(self.heading_parts).split())
            self.heading_parts = None
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        """Record shown text with its heading; keep title and inline CSS apart."""
        current = self.stack[-1] if self.stack else ""
        if current == "title":
            self.doc.title += data
        elif current == "style":
            self.doc.inline_css.append(data)
        elif not HIDDEN.intersection(self.stack):
            self.doc.runs.append(TextRun(self.heading, data))
            if self.heading_parts is not None:
                self.heading_parts.append(data)


def scan_document(html: str) -> ScannedDocument:
    """Parse the HTML once for everything the PDF writer and the glyph check need."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    scanner.doc.title = " ".join(scanner.doc.title.split())
    return scanner.doc


@lru_cache(maxsize=64)
def _font_characters(path: Path, mtime_ns: int, size: int) -> frozenset[str]:
    """Read a font's cmap once per file version (the key changes when the file does)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap() or {}
    logger.debug("read %d code points from %s", len(cmap), path.name)
    return frozenset(map(chr, cmap))


def font_characters(path: Path) -> frozenset[str]:
    """Return the characters a font file can draw, from the per-process cache."""
    stat = path.stat()
    return _font_characters(path, stat.st_mtime_ns, stat.st_size)


def _font_face_urls(css: str) -> list[str]:
    """Return the ``url()`` sources of every ``@font-face`` rule, in source order."""
    urls: list[str] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face":
            continue
        for decl in tinycss2.parse_blocks_contents(rule.content or []):
            if decl.type == "declaration" and decl.lower_name == "src":
                urls.extend(_url_tokens(decl.value))
    return urls


def _url_tokens(tokens: list[tinycss2.ast.Node]) -> list[str]:
    """Return the URLs in a ``src`` value, both ``url(x)`` and ``url("x")`` forms."""
    found = []
    for token in tokens:
        if token.type == "url":
            found.append(token.value)
        elif token.type == "function" and token.lower_name == "url":
            found.extend(arg.value for arg in token.arguments if arg.type == "string")
    return found


@lru_cache(maxsize=64)
def _stylesheet_font_urls(path: Path, mtime_ns: int, size: int) -> tuple[str, ...]:
    """Parse a stylesheet file's ``@font-face`` sources once per file version."""
    urls = _font_face_urls(path.read_text(encoding="utf-8"))
    return tuple(urljoin(path.as_uri(), url) for url in urls)


def declared_fonts(doc: ScannedDocument, templates: Path) -> list[Path]:
    """Return the font files the document's stylesheets declare, as the fetcher allows them."""
    root = templates.resolve()
    base = root.as_uri() + "/"
    urls: list[str] = []
    for href in doc.stylesheets:
        sheet = _allowed(root, urljoin(base, href))
        if sheet is not None and sheet.suffix.lower() == ".css":
            stat = sheet.stat()
            urls.extend(_stylesheet_font_urls(sheet, stat.st_mtime_ns, stat.st_size))
    for css in doc.inline_css:
        urls.extend(urljoin(base, url) for url in _font_face_urls(css))
    fonts = (_allowed(root, url) for url in urls)
    return list(dict.fromkeys(font for font in fonts if font is not None))


def _allowed(root: Path, url: str) -> Path | None:
    """Return the file behind a URL if the fetcher would serve it, else None."""
    from briefings.writers.fetcher import RefusedURL, resolve_inside

    try:
        return resolve_inside(root, url)
    except RefusedURL:
        return None


def _needs_glyph(char: str) -> bool:
    """Say whether a character is drawn (spaces other than ASCII ones are drawn too)."""
    return char not in " \t\n\r\f" and unicodedata.category(char) not in IGNORED_CATEGORIES


def missing_glyphs(chars: set[str], fonts: list[Path]) -> dict[str, list[str]]:
    """Map each drawn character some font lacks to the names of the fonts lacking it."""
    needed = {char for char in chars if _needs_glyph(char)}
    missing: dict[str, list[str]] = {}
    for font in fonts:
        for char in sorted(needed - font_characters(font)):
            missing.setdefault(char, []).append(font.name)
    return missing


def locate(doc: ScannedDocument, char: str) -> str:
    """Say where a character first appears: its heading and a snippet of its text."""
    for run in doc.runs:
        index = run.text.find(char)
        if index >= 0:
            start = max(0, index - SNIPPET)
            snippet = " ".join(run.text[start : index + SNIPPET].split())
            return f"under heading {run.where!r}, in text {snippet!r}"
    if char in doc.title:
        return f"in <title> {doc.title!r}"
    names = [name for name in MARGIN_METAS if char in doc.metas.get(name, "")]
    return f'in <meta name="{names[0] if names else "?"}">'


def describe(char: str) -> str:
    """Name a character unambiguously: repr, code point and Unicode name."""
    name = unicodedata.name(char, f"unnamed, category {unicodedata.category(char)}")
    return f"{char!r} (U+{ord(char):04X} {name})"


def check_glyphs(doc: ScannedDocument, templates: Path) -> None:
    """Raise WriterError naming each character, where it is and which font file lacks it."""
    fonts = declared_fonts(doc, templates)
    if not fonts:
        logger.warning("no @font-face fonts inside %s: glyph check skipped", templates)
        return
    missing = missing_glyphs(doc.shown_characters(), fonts)
    if not missing:
        return
    problems = [
        Problem(None, None, "error", _message(doc, char, lacking), field="glyph")
        for char, lacking in sorted(missing.items())
    ]
    lines = "\n".join(f"  {problem.message}" for problem in problems)
    raise WriterError(
        f"{len(problems)} character(s) missing from the PDF fonts:\n{lines}", problems
    )


def _message(doc: ScannedDocument, char: str, lacking: list[str]) -> str:
    """Build one missing-glyph line: what, where, and which font files lack it."""
    return f"missing glyph {describe(char)} {locate(doc, char)}; not in {', '.join(lacking)}"
