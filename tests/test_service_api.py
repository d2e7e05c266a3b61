"""The HTTP API through FastAPI's test client: builds in real worker processes, reads, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from briefings.service.app import create_app
from tests.servers import (
    TOKEN,
    BlockedExecutor,
    build_overview,
    project,
    settings_for,
    wait_for_build,
)

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def folders(tmp_path: Path):
    folders = project(tmp_path)
    build_overview(folders)
    return folders


@pytest.fixture
def client(folders) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(folders)), headers=AUTH) as client:
        yield client


@pytest.fixture
def blocked(folders) -> Iterator[tuple[TestClient, BlockedExecutor]]:
    executor = BlockedExecutor()
    app = create_app(settings_for(folders, max_queue=2, retry_after=7), executor)
    with TestClient(app, headers=AUTH) as client:
        yield client, executor
        executor.release.set()


def test_healthz_needs_no_token(client: TestClient) -> None:
    answer = client.get("/healthz", headers={"Authorization": ""})
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"


def test_build_runs_in_a_worker_and_lists_its_outputs(client: TestClient, folders) -> None:
    body = {"kind": "meeting-prep", "meeting": "rt-2025-12", "formats": ["html", "docx"]}
    answer = client.post("/api/builds", json=body)
    assert answer.status_code == 202, answer.text
    status = wait_for_build(client, answer.json()["status_url"])
    assert status["status"] == "done", status
    names = [o["name"] for o in status["outputs"]]
    assert names == ["meeting-prep-rt-2025-12.html", "meeting-prep-rt-2025-12.docx"]
    assert (folders.output / "meeting-prep-rt-2025-12.docx").read_bytes()[:2] == b"PK"
    listed = {b["name"]: b for b in client.get("/api/briefings").json()["briefings"]}
    note = listed["meeting-prep-rt-2025-12"]
    assert note["kind"] == "meeting-prep" and note["lang"] == "en" and note["edition"] == 1
    assert set(note["formats"]) == {"docx", "html"}
    assert note["formats"]["docx"]["url"] == "/files/meeting-prep-rt-2025-12.docx"
    assert note["as_of"] == "2025-12-18" and note["built_at"].endswith("Z")


def test_a_failed_build_reports_the_cli_message(client: TestClient, folders) -> None:
    (folders.templates / "overview.html").write_text("{% block body %}{{ nothing.here }}")
    answer = client.post("/api/builds", json={"kind": "overview", "formats": ["html"]})
    status = wait_for_build(client, answer.json()["status_url"])
    assert status["status"] == "failed"
    assert "overview" in status["error"] and "Traceback" not in status["error"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"kind": "overviw"}, "unknown briefing 'overviw'; choose one of: meeting-prep, overview"),
        ({"kind": "meeting-prep", "meeting": "rt-2025"}, "did you mean rt-2025-12"),
        ({"kind": "overview", "formats": ["odt"]}, "unknown format odt"),
        ({"kind": "overview", "our_side": "XX"}, "--our-side XX: no person in the facts"),
        ({"kind": "overview", "meeting": "rt-2025-12"}, "overview does not take --meeting"),
        ({"kind": "meeting-prep", "meeting": "rt-2025-12", "our_side": "TR"}, "use one of AZ, KZ"),
        ({"kind": "overview", "lang": "fr"}, "lang"),
        ({"kind": "overview", "colour": "red"}, "colour"),
    ],
)
def test_bad_requests_get_a_json_error(client: TestClient, body: dict, expected: str) -> None:
    answer = client.post("/api/builds", json=body)
    assert answer.status_code == 422
    assert expected in answer.json()["error"]


def test_identical_pending_requests_are_merged(blocked) -> None:
    client, executor = blocked
    first = client.post("/api/builds", json={"kind": "overview"}).json()
    assert executor.started.wait(10)
    second = client.post("/api/builds", json={"kind": "overview"}).json()
    other = client.post("/api/builds", json={"kind": "overview", "lang": "az"}).json()
    assert second["id"] == first["id"]
    assert other["id"] != first["id"]


def test_a_full_queue_answers_429_with_retry_after(blocked) -> None:
    client, executor = blocked
    client.post("/api/builds", json={"kind": "overview"})
    assert executor.started.wait(10)  # the first build is running, so it no longer waits
    waiting = [
        client.post("/api/builds", json={"kind": "overview", "lang": lang}) for lang in ["az", "kk"]
    ]
    assert [a.status_code for a in waiting] == [202, 202]
    refused = client.post("/api/builds", json={"kind": "overview", "formats": ["docx"]})
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "7"
    assert "busy" in refused.json()["error"]
    assert client.get("/healthz").json()["queue"] == 2
    metrics = client.get("/metrics").text
    assert "briefings_queue_depth 2.0" in metrics
    assert "briefings_builds_rejected_total 1.0" in metrics
    executor.release.set()


def test_metrics_count_builds_by_kind_and_outcome(client: TestClient) -> None:
    answer = client.post("/api/builds", json={"kind": "overview", "formats": ["html"]})
    wait_for_build(client, answer.json()["status_url"])
    metrics = client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'briefings_builds_total{kind="overview",outcome="done"} 1.0' in text
    assert "briefings_build_seconds_count 1.0" in text
    assert "briefings_facts 12.0" in text
    assert "briefings_facts_invalid 0.0" in text


def test_facts_search_in_any_script_and_kind(client: TestClient) -> None:
    def ids(**params: str) -> list[str]:
        return [f["id"] for f in client.get("/api/facts", params=params).json()["facts"]]

    assert ids(q="Байел") == ["alim-bayel"]
    assert ids(q="ŞƏFİYEV") == ["farid-shafiyev"]  # Azerbaijani capitals, dotted İ
    assert ids(kind="event") == ["rt-2025-12", "c6-forum"]
    assert client.get("/api/facts", params={"kind": "planet"}).status_code == 422


def test_a_fact_shows_its_cited_paragraph_with_the_quote_located(client: TestClient) -> None:
    fact = client.get("/api/facts/caspian-fibre").json()
    assert fact["kind"] == "project" and fact["record"]["status"] == "planned"
    citation = fact["citations"][0]
    assert citation["source"]["outlet"] == "Test Agency"
    assert citation["source"]["date"] == "2025-12-15"
    start, end = citation["quote_at"]
    assert citation["text"][start:end] == "fibre-optic line planned for the end of 2026"
    assert fact["used_by"] == ["overview"]
    missing = client.get("/api/facts/no-such-thing")
    assert missing.status_code == 404 and "no record" in missing.json()["error"]


def test_changes_between_editions(client: TestClient, folders) -> None:
    assert client.get("/api/changes/overview").json() == {"from": None, "to": 1, "changes": []}
    facts = folders.facts / "figures.yaml"
    facts.write_text(facts.read_text().replace("500000000", "600000000"))
    answer = client.post("/api/builds", json={"kind": "overview", "formats": ["html"]})
    assert wait_for_build(client, answer.json()["status_url"])["status"] == "done"
    changes = client.get("/api/changes/overview").json()
    assert changes["from"] == 1 and changes["to"] == 2
    assert changes["changes"] == [
        {
            "status": "changed",
            "id": "fig-trade-2024",
            "kind": "figure",
            "label": "Bilateral trade turnover",
        }
    ]
    assert client.get("/api/changes/nothing").status_code == 404


def test_files_have_type_disposition_and_etag(client: TestClient) -> None:
    answer = client.get("/files/overview.html")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["content-disposition"].startswith("inline")
    assert "sandbox" in answer.headers["content-security-policy"]
    etag = answer.headers["etag"]
    again = client.get("/files/overview.html", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


def test_every_error_is_json(client: TestClient) -> None:
    for path in ("/api/nothing", "/api/builds/nope", "/api/briefings/nope"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/json"
        assert "error" in answer.json()
    wrong = client.put("/api/builds")
    assert wrong.status_code == 405 and "error" in wrong.json()


def test_invalid_facts_keep_the_last_good_ones_and_show_the_report(
    client: TestClient, folders
) -> None:
    (folders.facts / "broken.yaml").write_text("people:\n  - id: Bad Id\n")
    check = client.get("/api/check").json()
    assert check["invalid"] is True
    assert any("broken.yaml" in (p["path"] or "") for p in check["problems"])
    assert client.get("/api/facts/alim-bayel").status_code == 200
    assert "briefings_facts_invalid 1.0" in client.get("/metrics").text
    assert client.get("/api/briefings").json()["briefings"][0]["name"] == "overview"
    page = client.get("/check", headers={"Accept": "text/html"}).text
    assert "The facts on disk are invalid" in page  # the banner every page shows
    assert "broken.yaml:2: error: id:" in page


def test_the_api_is_described_at_docs_without_a_cdn(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/builds" in spec["paths"] and "/api/facts/{record_id}" in spec["paths"]
    page = client.get("/docs").text
    assert "<code>/api/builds/{job_id}</code>" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_head_of_a_file_has_its_headers_and_no_body(client: TestClient) -> None:
    answer = client.head("/files/overview.html")
    assert answer.status_code == 200 and answer.content == b""
    assert answer.headers["etag"] == client.get("/files/overview.html").headers["etag"]


def test_the_build_form_shows_the_cli_message_and_keeps_the_choices(folders) -> None:
    app = create_app(settings_for(folders, token=None), BlockedExecutor())
    with TestClient(app) as client:
        form = client.get("/build").text
        csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        data = {"csrf": csrf, "kind": "meeting-prep", "meeting": "", "formats": "docx"}
        answer = client.post("/build", data=data)
        assert answer.status_code == 422
        assert "meeting-prep needs --meeting EVENT_ID" in answer.text
        assert 'value="meeting-prep" checked' in answer.text
        assert 'value="docx" checked' in answer.text
        missing = client.get("/facts/nothing", headers={"Accept": "text/html"})
        assert missing.status_code == 404 and "<h1>Not found</h1>" in missing.text
        assert "Traceback" not in missing.text


def test_builds_without_our_side_use_the_project_default_like_the_cli(
    client: TestClient, folders
) -> None:
    from click.testing import CliRunner

    from briefings.cli import cli

    (folders.facts.parent / "briefings.toml").write_text('[meeting-prep]\nour_side = "kz"\n')
    body = {"kind": "meeting-prep", "meeting": "rt-2025-12", "formats": ["html"], "force": True}
    status = wait_for_build(client, client.post("/api/builds", json=body).json()["status_url"])
    assert status["status"] == "done", status
    served = client.get(status["outputs"][0]["url"]).text
    assert "Prepared for the delegation of Kazakhstan" in served
    args = ["build", "meeting-prep", "--meeting", "rt-2025-12", "--format", "html"]
    out = folders.facts.parent / "cli-out"
    result = CliRunner().invoke(cli, [*args, "--facts", str(folders.facts), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).read_text(encoding="utf-8") == served


def test_a_broken_settings_file_fails_the_build_with_its_message(
    client: TestClient, folders
) -> None:
    (folders.facts.parent / "briefings.toml").write_text("[meeting-prep]\nour_side = 7\n")
    body = {"kind": "meeting-prep", "meeting": "rt-2025-12", "formats": ["html"]}
    status = wait_for_build(client, client.post("/api/builds", json=body).json()["status_url"])
    assert status["status"] == "failed"
    assert "briefings.toml: [meeting-prep] our_side = 7 is not a country code" in status["error"]


def test_the_build_form_names_the_project_side(folders) -> None:
    (folders.facts.parent / "briefings.toml").write_text('[meeting-prep]\nour_side = "kz"\n')
    with TestClient(create_app(settings_for(folders, token=None))) as client:
        form = client.get("/build").text
    assert "The project's side (KZ, from briefings.toml)" in form
