"""Compare an edited DOCX with the edition it came from, block by block.

Blocks are paired in three passes: the same text (unchanged, or moved), the same facts
named by a content control (changed), then the most similar text among the rest (changed;
this is the fallback for tools that flatten the controls, such as LibreOffice). A pair out of
the original order is "moved"; what is left is "deleted" or "added". Each change carries
the fact ids of the original block (an added block carries those its own control names).
"""

from __future__ import annotations

import bisect
import difflib
import logging
from collections import defaultdict, deque
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from briefings.review.read import Block, DocxContent

logger = logging.getLogger(__name__)

SIMILAR = 60.0  # rapidfuzz ratio (0-100) from which two blocks count as one block edited


@dataclass(frozen=True)
class Change:
    """One difference between the edition and the edited file, at the facts behind it."""

    kind: str  # changed, deleted, added, moved, comment, tracked
    facts: tuple[str, ...]
    before: str | None = None
    after: str | None = None
    comment: str | None = None
    diff: str | None = None
    author: str | None = None
    proposals: list[dict[str, object]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """Return the change as the ``--json`` output lists it."""
        data: dict[str, object] = {
            "kind": self.kind,
            "facts": list(self.facts),
            "before": self.before,
            "after": self.after,
            "comment": self.comment,
        }
        extras = {"diff": self.diff, "author": self.author, "proposals": self.proposals}
        return data | {k: v for k, v in extras.items() if v}


Pairs = dict[int, int]  # edited block index -> original block index


def compare(original: DocxContent, edited: DocxContent) -> list[Change]:
    """Return the block changes, then the comments and tracked changes, in reading order."""
    old = [b for b in original.blocks if b.text]
    new = [b for b in edited.blocks if b.text]
    pairs = pair_blocks(old, new)
    facts = {b.index: _facts(b, old, pairs) for b in edited.blocks}
    changes = block_changes(old, new, pairs)
    changes += [
        Change("comment", facts[n.block], comment=n.text, author=n.author) for n in edited.notes
    ]
    changes += [_tracked(r.kind, r.text, r.author, facts[r.block]) for r in edited.revisions]
    return changes


def pair_blocks(old: list[Block], new: list[Block]) -> Pairs:
    """Pair edited blocks with original ones: same text, then same facts, then similar text."""
    pairs: Pairs = {}
    _pair_same_text(old, new, pairs)
    _pair_same_facts(old, new, pairs)
    _pair_similar(old, new, pairs)
    return pairs


def _pair_same_text(old: list[Block], new: list[Block], pairs: Pairs) -> None:
    waiting: dict[str, deque[Block]] = defaultdict(deque)
    for block in old:
        waiting[block.text].append(block)
    for block in new:
        queue = waiting.get(block.text)
        if not queue:
            continue
        chosen = next((b for b in queue if block.facts and b.facts == block.facts), queue[0])
        queue.remove(chosen)
        pairs[block.index] = chosen.index


def _pair_same_facts(old: list[Block], new: list[Block], pairs: Pairs) -> None:
    taken = set(pairs.values())
    for block in new:
        if block.index in pairs or not block.facts:
            continue
        match = next((b for b in old if b.index not in taken and b.facts == block.facts), None)
        if match is not None:
            pairs[block.index] = match.index
            taken.add(match.index)


def _pair_similar(old: list[Block], new: list[Block], pairs: Pairs) -> None:
    """Pair the rest greedily, most similar first, never across different named facts."""
    taken = set(pairs.values())
    rest_old = [b for b in old if b.index not in taken]
    place = _places(old) | _places(new, new=True)
    scored = []
    for block in (b for b in new if b.index not in pairs):
        for candidate in rest_old:
            if block.facts and candidate.facts and block.facts != candidate.facts:
                continue
            score = fuzz.ratio(block.text, candidate.text)
            if score >= SIMILAR:
                distance = abs(place[("new", block.index)] - place[("old", candidate.index)])
                scored.append((-score, distance, block.index, candidate.index))
    for _, _, new_index, old_index in sorted(scored):
        if new_index not in pairs and old_index not in taken:
            pairs[new_index] = old_index
            taken.add(old_index)


def _places(blocks: list[Block], *, new: bool = False) -> dict[tuple[str, int], float]:
    """Return each block's relative place (0-1): equal texts go to the nearest candidate."""
    side, count = "new" if new else "old", max(len(blocks) - 1, 1)
    return {(side, b.index): position / count for position, b in enumerate(blocks)}


def block_changes(old: list[Block], new: list[Block], pairs: Pairs) -> list[Change]:
    """Return changed, moved, deleted and added blocks in the edited file's order."""
    by_index = {b.index: b for b in old}
    moved = _moved(new, pairs)
    changes: list[Change] = []
    for block in new:
        if block.index not in pairs:
            changes.append(Change("added", block.facts or (), after=block.text))
            continue
        before = by_index[pairs[block.index]]
        if before.text != block.text:
            changes.append(_changed(before, block))
        if block.index in moved:
            changes.append(Change("moved", before.facts or (), before.text, block.text))
    paired = set(pairs.values())
    changes += [
        Change("deleted", b.facts or (), before=b.text) for b in old if b.index not in paired
    ]
    return changes


def _moved(new: list[Block], pairs: Pairs) -> set[int]:
    """Return the edited blocks outside the longest run kept in the original order."""
    order = [(b.index, pairs[b.index]) for b in new if b.index in pairs]
    kept = _longest_increasing([old for _, old in order])
    return {index for position, (index, _) in enumerate(order) if position not in kept}


def _longest_increasing(values: list[int]) -> set[int]:
    """Return the positions of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tail_at: list[int] = []
    before: list[int] = [-1] * len(values)
    for position, value in enumerate(values):
        slot = bisect.bisect_left(tails, value)
        before[position] = tail_at[slot - 1] if slot else -1
        if slot == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[slot], tail_at[slot] = value, position
    kept, position = set(), tail_at[-1] if tail_at else -1
    while position >= 0:
        kept.add(position)
        position = before[position]
    return kept


def _changed(before: Block, after: Block) -> Change:
    facts = before.facts or after.facts or ()
    return Change(
        "changed", facts, before.text, after.text, diff=word_diff(before.text, after.text)
    )


def word_diff(before: str, after: str) -> str:
    """Return a word-level diff: removed words as ``[-…-]``, added ones as ``{+…+}``."""
    old, new = before.split(), after.split()
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            out += old[i1:i2]
            continue
        if i2 > i1:
            out.append("[-" + " ".join(old[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(new[j1:j2]) + "+}")
    return " ".join(out)


def _facts(block: Block, old: list[Block], pairs: Pairs) -> tuple[str, ...]:
    """Return the facts behind an edited block: its original's, else its own control's.

    A block whose text is all deleted (a tracked deletion not yet accepted) is found by the
    text it had before.
    """
    if block.index in pairs:
        original = next(b for b in old if b.index == pairs[block.index])
        return original.facts or block.facts or ()
    if block.facts or not block.rejected:
        return block.facts or ()
    same = next((b for b in old if b.text == block.rejected), None)
    return (same.facts or ()) if same else ()


def _tracked(kind: str, text: str, author: str, facts: tuple[str, ...]) -> Change:
    if kind == "deleted":
        return Change("tracked", facts, before=text, author=author)
    return Change("tracked", facts, after=text, author=author)
