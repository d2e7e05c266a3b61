"""The writers' registry: `--format` choices come from here (like Sphinx's builders).

Writers are imported only when used, so commands that never write (check, facts)
don't pay for WeasyPrint's start-up.
"""

from __future__ import annotations

from importlib import import_module

from briefings.errors import WriterError
from briefings.writers.base import Writer, WriterOptions

WRITERS: dict[str, str] = {
    "pdf": "briefings.writers.pdf:PdfWriter",
    "docx": "briefings.writers.docx:DocxWriter",
    "html": "briefings.writers.html:HtmlWriter",
}

SUFFIXES: dict[str, str] = {"pdf": ".pdf", "docx": ".docx", "html": ".html"}
REVIEW = "review"  # not a writer: the DOCX with source comments, made by the build (--review)
SUFFIXES[REVIEW] = ".review.docx"
# Files in templates/ each writer reads besides the HTML: a change to one rebuilds its outputs.
ASSETS: dict[str, tuple[str, ...]] = {
    "pdf": ("*.css", "fonts/*"),
    "docx": ("reference.docx",),
    "html": (),
    REVIEW: ("reference.docx",),
}


def suffix_of(name: str) -> str:
    """Return the file suffix of a format without importing its writer."""
    return SUFFIXES[name]


def get_writer(name: str) -> Writer:
    """Return a new writer for the format ``name``."""
    try:
        module_name, class_name = WRITERS[name].split(":")
    except KeyError:
        known = ", ".join(WRITERS)
        raise WriterError(f"unknown format {name!r}; choose one of: {known}") from None
    writer: Writer = getattr(import_module(module_name), class_name)()
    return writer


__all__ = ["ASSETS", "REVIEW", "WRITERS", "Writer", "WriterOptions", "get_writer", "suffix_of"]
