"""Every `briefings …` line in the README's shell blocks runs, through the installed script.

Lines are taken as a reader would type them: the comment is dropped, so are bracketed
optional parts (`[--json]`), and placeholders (`ID`) get real values. Each command must exit
0, and every path it prints must exist. Long-running commands are started, made to do one
thing, and stopped. A command added to the README is covered without touching this file;
one that needs a new placeholder or driver fails here until it gets one.
"""

from __future__ import annotations

import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import httpx
import pytest

from briefings.facts.check import load_valid_facts
from tests.cli_project import Project
from tests.conftest import FACTS, ROOT, seeds_dir
from tests.intake_articles import KK_TEXT
from tests.processes import free_port, running_redis, stop_group, wait_until
from tests.servers import wait_until_up

pytestmark = pytest.mark.slow

SH_BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)
OPTIONAL = re.compile(r"\s*\[[^\[\]]*\]")


def readme_commands(readme: Path = ROOT / "README.md") -> list[str]:
    """Return every `briefings …` line of the README's ```sh blocks, as written."""
    lines = []
    for block in SH_BLOCK.findall(readme.read_text(encoding="utf-8")):
        for line in block.splitlines():
            command = line.split("  #")[0].split(" # ")[0].strip()
            if command.startswith("briefings "):
                lines.append(command)
    return lines


def placeholders() -> dict[str, str]:
    """Return real values for the README's placeholders (SOURCE_ID comes from `sources add`)."""
    base = load_valid_facts(FACTS)
    meetings = [e for e in base.of_kind("event") if e.participants and e.date]
    meeting = min(meetings, key=lambda e: (e.date.first(), e.id))
    return {
        "ID": meeting.id,
        "FILE.docx": "output/overview.docx",
        "FILE": "new-article.txt",  # written by the test: an article not yet in the base
        "RECORD_ID": "kazakhstan",  # a known record every Kazakh article's draft cites
    }


def learn(command: str, stdout: str, values: dict[str, str]) -> None:
    """Remember what a command printed that later README lines refer to."""
    if command.startswith("briefings sources add"):
        values["SOURCE_ID"] = stdout.strip()


def as_typed(command: str, values: dict[str, str]) -> str:
    """Return the command without optional parts and with placeholders filled in."""
    while OPTIONAL.search(command):
        command = OPTIONAL.sub("", command)
    for name in sorted(values, key=len, reverse=True):  # FILE.docx before FILE
        command = re.sub(rf"\b{re.escape(name)}\b", values[name], command)
    return " ".join(command.split())


def drive_watch(project: Project, command: str) -> None:
    """Start `watch`, let it build, edit a fact, see the overview rebuilt, stop it (Ctrl-C)."""
    process = project.start(command)
    lines = Lines(process)
    try:
        lines.wait_for("waiting for changes")  # the first build is done
        project.edit_fact("value: 300000000", "value: 310000000")
        lines.wait_for("output/overview.pdf")
        lines.wait_for("waiting for changes", count=2)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    assert process.returncode == 0, lines.text()
    assert "stopped" in lines.text()


class Lines:
    """Every line a process prints on stdout and stderr, read as it comes (threads)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.process = process
        for stream in (process.stdout, process.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str] | None) -> None:
        assert stream is not None
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def text(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, count: int = 1, seconds: float = 600) -> None:
        """Wait until ``count`` lines hold ``text``; fail if the process ends or time runs out."""
        deadline = time.monotonic() + seconds
        while sum(text in line for line in list(self.lines)) < count:
            if self.process.poll() is not None:
                raise AssertionError(f"exited {self.process.returncode}:\n{self.text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} within {seconds} s:\n{self.text()}")
            time.sleep(0.2)


def drive_serve(project: Project, command: str) -> None:
    """Start `serve` on a free loopback port, ask /healthz and the list, stop it (Ctrl-C)."""
    port = free_port()
    process = project.start(f"{command} --port {port}")
    lines = Lines(process)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url)
        assert httpx.get(f"{url}/healthz").json()["status"] == "ok"
        names = [b["name"] for b in httpx.get(f"{url}/api/briefings").json()["briefings"]]
        assert "overview" in names, names
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    assert process.returncode == 0, lines.text()


def drive_worker(project: Project, command: str) -> None:
    """Start a Celery worker on the test's Redis and leave it up for the lines that follow."""
    process = project.start(command, start_new_session=True)
    lines = Lines(process)
    BACKGROUND.append(process)
    wait_until(lambda: " ready." in lines.text() or process.poll() is not None, "the worker")
    assert process.poll() is None, lines.text()


BACKGROUND: list[subprocess.Popen[str]] = []  # started by a README line, stopped by the test
LONG_RUNNING: dict[str, Callable[[Project, str], None]] = {
    "watch": drive_watch,
    "serve": drive_serve,
    "worker": drive_worker,
}


def test_the_readme_shows_the_commands() -> None:
    commands = readme_commands()
    assert len(commands) >= 10, commands
    names = {c.split()[1] for c in commands}
    assert {"check", "facts", "schema", "list", "build", "changes", "watch"} <= names


def test_optional_parts_are_dropped_and_placeholders_filled() -> None:
    typed = as_typed("briefings build --all [--force] [--jobs 2] --meeting ID", {"ID": "m-1"})
    assert typed == "briefings build --all --meeting m-1"
    values = {"SOURCE_ID": "src-9", "ID": "m-1", "FILE": "a.txt", "FILE.docx": "o.docx"}
    typed = as_typed("briefings x drafts/SOURCE_ID.yaml FILE FILE.docx [--out DIR]", values)
    assert typed == "briefings x drafts/src-9.yaml a.txt o.docx"


@pytest.mark.skipif(not seeds_dir().is_dir(), reason="needs ../shared/seeds")
def test_every_readme_command_runs(tmp_path: Path) -> None:
    project = Project.copy(tmp_path)
    (project.root / "new-article.txt").write_text(KK_TEXT, encoding="utf-8")
    with running_redis() as port:
        project.extra_env["BRIEFINGS_BROKER"] = f"redis://127.0.0.1:{port}/0"
        try:
            run_every_line(project)
        finally:
            for process in BACKGROUND:
                stop_group(process)
    assert (project.root / "facts.schema.json").stat().st_size > 1000


def run_every_line(project: Project) -> None:
    """Run the README's lines in order, as typed, each as it must behave."""
    values = placeholders()
    for written in readme_commands():
        command = as_typed(written, values)
        name = command.split()[1]
        if name in LONG_RUNNING:
            LONG_RUNNING[name](project, command)
            continue
        result = project.run(command)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert "Traceback" not in result.stderr, command
        learn(command, result.stdout, values)
        for line in result.stdout.splitlines():
            if re.fullmatch(r"output/\S+", line):
                assert (project.root / line).is_file(), f"{command} printed {line}, not written"


def test_a_placeholder_inside_a_path_is_filled_in() -> None:
    typed = as_typed("briefings accept facts/drafts/SOURCE_ID.yaml", {"SOURCE_ID": "src-7"})
    assert typed == "briefings accept facts/drafts/src-7.yaml"
