"""The cyclic collector is paused only inside a bulk step, and always restored."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from briefings.build import Folders, render_formats
from briefings.collector import collector_paused
from briefings.writers.html import HtmlWriter


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
