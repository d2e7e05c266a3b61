"""Dates, numbers and translations for a briefing language, all from CLDR via Babel."""

from __future__ import annotations

import gettext
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_currency, format_decimal, format_percent
from babel.support import Translations

from briefings.facts.dates import PartialDate

LOCALES = {"en": "en_GB", "az": "az", "kk": "kk"}
DOCUMENT_LANGUAGES = {"en": "en-GB", "az": "az-Latn-AZ", "kk": "kk-KZ"}
CATALOGS = Path(__file__).parent / "locale"


@lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """Return the compiled gettext catalog for ``lang`` (English needs none)."""
    if lang == "en":
        return gettext.NullTranslations()
    return Translations.load(str(CATALOGS), [LOCALES[lang]], domain="messages")


def format_partial_date(date: PartialDate | None, lang: str, style: str = "long") -> str:
    """Return "15 December 2025", "December 2025" or "2025" in the language's own form."""
    if date is None:
        return ""
    locale = LOCALES[lang]
    if date.precision == "day":
        return format_date(date.first(), style, locale=locale)
    if date.precision == "month":
        return format_skeleton("yMMMM", date.first(), locale=locale)
    return str(date.year)


def format_number(value: Decimal | int | float, lang: str) -> str:
    """Return a number with the language's decimal and grouping separators."""
    return format_decimal(value, locale=LOCALES[lang])


def format_money(value: Decimal, currency: str, lang: str) -> str:
    """Return an amount compactly ("US$300M", "300 млн $"), as briefing prose wants it."""
    return format_compact_currency(value, currency, locale=LOCALES[lang], fraction_digits=1)


def format_percentage(value: Decimal, lang: str) -> str:
    """Return 21 as "21%" (or "21 %", "%21" where the language writes it so)."""
    return format_percent(value / 100, locale=LOCALES[lang], decimal_quantization=False)
