"""The registry of briefing types: `--kind` choices and `briefings list` come from here."""

from __future__ import annotations

from briefings.errors import BriefingError
from briefings.kinds.base import BriefingType
from briefings.kinds.meeting_prep import MeetingPrep
from briefings.kinds.overview import Overview

REGISTRY: dict[str, BriefingType] = {kind.name: kind for kind in (Overview(), MeetingPrep())}


def get_kind(name: str) -> BriefingType:
    """Return the briefing type called ``name``, or say which ones exist."""
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise BriefingError(f"unknown briefing {name!r}; choose one of: {known}") from None
