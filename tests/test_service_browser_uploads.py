"""Uploads in a real browser (Debian's Chromium through Playwright): a DOCX and an article.

One server serves the real facts and a real overview DOCX; the browser uploads an edited
copy through the /edits form and sees the changed figure. Another serves a small project
with an article folder; the browser uploads an article, sees its draft and accepts part.
Screenshots as in tests/test_service_browser.py ($BRIEFINGS_SCREENSHOTS when set).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefings.build import Folders
from briefings.cli import cli
from tests.conftest import FACTS, TEMPLATES
from tests.intake_articles import KK_TEXT
from tests.servers import live_server, project, settings_for
from tests.test_edits import FACT_CHANGED, make_edited_copy
from tests.test_service_browser import CHROMIUM, browser, shoot, shots, signed_in

__all__ = ["browser", "shots"]  # fixtures shared with the other browser tests

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real overview as DOCX; edited.docx beside its folder, as an editor sent it back."""
    out = tmp_path_factory.mktemp("browser-uploads") / "output"
    args = ["build", "overview", "--format", "docx", "--out", str(out), "--facts", str(FACTS)]
    result = CliRunner().invoke(cli, [*args, "--templates", str(TEMPLATES)])
    assert result.exit_code == 0, result.output
    make_edited_copy(out / "overview.docx", out.parent / "edited.docx")
    return out


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    with live_server(settings_for(Folders(FACTS, TEMPLATES, built, None))) as url:
        yield url


def test_an_editor_uploads_an_edited_docx_and_sees_the_changed_figure(
    browser, server: str, built: Path, shots: Path
) -> None:
    page = signed_in(browser, server)
    page.get_by_role("link", name="Edits", exact=True).click()
    assert page.get_by_role("heading", name="An editor's changes").is_visible()
    shoot(page, shots, "edits")
    page.get_by_label("Edited DOCX").set_input_files(str(built.parent / "edited.docx"))
    page.get_by_role("button", name="Show the changes").click()
    page.get_by_role("heading", name="Changes in edited.docx").wait_for()
    figure = page.locator("li.edit-changed", has_text="Latest trade figure")
    assert figure.locator("del").inner_text() == "US$500"
    assert figure.locator("ins").inner_text() == "US$600"
    assert "value: 600000000  # was 500000000" in figure.locator(".proposal pre").inner_text()
    shoot(page, shots, "edits-report")
    figure.get_by_role("link", name=FACT_CHANGED).first.click()
    page.wait_for_url(f"{server}/facts/{FACT_CHANGED}")
    page.context.close()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server on a small project of its own, with an article folder; and the article."""
    root = tmp_path_factory.mktemp("browser-intake")
    folders = project(root)
    article = root / "kk.txt"
    article.write_text(KK_TEXT, encoding="utf-8")
    with live_server(settings_for(folders)) as url:
        yield url, article


def test_an_analyst_uploads_an_article_sees_its_draft_and_accepts_part(
    browser, small: tuple[str, Path], shots: Path
) -> None:
    server, article = small
    page = signed_in(browser, server)
    page.get_by_role("link", name="New article", exact=True).click()
    shoot(page, shots, "intake")
    page.get_by_label("Article").set_input_files(str(article))
    page.get_by_role("button", name="Add and draft").click()
    page.wait_for_url(f"{server}/drafts/src-*")
    assert page.get_by_role("heading", name="Draft of src-").is_visible()
    assert page.get_by_role("checkbox", name="yermek-kosherbayev").is_disabled()  # a TODO
    page.get_by_role("checkbox", name="alim-bayel").check()
    shoot(page, shots, "draft")
    page.get_by_role("button", name="Accept the ticked entries").click()
    assert "Accepted 1: alim-bayel" in page.locator("#accepted").inner_text()
    page.get_by_role("button", name="Accept all").click()
    assert "to-do; nothing accepted" in page.locator("#form-error").inner_text()
    page.context.close()
