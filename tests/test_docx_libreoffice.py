"""The DOCX opens in LibreOffice: convert it to PDF headless and read the text back.

LibreOffice is the reader we can run in CI; it must keep the pre-filled TOC entries, place the
footnotes and show the Azerbaijani and Kazakh letters. These tests fail (never skip) when
``soffice`` or ``pdftotext`` is missing: CI installs them (``.ci/run``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_docx_writer import AZ_TEXT, BRIEFING, KK_TEXT, render

pytestmark = pytest.mark.slow

TIMEOUT = 120  # seconds; a cold LibreOffice start takes a few


def tool(name: str) -> str:
    """Return the path of a required program, failing the test with how to get it."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"{name} not found: install LibreOffice (libreoffice-writer-nogui) and poppler-utils; "
            "CI installs them in .ci/run"
        )
    return found


def convert(docx_path: Path, workdir: Path) -> Path:
    """Convert with a private LibreOffice profile (shared profiles collide) and a timeout."""
    profile = (workdir / "lo-profile").as_uri()
    result = subprocess.run(
        [
            tool("soffice"),
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"soffice failed: {result.stdout}\n{result.stderr}"
    pdf = workdir / (docx_path.stem + ".pdf")
    assert pdf.is_file(), f"soffice wrote no PDF: {result.stdout}\n{result.stderr}"
    return pdf


def pdf_text(pdf: Path) -> str:
    """Return the PDF's text as poppler extracts it."""
    result = subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    )
    return result.stdout


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Render the briefing fixture in Kazakh, convert it once, return the PDF text."""
    workdir = tmp_path_factory.mktemp("lo")
    source = workdir / "briefing.docx"
    source.write_bytes(render(BRIEFING, lang="kk", page_label="{pages} беттің {page}-беті"))
    return pdf_text(convert(source, workdir))


def test_headings_and_body_text_survive(converted: str) -> None:
    for text in ("Azerbaijan–Kazakhstan relations", "Summary", "Key people", "Background"):
        assert text in converted
    assert "Relations deepened in 2025." in converted
    assert "People in the sources" in converted


def test_toc_entries_stay_visible(converted: str) -> None:
    contents = converted.split("Contents", 1)[1].split("Relations deepened", 1)[0]
    lines = [line.strip() for line in contents.splitlines() if line.strip()]
    assert lines[:3] == ["Summary", "Key people", "Azerbaijan"]


def test_footnote_text_is_at_the_page_foot(converted: str) -> None:
    assert "Report, 15 Dec 2025, para. 6, report.az." in converted


def test_azerbaijani_and_kazakh_letters_survive(converted: str) -> None:
    # The table column wraps these lines and pdftotext may drop spaces between single letters,
    # so compare the letters in order, without white space.
    letters = "".join(converted.split())
    assert "".join(AZ_TEXT.split()) in letters
    assert "".join(KK_TEXT.split()) in letters


def test_footer_has_the_marking_and_computed_page_label(converted: str) -> None:
    assert "RESTRICTED" in converted
    assert "2 беттің 1-беті" in converted and "2 беттің 2-беті" in converted
