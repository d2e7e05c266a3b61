"""Read a DOCX back as blocks with the facts behind them, plus comments and tracked changes.

python-docx reads neither content controls (its issue #155) nor tracked changes (#340), so
this walks the WordprocessingML with lxml. A block is a body paragraph or a table row (the
units the writer wraps in content controls). Its text is the accepted view: inserted text
counts, deleted text does not. Paragraphs of a table of contents are left out, since Word
and LibreOffice rewrite them on their own.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from briefings.errors import BriefingError
from briefings.writers.docx_controls import (
    BRIEFING_PROPERTY,
    CUSTOM_NS,
    EDITION_PROPERTY,
    facts_of_tag,
)

logger = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "cp": CUSTOM_NS}
SPACES = {f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"}
TOC_STYLES = ("toc", "contents")  # Word's and LibreOffice's style ids for TOC entries


def w(tag: str) -> str:
    """Return the Clark name of a ``w:`` element or attribute."""
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Block:
    """One paragraph or table row: its text and the facts a content control names for it."""

    index: int
    text: str
    facts: tuple[str, ...] | None  # None: no control of ours around it (flattened or new)
    rejected: str = ""  # the text with every tracked change rejected


@dataclass(frozen=True)
class Revision:
    """A tracked change (``w:ins``/``w:del``) in a block."""

    block: int
    kind: str  # "inserted" or "deleted"
    text: str
    author: str
    date: str


@dataclass(frozen=True)
class Note:
    """A Word comment, anchored in a block."""

    block: int
    author: str
    text: str


@dataclass
class DocxContent:
    """What a DOCX holds for the round trip."""

    properties: dict[str, str]
    blocks: list[Block] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def briefing(self) -> str:
        return self.properties.get(BRIEFING_PROPERTY, "")

    @property
    def edition(self) -> str:
        return self.properties.get(EDITION_PROPERTY, "")


def read_docx(data: bytes, name: str) -> DocxContent:
    """Return the blocks, comments and tracked changes of a DOCX; raise if it is not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {n: archive.read(n) for n in archive.namelist() if _wanted(n)}
        document = etree.fromstring(parts["word/document.xml"])
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as error:
        raise BriefingError(f"{name}: not a Word document ({error})") from error
    content = DocxContent(custom_properties(parts.get("docProps/custom.xml")))
    anchors: dict[str, int] = {}
    _walk(document.find(w("body")), None, content, anchors)
    content.notes = _notes(parts.get("word/comments.xml"), anchors)
    return content


def read_docx_file(path: Path) -> DocxContent:
    """Read a DOCX from disk; a missing file is a clean error."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BriefingError(f"{path}: cannot read: {error.strerror}") from error
    return read_docx(data, str(path))


def _wanted(name: str) -> bool:
    return name in ("word/document.xml", "word/comments.xml", "docProps/custom.xml")


def custom_properties(data: bytes | None) -> dict[str, str]:
    """Return the custom document properties as text."""
    if data is None:
        return {}
    root = etree.fromstring(data)
    found = {}
    for prop in root.findall("cp:property", NS):
        found[prop.get("name", "")] = "".join(prop.itertext()).strip()
    return found


def _walk(
    container: etree._Element, facts: tuple[str, ...] | None, content: DocxContent, anchors: dict
) -> None:
    """Add the container's paragraphs and rows as blocks, inheriting a control's facts."""
    for child in container:
        if child.tag == w("p") and not _is_toc(child):
            _add_block(content, [child], facts or _inner_facts(child), anchors)
        elif child.tag == w("tbl"):
            for row in _rows(child):
                row_facts = facts or _outer_facts(row) or _inner_facts(row)
                _add_block(content, [row], row_facts, anchors)
        elif child.tag == w("sdt") and child.find("w:sdtPr/w:docPartObj", NS) is None:
            inner = child.find("w:sdtContent", NS)
            if inner is not None:
                _walk(inner, _control_facts(child) or facts, content, anchors)


def _rows(table: etree._Element) -> list[etree._Element]:
    """Return a table's rows, looking inside row-level content controls."""
    return [row for row in table.iter(w("tr")) if _owner_table(row) is table]


def _owner_table(row: etree._Element) -> etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != w("tbl"):
        parent = parent.getparent()
    return parent


def _control_facts(sdt: etree._Element) -> tuple[str, ...] | None:
    """Return the facts a control's tag (or alias, which LibreOffice keeps) names."""
    for name in ("tag", "alias"):
        found = sdt.find(f"w:sdtPr/w:{name}", NS)
        facts = facts_of_tag(found.get(w("val")) if found is not None else None)
        if facts is not None:
            return facts
    return None


def _outer_facts(row: etree._Element) -> tuple[str, ...] | None:
    """Return the facts of a row-level control around the row, if any."""
    parent = row.getparent()
    while parent is not None and parent.tag != w("tbl"):
        if parent.tag == w("sdt"):
            return _control_facts(parent)
        parent = parent.getparent()
    return None


def _inner_facts(block: etree._Element) -> tuple[str, ...] | None:
    """Return the facts of the first control of ours inside a paragraph or row."""
    for sdt in block.iter(w("sdt")):
        facts = _control_facts(sdt)
        if facts is not None:
            return facts
    return None


def _is_toc(paragraph: etree._Element) -> bool:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    value = (style.get(w("val"), "") if style is not None else "").lower()
    return value.startswith(TOC_STYLES)


def _add_block(
    content: DocxContent, elements: list, facts: tuple[str, ...] | None, anchors: dict
) -> None:
    """Record a block's text, its tracked changes and where comments are anchored in it."""
    index = len(content.blocks)
    texts = [_text(element) for element in elements]
    for element in elements:
        for mark in element.iter(w("commentRangeStart"), w("commentReference")):
            anchors.setdefault(mark.get(w("id"), ""), index)
        content.revisions += _revisions(element, index)
    separator = " | " if elements[0].tag == w("tr") else " "
    text = separator.join(t for t in texts if t)
    rejected = separator.join(t for t in (_text(e, rejected=True) for e in elements) if t)
    content.blocks.append(Block(index, text, facts, rejected))


def _text(element: etree._Element, *, rejected: bool = False) -> str:
    """Return the accepted (or rejected) text, a row's cells joined with " | "."""
    if element.tag == w("tr"):
        cells = [c for c in element.iter(w("tc"))]
        return " | ".join(_text_of(cell, rejected=rejected) for cell in cells)
    return _text_of(element, rejected=rejected)


def _text_of(element: etree._Element, *, rejected: bool = False) -> str:
    """Return the text as it reads with tracked changes accepted (or rejected)."""
    pieces: list[str] = []
    texts = (w("delText"), w("t")) if rejected else (w("t"),)
    for node in element.iter(*texts, *SPACES):
        if _inside(node, w("ins") if rejected else w("del")):
            continue
        pieces.append(node.text or "" if node.tag in texts else " ")
    return " ".join("".join(pieces).split())


def _inside(node: etree._Element, tag: str) -> bool:
    return any(ancestor.tag == tag for ancestor in node.iterancestors())


def _revisions(element: etree._Element, index: int) -> list[Revision]:
    """Return the tracked insertions and deletions with text inside the element."""
    found = []
    for change in element.iter(w("ins"), w("del")):
        texts = change.iter(w("t"), w("delText"))
        text = "".join(t.text or "" for t in texts).strip()
        if text:
            kind = "inserted" if change.tag == w("ins") else "deleted"
            author, date = change.get(w("author"), ""), change.get(w("date"), "")
            found.append(Revision(index, kind, text, author, date))
    return found


def _notes(data: bytes | None, anchors: dict[str, int]) -> list[Note]:
    """Return the comments of ``word/comments.xml`` at the blocks they are anchored in."""
    if data is None:
        return []
    notes = []
    for comment in etree.fromstring(data).findall("w:comment", NS):
        block = anchors.get(comment.get(w("id"), ""))
        if block is None:
            continue
        paragraphs = [_text_of(p) for p in comment.findall("w:p", NS)]
        text = "\n".join(p for p in paragraphs if p)
        notes.append(Note(block, comment.get(w("author"), ""), text))
    return notes
