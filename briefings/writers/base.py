"""The one small interface every writer implements: semantic HTML in, file bytes out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar


@dataclass(frozen=True)
class WriterOptions:
    """What a writer may need besides the HTML; writers never see the facts."""

    templates: Path  # the only folder a writer may read from (stylesheets, fonts, reference.docx)
    reference_docx: Path | None = None  # house style for DOCX; defaults to templates/reference.docx


class Writer(ABC):
    """Turn the briefing's semantic HTML into the bytes of one output format.

    The build writes the bytes atomically; a writer never touches the output folder.
    Metadata (title, author, language, dates, marking) comes from the HTML ``<head>``.
    """

    name: ClassVar[str]
    suffix: ClassVar[str]

    @abstractmethod
    def render(self, html: str, options: WriterOptions) -> bytes:
        """Return the finished file's bytes; raise WriterError on anything it cannot map."""
