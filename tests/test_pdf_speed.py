"""The PDF speed changes (issue 13) print what stock WeasyPrint 70 prints, only sooner.

Each test renders real PDFs and compares them with stock WeasyPrint on the same HTML
(``benchmarks/pdf_corpus.py``): same pages, same text per page, footnotes called and printed
on the same pages; with pydyf's own compression level, the very same bytes. The timings
themselves are in ``benchmarks/bench_pdf.py``, never here.
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from briefings.build import Folders, Job
from briefings.kinds.base import BriefingOptions
from briefings.watch import WarmBuilder
from briefings.writers import footnotes, kept_styles, kept_text, pango_ffi
from briefings.writers.engine import engine_for, listed_library
from tests.test_pdf_writer import TEMPLATES, document, render, sample_briefing, text_of

pytestmark = pytest.mark.slow


def load_corpus() -> ModuleType:
    """Import benchmarks/pdf_corpus.py (benchmarks is a folder of scripts, not a package)."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "pdf_corpus.py"
    spec = importlib.util.spec_from_file_location("pdf_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pdf_corpus", module)
    spec.loader.exec_module(module)
    return module


corpus = load_corpus()


@pytest.fixture
def pydyf_compression(monkeypatch: pytest.MonkeyPatch) -> None:
    """Write at pydyf's own compression level, so the bytes can be compared with stock's."""
    import pydyf

    footnotes.install_footnote_fixes()
    monkeypatch.setattr(pydyf.zlib, "level", 9)


@pytest.mark.usefixtures("pydyf_compression")
def test_overview_is_byte_identical_to_stock(facts_dir: Path) -> None:
    html = corpus.overview_html(Folders(facts_dir, TEMPLATES))
    verdict = corpus.compare("overview", html, TEMPLATES)
    assert verdict.ours.notes and not verdict.stock_wrong
    assert verdict.same_bytes


def test_where_stock_loses_a_note_we_print_it_and_keep_the_rest() -> None:
    verdict = corpus.compare("sample", sample_briefing(), TEMPLATES)
    assert verdict.stock_wrong and not verdict.ours.lost
    assert len(verdict.ours.notes) == 30


def test_real_overview_has_stock_pages_text_and_footnotes(facts_dir: Path) -> None:
    html = corpus.overview_html(Folders(facts_dir, TEMPLATES))
    verdict = corpus.compare("overview", html, TEMPLATES)
    assert verdict.ours.notes and not verdict.ours.lost
    assert verdict.same, verdict.describe()
    assert not verdict.same_bytes  # only the compression differs: level 6 against 9
    assert len(verdict.ours.pdf) < len(verdict.stock.pdf) * 1.05


def test_each_note_is_laid_out_once_to_size_the_footnote_area(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(footnotes, "_KEPT_HEIGHTS", footnotes.weakref.WeakKeyDictionary())
    heights = count_calls(monkeypatch, footnotes, "_note_height")
    verdict = corpus.compare("sample", sample_briefing(), TEMPLATES)
    assert len(heights) == 30  # once per note, never all the page's notes again
    assert all(height is not None for height in heights)  # no note needed WeasyPrint's sizing
    assert verdict.same or verdict.stock_wrong


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[Any]:
    """Wrap ``owner.name`` so the result of each call is recorded; return the record."""
    results: list[Any] = []
    original = getattr(owner, name)

    def wrapper(*args: Any) -> Any:
        results.append(original(*args))
        return results[-1]

    monkeypatch.setattr(owner, name, wrapper)
    return results


def margined_notes() -> str:
    """Return a page whose notes have vertical margins, which collapse between notes."""
    style = (
        "<style>span.fn { margin: 5px 0 7px } span.fn b { display: block; margin: 3px 0 }</style>"
    )
    notes = "".join(
        f'<p>Paragraph {i} of text.<span class="fn">Note {i}<b>block {i}</b></span></p>'
        for i in range(40)
    )
    return document(style + "<section><h2>Notes with margins</h2>" + notes + "</section>")


@pytest.mark.usefixtures("pydyf_compression")
def test_notes_with_margins_are_sized_by_weasyprint_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    heights = count_calls(monkeypatch, footnotes, "_note_height")
    verdict = corpus.compare("margins", margined_notes(), TEMPLATES)
    assert heights and all(height is None for height in heights)  # WeasyPrint sized them
    assert len(verdict.ours.notes) == 40
    assert verdict.same_bytes


def test_fonts_are_kept_until_a_stylesheet_or_font_changes(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    first = engine_for(templates)
    assert engine_for(templates) is first
    one = corpus.ours(sample_briefing(notes=False, rows=3), templates).pdf
    two = corpus.ours(sample_briefing(notes=False, rows=3), templates).pdf
    assert one == two  # kept fonts give the same bytes
    fonts = first.font_config
    assert fonts in kept_text._LINES and fonts in kept_styles._KEPT
    sheet = templates / "print.css"
    sheet.write_text(sheet.read_text() + "\n/* edited */\n")
    assert engine_for(templates) is not first
    # what was kept for the old fonts goes with them (it refers to them: never freed else)
    assert fonts not in kept_text._LINES and fonts not in kept_styles._KEPT


def test_warm_builder_keeps_facts_until_a_fact_file_changes(
    facts_dir: Path, tmp_path: Path
) -> None:
    warm = WarmBuilder(Folders(facts_dir, TEMPLATES, tmp_path / "out"))
    job = Job("overview", BriefingOptions(), ("pdf",))
    first = warm.facts()
    assert warm.facts() is first
    assert [p.name for p in warm.run(lambda _: [job]).written] == ["overview.pdf"]
    assert warm.run(lambda _: [job]).written == []  # nothing changed: nothing rebuilt
    figures = facts_dir / "figures.yaml"
    figures.write_text(figures.read_text().replace("value: 500000000", "value: 510000000"))
    assert warm.facts() is not first
    assert [p.name for p in warm.run(lambda _: [job]).written] == ["overview.pdf"]


@pytest.mark.parametrize("name", ["gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "c"])
def test_library_lookup_agrees_with_ctypes(name: str) -> None:
    assert listed_library(name) == ctypes.util.find_library(name)


def test_library_lookup_skips_names_no_library_has() -> None:
    assert listed_library("libgobject-2.0-0") is None
    assert listed_library("no-such-library-anywhere") is None


def test_the_parsed_declarations_are_those_of_the_installed_weasyprint() -> None:
    """Regenerating the out-of-line module gives the committed file: nothing is stale."""
    source = pango_ffi.weasyprint_ffi_source()
    assert source is not None
    fresh = pango_ffi.generate_text(source)
    assert fresh == pango_ffi.GENERATED.read_text(encoding="utf-8"), (
        "WeasyPrint's C declarations changed: run `python -m briefings.writers.pango_ffi`"
    )


def test_weasyprint_is_imported_with_the_parsed_declarations() -> None:
    """A fresh interpreter imports WeasyPrint without pycparser, and lays out text with it."""
    code = (
        "import sys\n"
        "from briefings.writers.engine import load_weasyprint\n"
        "weasyprint = load_weasyprint()\n"
        "from weasyprint.text import ffi\n"
        "print(type(ffi.ffi).__name__, 'pycparser' in sys.modules)\n"
        "pdf = weasyprint.HTML(string='<p>Bakı–Astana</p>').write_pdf()\n"
        "print(pdf[:5].decode())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["PrebuiltFFI", "False", "%PDF-"]


def test_a_changed_ffi_source_falls_back_to_weasyprint_parsing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = tmp_path / "ffi.py"
    changed.write_text("# another WeasyPrint\n")
    monkeypatch.setattr(pango_ffi, "weasyprint_ffi_source", lambda: changed)
    assert pango_ffi._matching_module() is None


STYLED_TEXT = (
    '<p lang="en" style="text-align: justify; letter-spacing: 0.4pt; word-spacing: 2pt; '
    "text-decoration: underline; font-variant: small-caps; font-feature-settings: 'liga' 0; "
    'hyphens: auto; overflow-wrap: anywhere; tab-size: 4; white-space: pre-wrap">'
    "Intergovernmental\tcommission on transcontinental telecommunications infrastructure "
    "and interconnectivity of the Trans-Caspian International Transport Route, "
    "counterbalancing uncharacteristically disproportionate over\u00adcapitalisation.</p>"
    '<p style="word-break: break-all; text-decoration: line-through; font-style: italic">'
    "Caspianfibreopticcablecommissioningschedulecontinuesthroughthesecondquarter.</p>"
)


def test_kept_line_breaks_depend_on_every_style_property_they_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The key of a kept line break holds every property WeasyPrint's function reads."""
    from weasyprint.css import Style
    from weasyprint.layout import inline

    footnotes.install_footnote_fixes()
    original = inline.split_first_line.briefings_original
    read: set[str] = set()
    inside = [False]

    def recording_getitem(style: dict[str, Any], key: str) -> Any:
        if inside[0]:
            read.add(key)
        return dict.__getitem__(style, key)

    def recording_split(*args: Any, **kwargs: Any) -> Any:
        inside[0] = True
        try:
            return original(*args, **kwargs)
        finally:
            inside[0] = False

    monkeypatch.setattr(Style, "__getitem__", recording_getitem)
    monkeypatch.setattr(kept_text, "_LINES", kept_text.weakref.WeakKeyDictionary())
    html = sample_briefing(rows=3).replace("</body>", STYLED_TEXT + "</body>")
    assert STYLED_TEXT in html
    kept = inline.split_first_line
    kept_text._set_split_first_line(kept_text._kept_lines(recording_split))
    try:
        render(html)
    finally:
        kept_text._set_split_first_line(kept)
    assert {"hyphens", "letter_spacing", "tab_size", "text_decoration_line"} <= read
    assert read <= set(kept_text.LINE_STYLE)


def test_a_repeated_justified_text_is_drawn_in_full_each_time() -> None:
    """Kept line breaks hand each text box its own layout, which justification changes."""
    paragraph = (
        '<p style="text-align: justify">Both delegations reviewed the schedule of the '
        "Trans-Caspian fibre-optic line and the customs arrangements at the ports of Baku "
        "and Aktau, and agreed to meet again before the end of the year.</p>"
    )
    pdf = render(document(paragraph * 3))
    text = " ".join(text_of(pdf).split())
    assert text.count("agreed to meet again before the end of the year.") == 3


def test_a_warm_process_writes_the_bytes_a_cold_build_writes(tmp_path: Path) -> None:
    """Kept fonts, styles, line breaks, note heights and shaped lines: a cold build's bytes.

    Both sides build before and after the edit, so both print the second edition.
    """
    facts = tmp_path / "facts"
    shutil.copytree(TEMPLATES.parent / "facts", facts)
    warm = WarmBuilder(Folders(facts, TEMPLATES, tmp_path / "warm"))
    meeting = BriefingOptions(meeting="forum-kz-az-business", lang="kk")
    jobs = [Job("overview", BriefingOptions(lang=lang), ("pdf",)) for lang in ("en", "az")]
    jobs += [Job("meeting-prep", meeting, ("pdf",))]
    assert len(warm.run(lambda _: jobs).written) == 3
    cold_builds(facts, tmp_path / "cold")
    figures = facts / "figures.yaml"
    for before, after in (("500000000", "510000000"), ("510000000", "520000000")):
        # the second edit is laid out with the first's kept styles and note heights
        figures.write_text(figures.read_text().replace(f"value: {before}", f"value: {after}", 1))
        rebuilt = warm.run(lambda _: jobs).written
        assert len(rebuilt) == 3
        cold_builds(facts, tmp_path / "cold")
        for path in rebuilt:
            assert path.read_bytes() == (tmp_path / "cold" / path.name).read_bytes(), path.name


def cold_builds(facts: Path, out: Path) -> None:
    """Build the test's three PDFs, each in a process of its own."""
    briefings = Path(sys.executable).parent / "briefings"
    for arguments in (
        ["overview"],
        ["overview", "--lang", "az"],
        ["meeting-prep", "--meeting", "forum-kz-az-business", "--lang", "kk"],
    ):
        command = [briefings, "build", *arguments, "--format", "pdf", "--facts", facts]
        command += ["--templates", TEMPLATES, "--out", out]
        subprocess.run(command, check=True, capture_output=True)


def new_styles(html: str) -> tuple[bytes, int]:
    """Render ``html``; return the PDF and how many styles were made, not handed out again."""
    from briefings.writers.engine import engine_for

    memory = kept_styles._memory(engine_for(TEMPLATES).font_config)
    before = len(memory)
    pdf = render(html)
    return pdf, len(memory) - before


def test_a_document_again_gets_its_styles_again_and_an_edit_only_its_own() -> None:
    """Kept styles: the same HTML makes no new style; an edit makes them only where it is."""
    first = sample_briefing(rows=3)
    edited = first.replace("<h1>", '<h1 style="letter-spacing: 1pt">', 1)
    assert edited != first
    render(first)
    pdf, made = new_styles(first)
    assert made == 0
    pdf, made = new_styles(edited)
    assert 0 < made < 20  # the heading and its pseudo-elements, not the document's hundreds
    with kept_styles.stock():
        assert render(edited) == pdf  # WeasyPrint's own styles print the same bytes


def test_kept_styles_compare_colours_by_value_across_parses() -> None:
    """Colours are tokens of each document's parsed stylesheet: equal values still match."""
    html = document('<p style="color: #1d242b; background-color: rgb(1 2 3)">Text.</p>')
    render(html)
    assert new_styles(html)[1] == 0
    changed, made = new_styles(html.replace("#1d242b", "#1d242c"))
    assert made > 0
    with kept_styles.stock():
        assert render(html.replace("#1d242b", "#1d242c")) == changed


def test_note_heights_are_kept_for_the_next_edition(monkeypatch: pytest.MonkeyPatch) -> None:
    """A note an edit left alone is not measured again; a changed note is, and pages agree."""
    monkeypatch.setattr(footnotes, "_KEPT_HEIGHTS", footnotes.weakref.WeakKeyDictionary())
    html = sample_briefing(rows=3)
    render(html)
    render(html)  # styles copied for notes now hold what the first edition computed
    heights = count_calls(monkeypatch, footnotes, "_note_height")
    again = render(html)
    assert heights == []
    longer = html.replace("press release no. 00/25", "press release no. 00/25, annex 2", 1)
    assert longer != html
    changed = render(longer)
    assert len(heights) == 1
    monkeypatch.setattr(footnotes, "_KEPT_HEIGHTS", footnotes.weakref.WeakKeyDictionary())
    assert render(longer) == changed and render(html) == again


def test_a_kept_line_is_drawn_again_from_its_recording(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second edition redraws its lines from the first's recordings, to the same bytes."""
    html = sample_briefing(rows=3)
    first = render(html)
    redrawn = count_calls(monkeypatch, kept_text, "_redraw")
    second = render(html)
    assert len(redrawn) > 100
    assert second == first
    with kept_text.stock():
        assert render(html) == first  # WeasyPrint's own drawing, every glyph again


def test_a_full_memory_forgets_its_older_half() -> None:
    """A process rendering more than its memories hold keeps what it learnt last."""
    memory = {number: str(number) for number in range(10)}
    kept_text.make_room(memory, 10)
    assert list(memory) == [6, 7, 8, 9]
    kept_text.make_room(memory, 10)
    assert len(memory) == 4  # not full: nothing forgotten


LENGTHS = (
    "<style>.sized { box-sizing: border-box; width: 60%; padding: 2% 3pt; border: thin solid;"
    " margin: 1em auto; min-height: 2cm } .calc { width: calc(50% - 2em); font-size: 14pt }"
    " table.collapsed { border-collapse: collapse } table.collapsed td { border: 2pt solid }"
    "</style>"
    + '<div class="sized"><p>Sized box.</p></div>'
    * 3
    + '<div class="calc"><p>Calculated width.</p></div><div class="calc" style="font-size: 8pt">'
    "<p>Same calc, other font size.</p></div>"
    '<table class="collapsed"><tr><td>Collapsed</td><td>borders</td></tr></table>'
)


def test_kept_lengths_are_set_from_memory_and_print_stock_bytes() -> None:
    """Boxes with equal values get the lengths resolved before; calc() and collapse do not."""
    from briefings.writers import kept_lengths

    kept_lengths._KEPT.clear()
    html = document(LENGTHS)
    pdf = render(html)
    assert kept_lengths._KEPT
    assert not any("calc" in repr(values) for values, *_ in kept_lengths._KEPT)
    assert not any("collapse" in values for values, *_ in kept_lengths._KEPT)
    with kept_lengths.stock():
        assert render(html) == pdf


def test_kept_lengths_depend_on_every_style_property_they_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The key of kept lengths holds every property WeasyPrint's function reads."""
    from weasyprint.css import Style
    from weasyprint.layout import percent

    from briefings.writers import kept_lengths

    footnotes.install_footnote_fixes()
    read: set[str] = set()
    depth = [0]  # 1 inside the function; more inside a property's computation, not recorded

    def recording_getitem(style: dict[str, Any], key: str) -> Any:
        if depth[0] == 1:
            read.add(key)
        depth[0] += bool(depth[0])
        try:
            return dict.__getitem__(style, key)
        finally:
            depth[0] -= bool(depth[0] > 1)

    original = percent.resolve_percentages.briefings_original

    def recording(box: Any, containing_block: Any) -> Any:
        depth[0] = 1
        try:
            return original(box, containing_block)
        finally:
            depth[0] = 0

    monkeypatch.setattr(Style, "__getitem__", recording_getitem)
    kept = percent.resolve_percentages
    kept_lengths._set(recording)
    try:
        render(document(LENGTHS.replace("calc(50% - 2em)", "40%")))
    finally:
        kept_lengths._set(kept)
    assert {"box_sizing", "padding_top", "border_left_width", "min_height"} <= read
    assert read <= set(kept_lengths.READ)
