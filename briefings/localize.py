"""Dates, numbers and translations for a briefing language, all from CLDR via Babel."""

from __future__ import annotations

import gettext
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent
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


# How amounts read, set here rather than taken from CLDR's compact patterns, which change
# between Babel releases (2.19 turned "US$500M" into "$500M"). See docs/languages.md.
# Scale words: (threshold, {lang: word}); below a million the full number is written.
SCALES = (
    (Decimal(10) ** 9, {"en": "billion", "az": "milyard", "kk": "млрд"}),
    (Decimal(10) ** 6, {"en": "million", "az": "milyon", "kk": "млн"}),
)
# English puts a symbol or ISO code first; az and kk name the currency after the number.
CURRENCY_PREFIX_EN = {"USD": "US$", "EUR": "€", "AZN": "AZN\u00a0", "KZT": "KZT\u00a0"}
CURRENCY_NAMES = {
    "az": {"USD": "ABŞ dolları", "EUR": "avro", "AZN": "manat", "KZT": "tenge"},
    "kk": {"USD": "АҚШ доллары", "EUR": "еуро", "AZN": "манат", "KZT": "теңге"},
}


def format_money(value: Decimal, currency: str, lang: str) -> str:
    """Return an amount as briefing prose writes it: "US$500 million", "500 млн АҚШ доллары"."""
    number, scale = _scaled(Decimal(value), lang)
    amount = f"{number}\u00a0{scale}" if scale else number
    if lang == "en":
        return CURRENCY_PREFIX_EN.get(currency, f"{currency}\u00a0") + amount
    return f"{amount} {CURRENCY_NAMES[lang].get(currency, currency)}"


def _scaled(value: Decimal, lang: str) -> tuple[str, str]:
    """Return the number, at most one decimal, and its scale word (or "" below a million)."""
    for threshold, words in SCALES:
        if abs(value) >= threshold:
            scaled = (value / threshold).quantize(Decimal("0.1"), ROUND_HALF_UP)
            return format_decimal(scaled, "#,##0.#", locale=LOCALES[lang]), words[lang]
    return format_decimal(value, "#,##0.##", locale=LOCALES[lang]), ""


def format_percentage(value: Decimal, lang: str) -> str:
    """Return 21 as "21%" (or "21 %", "%21" where the language writes it so)."""
    return format_percent(value / 100, locale=LOCALES[lang], decimal_quantization=False)
