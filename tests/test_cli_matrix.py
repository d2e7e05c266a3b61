"""The smoke matrix: every command with the main options, on the real facts, through the CLI.

Rows are commands, columns the options (each format, each language, --as-of, --our-side,
--all, --jobs 2, --force). Exit 2 is an internal error and fails here wherever it shows;
so does a printed path that was not written.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.cli_project import Project
from tests.conftest import seeds_dir
from tests.test_readme_commands import placeholders

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not seeds_dir().is_dir(), reason="needs ../shared/seeds"),
]

FORMATS = ("pdf", "docx", "html")
LANGS = ("en", "az", "kk")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project.copy(tmp_path_factory.mktemp("matrix"))


def run_ok(project: Project, command: str) -> list[str]:
    """Run ``command``; it must succeed and write every path it prints. Return those."""
    result = project.run(command)
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stderr}"
    assert "Traceback" not in result.stderr + result.stdout
    written = [line for line in result.stdout.splitlines() if re.fullmatch(r"output/\S+", line)]
    for path in written:
        assert (project.root / path).stat().st_size > 0, f"{command}: {path} not written"
    return written


FACTS_ROWS = [
    "briefings check",
    "briefings check --strict",
    "briefings check --json",
    "briefings facts",
    "briefings facts --kind event --json",
    "briefings schema",
    "briefings list",
]


@pytest.mark.parametrize("command", FACTS_ROWS)
def test_facts_commands(project: Project, command: str) -> None:
    run_ok(project, command)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_overview_in_each_format_and_language(project: Project, fmt: str, lang: str) -> None:
    suffix = "" if lang == "en" else f".{lang}"
    written = run_ok(project, f"briefings build overview --format {fmt} --lang {lang}")
    assert f"output/overview{suffix}.{fmt}" in written or not written  # up to date: skipped
    assert (project.root / f"output/overview{suffix}.{fmt}").is_file()


@pytest.mark.parametrize("side", ["", "--our-side AZ", "--our-side kz"])
def test_meeting_note_for_each_side(project: Project, side: str) -> None:
    meeting = placeholders()["ID"]
    written = run_ok(
        project, f"briefings build meeting-prep --meeting {meeting} --format all --lang all {side}"
    )
    assert len(written) == 9, written


def test_as_of_is_incremental_gets_editions_and_changes(project: Project) -> None:
    command = "briefings build overview --as-of 2025-10-31 --format html,docx"
    first = run_ok(project, command)
    assert first == [
        "output/overview-as-of-2025-10-31.html",
        "output/overview-as-of-2025-10-31.docx",
    ]
    assert run_ok(project, command) == []  # up to date
    project.edit_fact("value: 300000000", "value: 320000000")
    assert sorted(run_ok(project, command)) == sorted(first)
    result = project.run("briefings changes overview-as-of-2025-10-31 --json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["to"] == 2 and any(c["status"] == "changed" for c in report["changes"])
    assert (project.root / "output/editions/overview-as-of-2025-10-31.edition-1.html").is_file()


@pytest.mark.parametrize(
    "options", ["--jobs 2", "--force --jobs 2", "--our-side AZ --jobs 2", "--format docx --force"]
)
def test_build_all(project: Project, options: str) -> None:
    written = run_ok(project, f"briefings build --all {options}")
    if "--force" in options:  # everything again: the overview and each planned meeting's note
        suffixes = (".docx",) if "docx" in options else (".pdf", ".docx")
        assert {f"output/overview{s}" for s in suffixes} <= set(written), written
        assert any(path.startswith("output/meeting-prep-") for path in written), written


def test_changes_after_builds(project: Project) -> None:
    run_ok(project, "briefings build overview --format html")
    run_ok(project, "briefings changes overview")
    run_ok(project, "briefings changes overview --json")


@pytest.mark.parametrize(
    "command",
    [
        "briefings build overview --format bogus",
        "briefings build meeting-prep --format html",
        "briefings build meeting-prep --meeting no-such-meeting --format html",
        "briefings build overview --meeting rt-2025-12-baku-embassy --format html",
        "briefings build overview --our-side XX --format html",
        "briefings changes no-such-briefing",
    ],
)
def test_bad_input_is_a_one_line_error_not_an_internal_one(project: Project, command: str) -> None:
    result = project.run(command)
    assert result.returncode == 1, f"{command} exited {result.returncode}:\n{result.stderr}"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stderr.strip(), command
