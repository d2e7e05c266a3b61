"""The HTML writer: the semantic HTML with its stylesheet inlined, one self-contained file.

The briefing links ``print.css`` from the templates folder; a lone HTML file in the output
folder cannot reach it, so the writer puts the stylesheet inside a ``<style>`` element.
Fonts stay behind (a browser uses its own Noto or serif faces), and citations, which the
PDF floats to the page foot, read as small notes in parentheses on screen.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefings.errors import WriterError
from briefings.writers.base import Writer, WriterOptions

_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}\s*")
_FAMILIES = {
    '"Briefings Serif"': '"Noto Serif", Georgia, serif',
    '"Briefings Sans"': '"Noto Sans", Arial, sans-serif',
}
SCREEN_CSS = """
@media screen {
  body { max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
  span.fn { font-size: 0.8em; color: #4a5662; }
  span.fn::before { content: " ("; }
  span.fn::after { content: ")"; }
}
"""


def inline_stylesheet(css: str) -> str:
    """Return print.css made fit for a lone HTML file: no font files, browser fonts instead."""
    css = _FONT_FACE.sub("", css)
    for ours, theirs in _FAMILIES.items():
        css = css.replace(ours, theirs)
    return css + SCREEN_CSS


class HtmlWriter(Writer):
    name = "html"
    suffix = ".html"

    def render(self, html: str, options: WriterOptions) -> bytes:
        """Return the HTML, UTF-8 encoded, with each linked stylesheet inlined."""
        return _LINK.sub(lambda match: self._style(match.group(1), options), html).encode("utf-8")

    @staticmethod
    def _style(href: str, options: WriterOptions) -> str:
        folder = options.templates.resolve()
        path = (folder / href).resolve()
        if not path.is_relative_to(folder) or not path.is_file():
            raise WriterError(f"stylesheet {href!r} is not a file in {folder}")
        return f"<style>\n{inline_stylesheet(Path(path).read_text(encoding='utf-8'))}</style>"
