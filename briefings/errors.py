"""One error family for every stage; the CLI turns any of them into one clean exit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Problem:
    """One finding, reported as ``path:line: severity: field: message``."""

    path: Path | None
    line: int | None
    severity: Severity
    message: str
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line or 1}: " if self.path else ""
        what = f"{self.field}: " if self.field else ""
        return f"{where}{self.severity}: {what}{self.message}"

    def as_dict(self) -> dict[str, object]:
        """Return the problem as plain JSON-ready data."""
        return {
            "path": str(self.path) if self.path else None,
            "line": self.line,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
        }


class BriefingsError(Exception):
    """Base error; ``category`` says which stage failed (fact, template, briefing, writer)."""

    category = "briefing"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems: list[Problem] = problems or []


class FactError(BriefingsError):
    """The facts base cannot be loaded or is invalid; ``problems`` lists every finding."""

    category = "fact"


class TemplateError(BriefingsError):
    """A template is missing, does not parse or fails while rendering."""

    category = "template"


class BriefingError(BriefingsError):
    """A briefing cannot be built from these options (unknown meeting, bad date...)."""

    category = "briefing"


class WriterError(BriefingsError):
    """A writer met HTML outside the vocabulary, a missing style or a missing glyph."""

    category = "writer"
