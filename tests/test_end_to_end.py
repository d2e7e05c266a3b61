"""The real briefings, built as a user builds them, read back as a reader would."""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from lxml import html as lxml_html
from pypdf import PdfReader

from briefings.cli import cli
from tests.conftest import FACTS, FACTS_YAML, write_facts

AZ_LETTERS = "əƏğĞıİşŞçÇöÖüÜ"
KK_LETTERS = "әӘғҒқҚңҢөӨұҰүҮһҺіІ"
BLOCKS = ("h1", "h2", "h3", "h4", "p", "li", "th", "td", "caption")


def build(out: Path, *args: str, facts: Path = FACTS, templates: Path | None = None) -> list[Path]:
    folders = ["--facts", str(facts), "--out", str(out)]
    if templates:
        folders += ["--templates", str(templates)]
    result = CliRunner().invoke(cli, ["build", *args, *folders])
    assert result.exit_code == 0, result.output
    return [Path(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def overview(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("overview")
    paths = build(out, "overview", "--format", "all")
    return {p.suffix: p for p in paths}


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def html_blocks(path: Path) -> list[str]:
    """Return the text of each block of the HTML in order, footnotes and contents left out."""
    tree = lxml_html.fromstring(path.read_bytes())
    for junk in tree.xpath("//span[@class='fn'] | //nav[@class='toc'] | //head"):
        junk.drop_tree()
    innermost = [
        e for e in tree.iter(*BLOCKS) if not any(a.tag in BLOCKS for a in e.iterancestors())
    ]
    return [t for t in (collapse(e.text_content()) for e in innermost) if t]


def docx_blocks(path: Path) -> list[tuple[str, str]]:
    """Return (style, text) of the body paragraphs in order, the contents field left out."""
    document = docx.Document(str(path))
    names = {s.style_id: s.name for s in document.styles}
    found = []
    for paragraph in document.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = names[style.get(qn("w:val"))] if style is not None else "Normal"
        text = collapse("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
        if text and not name.lower().startswith("toc"):
            found.append((name, text))
    return found


def test_stdout_lists_exactly_the_files_written(overview: dict[str, Path]) -> None:
    assert sorted(overview) == [".docx", ".html", ".pdf"]
    assert all(p.is_file() and p.stem == "overview" for p in overview.values())


def test_docx_has_the_html_headings_and_paragraphs_in_order(overview: dict[str, Path]) -> None:
    in_docx = docx_blocks(overview[".docx"])
    assert [t for _, t in in_docx] == html_blocks(overview[".html"])
    headings = [t for s, t in in_docx if s.startswith("Heading")]
    tree = lxml_html.fromstring(overview[".html"].read_bytes())
    assert headings == [
        collapse(h.text_content()) for h in tree.xpath("//section//h2 | //section//h3")
    ]


def test_docx_uses_word_styles_and_real_footnotes(overview: dict[str, Path]) -> None:
    styles = {s for s, _ in docx_blocks(overview[".docx"])}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "List Number", "Normal"} <= styles
    with zipfile.ZipFile(overview[".docx"]) as package:
        footnotes = package.read("word/footnotes.xml").decode()
        body = package.read("word/document.xml").decode()
    calls = body.count("<w:footnoteReference")
    html_notes = lxml_html.fromstring(overview[".html"].read_bytes()).xpath("//span[@class='fn']")
    assert calls == len(html_notes) > 50
    assert "AZERTAC, 7 Apr 2023" in footnotes


def test_pdf_text_reads_back_with_every_letter(overview: dict[str, Path]) -> None:
    reader = PdfReader(str(overview[".pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    headings = ("Key judgements", "Indicators", "Chronology", "Next steps", "Annex: who's who")
    for heading in (*headings, "Annex: all records by area", "Sources"):
        assert heading in text
    assert "Fərid Şəfiyev" in text and "Әлім Байел" in text
    assert "None" not in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert (
        reader.metadata is not None
        and reader.metadata.title == "Azerbaijan–Kazakhstan relations: overview"
    )


@pytest.mark.parametrize("lang", ["az", "kk"])
def test_every_letter_of_the_language_survives_in_pdf_and_docx(tmp_path: Path, lang: str) -> None:
    letters = AZ_LETTERS if lang == "az" else KK_LETTERS
    paths = {
        p.suffix: p for p in build(tmp_path, "overview", "--format", "pdf,docx", "--lang", lang)
    }
    pdf_text = "".join(page.extract_text() for page in PdfReader(str(paths[".pdf"])).pages)
    docx_text = " ".join(t for _, t in docx_blocks(paths[".docx"]))
    common = [c for c in letters if c in docx_text]
    assert len(common) >= len(letters) // 2, f"too few {lang} letters in the text: {common}"
    assert [c for c in common if c not in pdf_text] == []


def test_same_inputs_give_identical_bytes(tmp_path: Path) -> None:
    first = build(tmp_path / "a", "overview", "--format", "pdf,docx", "--lang", "kk")
    second = build(tmp_path / "b", "overview", "--format", "pdf,docx", "--lang", "kk")
    for one, two in zip(first, second, strict=True):
        assert one.name == two.name
        assert one.read_bytes() == two.read_bytes(), one.name


@pytest.mark.slow
def test_libreoffice_converts_the_real_overview(overview: dict[str, Path], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-writer-nogui"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(overview[".docx"]),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "overview.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for expected in (
        "Azerbaijan–Kazakhstan relations",
        "Key judgements",
        "Annex: who's who",
        "AZERTAC, 7 Apr 2023",
        "Fərid Şəfiyev",
        "Әлім Байел",
    ):
        assert expected in text


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[int]:
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.requests = []
    yield server.server_address[1]
    server.shutdown()


def test_urls_in_facts_reach_nothing(tmp_path: Path, listener: int) -> None:
    url = f"http://127.0.0.1:{listener}"
    files = dict(FACTS_YAML)
    files["sources.yaml"] = files["sources.yaml"].replace(
        "file: a.txt", f"file: a.txt\n            url: {url}/source"
    )
    files["projects.yaml"] = files["projects.yaml"].replace(
        "A fibre-optic line under the Caspian Sea.",
        f'<img src="{url}/img.png"><link rel="stylesheet" href="{url}/x.css"> file:///etc/passwd',
    )
    build(
        tmp_path / "out",
        "overview",
        "--format",
        "pdf,docx",
        facts=write_facts(tmp_path / "facts", files),
    )
    assert Recorder.requests == []
    text = "".join(
        p.extract_text() for p in PdfReader(str(tmp_path / "out" / "overview.pdf")).pages
    )
    assert "<img src=" in text and "root:" not in text


def test_a_missing_glyph_fails_the_build_and_keeps_the_old_output(tmp_path: Path) -> None:
    facts = write_facts(tmp_path / "facts")
    build(tmp_path / "out", "overview", "--format", "pdf", facts=facts)
    before = (tmp_path / "out" / "overview.pdf").read_bytes()
    projects = facts / "projects.yaml"
    projects.write_text(
        projects.read_text().replace("under the Caspian Sea", "under the Caspian Sea 漢")
    )
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "overview",
            "--format",
            "pdf",
            "--facts",
            str(facts),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 1
    assert "U+6F22" in result.output and "Noto" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "overview.pdf").read_bytes() == before
    assert not list((tmp_path / "out").glob(".*.tmp"))
