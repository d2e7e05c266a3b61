"""Review copies: the DOCX with a Word comment on every fact-bearing block, for fact-checkers.

Each comment names the block's fact ids and, for each citation, the outlet, date and
paragraph of the article with the anchor quote. The blocks are found through the content
controls the writer put in (``writers.docx_controls``); comments are added with
python-docx 1.2's comments API, dated with the document's own date and zipped like the
normal DOCX, so the review copy is reproducible too.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from briefings.facts.load import FactBase
from briefings.writers.docx_controls import facts_of_tag
from briefings.writers.docx_parts import Element, deterministic_zip

logger = logging.getLogger(__name__)

AUTHOR = "briefings"
INITIALS = "BR"


def review_copy(data: bytes, base: FactBase) -> bytes:
    """Return the DOCX ``data`` with a source comment on each fact-bearing block."""
    document = docx.Document(io.BytesIO(data))
    when = document.core_properties.modified or datetime(1980, 1, 1, tzinfo=UTC)
    for control, facts in fact_controls(document):
        runs = [Run(r, Paragraph(control.getparent(), document._body)) for r in _runs(control)]
        if not runs:
            continue
        comment = document.add_comment(runs, comment_text(facts, base), AUTHOR, INITIALS)
        comment._comment_elm.date = when  # noqa: SLF001 - python-docx stamps the current time
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue(), when)


def fact_controls(document: Document) -> Iterator[tuple[Element, tuple[str, ...]]]:
    """Yield the first content control of each fact-bearing block, with its facts."""
    seen: set[Element] = set()  # the elements themselves: holding them keeps their identity
    for sdt in document.element.body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        facts = facts_of_tag(tag.get(qn("w:val")) if tag is not None else None)
        block = _block_of(sdt)
        if facts is None or block in seen:
            continue
        seen.add(block)
        yield sdt, facts


def _block_of(sdt: Element) -> Element:
    """Return the table row holding the control, or its paragraph."""
    for ancestor in sdt.iterancestors(qn("w:tr")):
        return ancestor
    return sdt.getparent()


def _runs(control: Element) -> list[Element]:
    content = control.find(qn("w:sdtContent"))
    return [] if content is None else content.findall(qn("w:r"))


def comment_text(facts: tuple[str, ...], base: FactBase) -> str:
    """Return the comment for a block: each fact id, then its sources with anchor quotes."""
    lines: list[str] = []
    for fact_id in facts:
        record = base.records.get(fact_id)
        if record is None:
            lines.append(f"{fact_id}: not in the facts any more")
            continue
        lines.append(f"{fact_id} ({record.kind})")
        lines += [f"  {line}" for line in _sources(record, base)]
    return "\n".join(lines)


def _sources(record: object, base: FactBase) -> list[str]:
    """Return one line per citation: outlet, date, paragraph and the anchor quote."""
    if getattr(record, "internal", False):
        return [f"internal record: {getattr(record, 'note', '')}"]
    lines = []
    for citation in getattr(record, "citations", []):
        source = base.sources.get(citation.source)
        where = f"{source.outlet}, {source.date}" if source else citation.source
        quote = f": “{citation.quote}”" if citation.quote else ""
        lines.append(f"{where}, para. {citation.paragraph}{quote}")
    return lines or ["no citation"]
