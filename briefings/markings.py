"""The classification marking of a briefing, in the briefing's own language.

An Azerbaijani or Kazakh briefing carries its marking in that language, not in English.
The defaults below are the ones our ministry uses; a project's settings may map languages
to other markings (``{"en": "OFFICIAL", ...}``), and `build --marking` overrides both.
"""

from __future__ import annotations

from collections.abc import Mapping

MARKINGS: dict[str, str] = {
    "en": "RESTRICTED",
    "az": "Xidməti istifadə üçün",
    "kk": "Қызмет бабында пайдалану үшін",
}


def marking_for(lang: str, settings: Mapping[str, str] | None = None) -> str:
    """Return the marking for ``lang``: from ``settings`` if it names one, else our default."""
    chosen = dict(MARKINGS, **(settings or {}))
    return chosen.get(lang) or chosen["en"]
