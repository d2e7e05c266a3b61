"""A complete document in the briefing HTML vocabulary, for the writers' tests."""

from __future__ import annotations

from html import escape

TITLE = "Azerbaijan–Kazakhstan relations: overview"
METAS = {
    "author": "Briefing unit",
    "description": "Bilateral relations between Azerbaijan and Kazakhstan",
    "keywords": "Azerbaijan, Kazakhstan",
    "generator": "briefings 0.1.0",
    "dcterms.created": "2025-12-18",
    "dcterms.modified": "2025-12-19",
    "classification": "RESTRICTED",
    "page-label": "Page {page} of {pages}",
}


def vocabulary_page(body: str, title: str = TITLE, lang: str = "en", **metas: str) -> str:
    """Return a document around ``body``; ``dcterms_created="x"`` sets a meta, "" drops it."""
    values = dict(METAS)
    values.update(
        {key.replace("_", "-").replace("dcterms-", "dcterms."): v for key, v in metas.items()}
    )
    tags = "".join(
        f'<meta name="{escape(name)}" content="{escape(value)}">\n'
        for name, value in values.items()
        if value
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        f'{tags}<link rel="stylesheet" href="print.css">\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )
