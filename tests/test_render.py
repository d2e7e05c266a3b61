"""Rendering: escaping, strict templates, the table of contents, languages, as-of dates."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from briefings.build import Folders, Job, prepare
from briefings.errors import TemplateError
from briefings.facts.check import load_valid_facts
from briefings.kinds.base import BriefingOptions
from tests.conftest import FACTS_YAML, write_facts


def render(facts: Path, templates: Path, kind: str = "overview", **options: object) -> str:
    base = load_valid_facts(facts)
    job = Job(kind, BriefingOptions(**options), ("html",))  # type: ignore[arg-type]
    _, rendered = prepare(job, base, Folders(facts=facts, templates=templates))
    return rendered.html


def sections(html: str) -> dict[str, str]:
    """Return each section's id and its text without the heading."""
    tree = lxml_html.fromstring(html.encode())
    found = {}
    for section in tree.iter("section"):
        heading = section.find("h2")
        text = section.text_content()
        found[section.get("id")] = text.replace(heading.text_content(), "", 1).strip()
    return found


def test_fact_text_is_escaped(tmp_path: Path, templates_dir: Path) -> None:
    files = dict(FACTS_YAML)
    files["projects.yaml"] = files["projects.yaml"].replace(
        "A fibre-optic line under the Caspian Sea.",
        "<script>alert(1)</script><img src=x onerror=alert(2)>",
    )
    html = render(write_facts(tmp_path / "facts", files), templates_dir)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html


def test_undefined_template_name_is_an_error(facts_dir: Path, templates_dir: Path) -> None:
    page = templates_dir / "overview.html"
    page.write_text(page.read_text().replace("{{ t(f.label_) }}", "{{ t(f.no_such_field) }}", 1))
    with pytest.raises(TemplateError, match="no_such_field"):
        render(facts_dir, templates_dir)


def test_template_syntax_error_names_file_and_line(facts_dir: Path, templates_dir: Path) -> None:
    (templates_dir / "overview.html").write_text(
        "{% extends 'base.html' %}\n{% block body %}{% if %}"
    )
    with pytest.raises(TemplateError, match=r"overview.html:2: template syntax"):
        render(facts_dir, templates_dir)


def test_toc_lists_every_section_heading_in_order(facts_dir: Path, templates_dir: Path) -> None:
    html = render(facts_dir, templates_dir)
    tree = lxml_html.fromstring(html.encode())
    toc = [a.get("href")[1:] for a in tree.xpath("//nav[@class='toc']/ol/li/a")]
    headings = [h.get("id") for h in tree.xpath("//h2[@id]")]
    assert toc == headings
    assert toc[0] == "sec-judgements" and toc[-1] == "sec-sources"
    assert len(toc) <= 8  # a short contents: the main body is six pages


def test_every_overview_section_has_content(facts_dir: Path, templates_dir: Path) -> None:
    html = render(facts_dir, templates_dir)
    found = sections(html)
    assert set(found) >= {"judgements", "chronology", "next-steps", "annex", "people"}
    assert all(found.values()), [k for k, v in found.items() if not v]
    assert "None" not in lxml_html.fromstring(html.encode()).text_content()


def test_every_factual_line_is_cited(facts_dir: Path, templates_dir: Path) -> None:
    tree = lxml_html.fromstring(render(facts_dir, templates_dir).encode())
    for item in tree.xpath("//section[@id='annex']//li"):
        assert item.xpath(".//span[@class='fn']"), item.text_content()
    assert tree.xpath("//span[@class='fn']")[0].text_content().startswith("[1] Test Agency")


def test_azerbaijani_and_kazakh_dates_and_numbers(facts_dir: Path, templates_dir: Path) -> None:
    az = render(facts_dir, templates_dir, lang="az")
    kk = render(facts_dir, templates_dir, lang="kk")
    assert '<html lang="az">' in az and '<html lang="kk">' in kk
    assert "18 dekabr 2025-ci il tarixinə" in az  # docs/languages.md: full forms, no "dek"
    assert "2025 жылғы 18 желтоқсандағы жағдай бойынша" in kk
    assert not re.search(r"\d{4}\sж\.|\b\d+ (dek|жел)\.?\s", az + kk)
    assert "500\u00a0milyon ABŞ dolları" in az and "500\u00a0млн АҚШ доллары" in kk


def test_missing_translation_falls_back_to_english_with_a_mark(
    facts_dir: Path, templates_dir: Path
) -> None:
    kk = render(facts_dir, templates_dir, lang="kk")
    tree = lxml_html.fromstring(kk.encode())
    marked = [s.text_content() for s in tree.xpath("//span[@class='untranslated']")]
    assert any("Bilateral trade turnover" in text for text in marked)
    # names come in the language's own script where the facts have it
    assert "Фарид Шафиев" in kk and "Әлім Байел" in kk


def test_as_of_leaves_out_later_sources(facts_dir: Path, templates_dir: Path) -> None:
    html = render(facts_dir, templates_dir, as_of=dt.date(2025, 12, 16))
    assert "Test Agency" in html
    assert "Test Today" not in html  # published on the 18th
    assert "Alim Bayel" not in sections(html)["people"]  # known only from the later source
    assert "16 December 2025" in html


def test_as_of_shows_an_event_held_later_as_still_to_come(
    tmp_path: Path, templates_dir: Path
) -> None:
    # src-a (15 December) announced the round table; src-b (18 December) reports it held.
    files = dict(FACTS_YAML)
    files["events.yaml"] = files["events.yaml"].replace("date: 2025-12\n", "date: 2025-12-16\n")
    facts = write_facts(tmp_path / "facts", files)
    before = sections(render(facts, templates_dir, as_of=dt.date(2025, 12, 15)))
    after = sections(render(facts, templates_dir))
    title = "Round table at the embassy of Kazakhstan"
    assert title in before["next-steps"] and "planned" in before["next-steps"]
    assert "chronology" not in before
    assert title in after["chronology"] and title not in after.get("next-steps", "")


def test_template_files_that_shaped_the_html_are_recorded(
    facts_dir: Path, templates_dir: Path
) -> None:
    base = load_valid_facts(facts_dir)
    job = Job("overview", BriefingOptions(), ("html",))
    _, rendered = prepare(job, base, Folders(facts=facts_dir, templates=templates_dir))
    assert set(rendered.templates) == {
        "overview.html",
        "base.html",
        "_labels.html",
        "_sources.html",
    }


def test_a_kept_environment_renders_an_edited_template_and_still_records_its_files(
    facts_dir: Path, templates_dir: Path
) -> None:
    """Templates are compiled once per process; an edit to one must still show at once."""
    first = render(facts_dir, templates_dir)
    labels = templates_dir / "_sources.html"
    labels.write_text(labels.read_text() + "\n<!-- edited by the test -->\n")
    os.utime(labels, ns=(time.time_ns() + 10**9,) * 2)  # a later mtime, however fast the disk
    base = load_valid_facts(facts_dir)
    job = Job("overview", BriefingOptions(), ("html",))
    _, rendered = prepare(job, base, Folders(facts=facts_dir, templates=templates_dir))
    assert "edited by the test" not in first
    assert "edited by the test" in rendered.html
    assert {"overview.html", "base.html", "_sources.html"} <= set(rendered.templates)
