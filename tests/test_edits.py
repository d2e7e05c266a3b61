"""The editors' round trip on the real overview: facts in the DOCX, review copies, `edits`.

The DOCX is opened and its parts walked; an edited copy is made the way Word writes edits
(XML changes plus python-docx's comments API) and read back by `briefings edits --json`,
which must name exactly those changes and the facts behind them.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from briefings.cli import cli
from briefings.review.read import read_docx_file
from tests.conftest import FACTS, TEMPLATES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
NS = {"w": W}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def folders(out: Path) -> list[str]:
    return ["--out", str(out), "--facts", str(FACTS), "--templates", str(TEMPLATES)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the real overview as DOCX with its review copy; return the output folder."""
    out = tmp_path_factory.mktemp("edits") / "output"
    code, output = run_cli("build", "overview", "--format", "docx", "--review", *folders(out))
    assert code == 0, output
    return out


def edits_json(path: Path, out: Path) -> dict:
    code, output = run_cli("edits", str(path), "--json", *folders(out))
    assert code == 0, output
    return json.loads(output)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# -- facts inside the DOCX ------------------------------------------------------------------------


def test_fact_bearing_blocks_carry_hidden_controls_naming_real_facts(built: Path) -> None:
    files = parts(built / "overview.docx")
    body = etree.fromstring(files["word/document.xml"]).find("w:body", NS)
    controls = list(body.iter(w("sdt")))
    assert len(controls) > 100
    known = {p.stem for p in FACTS.rglob("*.yaml")}  # sanity: the facts folder is the real one
    assert known
    for control in controls:
        tag = control.find("w:sdtPr/w:tag", NS).get(w("val"))
        assert tag.startswith("facts:") and tag.split(":", 1)[1].split()
        assert control.find(f"w:sdtPr/{{{W15}}}appearance", NS).get(f"{{{W15}}}val") == "hidden"
        assert control.getparent().tag == w("p")  # around the paragraph's content
    summary = [p for p in body.iter(w("p")) if "Latest trade figure:" in "".join(p.itertext())][0]
    assert "fig-trade-2024" in {
        c.find("w:sdtPr/w:tag", NS).get(w("val"))[6:] for c in body.iter(w("sdt"))
    }
    assert summary.find("w:sdt", NS) is not None
    custom = etree.fromstring(files["docProps/custom.xml"])
    values = {p.get("name"): "".join(p.itertext()) for p in custom}
    assert values == {"briefings.briefing": "overview", "briefings.edition": "1"}


def test_the_html_names_the_facts_of_each_cited_block(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "html"
    code, output = run_cli("build", "overview", "--format", "html", *folders(out))
    assert code == 0, output
    html = (out / "overview.html").read_text(encoding="utf-8")
    assert '<span class="fn" data-facts="fig-trade-2024">' in html
    assert '<meta name="briefing" content="overview">' in html


def test_an_unchanged_docx_reports_no_changes(built: Path) -> None:
    report = edits_json(built / "overview.docx", built)
    assert report == {"file": str(built / "overview.docx"), "briefing": "overview", "edition": 1,
                      "changes": []}  # fmt: skip


def test_a_docx_we_did_not_make_is_a_one_line_error(built: Path) -> None:
    code, output = run_cli("edits", str(TEMPLATES / "reference.docx"), *folders(built))
    assert code == 1
    assert output.count("\n") == 1 and "not a DOCX made by briefings" in output
    code, output = run_cli("edits", str(FACTS / "sources.yaml"), *folders(built))
    assert code == 1 and "not a Word document" in output


# -- an edited copy ------------------------------------------------------------------------------


def block_paragraph(body: etree._Element, fact: str) -> etree._Element:
    """Return the first body paragraph (not in a table) whose control names ``fact``."""
    for control in body.iter(w("sdt")):
        tag = control.find("w:sdtPr/w:tag", NS).get(w("val"))
        paragraph = control.getparent()
        if tag == f"facts:{fact}" and paragraph.getparent().tag == w("body"):
            return paragraph
    raise AssertionError(f"no paragraph for {fact}")


def set_text(paragraph: etree._Element, old: str, new: str) -> None:
    for text in paragraph.iter(w("t")):
        if old in (text.text or ""):
            text.text = text.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} not in the paragraph")


def tracked_insert(paragraph: etree._Element, text: str) -> None:
    """Insert ``text`` at the end of the paragraph's content as Word's tracked insertion."""
    content = paragraph.find("w:sdt/w:sdtContent", NS)
    last_text_run = [r for r in content.findall("w:r", NS) if r.find("w:t", NS) is not None][-1]
    ins = etree.Element(
        w("ins"), {w("id"): "901", w("author"): "Editor", w("date"): "2026-01-05T10:00:00Z"}
    )
    run = etree.SubElement(ins, w("r"))
    etree.SubElement(
        run, w("t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
    ).text = text
    last_text_run.addnext(ins)


def new_paragraph(text: str) -> etree._Element:
    paragraph = etree.Element(w("p"))
    etree.SubElement(etree.SubElement(paragraph, w("r")), w("t")).text = text
    return paragraph


FACT_CHANGED = "fig-trade-2024"
FACT_DELETED = "crash-azal-aktau"  # stated once: in the annex
FACT_MOVED = "kz-oil-transit-via-azerbaijan"
FACT_COMMENTED = "talks-2025-03-03-asadov-bektenov"
FACT_TRACKED = "visit-2025-10-aliyev-kazakhstan"
ADDED = "Editor's note: ask the ministry for the 2025 trade figure."


def make_edited_copy(source: Path, target: Path) -> None:
    """Edit like an editor: change, delete, add, move, comment, tracked insertion."""
    document = docx.Document(str(source))
    body = document.element.body
    set_text(block_paragraph(body, FACT_CHANGED), "US$500\u00a0million", "US$600\u00a0million")
    deleted = block_paragraph(body, FACT_DELETED)
    deleted.getparent().remove(deleted)
    block_paragraph(body, "caspian-fibre-optic-line").addnext(new_paragraph(ADDED))
    moved = block_paragraph(body, FACT_MOVED)
    block_paragraph(body, "visit-2025-10-tokayev-ots-summit").addprevious(moved)
    tracked_insert(block_paragraph(body, FACT_TRACKED), " Confirmed by the embassy.")
    commented = block_paragraph(body, FACT_COMMENTED)
    runs = [r for r in docx.text.paragraph.Paragraph(commented, document._body).iter_inner_content()
            if isinstance(r, docx.text.run.Run)]  # fmt: skip
    if not runs:
        content = commented.find("w:sdt/w:sdtContent", NS)
        runs = [docx.text.run.Run(r, document._body) for r in content.findall("w:r", NS)]
    document.add_comment(runs, "Source? Please check the date.", author="Editor", initials="ED")
    document.save(str(target))


def in_order(changes: list[dict]) -> list[dict]:
    """Return changes in one fixed order: the report follows the document, which may move."""
    return sorted(changes, key=lambda c: json.dumps(c, sort_keys=True, ensure_ascii=False))


def original_text(built: Path, fact: str) -> str:
    """Return the text of the fact's first paragraph (table rows read "cell | cell")."""
    blocks = read_docx_file(built / "overview.docx").blocks
    return next(b.text for b in blocks if b.facts == (fact,) and " | " not in b.text)


def expected_changes(built: Path) -> list[dict]:
    changed = original_text(built, FACT_CHANGED)
    tracked = original_text(built, FACT_TRACKED)
    moved = original_text(built, FACT_MOVED)
    head, tail = changed.split("US$500 million")  # read back with plain spaces
    return [
        {"kind": "moved", "facts": [FACT_MOVED], "before": moved, "after": moved, "comment": None},
        {"kind": "changed", "facts": [FACT_TRACKED], "before": tracked,
         "after": tracked + " Confirmed by the embassy.", "comment": None,
         "diff": tracked + " {+Confirmed by the embassy.+}"},
        {"kind": "changed", "facts": [FACT_CHANGED], "before": changed,
         "after": changed.replace("US$500 million", "US$600 million"), "comment": None,
         "diff": f"{head}[-US$500-] {{+US$600+}} million{tail}",
         "proposals": [{"fact": FACT_CHANGED, "field": "value", "before": 500000000,
                        "after": 600000000,
                        "yaml": f"id: {FACT_CHANGED}\nvalue: 600000000  # was 500000000"}]},
        {"kind": "added", "facts": [], "before": None, "after": ADDED, "comment": None},
        {"kind": "deleted", "facts": [FACT_DELETED], "before": original_text(built, FACT_DELETED),
         "after": None, "comment": None},
        {"kind": "comment", "facts": [FACT_COMMENTED], "before": None, "after": None,
         "comment": "Source? Please check the date.", "author": "Editor"},
        {"kind": "tracked", "facts": [FACT_TRACKED], "before": None,
         "after": "Confirmed by the embassy.", "comment": None, "author": "Editor"},
    ]  # fmt: skip


def test_edits_made_the_way_word_writes_them_are_reported_exactly(
    built: Path, tmp_path: Path
) -> None:
    edited = tmp_path / "edited.docx"
    make_edited_copy(built / "overview.docx", edited)
    report = edits_json(edited, built)
    assert (report["briefing"], report["edition"]) == ("overview", 1)
    assert in_order(report["changes"]) == in_order(expected_changes(built))


def test_text_output_names_changes_facts_and_the_proposed_fact_edit(
    built: Path, tmp_path: Path
) -> None:
    edited = tmp_path / "edited.docx"
    make_edited_copy(built / "overview.docx", edited)
    code, output = run_cli("edits", str(edited), *folders(built))
    assert code == 0, output
    assert f"changed [{FACT_CHANGED}]: " in output and "[-US$500-] {+US$600+} million" in output
    assert f"deleted [{FACT_DELETED}]" in output and f"moved [{FACT_MOVED}]" in output
    assert f"comment [{FACT_COMMENTED}] by Editor: Source?" in output
    assert "value: 600000000  # was 500000000" in output


def test_edits_finds_the_original_when_the_editor_saved_over_it(
    built: Path, tmp_path: Path
) -> None:
    """The published file itself is edited: the edition is rebuilt from the facts."""
    out = tmp_path / "output"
    code, output = run_cli("build", "overview", "--format", "docx", *folders(out))
    assert code == 0, output
    make_edited_copy(out / "overview.docx", out / "overview.docx")
    report = edits_json(out / "overview.docx", out)
    assert in_order(report["changes"]) == in_order(expected_changes(built))


# -- review copies ------------------------------------------------------------------------------


def test_review_copy_has_a_source_comment_per_fact_bearing_block(built: Path) -> None:
    files = parts(built / "overview.review.docx")
    comments = etree.fromstring(files["word/comments.xml"]).findall("w:comment", NS)
    body = etree.fromstring(files["word/document.xml"])
    blocks = [b for b in read_docx_file(built / "overview.docx").blocks if b.facts]
    assert len(comments) == len(blocks)
    assert len(body.findall(".//w:commentRangeStart", NS)) == len(comments)
    trade = next(c for c in comments if "".join(c.itertext()).startswith("fig-trade-2024"))
    text = "\n".join("".join(p.itertext()) for p in trade.findall("w:p", NS))
    assert "fig-trade-2024 (figure)" in text and "Metbuat.az, 2025-03-03, para. 11: “" in text
    assert {c.get(w("author")) for c in comments} == {"briefings"}
    assert {c.get(w("date")) for c in comments} == {"2025-12-18T00:00:00Z"}


def test_review_copy_is_byte_identical_when_built_twice(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    code, output = run_cli("build", "overview", "--format", "docx", "--review", *folders(out))
    assert code == 0, output
    first = (built / "overview.review.docx").read_bytes()
    assert (out / "overview.review.docx").read_bytes() == first
    assert (out / "overview.docx").read_bytes() == (built / "overview.docx").read_bytes()


def test_review_copy_is_python_docx_readable(built: Path) -> None:
    document = docx.Document(io.BytesIO((built / "overview.review.docx").read_bytes()))
    assert len(list(document.comments)) > 100
    assert copy.copy(document.core_properties.title)


# -- the text fallback -----------------------------------------------------------------------------


def flatten_and_edit(data: bytes) -> bytes:
    """Drop every content control (as LibreOffice does) and edit each fact-bearing paragraph.

    The edits rotate: a word in the middle replaced, a phrase appended, the last word cut.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(files["word/document.xml"])
    for number, control in enumerate(list(root.iter(w("sdt")))):
        content, parent = control.find("w:sdtContent", NS), control.getparent()
        texts = [t for t in content.iter(w("t")) if (t.text or "").strip()]
        if texts and parent.tag == w("p"):
            words = texts[-1].text.split(" ")
            if number % 3 == 0 and len(words) > 2:
                words[len(words) // 2] = "CHANGED"
            elif number % 3 == 1:
                words.append("(checked by the desk)")
            elif len(words) > 2:
                words.pop()
            texts[-1].text = " ".join(words)
        position = parent.index(control)
        parent[position : position + 1] = list(content)
    files["word/document.xml"] = etree.tostring(root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, payload in files.items():
            archive.writestr(name, payload)
    return out.getvalue()


def test_text_fallback_maps_at_least_95_percent_of_edited_blocks(built: Path) -> None:
    """Measured on the real overview with every fact-bearing paragraph edited: 123/123."""
    from briefings.review.compare import pair_blocks
    from briefings.review.read import read_docx

    data = (built / "overview.docx").read_bytes()
    original, edited = read_docx(data, "original"), read_docx(flatten_and_edit(data), "edited")
    assert not any(block.facts for block in edited.blocks)
    assert len(edited.blocks) == len(original.blocks)
    pairs = pair_blocks(
        [b for b in original.blocks if b.text], [b for b in edited.blocks if b.text]
    )
    bearing = [b for b in original.blocks if b.facts and b.text]
    assert sum(edited.blocks[b.index].text != b.text for b in bearing) > 0.9 * len(bearing)
    right = sum(pairs.get(b.index) == b.index for b in bearing)
    assert right / len(bearing) >= 0.95, f"{right}/{len(bearing)}"


def test_a_tracked_deletion_of_a_whole_item_is_placed_at_its_facts(
    built: Path, tmp_path: Path
) -> None:
    """The item's text is gone once accepted; its facts come from the text it had."""
    document = docx.Document(str(built / "overview.docx"))
    paragraph = block_paragraph(document.element.body, FACT_DELETED)
    control = paragraph.find("w:sdt", NS)
    paragraph.replace(control, control.find("w:sdtContent", NS))  # as if the tags were lost
    content = paragraph.find("w:sdtContent", NS)
    deletion = etree.SubElement(paragraph, w("del"), {w("id"): "902", w("author"): "Editor"})
    for run in content.findall("w:r", NS):
        for text in run.findall("w:t", NS):
            text.tag = w("delText")
        deletion.append(run)
    paragraph.remove(content)
    edited = tmp_path / "deleted.docx"
    document.save(str(edited))
    before = original_text(built, FACT_DELETED)
    assert edits_json(edited, built)["changes"] == [
        {"kind": "deleted", "facts": [FACT_DELETED], "before": before, "after": None,
         "comment": None},
        {"kind": "tracked", "facts": [FACT_DELETED], "before": before, "after": None,
         "comment": None, "author": "Editor"},
    ]  # fmt: skip


def test_build_all_review_writes_a_review_copy_beside_each_docx(tmp_path: Path) -> None:
    out = tmp_path / "output"
    code, output = run_cli("build", "--all", "--format", "docx", "--review", *folders(out))
    assert code == 0, output
    docx_files = sorted(p.name for p in out.glob("*.docx") if ".review." not in p.name)
    reviews = sorted(p.name.replace(".review", "") for p in out.glob("*.review.docx"))
    assert docx_files == reviews and len(reviews) >= 2
    code, output = run_cli("build", "--all", "--format", "docx", "--review", *folders(out))
    assert code == 0 and "up to date: overview.review.docx" in output


def test_a_corrected_name_proposes_the_text_field_that_holds_it(
    built: Path, tmp_path: Path
) -> None:
    document = docx.Document(str(built / "overview.docx"))
    set_text(block_paragraph(document.element.body, FACT_TRACKED), "Ilham Aliyev", "İlham Aliyev")
    edited = tmp_path / "name.docx"
    document.save(str(edited))
    changes = edits_json(edited, built)["changes"]
    assert len(changes) == 1, changes
    (change,) = changes
    assert (change["kind"], change["facts"]) == ("changed", [FACT_TRACKED])
    assert change["diff"].count("[-Ilham-] {+İlham+}") == 2  # the title and "took part"
    (proposal,) = change["proposals"]
    assert proposal["field"] == "title.en"
    assert proposal["before"] == "State visit of President Ilham Aliyev to Kazakhstan"
    assert proposal["after"] == "State visit of President İlham Aliyev to Kazakhstan"
    assert proposal["yaml"].startswith(f"id: {FACT_TRACKED}\ntitle:\n  en: ")
