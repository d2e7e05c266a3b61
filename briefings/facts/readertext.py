"""What reader-facing fact text must not hold: our codes, loose brackets, placeholders.

A reader sees fact text as written, so a file number such as "(003)" or an id such as
"src-004" sends them nowhere (the bibliography numbers sources [1]…[n]), and a "TODO" or
an unbalanced bracket looks unfinished. These are warnings of `check`; `--strict` fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A file code: "(003)", a bare zero-padded "003", or an id outside a `[src-…]` mention
# (the mention is rendered as the bibliography's number, so it is the way to name one).
SOURCE_CODE = re.compile(
    r"\(\s*\d{3}\s*\)|(?<![\w\[\-/.,])0\d\d(?![\w\d])|(?<![\[\w-])src-[\w-]+(?![\w-]*\])"
)
PLACEHOLDER = re.compile(r"\b(?:TODO|TBD|FIXME|XXX+)\b|\[in English\]|lorem ipsum", re.IGNORECASE)
DOUBLE_SPACE = re.compile(r"\S {2,}\S")
PAIRS = (("(", ")"), ("[", "]"), ("«", "»"), ("“", "”"))


def reader_text_problems(text: str) -> Iterator[str]:
    """Yield one message per thing a reader should not see in ``text``."""
    for match in SOURCE_CODE.finditer(text):
        yield (
            f"{match.group()!r} is an internal source code; write [src-…] to have it "
            "numbered as in the source list, or leave it to the citation"
        )
    for match in PLACEHOLDER.finditer(text):
        yield f"placeholder {match.group()!r} left in the text; write the text or remove it"
    if DOUBLE_SPACE.search(text):
        yield "doubled space; use one"
    yield from _unbalanced(text)


def _unbalanced(text: str) -> Iterator[str]:
    """Yield a message for each bracket or quote pair that does not balance."""
    for opening, closing in PAIRS:
        if text.count(opening) != text.count(closing):
            yield f"unbalanced {opening}…{closing}: {text.count(opening)} opened, " + (
                f"{text.count(closing)} closed; close it or remove the stray one"
            )
    if text.count('"') % 2:
        yield 'odd number of " quotes; close the quotation'
