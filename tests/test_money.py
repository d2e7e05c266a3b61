"""Amounts read the same on every machine: our own format, not CLDR's compact patterns."""

from __future__ import annotations

from decimal import Decimal

import pytest

from briefings.localize import format_money

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "currency", "en", "az", "kk"),
    [
        ("500000000", "USD", "US$500 million", "500 milyon ABŞ dolları", "500 млн АҚШ доллары"),
        ("1250000000", "USD", "US$1.3 billion", "1,3 milyard ABŞ dolları", "1,3 млрд АҚШ доллары"),
        ("20000000", "AZN", "AZN 20 million", "20 milyon manat", "20 млн манат"),
        ("5000000000", "KZT", "KZT 5 billion", "5 milyard tenge", "5 млрд теңге"),
        ("1500000", "EUR", "€1.5 million", "1,5 milyon avro", "1,5 млн еуро"),
        ("250000", "USD", "US$250,000", "250.000 ABŞ dolları", "250 000 АҚШ доллары"),
    ],
)
def test_money_reads_the_same_in_every_language(
    value: str, currency: str, en: str, az: str, kk: str
) -> None:
    amount = Decimal(value)
    got = [format_money(amount, currency, lang) for lang in ("en", "az", "kk")]
    # Numbers stay with their scale word and code: no-break spaces, shown here as spaces.
    assert [g.replace(NBSP, " ") for g in got] == [en, az, kk]
    assert NBSP in got[0] or "," in got[0]


def test_an_english_reader_tells_dollars_from_tenge_and_manat() -> None:
    labels = {c: format_money(Decimal(10**6), c, "en") for c in ("USD", "KZT", "AZN")}
    assert labels["USD"].startswith("US$")
    assert labels["KZT"].startswith("KZT") and labels["AZN"].startswith("AZN")
