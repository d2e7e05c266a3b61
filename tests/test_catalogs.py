"""The gettext catalogs: complete, placeholders intact, compiled and extracted up to date."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "briefings" / "locale"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z]+\}")


def catalog(lang: str):  # type: ignore[no-untyped-def]
    with open(LOCALE / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def messages(lang: str) -> dict[str, str]:
    return {m.id: m.string for m in catalog(lang) if m.id}


@pytest.mark.parametrize("lang", ["az", "kk"])
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    for msgid, msgstr in messages(lang).items():
        assert msgstr, f"{lang}: untranslated {msgid!r}"
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


@pytest.mark.parametrize("lang", ["az", "kk"])
def test_compiled_catalog_matches_the_po_file(lang: str) -> None:
    with open(LOCALE / lang / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in messages(lang).items():
        assert compiled.gettext(msgid) == msgstr, f"run `make messages`: {msgid!r} is stale"


def test_catalogs_hold_every_string_the_templates_and_code_use() -> None:
    method_map = [("briefings/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    used = {
        message
        for _, _, message, _, _ in extract_from_dir(
            str(ROOT), method_map, options, keywords={"_": None, "gettext": None}
        )
        if isinstance(message, str)
    }
    assert len(used) > 100 and "Key judgements" in used and "[in English]" in used
    for lang in ("az", "kk"):
        missing = used - set(messages(lang))
        assert not missing, f"{lang}: run `make messages` and translate {sorted(missing)}"
