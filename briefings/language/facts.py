"""Run the language lint over the Azerbaijani and Kazakh texts of the facts, for `check`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from briefings.errors import Problem
from briefings.facts.load import FactBase
from briefings.facts.model import Localized, Source
from briefings.language.lint import LANGUAGES, lint_text

Path_ = tuple[str | int, ...]


def check_language(base: FactBase, _: Any = None) -> Iterator[Problem]:
    """Warn at each az or kk fact text that breaks docs/languages.md (a lint, not an error)."""
    for record in base.records.values():
        if isinstance(record, Source):
            continue  # article titles are quoted as the articles print them
        position = base.positions[record.id]
        for path, text in _localized(record, ()):
            for lang in LANGUAGES:
                for finding in lint_text(text.get(lang) or "", lang):
                    field_name = ".".join(str(p) for p in (*path, lang))
                    line = position.line_of(*path)
                    yield Problem(position.path, line, "warning", f"{lang}: {finding}", field_name)


def _localized(value: Any, path: Path_) -> Iterator[tuple[Path_, Localized]]:
    """Yield every Localized text inside a record with the field path that leads to it."""
    if isinstance(value, Localized):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _localized(item, (*path, index))
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _localized(getattr(value, name), (*path, info.alias or name))
