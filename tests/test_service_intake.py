"""New articles through the service: upload (sources add + draft), see the draft, accept it.

The API through FastAPI's test client, and the UI's CSRF-checked forms, on a small project
the tests write; every step's result is read back from the fact files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from briefings.facts.check import load_valid_facts
from briefings.service.app import create_app
from tests.intake_articles import KK_TEXT
from tests.servers import TOKEN, project, settings_for
from tests.test_intake_cli import reviewed_figure, snapshot

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def folders(tmp_path: Path):
    return project(tmp_path)


@pytest.fixture
def client(folders) -> Iterator[TestClient]:
    settings = settings_for(folders, max_upload=100_000)
    with TestClient(create_app(settings), headers=AUTH) as client:
        yield client


def upload(client: TestClient, text: str = KK_TEXT, name: str = "kk.txt", **fields: str):
    files = {"file": (name, text.encode("utf-8"), "text/plain")}
    return client.post("/api/sources", files=files, data=fields)


def test_upload_stores_the_article_and_drafts_it(client: TestClient, folders) -> None:
    answer = upload(client)
    assert answer.status_code == 201, answer.text
    source = answer.json()["id"]
    assert re.fullmatch(r"src-\d+", source)
    assert answer.json()["draft"] == f"drafts/{source}.yaml"
    assert source in load_valid_facts(folders.facts).sources
    assert (folders.sources / f"{source}.txt").read_text(encoding="utf-8").startswith("2025")
    draft = client.get(answer.json()["draft_url"]).json()
    ids = {e["id"]: e for e in draft["entries"]}
    assert ids["alim-bayel"]["section"] == "cite" and not ids["alim-bayel"]["todo"]
    assert ids["yermek-kosherbayev"]["section"] == "people"
    assert "record: alim-bayel" in draft["yaml"]
    assert all(p["severity"] != "error" for p in draft["problems"])
    assert client.get("/api/drafts").json()["drafts"] == [
        {"source": source, "url": f"/drafts/{source}"}
    ]


def test_accept_selected_entries_then_the_rest_is_left(client: TestClient, folders) -> None:
    source = upload(client).json()["id"]
    figure = reviewed_figure(folders.facts / "drafts" / f"{source}.yaml")
    url = f"/api/drafts/{source}/accept"
    answer = client.post(url, json={"only": [figure, "alim-bayel"]})
    assert answer.status_code == 200, answer.text
    done = answer.json()
    assert done["accepted"] == sorted([figure, "alim-bayel"]) and done["left"] > 0
    assert set(done["changed"]) == {"figures.yaml", "people.yaml"}
    base = load_valid_facts(folders.facts, folders.sources)
    assert figure in base.records
    assert any(c.source == source for c in base.records["alim-bayel"].citations)
    fact = client.get("/api/facts/alim-bayel").json()
    assert source in {c["source"]["id"] for c in fact["citations"]}
    left = {e["id"] for e in client.get(f"/api/drafts/{source}").json()["entries"]}
    assert figure not in left and "yermek-kosherbayev" in left


def test_accepting_to_dos_writes_nothing_and_says_why(client: TestClient, folders) -> None:
    source = upload(client).json()["id"]
    before = snapshot(folders.facts)
    answer = client.post(f"/api/drafts/{source}/accept", json={"only": []})
    assert answer.status_code == 422
    assert "to-do; nothing accepted" in answer.json()["error"]
    assert any("TODO" in p["message"] for p in answer.json()["problems"])
    answer = client.post(f"/api/drafts/{source}/accept", json={"only": ["nobody"]})
    assert answer.status_code == 422 and answer.json()["error"] == "not in the draft: nobody"
    assert snapshot(folders.facts) == before


def test_the_same_article_twice_is_refused_with_the_cli_line(client: TestClient) -> None:
    first = upload(client).json()["id"]
    answer = upload(client, name="again.txt")
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert first in error and "\n" not in error and "briefings-upload" not in error


def test_bad_uploads(client: TestClient, folders) -> None:
    answer = upload(client, lang="xx")
    assert answer.status_code == 422 and "choose one of az, kk, ru, en" in answer.json()["error"]
    answer = upload(client, text="x" * 100_001)
    assert answer.status_code == 413
    answer = client.post("/api/sources", data={"outlet": "x"})
    assert answer.status_code == 422 and "file" in answer.json()["error"]
    assert client.get("/api/drafts/..%2Fsources").status_code == 404
    assert client.get("/api/drafts/src-999").status_code == 404
    assert upload(client).status_code == 201  # sanity: a good one passes


def test_without_an_article_folder_intake_is_refused(folders) -> None:
    settings = settings_for(replace(folders, sources=None))
    with TestClient(create_app(settings), headers=AUTH) as client:
        answer = upload(client)
    assert answer.status_code == 409 and "--sources DIR" in answer.json()["error"]


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_the_ui_uploads_shows_the_draft_and_accepts(client: TestClient, folders) -> None:
    form = client.get("/login").text
    page = client.post("/login", data={"csrf": csrf_of(form), "token": TOKEN, "next": "/intake"})
    assert "Add and draft" in page.text
    files = {"file": ("kk.txt", KK_TEXT.encode("utf-8"), "text/plain")}
    refused = client.post("/intake", files=files, headers={"accept": "text/html", **AUTH})
    assert refused.status_code == 403
    shown = client.post("/intake", data={"csrf": csrf_of(page.text)}, files=files)
    assert shown.status_code == 200 and "Draft of src-" in shown.text
    source = re.search(r"Draft of (src-\d+)", shown.text).group(1)
    assert 'value="alim-bayel"' in shown.text and "TODO" in shown.text
    csrf = csrf_of(shown.text)
    accepted = client.post(f"/drafts/{source}/accept", data={"csrf": csrf, "only": "alim-bayel"})
    assert accepted.status_code == 200 and "Accepted 1: alim-bayel" in accepted.text
    again = client.post(f"/drafts/{source}/accept", data={"csrf": csrf, "all": "1"})
    assert again.status_code == 422 and "Nothing accepted" in again.text
    assert "to-do; nothing accepted" in again.text
    base = load_valid_facts(folders.facts, folders.sources)
    assert any(c.source == source for c in base.records["alim-bayel"].citations)
