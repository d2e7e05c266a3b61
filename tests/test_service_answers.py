"""Read answers kept ready (lists, facts, small files): a change shows at once, ETags hold.

And the build workers really run at the lower CPU priority they are given.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from briefings.build import Folders
from briefings.facts.load import fact_files
from briefings.service.answers import FILE_LIMIT
from briefings.service.app import create_app
from briefings.service.jobs import BuildOutcome, BuildRequest
from briefings.service.records import fact_stats
from briefings.service.workers import LocalExecutor
from tests.servers import TOKEN, build_overview, project, settings_for, wait_for_build

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def folders(tmp_path: Path) -> Folders:
    folders = project(tmp_path)
    build_overview(folders)
    return folders


@pytest.fixture
def client(folders: Folders) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(folders)), headers=AUTH) as client:
        yield client


def raise_figure(folders: Folders) -> None:
    """Edit a fact on disk, as an editor does: the trade figure goes from 500 to 700 million."""
    figures = folders.facts / "figures.yaml"
    figures.write_text(figures.read_text().replace("500000000", "700000000"))


def test_the_list_shows_a_cli_build_s_new_edition_at_once(client, folders) -> None:
    first = client.get("/api/briefings")
    assert [b["edition"] for b in first.json()["briefings"]] == [1]
    raise_figure(folders)
    build_overview(folders)  # another process (the CLI) publishes edition 2
    second = client.get("/api/briefings")
    assert [b["edition"] for b in second.json()["briefings"]] == [2]
    assert second.headers["etag"] != first.headers["etag"]


def test_a_briefing_s_editions_and_changes_follow_a_new_edition(client, folders) -> None:
    first = client.get("/api/briefings/overview")
    assert [e["number"] for e in first.json()["editions"]] == [1]
    assert client.get("/api/changes/overview").json()["changes"] == []
    assert client.get("/api/briefings/nothing").status_code == 404
    raise_figure(folders)
    build_overview(folders)
    second = client.get("/api/briefings/overview", headers={"if-none-match": first.headers["etag"]})
    assert second.status_code == 200
    assert [e["number"] for e in second.json()["editions"]] == [2, 1]
    assert second.json()["editions"][1]["files"]["html"]["url"] == (
        "/files/editions/overview.edition-1.html"
    )
    changed = client.get("/api/changes/overview").json()
    assert (changed["from"], changed["to"]) == (1, 2)
    assert [c["id"] for c in changed["changes"]] == ["fig-trade-2024"]


def test_the_list_shows_a_service_build_and_the_fact_its_new_user(client) -> None:
    assert client.get("/api/facts/rt-2025-12").json()["used_by"] == ["overview"]
    assert [b["name"] for b in client.get("/api/briefings").json()["briefings"]] == ["overview"]
    body = {"kind": "meeting-prep", "meeting": "rt-2025-12", "formats": ["html"]}
    status = wait_for_build(client, client.post("/api/builds", json=body).json()["status_url"])
    assert status["status"] == "done", status
    names = [b["name"] for b in client.get("/api/briefings").json()["briefings"]]
    assert names == ["meeting-prep-rt-2025-12", "overview"]
    used_by = client.get("/api/facts/rt-2025-12").json()["used_by"]
    assert used_by == ["meeting-prep-rt-2025-12", "overview"]


def test_facts_answers_follow_a_facts_reload(client, folders) -> None:
    assert client.get("/api/facts", params={"q": "bayel"}).json()["facts"][0]["id"] == "alim-bayel"
    detail = client.get("/api/facts/alim-bayel").json()
    assert detail["label"] == "Alim Bayel"
    people = folders.facts / "people.yaml"
    people.write_text(people.read_text().replace("en: Alim Bayel", "en: Alim Bayel-Kerey"))
    found = client.get("/api/facts", params={"q": "kerey"}).json()["facts"]
    assert [f["label"] for f in found] == ["Alim Bayel-Kerey"]
    assert client.get("/api/facts/alim-bayel").json()["label"] == "Alim Bayel-Kerey"
    assert client.get("/api/facts", params={"q": "bayel"}).json()["facts"][0]["label"] == (
        "Alim Bayel-Kerey"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/briefings",
        "/api/briefings/overview",
        "/api/changes/overview",
        "/api/facts",
        "/api/facts/alim-bayel",
    ],
)
def test_json_answers_carry_an_etag_and_answer_304_to_it(client, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    again = client.get(path, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(path, headers={"if-none-match": '"other"'}).json() == first.json()


def test_a_changed_fact_changes_its_etag(client, folders) -> None:
    etag = client.get("/api/facts/alim-bayel").headers["etag"]
    people = folders.facts / "people.yaml"
    people.write_text(people.read_text().replace("en: Alim Bayel", "en: Alim Bayel-Kerey"))
    answer = client.get("/api/facts/alim-bayel", headers={"if-none-match": etag})
    assert answer.status_code == 200 and answer.json()["label"] == "Alim Bayel-Kerey"


def test_a_file_kept_in_memory_is_replaced_by_its_new_edition(client, folders) -> None:
    first = client.get("/files/overview.html")
    assert "US$500" in first.text and "US$700" not in first.text
    assert first.headers["content-disposition"] == 'inline; filename="overview.html"'
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    raise_figure(folders)
    build_overview(folders)
    second = client.get("/files/overview.html", headers={"if-none-match": first.headers["etag"]})
    assert second.status_code == 200 and "US$700" in second.text
    assert second.content == (folders.output / "overview.html").read_bytes()
    head = client.head("/files/overview.html")
    assert head.content == b"" and head.headers["content-length"] == str(len(second.content))


def test_large_files_and_ranges_stream_from_disk(client, folders) -> None:
    data = os.urandom(FILE_LIMIT + 1000)
    (folders.output / "large.pdf").write_bytes(data)
    answer = client.get("/files/large.pdf")
    assert answer.content == data
    assert answer.headers["content-disposition"] == 'attachment; filename="large.pdf"'
    part = client.get("/files/overview.html", headers={"range": "bytes=0-9"})
    assert part.status_code == 206
    assert part.content == (folders.output / "overview.html").read_bytes()[:10]


def test_the_facts_signature_stats_exactly_the_fact_files(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    for name in ["a.yaml", "b.yml", "notes.txt", "more/c.yaml", "drafts/d.yaml", "x/drafts/e.yaml"]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("events: []\n")
    stats = fact_stats(str(folder))
    assert sorted(path for path, _, _ in stats) == [str(p) for p in fact_files(folder)]
    assert len(fact_files(folder)) == 4  # a, b, more/c and x/drafts/e: top-level drafts/ is out


def report_niceness(request: BuildRequest, folders: Folders) -> BuildOutcome:
    """A stand-in build that reports the worker process's niceness."""
    return BuildOutcome(written=[str(os.nice(0))])


@pytest.mark.parametrize("niceness", [0, 7])
def test_build_workers_run_at_the_niceness_they_are_given(niceness: int) -> None:
    folders = Folders(Path("facts"), Path("templates"), Path("output"))
    executor = LocalExecutor(folders, 1, target=report_niceness, niceness=niceness)
    try:
        reported = int(executor.run(BuildRequest(kind="overview"), timeout=60).written[0])
    finally:
        executor.close()
    assert reported == min(19, os.nice(0) + niceness)
