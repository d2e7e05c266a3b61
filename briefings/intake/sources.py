"""`sources add`: an article file becomes a stored text and a source record.

Flags win over what the text prints; what neither gives is one error naming the flag.
The text is written first and removed again if the record cannot be written, and the
facts file is replaced atomically, so a failure leaves nothing half-done.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefings.errors import FactError, Problem
from briefings.facts.dates import PartialDate
from briefings.facts.load import load_facts
from briefings.facts.model import Source
from briefings.files import write_atomic
from briefings.intake.articles import ArticleText, paragraphs_of, read_article
from briefings.intake.yamledit import append_record, dump_document, load_document

logger = logging.getLogger(__name__)

_SOURCE_ID = re.compile(r"^src-(\d+)$")


@dataclass(frozen=True)
class Given:
    """What the analyst passed on the command line; None where they left it to detection."""

    id: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: str | None = None
    language: str | None = None
    url: str | None = None


def add_source(file: Path, given: Given, facts_dir: Path, sources_dir: Path) -> str:
    """Store the article of ``file`` and append its source record; return the new id."""
    article = read_article(file)
    sources = _known_sources(facts_dir)
    _refuse_duplicate(article, sources, sources_dir, file)
    source_id = given.id or next_source_id(sources)
    if source_id in sources:
        raise _flag_error(file, f"the id {source_id!r} is taken; give another with --id")
    record = _record(article, given, source_id, file)
    _write(article, record, facts_dir / "sources.yaml", sources_dir / record["file"])
    return source_id


def _known_sources(facts_dir: Path) -> dict[str, Source]:
    loaded = load_facts(facts_dir)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors:
        raise FactError("the facts have errors; fix them first (`briefings check`)", errors)
    return loaded.base.sources


def next_source_id(sources: dict[str, Source]) -> str:
    """Return the next free src-NNN after the highest number in use."""
    numbers = [int(m.group(1)) for s in sources if (m := _SOURCE_ID.match(s))]
    return f"src-{max(numbers, default=-1) + 1:03d}"


def _refuse_duplicate(
    article: ArticleText, sources: dict[str, Source], folder: Path, file: Path
) -> None:
    for source in sources.values():
        path = folder / source.file
        if path.is_file() and paragraphs_of(path.read_text("utf-8")) == article.paragraphs:
            message = f"this article is already source {source.id} ({path})"
            raise _flag_error(file, message)


def _flag_error(file: Path, message: str) -> FactError:
    return FactError("the source was not added", [Problem(file, 1, "error", message)])


def _record(article: ArticleText, given: Given, source_id: str, file: Path) -> dict[str, Any]:
    """Return the source record as plain data, flags first, then what the text printed."""
    language = given.language or article.language
    outlet = given.outlet or article.outlet
    date = PartialDate.parse(given.date) if given.date else article.date
    original = article.title
    for value, flag, what in (
        (language, "--lang az|kk|ru|en", "the language"),
        (outlet, "--outlet NAME", "the outlet"),
        (date, "--date YYYY-MM-DD", "the publication date"),
        (given.title or original, "--title TEXT", "a headline"),
    ):
        if not value:
            raise _flag_error(file, f"{what} is not printed in the article; give {flag}")
    return _validated(
        source_id,
        outlet,
        _title(given.title, original, language),
        date,
        language,
        given.url or article.url,
        file,
    )


def _title(english: str | None, original: str | None, language: str | None) -> dict[str, str]:
    title = {"en": english or original or ""}
    if original and language in ("az", "kk"):
        title[language] = original
    return title


def _validated(
    source_id: str,
    outlet: Any,
    title: dict[str, str],
    date: Any,
    language: Any,
    url: Any,
    file: Path,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": source_id,
        "outlet": outlet,
        "title": title,
        "date": _yaml_date(date),
        "language": language,
        "file": f"{source_id}.txt",
    }
    if url:
        record["url"] = url
    if title["en"] == title.get(language):
        record["note"] = "The English title is the original headline; translate it."
    try:
        Source.model_validate(record)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"])
        raise _flag_error(file, f"{field}: {error['msg']}") from None
    return record


def _yaml_date(date: PartialDate) -> Any:
    """Return a day as a date (written unquoted) and a month or year as text."""
    return date.first() if date.day is not None else str(date)


def _write(article: ArticleText, record: dict[str, Any], facts_file: Path, text_file: Path) -> None:
    """Write the text, then the record; remove the text again if the record fails."""
    if text_file.exists():
        raise _flag_error(text_file, f"{text_file} exists already; give another --id")
    document = load_document(facts_file)
    append_record(document, "sources", record)
    new_yaml = dump_document(document)
    write_atomic(text_file, article.text.encode("utf-8"))
    try:
        write_atomic(facts_file, new_yaml.encode("utf-8"))
    except BaseException:
        text_file.unlink(missing_ok=True)
        raise
