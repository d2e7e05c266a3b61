"""Letters and scripts: Turkic-aware casing, matching keys, transliteration, language.

Python's ``str.lower()`` turns Azerbaijani "I" into "i" and "İ" into "i̇"; Azerbaijani and
Kazakh Latin need "I" → "ı" and "İ" → "i". Matching keys go further and fold the letters
that the same name is spelled with in Azerbaijani, Kazakh and Russian, so "Тоқаев" and
"Токаев" meet, and Azerbaijani letters typed without their marks ("vurgulayıb") still match.
"""

from __future__ import annotations

import re
import unicodedata

_TURKIC_UPPER = str.maketrans({"I": "ı", "İ": "i"})
# Kazakh letters → their Russian spelling; Azerbaijani-only Latin letters → a shared base.
_KEY_FOLD = str.maketrans(
    {
        "ә": "а", "ө": "о", "ү": "у", "ұ": "у", "қ": "к", "ғ": "г", "ң": "н", "һ": "х",
        "і": "и", "ё": "е", "ı": "i", "й": "и",
        "ə": "e", "ğ": "g", "ş": "s", "ç": "c", "ö": "o", "ü": "u",  # often typed without
    }
)  # fmt: skip
_WORD = re.compile(r"\w+(?:[-’'.]\w+)*", re.UNICODE)


def turkic_lower(text: str) -> str:
    """Lower-case ``text`` the Azerbaijani and Kazakh way (I → ı, İ → i)."""
    return unicodedata.normalize("NFC", text).translate(_TURKIC_UPPER).lower()


def key(text: str) -> str:
    """Return the matching key of a word or name: Turkic lower case, letters folded."""
    return turkic_lower(text).translate(_KEY_FOLD).replace("’", "'")


def words(text: str) -> list[re.Match[str]]:
    """Return the word tokens of ``text`` with their offsets."""
    return list(_WORD.finditer(text))


def is_capitalised(word: str) -> bool:
    """Say whether a word starts with a capital letter (a name, an institution)."""
    return bool(word) and word[0].isupper()


_LATIN_AZ = set("əğışçöüƏĞİŞÇÖÜ")
_CYRILLIC_KK = set("әөүұқғңһіӘӨҮҰҚҒҢҺІ")


def detect_language(text: str) -> str | None:
    """Guess az, kk, ru or en from the letters and script of ``text``."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if cyrillic > len(letters) / 2:
        kazakh = sum(c in _CYRILLIC_KK for c in letters)
        return "kk" if kazakh > cyrillic / 200 else "ru"
    azeri = sum(c in _LATIN_AZ for c in letters)
    return "az" if azeri > len(letters) / 200 else "en"


_CYRILLIC_EN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ө": "o", "ү": "u", "ұ": "u", "қ": "k", "ғ": "g", "ң": "n",
    "һ": "h", "і": "i",
}  # fmt: skip
_AZ_EN = {
    "ə": "a", "ş": "sh", "ç": "ch", "x": "kh", "ğ": "g", "q": "g", "ı": "i", "ö": "o",
    "ü": "u", "j": "zh", "c": "j",
}  # fmt: skip
_VOWELS = set("aeiouyаеёиоуыэюяәөүұі")


def transliterate(name: str) -> str:
    """Spell a name in English the way the base does (Тоқаев → Tokayev, Şəfiyev → Shafiyev)."""
    return "".join(
        _word_en(m.group()) if m.group()[0].isalpha() else m.group() for m in _SPLIT.finditer(name)
    )


_SPLIT = re.compile(r"\w+|\W+")


def _word_en(word: str) -> str:
    out: list[str] = []
    previous = ""
    for char in word:
        lower = turkic_lower(char)
        table = _CYRILLIC_EN if "\u0400" <= char <= "\u04ff" else _AZ_EN
        latin = table.get(lower, lower)
        if lower == "е" and (not previous or previous in _VOWELS or previous in "ъь"):
            latin = "ye"
        out.append(latin.capitalize() if char.isupper() and not out else latin)
        previous = lower
    return "".join(out)
