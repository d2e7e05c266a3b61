"""The project's settings file, ``briefings.toml`` beside the facts folder.

A project is a folder holding ``facts/``, ``templates/`` and this file. Settings are what
every build of the project shares and no fact records: today, whose delegation meeting
notes are written for. A missing file means the defaults; a broken one is an error.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefings.errors import BriefingError

logger = logging.getLogger(__name__)

SETTINGS_FILE = "briefings.toml"
LANGS = ("en", "az", "kk")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class ProjectSettings:
    """The settings of one project; every field has a default."""

    our_side: str | None = None  # country code meeting notes are written for by default
    markings: tuple[tuple[str, str], ...] = ()  # (lang, marking): the house's own markings

    def option_defaults(self) -> dict[str, Any]:
        """Return the briefing options these settings fill in for every build."""
        return {"written_for": self.our_side, "markings": self.markings}


def settings_path(facts_dir: Path) -> Path:
    """Return where the settings live: $BRIEFINGS_SETTINGS, else beside the facts folder."""
    override = os.environ.get("BRIEFINGS_SETTINGS")
    return Path(override) if override else facts_dir.resolve().parent / SETTINGS_FILE


def load_settings(facts_dir: Path) -> ProjectSettings:
    """Return the project's settings, or the defaults when it has no settings file."""
    path = settings_path(facts_dir)
    if not path.is_file():
        logger.debug("no %s; using the default settings", path)
        return ProjectSettings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BriefingError(f"{path}: {exc}; fix the TOML syntax") from exc
    return _settings(path, data)


def _settings(path: Path, data: dict[str, object]) -> ProjectSettings:
    """Return settings from the parsed file, rejecting values a build could not use."""
    return ProjectSettings(our_side=_our_side(path, data), markings=_markings(path, data))


def _our_side(path: Path, data: dict[str, object]) -> str | None:
    notes = data.get("meeting-prep", {})
    side = notes.get("our_side") if isinstance(notes, dict) else None
    if side is None:
        return None
    if not isinstance(side, str) or not _COUNTRY.match(side.upper()):
        raise BriefingError(
            f"{path}: [meeting-prep] our_side = {side!r} is not a country code; "
            'write a two-letter code such as "AZ"'
        )
    return side.upper()


def _markings(path: Path, data: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """Return the [markings] table as (lang, marking) pairs, e.g. en = "OFFICIAL"."""
    table = data.get("markings", {})
    if not isinstance(table, dict):
        raise BriefingError(f"{path}: [markings] must be a table of language = marking")
    for lang, text in table.items():
        if lang not in LANGS or not isinstance(text, str) or not text.strip():
            raise BriefingError(
                f"{path}: [markings] {lang} = {text!r}; write en, az or kk = a non-empty text"
            )
    return tuple(sorted(table.items()))
