"""The knowledge cut-off of a meeting note: a note knows what was reported before its meeting.

Rules (tested in ``tests/test_note_analysis.py``):

* **The cut-off** is the day before the meeting's date, at the date's precision: a meeting
  on 3 March 2025 knows the reports published up to 2 March 2025; one dated December 2025
  knows those up to 30 November 2025; one dated 2026 those up to 31 December 2025. An
  undated meeting, or one later than the briefing's as-of date, is cut off at the as-of date.
* **The meeting's own reports** never count as known before it, whatever their date: the
  meeting record itself and every record that names it as its ``event`` (what was said,
  counted or signed there). Background, profiles and talking points use none of them.
* **About the meeting**: a record citing the very paragraph that reports the meeting (its
  announcement, the proposal to hold it) is about the meeting, so it never makes a
  talking point (that would be circular: "respond to the proposal to hold this forum").
* **Outcome and since the meeting**: a meeting already held (its date is on or before the
  as-of date and a report of it is known) gets a separate, dated section built from its own
  records ("Outcome") and from what was first reported after the cut-off ("Since the
  meeting"). It always appears once the meeting is reported; building with ``--as-of``
  before the meeting's date leaves it out. Nothing from that section feeds the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from briefings.facts.dates import PartialDate


def cutoff_date(meeting_date: PartialDate | None, as_of: dt.date) -> dt.date:
    """Return the last publication day a note for a meeting on ``meeting_date`` may use."""
    if meeting_date is None:
        return as_of
    return min(meeting_date.first() - dt.timedelta(days=1), as_of)


def of_meeting(record: Any, meeting_id: str) -> bool:
    """Tell whether ``record`` is the meeting or one of its own reports (said, signed there)."""
    return getattr(record, "id", None) == meeting_id or getattr(record, "event", None) == meeting_id


def cited_paragraphs(record: Any) -> set[tuple[str, int]]:
    """Return the (source, paragraph) pairs a record cites."""
    return {(c.source, c.paragraph) for c in getattr(record, "citations", [])}


def about_meeting(record: Any, meeting: Any) -> bool:
    """Tell whether ``record`` is the meeting, its report, or cites the paragraph reporting it."""
    if of_meeting(record, meeting.id):
        return True
    return bool(cited_paragraphs(record) & cited_paragraphs(meeting))


def first_reported(record: Any, sources: Mapping[str, Any]) -> dt.date | None:
    """Return the publication day of the earliest article citing ``record`` (None if internal)."""
    days = [sources[c.source].date.last() for c in getattr(record, "citations", [])]
    return min(days) if days else None


def reported_after(record: Any, day: dt.date, sources: Mapping[str, Any]) -> bool:
    """Tell whether ``record`` was first reported after ``day`` (new since the cut-off)."""
    first = first_reported(record, sources)
    return first is not None and first > day


def is_held(meeting: Any, as_of: dt.date) -> bool:
    """Tell whether the meeting had taken place by the as-of date (so an outcome can exist)."""
    dated = meeting.date is not None and meeting.date.first() <= as_of
    return meeting.status == "held" and dated


def record_date(record: Any, sources: Mapping[str, Any]) -> dt.date | None:
    """Return the day a record is dated by: its own date, else its first report."""
    own = record.when() if hasattr(record, "when") else None
    if own is not None and getattr(record, "kind", "") != "project":
        return own.last()
    return first_reported(record, sources)


def without_meeting(records: Iterable[Any], meeting_id: str) -> list[Any]:
    """Return the records that are not the meeting's own reports."""
    return [r for r in records if not of_meeting(r, meeting_id)]
