"""The web UI in a real browser: Debian's Chromium driven by Playwright, against a live server.

Screenshots at 1280 and 390 px wide go to $BRIEFINGS_SCREENSHOTS when set (to look at them),
else to the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import TOKEN, build_overview, live_server, project, settings_for

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"wide": 1280, "narrow": 390}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    folders = project(tmp_path_factory.mktemp("project"))
    build_overview(folders, ("pdf", "html"))
    with live_server(settings_for(folders, build_timeout=120)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BRIEFINGS_SCREENSHOTS") or tmp_path / "screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def signed_in(browser, server: str, width: int = 1280):
    """Return a page of a new browser context, signed in through the form."""
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server}/")
    page.get_by_label("Access token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server}/")
    return page


def shoot(page, shots: Path, name: str) -> None:
    """Take a full-page screenshot at each width."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_sign_in_is_required_then_works(browser, server: str, shots: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/facts")
    assert page.url == f"{server}/login?next=/facts"
    shoot(page, shots, "login")
    page.get_by_label("Access token").fill("not the token")
    page.get_by_role("button", name="Sign in").click()
    assert "That token is not right" in page.locator("#login-error").inner_text()
    page.get_by_label("Access token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server}/facts")
    assert page.get_by_role("heading", name="Facts").is_visible()
    context.close()


def test_the_list_shows_the_overview_and_downloads_its_pdf(
    browser, server: str, shots: Path, tmp_path: Path
) -> None:
    page = signed_in(browser, server)
    row = page.locator("#briefings tbody tr", has_text="overview")
    assert "English" in row.inner_text()
    shoot(page, shots, "list")
    with page.expect_download() as download:
        row.get_by_role("link", name="PDF of overview").click()
    target = tmp_path / "overview.pdf"
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True
        ).stdout
        assert "Farid Shafiyev" in text
    page.get_by_role("link", name="overview", exact=True).click()
    assert page.get_by_role("heading", name="Changes since the previous edition").is_visible()
    shoot(page, shots, "briefing")
    page.context.close()


def test_a_meeting_note_requested_through_the_form_finishes(
    browser, server: str, shots: Path
) -> None:
    page = signed_in(browser, server)
    listing = page.context.new_page()  # an open list, never reloaded, shows the new note
    listing.goto(f"{server}/")
    assert listing.locator("#briefings", has_text="meeting-prep").count() == 0
    page.get_by_role("link", name="Build", exact=True).click()
    page.get_by_label("meeting-prep").check()
    page.locator("#meeting").select_option("rt-2025-12")
    page.locator("#lang").select_option("en")
    page.get_by_label("HTML").check()
    shoot(page, shots, "build")
    page.get_by_role("button", name="Queue the build").click()
    page.wait_for_url("**/builds/*")
    finished = "#job[data-status=done], #job[data-status=failed]"
    page.locator(finished).wait_for(timeout=120_000)
    assert page.locator("#job-status").inner_text() == "done"
    links = page.locator("#job-files a").all_inner_texts()
    assert "meeting-prep-rt-2025-12.pdf" in links and "meeting-prep-rt-2025-12.html" in links
    shoot(page, shots, "job")
    listing.locator("#briefings a", has_text="meeting-prep-rt-2025-12").wait_for(timeout=30_000)
    page.context.close()


def test_a_fact_shows_its_source_paragraph_with_the_quote_highlighted(
    browser, server: str, shots: Path
) -> None:
    page = signed_in(browser, server)
    page.get_by_role("link", name="Facts", exact=True).click()
    page.get_by_label("Name, in any script").fill("Каспий")
    page.get_by_role("button", name="Search").click()
    assert page.locator("#facts tbody tr").count() == 1
    shoot(page, shots, "facts")
    page.get_by_role("link", name="Trans-Caspian fibre-optic line").click()
    mark = page.locator(".citation mark")
    assert mark.inner_text() == "fibre-optic line planned for the end of 2026"
    assert "Test Agency" in page.locator(".citation figcaption").inner_text()
    assert page.get_by_role("link", name="overview").is_visible()  # used by
    shoot(page, shots, "fact")
    page.get_by_role("link", name="Sources", exact=True).click()
    assert "Test Agency" in page.locator("#sources").inner_text()
    shoot(page, shots, "sources")
    page.context.close()
