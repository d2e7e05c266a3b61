"""Render a briefing context into the semantic HTML every writer starts from.

The Jinja2 environment autoescapes (fact text is untrusted), fails on undefined names
(StrictUndefined: a typo in a template is an error, not an empty string), translates
template strings through gettext and records which template files it loaded, so the
manifest knows what shaped each output.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from briefings import __version__
from briefings.errors import TemplateError
from briefings.files import user_cache_folder
from briefings.kinds.base import BriefingContext
from briefings.localize import DOCUMENT_LANGUAGES, translations
from briefings.markings import marking_for
from briefings.present import Presenter

logger = logging.getLogger(__name__)


class RecordingLoader(jinja2.FileSystemLoader):
    """A file loader that remembers every template file it handed out."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.loaded: dict[str, Path] = {}

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        source, filename, uptodate = super().get_source(environment, template)
        self.loaded[template] = Path(filename)
        return source, filename, uptodate


@dataclass(frozen=True)
class RenderedHtml:
    """The briefing as HTML, and the template files that made it."""

    html: str
    templates: dict[str, Path]


def make_environment(templates: Path, lang: str) -> tuple[jinja2.Environment, RecordingLoader]:
    """Return a Jinja2 environment for one language, and its recording loader."""
    loader = RecordingLoader(templates)
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env, loader


@functools.cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Return Jinja2's on-disk cache of compiled templates, shared by every process.

    Compiling the templates is a tenth of a second of every cold ``build``; like Python's
    own .pyc files, the compiled code is keyed by the template's source and Python's version,
    in our cache folder (``files.user_cache_folder``). None where there is none.
    """
    folder = user_cache_folder("templates")
    return None if folder is None else jinja2.FileSystemBytecodeCache(str(folder))


@functools.lru_cache(maxsize=32)
def kept_environment(
    templates: Path, lang: str, template: str
) -> tuple[jinja2.Environment, RecordingLoader]:
    """Return the environment that renders one template in one language, kept per process.

    A ``watch``, a service worker or ``build --all`` then compiles each template once; Jinja2
    reloads a template whose file changed. One environment per root template keeps its
    loader's record of the files that template reads exact.
    """
    return make_environment(templates, lang)


def render_html(context: BriefingContext, presenter: Presenter, templates: Path) -> RenderedHtml:
    """Render ``context`` through its template into HTML with a filled table of contents."""
    env, loader = kept_environment(templates.resolve(), context.options.lang, context.template)
    try:
        template = env.get_template(context.template)
        html = template.render(**_variables(context, presenter))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename}:{exc.lineno}: template syntax: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name!r} not found in {templates}") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{context.template}: {exc.message}") from exc
    return RenderedHtml(fill_toc(html), dict(loader.loaded))


def _variables(context: BriefingContext, presenter: Presenter) -> dict[str, Any]:
    options = context.options
    return {
        **context.data,
        **presenter.helpers(),
        "lang": options.lang,
        "document_lang": DOCUMENT_LANGUAGES[options.lang],
        "as_of": context.as_of,
        "marking": options.marking or marking_for(options.lang, dict(options.markings)),
        "version": __version__,
        "edition": context.data.get("edition"),
        "stem": context.stem,
    }


_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_TOC_SLOT = "<!-- toc -->"


def fill_toc(html: str) -> str:
    """Replace the ``<!-- toc -->`` slot with entries for every h2 and h3 that has an id.

    Done after rendering, so the contents always match the sections that were not empty.
    """
    if _TOC_SLOT not in html:
        return html
    items: list[tuple[str, list[str]]] = []
    for level, anchor, inner in _HEADING.findall(html):
        text = escape(Markup(_TAGS.sub("", inner)).unescape().strip())
        link = f'<a href="#{anchor}">{text}</a>'
        if level == "3" and items:
            items[-1][1].append(f"<li>{link}</li>")
        else:
            items.append((link, []))
    return html.replace(_TOC_SLOT, "\n".join(_toc_item(*item) for item in items), 1)


def _toc_item(link: str, children: list[str]) -> str:
    nested = f"<ol>{''.join(children)}</ol>" if children else ""
    return f"<li>{link}{nested}</li>"
