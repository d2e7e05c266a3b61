"""Our PDF writer against stock WeasyPrint 70 on the same HTML: same pages, same footnotes.

"Stock" is WeasyPrint exactly as released, given what our writer gives it (the HTML, the
generated margin CSS, our fetcher, the same PDF options): its own fontconfig configuration
per document and none of our changes (``footnotes.stock_weasyprint``). A document matches
when both PDFs have the same number of pages, the same text on each page and every footnote
called and printed on the same pages. Where stock loses a footnote (a WeasyPrint 70 bug our
fix corrects) stock is wrong, and the document is reported, not counted as a mismatch.

Used by ``bench_pdf.py`` (the whole corpus) and by ``tests/test_pdf_speed.py`` (a part).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefings.build import Folders, Job, load, prepare
from briefings.kinds import REGISTRY
from briefings.kinds.base import BriefingOptions
from briefings.writers import footnotes
from briefings.writers.base import WriterOptions
from briefings.writers.engine import load_weasyprint
from briefings.writers.glyphs import scan_document
from briefings.writers.pdf import (
    PDF_OPTIONS,
    PdfWriter,
    margin_css,
    pin_dates,
    pin_embedded_file_dates,
)


@dataclass
class Rendering:
    """A PDF's bytes, its text per page and where each footnote is called and printed."""

    pdf: bytes
    pages: list[str]
    notes: list[tuple[int, int, str]]  # (call page, body page or 0 when lost, text)

    @property
    def lost(self) -> int:
        """Return how many footnotes are called but never printed."""
        return sum(1 for _, body, _ in self.notes if not body)


@dataclass
class Verdict:
    name: str
    ours: Rendering
    stock: Rendering

    @property
    def same_bytes(self) -> bool:
        return self.ours.pdf == self.stock.pdf

    @property
    def same(self) -> bool:
        """Tell whether pages, text per page and footnote placement are stock's."""
        return self.ours.pages == self.stock.pages and self.ours.notes == self.stock.notes

    @property
    def stock_wrong(self) -> bool:
        return self.stock.lost > 0

    def describe(self) -> str:
        """Say in one line how our PDF compares with stock's."""
        pages = f"{len(self.ours.pages)} pages"
        if self.same_bytes:
            return f"{self.name}: {pages}, byte-identical to stock"
        if self.same:
            return f"{self.name}: {pages}, same text per page and footnote pages as stock"
        if self.stock_wrong:
            return (
                f"{self.name}: stock loses {self.stock.lost} footnote(s), we lose "
                f"{self.ours.lost} ({len(self.stock.pages)} → {len(self.ours.pages)} pages)"
            )
        differ = [
            i + 1
            for i, (a, b) in enumerate(zip(self.ours.pages, self.stock.pages, strict=False))
            if a != b
        ]
        return (
            f"{self.name}: DIFFERS from stock ({len(self.ours.pages)} against "
            f"{len(self.stock.pages)} pages; pages {differ[:5]} differ)"
        )


def rendering(document: Any, pdf: bytes) -> Rendering:
    """Read back a laid-out document's text per page and footnote pages."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    calls, bodies = footnotes.footnote_pages(document.pages)
    notes = sorted(
        (page, bodies.get(element, 0), " ".join("".join(element.itertext()).split()))
        for element, page in calls.items()
    )
    return Rendering(pdf, [page.extract_text() for page in reader.pages], notes)


def ours(html: str, templates: Path) -> Rendering:
    """Render with our writer (fixes installed, fonts kept) and read the result back."""
    writer = PdfWriter()
    document = writer.lay_out_checked(html, WriterOptions(templates=templates))
    return rendering(document, writer.write(document))


def stock(html: str, templates: Path) -> Rendering:
    """Render as stock WeasyPrint 70 would, on what our writer gives it."""
    weasyprint = load_weasyprint()
    from briefings.writers.fetcher import TemplatesFetcher

    doc = scan_document(html)
    fetcher = TemplatesFetcher(templates)
    base_url = str(templates.resolve())
    with footnotes.stock_weasyprint():
        margins = weasyprint.CSS(string=margin_css(doc), base_url=base_url, url_fetcher=fetcher)
        given = footnotes.keep_calls(html)  # the HTML our writer hands WeasyPrint
        source = weasyprint.HTML(string=given, base_url=base_url, url_fetcher=fetcher)
        document = source.render(stylesheets=[margins], **PDF_OPTIONS)
        pin_dates(document)
        pdf = document.write_pdf(finisher=pin_embedded_file_dates, **PDF_OPTIONS)
    return rendering(document, pdf)


def compare(name: str, html: str, templates: Path) -> Verdict:
    """Render one HTML both ways and compare."""
    return Verdict(name, ours(html, templates), stock(html, templates))


def corpus(folders: Folders, langs: tuple[str, ...] = ("en", "az", "kk")) -> list[tuple[str, str]]:
    """Return (name, HTML) of the overview in each language and every meeting note.

    The meeting notes: those `build --all` prepares (meetings still to come) and one for
    every held or planned event where two or more participants met.
    """
    base = load(folders)
    jobs = [Job("overview", BriefingOptions(lang=lang), ("pdf",)) for lang in langs]
    meetings = [i.meeting for i in REGISTRY["meeting-prep"].instances(base)]
    meetings += [e.id for e in base.of_kind("event") if len(e.participants) >= 2]
    for meeting in dict.fromkeys(meetings):
        jobs.append(Job("meeting-prep", BriefingOptions(meeting=meeting), ("pdf",)))
    documents = []
    for job in jobs:
        context, rendered = prepare(job, base, folders)
        documents.append((f"{context.stem} ({job.options.lang})", rendered.html))
    return documents


def overview_html(folders: Folders) -> str:
    """Return the English overview's HTML for a facts folder."""
    job = Job("overview", BriefingOptions(), ("pdf",))
    return prepare(job, load(folders), folders)[1].html
