"""Watch: rebuild on edits, keep the last good outputs on errors, resume, stop cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

from briefings.build import Folders, Result
from briefings.errors import BriefingsError
from briefings.watch import watch_and_build
from tests.test_meeting_prep import INTERNAL_MEETING


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_watch_rebuilds_reports_errors_and_resumes(
    facts_dir: Path, templates_dir: Path, tmp_path: Path
) -> None:
    folders = Folders(facts_dir, templates_dir, tmp_path / "out")
    builds: list[Result] = []
    errors: list[BriefingsError] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch_and_build,
        args=(folders, ("html",), ("en",), 1, builds.append, errors.append, stop),
        daemon=True,
    )
    thread.start()
    wait_for(lambda: len(builds) == 1)
    output = tmp_path / "out" / "overview.html"
    assert builds[0].written == [output]
    time.sleep(0.3)  # let the watcher settle on its first scan

    figures = facts_dir / "figures.yaml"
    good = figures.read_text()
    figures.write_text(good.replace("value: 500000000", "value: 520000000"))
    wait_for(lambda: len(builds) == 2)
    assert builds[1].written == [output] and "US$520\u00a0million" in output.read_text()

    figures.write_text(good.replace("value: 500000000", "value: plenty"))
    wait_for(lambda: len(errors) == 1)
    assert "figures.yaml" in str(errors[0].problems[0])
    assert "US$520\u00a0million" in output.read_text()  # the last good output stays

    figures.write_text(good)
    wait_for(lambda: len(builds) == 3)
    assert "US$500\u00a0million" in output.read_text()

    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_watch_command_stops_cleanly_on_ctrl_c(
    facts_dir: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    (facts_dir / "internal.yaml").write_text(textwrap.dedent(INTERNAL_MEETING), encoding="utf-8")
    command = [sys.executable, "-m", "briefings.cli", "watch", "--format", "html"]
    command += ["--facts", str(facts_dir), "--templates", str(templates_dir), "--out", str(out_dir)]
    command += ["--our-side", "az"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    note = out_dir / "meeting-prep-fm-consultations-2026-for-az.html"
    wait_for(lambda: (out_dir / "overview-for-az.html").exists() and note.exists())
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert err.rstrip().endswith("stopped")
    assert sorted(out.splitlines()) == [str(note), str(out_dir / "overview-for-az.html")]
