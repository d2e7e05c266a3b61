"""The outlet that published an article, from the phrases agencies sign their reports with.

"AZERTAC xəbər verir", "Bunu Trend-ə … bildirib", "… Metbuat.az-a verilən məlumata görə",
"…, деп хабарлайды Kazinform", "сообщает Kazinform", "передаёт корреспондент Trend", and
the copyright lines "… ақпараттық агенттігі" / "информационное агентство …". A name in the
ablative ("…-нан", "…-дан": *from* the ministry) is where the news came from, not who
published it, and is passed over.
"""

from __future__ import annotations

import re

_CAP = "A-ZА-ЯЁӘӨҮҰҚҒҢҺІƏÜÖĞŞÇİ"
_WORD = rf"[{_CAP}][\w.&]*(?:-[{_CAP}\d][\w.&]*)*"
_NAME = rf"[\"«„“]?(?P<name>{_WORD}(?:\s{_WORD}){{0,3}})[\"»“”]?"
_BEFORE = [
    re.compile(_NAME + r"(?:-(?:ın|in|un|ün|nın|nin|a|ə|ya|yə))?\s+xəbər verir"),
    re.compile(r"\bBunu\s+" + _NAME + r"-?(?:a|ə|ya|yə|na|nə)\b"),
    re.compile(_NAME + r"-?(?:a|ə|ya|yə)\s+(?:verilən|verdiyi)\s+məlumat"),
    re.compile(_NAME + r"\s+(?:ақпараттық агенттіг|агенттіг)"),
]
_AFTER = [
    re.compile(r"(?:деп\s+)?хабарлайды\s+" + _NAME),
    re.compile(r"(?:сообщает|сообщают|передает|передаёт|пишет)\s+(?:корреспондент\s+)?" + _NAME),
    re.compile(r"(?:информационное агентство|агентство)\s+" + _NAME),
    re.compile(r"(?:тілшісі|хабарлайды)\s+" + _NAME),
]
_ABLATIVE = re.compile(r"(?:нан|нен|тан|тен|дан|ден|dan|dən|tan|tən)$")


def find_outlet(paragraphs: list[str]) -> str | None:
    """Return the outlet an article names for itself, or None when it names none."""
    for paragraph in paragraphs[:6] + paragraphs[-2:]:
        for pattern in _BEFORE + _AFTER:
            for match in pattern.finditer(paragraph):
                name = match.group("name").strip(" .,-")
                if name and not _ABLATIVE.search(name) and len(name) >= 2:
                    return name
    return None
