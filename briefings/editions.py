"""Render a briefing's current edition again, for `edits` to compare an editor's DOCX with.

It sits at the build's layer (it plans and renders through it) so that both faces, the CLI's
`briefings edits` and the service's /edits, pass the same function to `review.read_edits`.
"""

from __future__ import annotations

import datetime as dt
import logging

from briefings import build
from briefings.kinds.base import BriefingOptions
from briefings.manifest import BriefingRecord, Manifest
from briefings.review.edits import Folders

logger = logging.getLogger(__name__)


def rebuild_docx(record: BriefingRecord, folders: Folders) -> tuple[int, str, bytes]:
    """Render the briefing's current edition as DOCX: its number, output stem and bytes."""
    options = dict(record.options)
    if isinstance(options.get("as_of"), str):
        options["as_of"] = dt.date.fromisoformat(options["as_of"])
    job = build.Job(record.kind, BriefingOptions(**options), ("docx",))
    stages = build.Folders(folders.facts, folders.templates, folders.output, folders.sources)
    base = build.load(stages)
    plan = build.plan(job, build.Hashes(base, stages), Manifest.load(folders.output), True)
    data = build.render_plan(plan, stages, base)[1]["docx"]
    return plan.edition.number, plan.context.stem, data
