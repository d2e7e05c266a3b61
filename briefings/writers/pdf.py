"""HTML → PDF through WeasyPrint, with the safety and reproducibility the build relies on.

* Every resource goes through ``TemplatesFetcher``: no network, nothing outside templates/.
* The glyph check runs first, so a missing character is an error, not a fallback font.
* Running header and footer text come from the ``<head>`` (title, classification marking,
  localized page label); ``templates/print.css`` styles the margin boxes.
* Footnotes go through ``writers/footnotes.py``: WeasyPrint 70's footnote layout is made
  linear and keeps notes it would drop, and a note still missing is a WriterError.
* The same HTML gives the same bytes: dates come from ``dcterms.created``/``modified``
  (``SOURCE_DATE_EPOCH`` only when the HTML has none), the file identifier is a hash of the
  content, and embedded-file dates are pinned to the document date.

WeasyPrint is imported inside ``render`` so commands that never write a PDF start fast.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from briefings.errors import WriterError
from briefings.writers import footnotes
from briefings.writers.base import Writer, WriterOptions
from briefings.writers.engine import engine_for, load_weasyprint
from briefings.writers.glyphs import ScannedDocument, check_glyphs, scan_document

if TYPE_CHECKING:
    from weasyprint.document import Document

logger = logging.getLogger(__name__)

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
COUNTERS = {"page": "counter(page)", "pages": "counter(pages)"}
DEFAULT_PAGE_LABEL = "{page} / {pages}"
EPOCH_PDF_DATE = "D:19700101000000Z"
# No pdf_tags / pdf_variant="pdf/ua-1": WeasyPrint 70 builds the tag tree page by page (a
# section or table crossing a page becomes two Sect/Table elements), tags footnote bodies
# as NonStruct/Span instead of Note, and maps nav/header to NonStruct: not valid PDF/UA.
PDF_OPTIONS: dict[str, Any] = {"pdf_identifier": True, "pdf_version": "1.7"}


def css_string(text: str) -> str:
    """Quote text as a CSS string, escaping quotes, backslashes and control characters."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def page_label_content(label: str) -> str:
    """Turn ``Page {page} of {pages}`` (placeholders in any order) into a CSS content value."""
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(label):
        if match.group(1) not in COUNTERS:
            raise WriterError(f"page-label {label!r}: unknown placeholder {match.group(0)!r}")
        if match.start() > position:
            parts.append(css_string(label[position : match.start()]))
        parts.append(COUNTERS[match.group(1)])
        position = match.end()
    if position < len(label):
        parts.append(css_string(label[position:]))
    return " ".join(parts) or "none"


def margin_css(doc: ScannedDocument) -> str:
    """Build the running header/footer content; print.css styles these margin boxes.

    It is given to WeasyPrint as a user stylesheet, so print.css (author origin) can still
    switch boxes off, e.g. on the first page.
    """
    marking = doc.metas.get("classification", "").strip()
    label = doc.metas.get("page-label", "").strip() or DEFAULT_PAGE_LABEL
    boxes = {
        "top-left": css_string(doc.title) if doc.title else "none",
        "top-right": css_string(marking) if marking else "none",
        "bottom-left": css_string(marking) if marking else "none",
        "bottom-right": page_label_content(label),
    }
    rules = " ".join(f"@{box} {{ content: {value}; }}" for box, value in boxes.items())
    return f"@page {{ {rules} }}"


def source_date_epoch() -> str | None:
    """Return SOURCE_DATE_EPOCH as a W3C date-time, or None when unset or invalid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError):
        logger.warning("ignoring invalid SOURCE_DATE_EPOCH=%r", value)
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def pin_dates(document: Document) -> None:
    """Fill missing creation/modification dates from SOURCE_DATE_EPOCH (HTML dates win)."""
    metadata = document.metadata
    if metadata.created or metadata.modified:
        return
    epoch = source_date_epoch()
    if epoch:
        metadata.created = metadata.modified = epoch


def pin_embedded_file_dates(document: Document, pdf: Any) -> None:
    """Replace the wall-clock dates WeasyPrint stamps on embedded files with the doc's date."""
    stamp = pdf.info.get("CreationDate") or EPOCH_PDF_DATE
    for obj in pdf.objects:
        params = getattr(obj, "extra", {}).get("Params")
        if getattr(obj, "extra", {}).get("Type") == "/EmbeddedFile" and params:
            params["CreationDate"] = params["ModDate"] = stamp


def lay_out(html: str, doc: ScannedDocument, options: WriterOptions, fetcher: Any) -> Document:
    """Paginate the HTML with print.css and the margin CSS, via our fetcher, with kept fonts."""
    import weasyprint

    engine = engine_for(options.templates)
    base_url = str(engine.templates)
    fonts = engine.font_config
    margins = weasyprint.CSS(
        string=margin_css(doc), base_url=base_url, url_fetcher=fetcher, font_config=fonts
    )
    source = weasyprint.HTML(
        string=footnotes.keep_calls(html), base_url=base_url, url_fetcher=fetcher
    )
    footnotes.install_footnote_fixes()
    document: Document = source.render(stylesheets=[margins], font_config=fonts, **PDF_OPTIONS)
    return document


class PdfWriter(Writer):
    """Write a briefing as an A4 PDF styled by templates/print.css."""

    name: ClassVar[str] = "pdf"
    suffix: ClassVar[str] = ".pdf"

    def render(self, html: str, options: WriterOptions) -> bytes:
        """Return the PDF bytes; raise WriterError on a missing glyph, lost footnote or label."""
        return self.write(self.lay_out_checked(html, options))

    def lay_out_checked(self, html: str, options: WriterOptions) -> Document:
        """Check the glyphs, paginate, and audit the footnotes of the laid-out document."""
        load_weasyprint()
        from briefings.writers.fetcher import TemplatesFetcher

        doc = scan_document(html)
        check_glyphs(doc, options.templates)
        fetcher = TemplatesFetcher(options.templates)
        document = lay_out(html, doc, options, fetcher)
        footnotes.audit_footnotes(document)
        if fetcher.refused:
            logger.warning("%d resource(s) refused while writing the PDF", len(fetcher.refused))
        return document

    def write(self, document: Document) -> bytes:
        """Return a laid-out document's PDF bytes, with its dates pinned."""
        pin_dates(document)
        pdf: bytes = document.write_pdf(finisher=pin_embedded_file_dates, **PDF_OPTIONS)
        return pdf
