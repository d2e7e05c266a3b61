"""The HTML writer: the semantic HTML as is, for review in a browser or a diff."""

from __future__ import annotations

from briefings.writers.base import Writer, WriterOptions


class HtmlWriter(Writer):
    name = "html"
    suffix = ".html"

    def render(self, html: str, options: WriterOptions) -> bytes:
        """Return the HTML unchanged, UTF-8 encoded."""
        return html.encode("utf-8")
