"""The reference document's styles as the writer needs them: found by name, or an error.

A user may swap ``templates/reference.docx`` for a house style (as with Pandoc's
``--reference-doc``), so styles are looked up by their UI name, case-insensitively (Word
stores some built-ins as ``heading 1`` or ``toc 1``), and any required one that is missing is
reported by name before anything is written.
"""

from __future__ import annotations

import logging

from docx.document import Document
from docx.oxml.ns import qn

from briefings.errors import WriterError
from briefings.writers.docx_parts import RPR_ORDER, Element, put_property, w_el

logger = logging.getLogger(__name__)

# UI name -> style type (w:style/@w:type) for every style the writer can emit.
REQUIRED_STYLES: dict[str, str] = {
    **dict.fromkeys(
        ["Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"], "paragraph"
    ),
    **dict.fromkeys(["List Bullet", "List Bullet 2", "List Number", "List Number 2"], "paragraph"),
    **dict.fromkeys(["Quote", "Caption", "TOC Heading", "TOC 1", "TOC 2"], "paragraph"),
    **dict.fromkeys(["Footnote Text", "Header", "Footer"], "paragraph"),
    "Footnote Reference": "character",
    "Light Grid Accent 1": "table",
}
# Used when present: links fall back to direct formatting, list continuations to the list style.
OPTIONAL_STYLES = ("Hyperlink", "List Continue", "List Continue 2")
LANGUAGE_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3")
WORD_LANGUAGES = {"en": "en-GB", "az": "az-Latn-AZ", "kk": "kk-KZ", "ru": "ru-RU", "tr": "tr-TR"}


def word_language(html_lang: str) -> str:
    """Return the Word language tag for an HTML ``lang`` (en -> en-GB, az -> az-Latn-AZ...).

    Tags we do not know pass through unchanged: Word accepts any BCP 47 tag.
    """
    return WORD_LANGUAGES.get(html_lang.strip().lower(), html_lang.strip())


class StyleMap:
    """Style ids by UI name, checked once against what the writer needs."""

    def __init__(self, document: Document) -> None:
        self._styles = document.styles.element
        self._ids: dict[str, str] = {}
        self._types: dict[str, str] = {}
        self._elements: dict[str, Element] = {}
        for style in self._styles.iterchildren(qn("w:style")):
            name_el = style.find(qn("w:name"))
            if name_el is None:
                continue
            key = name_el.get(qn("w:val")).lower()
            self._ids.setdefault(key, style.get(qn("w:styleId")))
            self._types.setdefault(key, style.get(qn("w:type")))
            self._elements.setdefault(style.get(qn("w:styleId")), style)

    def check(self, source: str) -> None:
        """Raise WriterError naming every required style missing from the reference doc."""
        missing = [
            f'"{name}"'
            for name, kind in REQUIRED_STYLES.items()
            if self._types.get(name.lower()) != kind
        ]
        if missing:
            raise WriterError(
                f"reference document {source} lacks the style(s) {', '.join(missing)} "
                "(paragraph, character or table style of that name) needed by the DOCX writer"
            )

    def id(self, name: str) -> str:
        """Return the style id for a UI name such as ``Heading 1``."""
        style_id = self._ids.get(name.lower())
        if style_id is None:
            raise WriterError(f'the reference document lacks the style "{name}"')
        return style_id

    def optional_id(self, name: str) -> str | None:
        """Return the style id for ``name``, or None when the reference doc lacks it."""
        return self._ids.get(name.lower())

    def continuation(self, list_style: str) -> str:
        """Return the style for a list item's second paragraph (no bullet of its own)."""
        level = " 2" if list_style.endswith(" 2") else ""
        name = f"List Continue{level}"
        return name if name.lower() in self._ids else list_style

    def restart_numbering(self, document: Document, list_style: str) -> str | None:
        """Return a new numbering instance restarting at 1 for one ``<ol>``, if the style numbers.

        Without it every ``List Number`` paragraph in the document would continue one count.
        """
        found = self._numbering_of(self.id(list_style))
        if found is None:
            return None
        num_id, level = found
        numbering = document.part.numbering_part.element
        try:
            abstract_id = numbering.num_having_numId(int(num_id)).abstractNumId.val
        except (KeyError, ValueError):
            logger.warning("style %s points at missing numbering %s", list_style, num_id)
            return None
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=int(level)).add_startOverride(1)
        return str(num.numId)

    def level_of(self, list_style: str) -> str:
        """Return the numbering level (``w:ilvl``) a list style uses, "0" when unset."""
        found = self._numbering_of(self.id(list_style))
        return found[1] if found else "0"

    def _numbering_of(self, style_id: str) -> tuple[str, str] | None:
        """Return (numId, ilvl) from a style or the styles it is based on."""
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._elements:
            seen.add(style_id)
            style = self._elements[style_id]
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
                level = num_pr.find(qn("w:ilvl"))
                level_val = level.get(qn("w:val")) if level is not None else "0"
                return num_pr.find(qn("w:numId")).get(qn("w:val")), level_val
            based_on = style.find(qn("w:basedOn"))
            style_id = based_on.get(qn("w:val")) if based_on is not None else ""
        return None

    def tab_stops(self, name: str) -> list[int]:
        """Return the tab stop positions a paragraph style defines or inherits."""
        positions: list[int] = []
        style_id, seen = self.id(name), set()
        while style_id and style_id not in seen and style_id in self._elements:
            seen.add(style_id)
            style = self._elements[style_id]
            for tab in style.iterfind(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}"):
                positions.append(int(tab.get(qn("w:pos"), "0")))
            based_on = style.find(qn("w:basedOn"))
            style_id = based_on.get(qn("w:val")) if based_on is not None else ""
        return positions

    def set_language(self, tag: str) -> None:
        """Set ``w:lang`` on the document defaults, Normal and headings, for the spellchecker."""
        defaults = self._styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        targets = [] if defaults is None else [defaults]
        for name in LANGUAGE_STYLES:
            style = self._elements[self.id(name)]
            run_props = style.find(qn("w:rPr"))
            if run_props is None:
                run_props = w_el("rPr")
                style.append(run_props)  # rPr is the last child a paragraph style may have
            targets.append(run_props)
        for run_props in targets:
            _set_lang(run_props, tag)


def _set_lang(run_props: Element, tag: str) -> None:
    """Set ``w:lang/@w:val`` (Latin and Cyrillic text), keeping eastAsia/bidi as they are."""
    lang = run_props.find(qn("w:lang"))
    if lang is None:
        lang = w_el("lang")
        put_property(run_props, lang, RPR_ORDER)
    lang.set(qn("w:val"), tag)
