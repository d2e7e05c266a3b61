"""Incremental builds, editions, editors' copies, changes, locking (like Sphinx's tests)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefings.cli import cli
from tests.test_meeting_prep import INTERNAL_MEETING


@pytest.fixture
def project(tmp_path: Path, facts_dir: Path, templates_dir: Path) -> dict[str, Path]:
    (facts_dir / "internal.yaml").write_text(textwrap.dedent(INTERNAL_MEETING), encoding="utf-8")
    return {"facts": facts_dir, "templates": templates_dir, "out": tmp_path / "out"}


def run(project: dict[str, Path], *args: str) -> tuple[int, list[str], str]:
    """Run the CLI; return its exit code, stdout lines (paths) and stderr."""
    folders = [
        "--facts",
        str(project["facts"]),
        "--templates",
        str(project["templates"]),
        "--out",
        str(project["out"]),
    ]
    result = CliRunner().invoke(cli, [*args, *folders])
    return result.exit_code, result.stdout.splitlines(), result.stderr


def names(paths: list[str]) -> set[str]:
    return {Path(p).name for p in paths}


def edit_fact(project: dict[str, Path], old: str, new: str, file: str = "figures.yaml") -> None:
    path = project["facts"] / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


ALL_HTML = ("build", "--all", "--format", "html", "--lang", "all")


def test_build_all_then_nothing_to_do(project: dict[str, Path]) -> None:
    code, written, _ = run(project, *ALL_HTML)
    assert code == 0
    expected = {
        f"{stem}{lang}.html"
        for stem in ("overview", "meeting-prep-fm-consultations-2026")
        for lang in ("", ".az", ".kk")
    }
    assert names(written) == expected
    code, written, err = run(project, *ALL_HTML)
    assert code == 0 and written == []
    assert "up to date: overview.html" in err


def test_only_outputs_that_used_a_changed_fact_are_rebuilt(project: dict[str, Path]) -> None:
    run(project, *ALL_HTML)
    # the meeting note (digital and transport) uses the trade figure only in its background
    edit_fact(project, "value: 500000000", "value: 550000000")
    _, written, _ = run(project, *ALL_HTML)
    assert names(written) == {
        "overview.html",
        "overview.az.html",
        "overview.kk.html",
        "meeting-prep-fm-consultations-2026.html",
        "meeting-prep-fm-consultations-2026.az.html",
        "meeting-prep-fm-consultations-2026.kk.html",
    }
    # a fact the meeting note does not use: the C6 forum event is not on its agenda
    edit_fact(
        project,
        "title: {en: Forum of analytical centres in the C6 format}",
        "title: {en: C6 forum of think tanks}",
        "events.yaml",
    )
    _, written, _ = run(project, *ALL_HTML)
    assert names(written) == {"overview.html", "overview.az.html", "overview.kk.html"}


def test_template_change_rebuilds_only_what_it_shaped(project: dict[str, Path]) -> None:
    run(project, *ALL_HTML)
    page = project["templates"] / "meeting-prep.html"
    page.write_text(
        page.read_text().replace("Talking points, most relevant first", "Points to raise")
    )
    _, written, _ = run(project, *ALL_HTML)
    assert names(written) == {
        f"meeting-prep-fm-consultations-2026{lang}.html" for lang in ("", ".az", ".kk")
    }


def test_force_rebuilds_everything(project: dict[str, Path]) -> None:
    _, first, _ = run(project, *ALL_HTML)
    _, again, _ = run(project, *ALL_HTML, "--force")
    assert names(again) == names(first)


def test_new_edition_lists_changes_and_keeps_the_old_one(project: dict[str, Path]) -> None:
    run(project, "build", "overview", "--format", "html")
    edit_fact(project, "value: 500000000", "value: 550000000")
    run(project, "build", "overview", "--format", "html")
    out = project["out"]
    html = (out / "overview.html").read_text()
    assert "Changes since the previous edition" in html
    assert "<strong>Changed:</strong> Bilateral trade turnover (figure)" in html
    assert "Edition 2" in html
    assert "US$500\u00a0million" in (out / "editions" / "overview.edition-1.html").read_text()
    result = CliRunner().invoke(cli, ["changes", "overview", "--out", str(out), "--json"])
    data = json.loads(result.stdout)
    assert data["from"] == 1 and data["to"] == 2
    assert data["changes"] == [
        {
            "status": "changed",
            "id": "fig-trade-2024",
            "kind": "figure",
            "label": "Bilateral trade turnover",
        }
    ]


def test_added_and_removed_facts_are_listed(project: dict[str, Path]) -> None:
    run(project, "build", "overview", "--format", "html")
    (project["facts"] / "agreements.yaml").unlink()
    run(project, "build", "overview", "--format", "html")
    result = CliRunner().invoke(cli, ["changes", "overview", "--out", str(project["out"])])
    assert "removed  agreement     agr-fibre: Agreement on the fibre-optic line" in result.stdout


def test_an_editors_copy_is_never_overwritten(project: dict[str, Path]) -> None:
    run(project, "build", "overview", "--format", "html")
    target = project["out"] / "overview.html"
    target.write_text(target.read_text() + "<!-- the editor's changes -->")
    edited = target.read_bytes()
    edit_fact(project, "value: 500000000", "value: 550000000")
    code, written, err = run(project, "build", "overview", "--format", "html")
    assert code == 0
    assert target.read_bytes() == edited
    assert names(written) == {"overview.edition-2.html"}
    assert "was changed since it was written" in err
    # untouched inputs: nothing more to do, and the editor's file still stands
    _, written, _ = run(project, "build", "overview", "--format", "html")
    assert written == [] and target.read_bytes() == edited


def test_invalid_facts_leave_outputs_and_manifest_untouched(project: dict[str, Path]) -> None:
    run(project, "build", "overview", "--format", "html")
    before = {p: p.read_bytes() for p in project["out"].rglob("*") if p.is_file()}
    edit_fact(project, "value: 500000000", "value: lots")
    code, written, err = run(project, "build", "overview", "--format", "html")
    assert code == 1 and written == []
    assert "figures.yaml:" in err and "value" in err
    assert "Traceback" not in err
    after = {p: p.read_bytes() for p in project["out"].rglob("*") if p.is_file()}
    assert after == before


def test_second_build_with_no_wait_fails_while_the_folder_is_locked(
    project: dict[str, Path],
) -> None:
    from filelock import FileLock

    project["out"].mkdir(parents=True)
    with FileLock(str(project["out"] / ".briefings.lock")):
        code, written, err = run(project, "build", "overview", "--format", "html", "--no-wait")
    assert code == 1 and written == []
    assert "another build is writing" in err


def test_parallel_build_writes_the_same_files(project: dict[str, Path], tmp_path: Path) -> None:
    _, serial, _ = run(project, *ALL_HTML)
    serial_bytes = {Path(p).name: Path(p).read_bytes() for p in serial}
    project["out"] = tmp_path / "parallel"
    code, parallel, _ = run(project, *ALL_HTML, "--jobs", "2")
    assert code == 0
    assert {Path(p).name: Path(p).read_bytes() for p in parallel} == serial_bytes
