"""Edit fact files with ruamel.yaml, so comments, flow mappings and layout survive.

Every edit reads the file, changes the parsed document, and returns the new text; the
caller writes all files atomically only after the result has been checked.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

logger = logging.getLogger(__name__)


def _yaml() -> YAML:
    """Return a round-trip YAML with the fact files' layout (2-space maps, "  - " lists)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_document(path: Path) -> Any:
    """Return the round-trip document of ``path`` (an empty mapping for a new file)."""
    if not path.exists():
        return CommentedMap()
    document = _yaml().load(path.read_text(encoding="utf-8"))
    return CommentedMap() if document is None else document


def dump_document(document: Any) -> str:
    """Return the YAML text of a round-trip document."""
    stream = io.StringIO()
    _yaml().dump(document, stream)
    return stream.getvalue()


def section_of(document: Any, section: str) -> CommentedSeq:
    """Return the list under ``section``, adding an empty one at the end when it is missing."""
    items = document.get(section)
    if items is None:
        items = CommentedSeq()
        document[section] = items
    return items


def append_record(document: Any, section: str, record: dict[str, Any]) -> None:
    """Append ``record`` to ``section``, with a blank line before it like the hand-kept files."""
    items = section_of(document, section)
    items.append(to_commented(record))
    if len(items) > 1:
        items.yaml_set_comment_before_after_key(len(items) - 1, before="\n", indent=2)


def to_commented(value: Any) -> Any:
    """Return plain data as round-trip nodes: short mappings of text in flow style."""
    if isinstance(value, dict):
        node = CommentedMap((k, to_commented(v)) for k, v in value.items())
        if _is_flat(value):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        return CommentedSeq(to_commented(v) for v in value)
    return value


def _is_flat(value: dict[str, Any]) -> bool:
    """Say whether a mapping is short and flat enough to write on one line ({en: …})."""
    scalars = all(not isinstance(v, dict | list) for v in value.values())
    return scalars and sum(len(str(v)) for v in value.values()) < 160
