"""Which spellings of a name the articles print: the names column shows only those.

A form is attested when a verbatim anchor quote of the record prints it, allowing for
case endings ("Тоқаевтың" prints "Тоқаев"). Other forms are our transliterations, made by
the rule in docs/languages.md ("Names").
"""

from __future__ import annotations

import re
from typing import Any

from briefings.localize import lower

_WORD = re.compile(r"[^\W\d_][\w'-]*")


def prints_name(quote: str, name: str, lang: str) -> bool:
    """Return whether ``quote`` prints every word of ``name``, allowing for case endings."""
    words = _WORD.findall(lower(quote, lang))
    wanted = _WORD.findall(lower(name, lang))
    return bool(wanted) and all(any(w.startswith(part) for w in words) for part in wanted)


def attested_forms(record: Any) -> dict[str, str]:
    """Return the record's name per language where one of its anchor quotes prints it."""
    names = getattr(record, "name", None)
    quotes = [c.quote for c in getattr(record, "citations", []) if c.quote]
    found: dict[str, str] = {}
    for lang in ("en", "az", "kk"):
        form = names.get(lang) if names is not None else None
        if form and any(prints_name(str(q), form, lang) for q in quotes):
            found[lang] = form
    return found
