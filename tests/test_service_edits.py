"""An editor's DOCX uploaded to the service: the `briefings edits` report as JSON and as a page.

The real overview is built as DOCX, edited the way Word writes edits (tests/test_edits.py),
and uploaded through the API and through the CSRF-checked form.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from briefings.build import Folders
from briefings.cli import cli
from briefings.service.app import create_app
from tests.conftest import FACTS, TEMPLATES
from tests.servers import TOKEN, settings_for
from tests.test_edits import FACT_CHANGED, FACT_COMMENTED, FACT_DELETED, make_edited_copy

AUTH = {"Authorization": f"Bearer {TOKEN}"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real overview as DOCX, and an edited copy of it (edited.docx beside the folder)."""
    root = tmp_path_factory.mktemp("service-edits")
    out = root / "output"
    args = ["build", "overview", "--format", "docx", "--out", str(out), "--facts", str(FACTS)]
    result = CliRunner().invoke(cli, [*args, "--templates", str(TEMPLATES)])
    assert result.exit_code == 0, result.output
    make_edited_copy(out / "overview.docx", root / "edited.docx")
    return out


@pytest.fixture
def client(built: Path) -> Iterator[TestClient]:
    folders = Folders(FACTS, TEMPLATES, built, None)
    with TestClient(create_app(settings_for(folders, max_upload=2_000_000))) as client:
        yield client


def cli_json(path: Path, out: Path) -> dict:
    args = ["edits", str(path), "--json", "--out", str(out), "--facts", str(FACTS)]
    result = CliRunner().invoke(cli, [*args, "--templates", str(TEMPLATES)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def upload(path: Path, name: str = "edited.docx") -> dict:
    return {"file": (name, path.read_bytes(), DOCX_TYPE)}


def test_api_edits_answers_what_the_cli_prints(client: TestClient, built: Path) -> None:
    edited = built.parent / "edited.docx"
    answer = client.post("/api/edits", files=upload(edited), headers=AUTH)
    assert answer.status_code == 200, answer.text
    expected = cli_json(edited, built)
    assert answer.json() == {**expected, "file": "edited.docx"}
    kinds = [c["kind"] for c in answer.json()["changes"]]
    assert sorted(kinds) == sorted(
        ["moved", "changed", "changed", "added", "deleted", "comment", "tracked"]
    )


def test_api_edits_of_an_unchanged_file_lists_nothing(client: TestClient, built: Path) -> None:
    answer = client.post("/api/edits", files=upload(built / "overview.docx"), headers=AUTH)
    assert answer.json() == {"file": "edited.docx", "briefing": "overview", "edition": 1,
                             "changes": []}  # fmt: skip


def test_a_docx_we_did_not_make_is_a_4xx_with_the_cli_line(client: TestClient) -> None:
    answer = client.post(
        "/api/edits", files=upload(TEMPLATES / "reference.docx", "../../x.docx"), headers=AUTH
    )
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error.startswith("x.docx: not a DOCX made by briefings") and "\n" not in error
    assert "/tmp" not in error and "briefings-upload" not in error
    answer = client.post("/api/edits", files=upload(FACTS / "sources.yaml", "s.docx"), headers=AUTH)
    assert answer.status_code == 422 and "not a Word document" in answer.json()["error"]


def test_uploads_need_the_token_a_file_and_a_size_within_the_limit(
    client: TestClient, built: Path
) -> None:
    edited = built.parent / "edited.docx"
    assert client.post("/api/edits", files=upload(edited)).status_code == 401
    answer = client.post("/api/edits", data={"x": "1"}, headers=AUTH)
    assert answer.status_code == 422 and "file" in answer.json()["error"]
    big = {"file": ("big.docx", b"PK" + b"\0" * 2_100_000, DOCX_TYPE)}
    answer = client.post("/api/edits", files=big, headers=AUTH)
    assert answer.status_code == 413 and "larger than 2000000 bytes" in answer.json()["error"]
    # other routes keep the small body limit
    answer = client.post("/api/builds", content=b"{" + b" " * 1_100_000 + b"}", headers=AUTH)
    assert answer.status_code == 413


def signed_in(client: TestClient) -> str:
    """Sign the test client in through the form; return a CSRF token for its session."""
    form = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    answer = client.post("/login", data={"csrf": csrf, "token": TOKEN, "next": "/edits"})
    assert answer.status_code == 200 and "Show the changes" in answer.text
    return re.search(r'name="csrf" value="([^"]+)"', answer.text).group(1)


def test_the_edits_page_shows_the_report(client: TestClient, built: Path) -> None:
    csrf = signed_in(client)
    edited = built.parent / "edited.docx"
    answer = client.post("/edits", data={"csrf": csrf}, files=upload(edited))
    assert answer.status_code == 200, answer.text
    html = answer.text
    assert "<del>US$500</del> <ins>US$600</ins>" in html
    for fact in (FACT_CHANGED, FACT_DELETED, FACT_COMMENTED):
        assert f'href="/facts/{fact}"' in html
    assert "value: 600000000  # was 500000000" in html
    assert "Source? Please check the date." in html and "by Editor" in html


def test_the_edits_form_needs_its_csrf_token_and_explains_bad_files(
    client: TestClient, built: Path
) -> None:
    csrf = signed_in(client)
    edited = built.parent / "edited.docx"
    answer = client.post("/edits", files=upload(edited), headers={"accept": "text/html"})
    assert answer.status_code == 403 and "security token" in answer.text
    bad = upload(TEMPLATES / "reference.docx", "memo.docx")
    answer = client.post("/edits", data={"csrf": csrf}, files=bad)
    assert answer.status_code == 422
    assert "memo.docx: not a DOCX made by briefings" in answer.text
