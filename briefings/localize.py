"""Dates, numbers and translations for a briefing language, all from CLDR via Babel."""

from __future__ import annotations

import gettext
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_skeleton, get_month_names
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
    """Return a date as the language writes it (docs/languages.md, "Dates").

    ``long`` is for running text ("2025 жылғы 18 желтоқсан", "18 dekabr 2025-ci il");
    ``numeric`` ("medium" and "short" too) is for footnotes, tables and the chronology
    ("18.12.2025"); ``attributive`` is the kk form that qualifies a noun
    ("2025 жылғы 18 желтоқсандағы жағдай"). English keeps CLDR's own forms.
    """
    if date is None:
        return ""
    if lang == "en":
        return _english_date(date, style)
    if style in ("numeric", "medium", "short"):
        return _numeric_date(date)
    text = _long_date(date, lang)
    if style == "attributive" and lang == "kk":
        return (
            f"{date.year} жылғы" if date.precision == "year" else text + kazakh_suffix(text, "дағы")
        )
    return text


def _english_date(date: PartialDate, style: str) -> str:
    style = "medium" if style == "numeric" else "long" if style == "attributive" else style
    if date.precision == "day":
        return format_date(date.first(), style, locale=LOCALES["en"])
    if date.precision == "month":
        return format_skeleton("yMMMM", date.first(), locale=LOCALES["en"])
    return str(date.year)


def _numeric_date(date: PartialDate) -> str:
    """Return 03.03.2025, 03.2025 or 2025: no month abbreviations in either language."""
    if date.precision == "day":
        return date.first().strftime("%d.%m.%Y")
    if date.precision == "month":
        return date.first().strftime("%m.%Y")
    return str(date.year)


def _long_date(date: PartialDate, lang: str) -> str:
    month = get_month_names("wide", "format", LOCALES[lang])[date.first().month]
    year = date.year
    if lang == "kk":
        forms = {
            "day": f"{year} жылғы {date.first().day} {month}",
            "month": f"{year} жылғы {month}",
        }
        return forms.get(date.precision, f"{year} жыл")
    ordinal = f"{year}-{azerbaijani_ordinal_suffix(year)}"
    forms = {
        "day": f"{date.first().day} {month} {ordinal} il",
        "month": f"{ordinal} ilin {month}{_AZ_MONTH_POSSESSIVE[month]}",
    }
    return forms.get(date.precision, f"{ordinal} il")


# The possessive ending of each Azerbaijani month name ("2025-ci ilin oktyabrı").
_AZ_MONTH_POSSESSIVE = {
    "yanvar": "ı", "fevral": "ı", "mart": "ı", "aprel": "i", "may": "ı", "iyun": "u",
    "iyul": "u", "avqust": "u", "sentyabr": "ı", "oktyabr": "ı", "noyabr": "ı", "dekabr": "ı",
}  # fmt: skip

# The last spoken word of a number decides the vowel of the Azerbaijani ordinal suffix:
# bir, iki, beş, yeddi, səkkiz → -ci; üç, dörd → -cü; altı → -cı; doqquz → -cu.
_AZ_UNITS = {1: "ci", 2: "ci", 3: "cü", 4: "cü", 5: "ci", 6: "cı", 7: "ci", 8: "ci", 9: "cu"}
_AZ_TENS = {1: "cu", 2: "ci", 3: "cu", 4: "cı", 5: "ci", 6: "cı", 7: "ci", 8: "ci", 9: "cı"}


def azerbaijani_ordinal_suffix(number: int) -> str:
    """Return the ordinal suffix of a number ("ci" for 2025, "cü" for 2023, "cı" for 2026)."""
    if number % 10:
        return _AZ_UNITS[number % 10]
    if number % 100:
        return _AZ_TENS[number % 100 // 10]
    if number % 1000:
        return "cü"  # yüz
    return "ci"  # min


def ordinal(number: int, lang: str) -> str:
    """Return a number as an ordinal prefix: "1-" (kk), "1-ci" (az), "1" (en)."""
    if lang == "az":
        return f"{number}-{azerbaijani_ordinal_suffix(number)}"
    return f"{number}-" if lang == "kk" else str(number)


_KK_FRONT = set("әөүіеиэ")
_KK_BACK = set("аоұыуяю")
_KK_VOICELESS = set("кқпстфхцчшщ")


def kazakh_suffix(word: str, suffix: str) -> str:
    """Return a Kazakh suffix given in its back, voiced form ("дағы", "да") fitted to ``word``.

    Vowel harmony follows the word's last vowel; a voiceless final consonant turns д into т.
    """
    lower = word.lower()
    vowels = [c for c in lower if c in _KK_FRONT or c in _KK_BACK]
    front = bool(vowels) and vowels[-1] in _KK_FRONT
    if front:
        suffix = suffix.translate(str.maketrans("аығқ", "еігк"))
    if lower and lower[-1] in _KK_VOICELESS and suffix[:1] == "д":
        suffix = "т" + suffix[1:]
    return suffix


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


_WORD = re.compile(r"[^\W\d_]{3,}")


def lower(text: str, lang: str) -> str:
    """Return text in lower case, with the Turkic dotted and dotless I in Azerbaijani."""
    if lang == "az":
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def _stems(text: str, lang: str) -> list[str]:
    return [word[:4] for word in _WORD.findall(lower(text, lang))]


def names_the_same(text: str, name: str, lang: str) -> bool:
    """Return whether ``text`` already names ``name``, so that repeating it would be noise.

    Stems, not words: Kazakh and Azerbaijani inflect the name inside a title
    ("Қазақстанның Бакудағы Елшілігі" in "Қазақстанның Бакудағы Елшілігінде"). It names it
    when it holds three quarters of the name's stems, the name's last two (its head:
    "зерттеулер институты"), or all but the head noun ("Premier of the Republic of
    Kazakhstan" next to "Government of the Republic of Kazakhstan").
    """
    wanted = _stems(name, lang)
    if not wanted:
        return False
    held = set(_stems(text, lang))
    if len(set(wanted) & held) >= 0.75 * len(set(wanted)):
        return True
    return len(wanted) >= 2 and (set(wanted[-2:]) <= held or set(wanted[:-1]) <= held)
