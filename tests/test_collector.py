"""The cyclic collector is paused only inside a bulk step, and always restored."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from briefings.build import Folders, render_formats
from briefings.collector import before_next_briefing, collector_paused
from briefings.writers.html import HtmlWriter
from tests.cli_project import Project


def test_paused_inside_and_restored_after_even_on_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_writer_renders_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch, templates_dir: Path
) -> None:
    states = []

    def render(self: HtmlWriter, html: str, options: object) -> bytes:
        states.append(gc.isenabled())
        return html.encode()

    monkeypatch.setattr(HtmlWriter, "render", render)
    outputs = render_formats("overview", "<p>x</p>", ["html"], Folders(templates=templates_dir))
    assert outputs == {"html": b"<p>x</p>"}
    assert states == [False] and gc.isenabled()


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_process_ends_at_once_and_leaves_no_font_folder(tmp_path: Path, jobs: str) -> None:
    """The command process exits without teardown: output, exit code and /tmp stay right.

    WeasyPrint copies the fonts into a temporary folder it removes only when its font
    configuration is collected; a process that ends early must remove it itself, and so
    must each forked worker of ``--jobs``.
    """
    project = Project.copy(tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    project.extra_env = {"TMPDIR": str(temporary)}
    done = project.run(f"briefings build overview --lang all --format pdf --jobs {jobs}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [f"output/overview{suffix}.pdf" for suffix in ("", ".az", ".kk")]
    assert "built overview.kk" in done.stderr
    assert not list(temporary.glob("weasyprint-*"))
    refused = project.run("briefings build overview --meeting nowhere")
    assert refused.returncode == 1
    assert refused.stderr.strip().startswith("error:")


def test_a_briefing_after_another_frees_its_cycles_only_while_the_collector_is_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A warm run of several briefings frees each one's cycles before the next one."""
    passes: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: passes.append(generation) or 0)
    with collector_paused():
        before_next_briefing()
        before_next_briefing()
        before_next_briefing()
    assert passes == [0, 0]
    before_next_briefing()  # the collector is on again: it frees cycles by itself
    assert passes == [0, 0]
