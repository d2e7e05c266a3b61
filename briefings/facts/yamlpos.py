"""Safe YAML loading that remembers the line of every value, so errors can say path:line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]
# libyaml's parser when PyYAML was built with it: the same safe loading, several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class PositionedData:
    """Plain data from one YAML document plus the 1-based line of every path inside it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicates: list[tuple[Path_, int, int]] = field(default_factory=list)  # path, line, first
    building: set[yaml.Node] = field(default_factory=set, repr=False)  # to catch &a [*a]
    built: int = 0  # values built so far, to stop alias bombs ("billion laughs")

    def line_of(self, path: Path_) -> int:
        """Return the line of ``path`` or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


def load_positioned(text: str) -> PositionedData:
    """Parse ``text`` with the safe loader; raise yaml.YAMLError on malformed YAML.

    Only standard YAML types are built (no Python objects); duplicate keys are recorded
    rather than silently overwritten, because the second value would hide the first.
    libyaml parses; a file it rejects is parsed again by PyYAML's own parser, whose
    messages and positions are the ones users see (and the tests pin down).
    """
    try:
        return _parse(text, SAFE_LOADER)
    except yaml.YAMLError:
        if SAFE_LOADER is yaml.SafeLoader:
            raise
        return _parse(text, yaml.SafeLoader)


def _parse(text: str, loader_class: Any) -> PositionedData:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        result = PositionedData(data=None)
        if node is not None:
            result.data = _build(node, (), loader, result)
        return result
    finally:
        loader.dispose()


_STR_TAG = "tag:yaml.org,2002:str"


MAX_VALUES = 1_000_000  # far beyond any real fact file, far below what hangs the check


def _build(node: yaml.Node, path: Path_, loader: yaml.SafeLoader, out: PositionedData) -> Any:
    out.built += 1
    if out.built > MAX_VALUES:
        raise yaml.constructor.ConstructorError(
            None, None, "too many values: aliases expand beyond reason", node.start_mark
        )
    out.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        if node in out.building:
            raise yaml.constructor.ConstructorError(
                None, None, "found a recursive alias (an anchor inside itself)", node.start_mark
            )
        out.building.add(node)
        try:
            if isinstance(node, yaml.MappingNode):
                return _build_mapping(node, path, loader, out)
            return [_build(item, (*path, i), loader, out) for i, item in enumerate(node.value)]
        finally:
            out.building.discard(node)
    if node.tag == _STR_TAG:  # most values: skip the constructor's bookkeeping
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        # An impossible date such as 2025-02-30 matches YAML's timestamp pattern and makes
        # the constructor raise; keep the text so validation reports it with its field.
        loader.recursive_objects.pop(node, None)
        return node.value


def _build_mapping(
    node: yaml.MappingNode, path: Path_, loader: yaml.SafeLoader, out: PositionedData
) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    first_line: dict[Any, int] = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR_TAG:
            key = key_node.value  # as construct_object would give, several times faster
        else:
            key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key (a list or mapping)", key_node.start_mark
            ) from None
        if key in mapping:
            out.duplicates.append(((*path, key), line, first_line[key]))
        first_line.setdefault(key, line)
        mapping[key] = _build(value_node, (*path, key), loader, out)
        out.lines[(*path, key)] = line
    return mapping
