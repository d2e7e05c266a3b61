"""Content controls from ``data-facts``: which blocks get one, and what it says."""

from __future__ import annotations

from briefings.review.read import read_docx
from tests.test_docx_writer import part, render

BODY = """
<h2 id="s">Summary</h2>
<p>Plain paragraph, no facts.</p>
<p>Trade grew.<span class="fn" data-facts="fig-a">[1] Agency, para. 2</span></p>
<ul>
<li>Outer item.<span data-facts="evt-b"></span>
  <ul><li>Inner item.<span class="fn" data-facts="evt-c fig-a">[1] Agency</span></li></ul>
</li>
<li>Item without facts.</li>
</ul>
<table>
<thead><tr><th>Metric</th><th>Source</th></tr></thead>
<tbody><tr><td>Trade</td><td><span data-facts="fig-a">[1] Agency</span></td></tr></tbody>
</table>
"""


def test_each_block_naming_facts_gets_its_own_control() -> None:
    data = render(BODY, briefing="overview", edition="4")
    blocks = read_docx(data, "test").blocks
    facts = {block.text: block.facts for block in blocks}
    assert facts == {
        "Summary": None,
        "Plain paragraph, no facts.": None,
        "Trade grew.": ("fig-a",),
        "Outer item.": ("evt-b",),
        "Inner item.": ("evt-c", "fig-a"),
        "Item without facts.": None,
        "Metric | Source": None,
        "Trade | [1] Agency": ("fig-a",),
    }
    body = part(data, "word/document.xml")
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    assert len(body.findall(".//w:tr/w:tc/w:p/w:sdt", ns)) == 2  # each cell's paragraph
    ids = [e.get(f"{{{ns['w']}}}val") for e in body.findall(".//w:sdtPr/w:id", ns)]
    assert ids == [str(n) for n in range(1, len(ids) + 1)]


def test_the_custom_properties_come_from_the_head_metas() -> None:
    properties = read_docx(render(BODY, briefing="overview", edition="4"), "t").properties
    assert properties == {"briefings.briefing": "overview", "briefings.edition": "4"}
    assert read_docx(render(BODY), "t").properties == {}
