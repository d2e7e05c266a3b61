"""Where the overview PDF's time goes, ours against stock WeasyPrint 70, whole processes.

``python benchmarks/profile_pdf.py [--runs N]`` runs, N times and interleaved, a process that
builds the overview PDF as ``briefings build`` does and one that runs stock WeasyPrint on the
same HTML, each timing its own stages with CPU clocks around WeasyPrint's functions (no
profiler: a profiler inflates Python code against C; CPU time, because the machine is shared
and both sides are single-threaded). It prints the best time of each stage.
Both run from compiled bytecode, as an installed package does (see ``bench_pdf.py``).

Inside one process, ``--side ours|warm|stock HTML_FILE`` prints one run's stages as JSON; ``warm``
times the third build of a process that built the overview and rewrote it once, after one more edit.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
STAGES: dict[str, float] = defaultdict(float)
STARTED = 0.0  # process time starts at 0 with the process

LAYOUT_CONTEXT = "weasyprint.layout.LayoutContext"
IMPORTS = "imports: briefings (facts model, Jinja2, Babel, click)"
# Stage name → (module, attribute) of the WeasyPrint function whose calls it times.
TIMED = {
    "CSS: stylesheets and cascade": ("weasyprint.document", "get_all_computed_styles"),
    "boxes": ("weasyprint.document", "build_formatting_structure"),
    "layout of the pages": ("weasyprint.layout.page", "remake_page"),
    "  of which sizing the footnote area": (LAYOUT_CONTEXT, "_update_footnote_area"),
    "  of which margin boxes": ("weasyprint.layout.page", "make_margin_boxes"),
    "layout: backgrounds": ("weasyprint.layout", "layout_backgrounds"),
    "fonts: fontconfig set-up": ("weasyprint.text.fonts.FontConfiguration", "__init__"),
    "fonts: @font-face loading": ("weasyprint.text.fonts.FontConfiguration", "add_font_face"),
    "writing: drawing pages": ("weasyprint.document.Page", "paint"),
    "writing: font subsets": ("weasyprint.pdf", "build_fonts_dictionary"),
    "writing: streams serialized and compressed": ("pydyf.Stream", "data"),
}  # fmt: skip


WHOLE = "whole process (interpreter start included); warm: the rewrite"
ORDER = [IMPORTS, "imports: WeasyPrint", "facts and HTML", "glyph check", *TIMED, WHOLE]


def timed(name: str, action: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a function so the time of its outermost calls adds up under ``name``."""
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        start = time.process_time()
        try:
            return action(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                STAGES[name] += time.process_time() - start

    return wrapper


def instrument() -> None:
    """Wrap each WeasyPrint function of TIMED (after our own fixes are installed)."""
    from importlib import import_module

    for name, (where, attribute) in TIMED.items():
        module_name, _, owner_name = where.rpartition(".")
        try:
            owner: Any = import_module(where)
        except ImportError:
            owner = getattr(import_module(module_name), owner_name)
        original = (
            owner.__dict__[attribute] if isinstance(owner, type) else getattr(owner, attribute)
        )
        if isinstance(original, property):
            setattr(owner, attribute, property(timed(name, original.fget)))
        else:
            setattr(owner, attribute, timed(name, original))


def mark(name: str, since: float) -> float:
    now = time.process_time()
    STAGES[name] += now - since
    return now


def run_ours(html_file: Path) -> None:
    """Build the overview PDF as the build command does, timing imports and our own steps."""
    now = STARTED
    sys.path.insert(0, str(ROOT))
    import briefings.build as builder
    import briefings.cli  # noqa: F401 - the command imports it

    now = mark(IMPORTS, now)
    from briefings.writers import footnotes
    from briefings.writers.engine import load_weasyprint

    load_weasyprint()
    footnotes.install_footnote_fixes()
    now = mark("imports: WeasyPrint", now)
    instrument()
    from briefings.kinds.base import BriefingOptions
    from briefings.writers import WriterOptions, glyphs
    from briefings.writers.pdf import PdfWriter

    folders = builder.Folders(ROOT / "facts", TEMPLATES)
    job = builder.Job("overview", BriefingOptions(), ("pdf",))
    _, rendered = builder.prepare(job, builder.load(folders), folders)
    now = mark("facts and HTML", now)
    glyphs.check_glyphs = timed("glyph check", glyphs.check_glyphs)
    from briefings.writers import pdf

    pdf.check_glyphs = glyphs.check_glyphs
    PdfWriter().render(rendered.html, WriterOptions(templates=TEMPLATES))


def run_warm(html_file: Path) -> None:
    """Rewrite the overview PDF in a warm process after one fact edit, timing each stage.

    As ``watch`` does: the process has built the overview and rewritten it after one edit;
    one figure's note changes again; the stages are those of the third build (the whole is
    that build, not the process). The first edition after a start is slower (see README).
    """
    import shutil

    from bench_pdf import edit_fact

    sys.path.insert(0, str(ROOT))
    import briefings.build as builder
    from briefings.kinds.base import BriefingOptions
    from briefings.watch import WarmBuilder
    from briefings.writers import WriterOptions, glyphs, pdf

    project = html_file.parent / "warm"
    shutil.copytree(ROOT / "facts", project / "facts", dirs_exist_ok=True)
    folders = builder.Folders(project / "facts", TEMPLATES, project / "out")
    warm, job = WarmBuilder(folders), builder.Job("overview", BriefingOptions(), ("pdf",))
    warm.warm_up()
    warm.render(job)
    edit_fact(folders.facts, "Edited once before the profile.")
    warm.render(job)
    edit_fact(folders.facts, "Edited for the profile.")
    instrument()
    pdf.check_glyphs = timed("glyph check", glyphs.check_glyphs)
    start = now = time.process_time()
    _, rendered = builder.prepare(job, warm.facts(), folders)
    now = mark("facts and HTML", now)
    pdf.PdfWriter().render(rendered.html, WriterOptions(templates=TEMPLATES))
    STAGES[WHOLE] = time.process_time() - start


def run_stock(html_file: Path) -> None:
    """Run WeasyPrint as its command does (``-s margins.css``) on the HTML, timing its import.

    margins.css is the running header and footer our writer adds, so both print the same pages.
    """
    import weasyprint

    mark("imports: WeasyPrint", STARTED)
    instrument()
    margins = weasyprint.CSS(filename=str(html_file.with_name("margins.css")))
    source = weasyprint.HTML(filename=str(html_file), base_url=f"{TEMPLATES}/")
    source.write_pdf(stylesheets=[margins])


def one_side(side: str, html_file: Path) -> None:
    {"ours": run_ours, "warm": run_warm, "stock": run_stock}[side](html_file)
    STAGES.setdefault(WHOLE, time.process_time() - STARTED)
    print(json.dumps(STAGES))


def table(runs: int) -> None:
    """Run both sides ``runs`` times, interleaved, and print each stage's best time."""
    with tempfile.TemporaryDirectory() as tmp:
        html_file = Path(tmp) / "overview.html"
        sys.path.insert(0, str(ROOT))
        from pdf_corpus import overview_html

        from briefings.build import Folders
        from briefings.writers.glyphs import scan_document
        from briefings.writers.pdf import margin_css

        html = overview_html(Folders(ROOT / "facts", TEMPLATES))
        html_file.write_text(html)
        html_file.with_name("margins.css").write_text(margin_css(scan_document(html)))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        best: dict[str, dict[str, float]] = {"ours": {}, "warm": {}, "stock": {}}
        for _ in range(runs + 1):  # the first round writes the bytecode
            for side in best:
                command = ["nice", "-n", "10", sys.executable, __file__, "--side", side]
                done = subprocess.run(
                    [*command, str(html_file)], env=env, capture_output=True, check=True, text=True
                )
                for stage, seconds in json.loads(done.stdout.splitlines()[-1]).items():
                    best[side][stage] = min(best[side].get(stage, 9e9), seconds)
    stages = sorted(set(best["ours"]) | set(best["stock"]), key=ORDER.index)
    print(f"| stage (best of {runs}, interleaved) | ours, cold | ours, warm | stock WeasyPrint |")
    print("|---|---|---|---|")
    for stage in stages:
        cells = [f"{best[s][stage]:.3f} s" if stage in best[s] else "–" for s in best]
        print(f"| {stage} | {' | '.join(cells)} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--side", choices=("ours", "warm", "stock"))
    parser.add_argument("html", nargs="?", type=Path)
    args = parser.parse_args()
    if args.side:
        one_side(args.side, args.html)
    else:
        table(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
