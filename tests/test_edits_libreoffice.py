"""The round trip through LibreOffice: it flattens our content controls, text matching remains.

Each LibreOffice run has its own profile and a timeout (shared profiles collide). The edits
are made by LibreOffice itself, with a Basic macro (``tests/data/lo_edit.bas``) put into the
run's fresh profile: a figure changed with change tracking on, a list item deleted and a
comment added, saved as DOCX. These tests fail (never skip) when ``soffice`` is missing.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from tests.test_docx_libreoffice import TIMEOUT, tool
from tests.test_edits import (
    NS,
    built,  # noqa: F401 - the module-scoped build fixture
    edits_json,
    expected_changes,
    make_edited_copy,
    original_text,
    parts,
    w,
)

pytestmark = pytest.mark.slow

MACRO = Path(__file__).parent / "data" / "lo_edit.bas"
MODULE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
    'script:language="StarBasic">{code}</script:module>'
)


def soffice(profile: Path, *args: str) -> None:
    """Run LibreOffice headless with its own profile and a timeout."""
    command = [tool("soffice"), "--headless", f"-env:UserInstallation={profile.as_uri()}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, f"soffice failed: {result.stdout}\n{result.stderr}"


def resave(source: Path, workdir: Path) -> Path:
    """Open and save the DOCX as DOCX in LibreOffice; return the new file."""
    outdir = workdir / "resaved"
    soffice(workdir / "lo-profile", "--convert-to", "docx", "--outdir", str(outdir), str(source))
    target = outdir / source.name
    assert target.is_file()
    return target


def edit_in_libreoffice(source: Path, target: Path, workdir: Path, *args: str) -> None:
    """Run the editing macro on ``source`` in a fresh profile, saving DOCX to ``target``."""
    profile = workdir / "lo-macro-profile"
    soffice(profile, "--terminate_after_init")
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    module.write_text(MODULE.format(code=escape(MACRO.read_text())), encoding="utf-8")
    quoted = ",".join(f'"{arg}"' for arg in (str(source), str(target), *args))
    soffice(profile, f"macro:///Standard.Module1.Edit({quoted})")
    assert target.is_file(), "the macro saved nothing"


def test_a_docx_saved_by_libreoffice_unchanged_reports_no_changes(
    built: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    resaved = resave(built / "overview.docx", tmp_path)
    body = etree.fromstring(parts(resaved)["word/document.xml"])
    tags = body.findall(".//w:sdtPr/w:tag", NS)
    assert not tags  # LibreOffice 7.4 drops the controls' tags: the text fallback is at work
    assert edits_json(resaved, built)["changes"] == []


def test_edits_made_in_libreoffice_are_named_with_their_facts(
    built: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    edited = tmp_path / "edited-in-lo.docx"
    note = "Source? Please check the date."
    edit_in_libreoffice(
        built / "overview.docx",
        edited,
        tmp_path,
        "US$500",
        "US$600",
        "Crash of an AZAL aircraft near Aktau",
        "Talks of Prime Ministers",
        note,
    )
    changes = edits_json(edited, built)["changes"]
    figure = original_text(built, "fig-trade-2024")
    kinds = [(c["kind"], c["facts"]) for c in changes]
    assert kinds == [
        ("changed", ["fig-trade-2024"]),
        ("deleted", ["crash-azal-aktau"]),
        ("comment", ["talks-2025-03-03-asadov-bektenov"]),
        ("tracked", ["fig-trade-2024"]),
        ("tracked", ["fig-trade-2024"]),
    ]
    changed, deleted, comment, removed, inserted = changes
    assert changed["after"] == figure.replace("US$500", "US$600")
    assert changed["proposals"][0]["after"] == 600000000
    assert deleted["before"] == original_text(built, "crash-azal-aktau")
    assert (comment["comment"], comment["author"]) == (note, "Editor")
    assert (removed["before"], inserted["after"]) == ("US$500", "US$600")


def test_an_edited_copy_saved_again_by_libreoffice_reports_the_same_changes(
    built: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    edited = tmp_path / "edited.docx"
    make_edited_copy(built / "overview.docx", edited)
    changes = edits_json(resave(edited, tmp_path), built)["changes"]
    expected = expected_changes(built)
    assert sorted(map(summary, changes)) == sorted(map(summary, expected))


def summary(change: dict) -> str:
    """Return what a change says, comparable in any order (the report follows the document)."""
    return json.dumps([change[k] for k in ("kind", "facts", "before", "after")], ensure_ascii=False)


def test_the_review_copy_keeps_its_comments_in_libreoffice(
    built: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    resaved = resave(built / "overview.review.docx", tmp_path)
    comments = etree.fromstring(parts(resaved)["word/comments.xml"]).findall("w:comment", NS)
    original = etree.fromstring(parts(built / "overview.review.docx")["word/comments.xml"])
    assert len(comments) == len(original.findall("w:comment", NS)) > 100
    texts = ["".join(c.itertext()) for c in comments]
    assert any(t.startswith("fig-trade-2024 (figure)") and "para. 11" in t for t in texts)
    assert {c.get(w("author")) for c in comments} == {"briefings"}
