"""Desk assessments: internal judgements resting on facts, flagged when those facts change;
and the "[src-…]" mentions fact text uses to name an article."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from briefings.facts.check import check_facts
from briefings.facts.model import Assessment
from tests.conftest import FACTS, FACTS_YAML, write_facts
from tests.test_render import render

ASSESSMENTS = """\
    assessments:
      - id: kj-trade
        author: Test desk
        date: 2025-12-16
        rests_on: [fig-trade-2024]
        text: {en: Trade matters., az: Ticarət vacibdir., kk: Сауда маңызды.}
      - id: kj-round-table
        author: Test desk
        date: 2025-12-16
        rests_on: [fig-trade-2024, rt-2025-12]
        text: {en: The round table matters.}
    """


def warnings_of(folder: Path) -> list[str]:
    report = check_facts(folder)
    assert report.errors == [], [str(p) for p in report.errors]
    return [f"{p.field}: {p.message}" for p in report.warnings]


def test_an_assessment_older_than_a_fact_it_rests_on_needs_review(tmp_path: Path) -> None:
    folder = write_facts(tmp_path / "facts", {**FACTS_YAML, "assessments.yaml": ASSESSMENTS})
    # rt-2025-12 is cited by an article of 18 December, after the judgement of the 16th.
    assert warnings_of(folder) == [
        "rests_on.1: rests on 'rt-2025-12', which changed on 2025-12-18 after this assessment "
        "of 2025-12-16; review the judgement, then update its `date`"
    ]


def test_an_analyst_edit_marked_updated_makes_it_stale_too(tmp_path: Path) -> None:
    figures = FACTS_YAML["figures.yaml"].replace(
        "            topics: [trade]\n",
        "            topics: [trade]\n            updated: 2026-01-05\n",
    )
    files = {**FACTS_YAML, "figures.yaml": figures, "assessments.yaml": ASSESSMENTS}
    found = warnings_of(write_facts(tmp_path / "facts", files))
    assert any("'fig-trade-2024', which changed on 2026-01-05" in w for w in found)
    assert len(found) == 3  # both judgements rest on the figure; one on the round table too


def test_a_reviewed_assessment_is_not_flagged(tmp_path: Path) -> None:
    reviewed = ASSESSMENTS.replace("2025-12-16", "2025-12-18")
    folder = write_facts(tmp_path / "facts", {**FACTS_YAML, "assessments.yaml": reviewed})
    assert warnings_of(folder) == []


def test_the_real_assessments_are_current() -> None:
    report = check_facts(FACTS)
    assert [str(p) for p in report.errors + report.warnings] == []
    assert report.counts()["assessment"] >= 3
    for assessment in report.base.of_kind("assessment"):
        assert assessment.text.az and assessment.text.kk and len(assessment.rests_on) >= 3


def test_an_assessment_is_internal_and_cites_nothing() -> None:
    base = {"id": "kj", "author": "Desk", "date": "2025-12", "rests_on": ["x"], "text": {"en": "T"}}
    assert Assessment.model_validate(base).internal
    with pytest.raises(ValidationError, match="desk's own judgement"):
        Assessment.model_validate({**base, "citations": [{"source": "src-a", "paragraph": 1}]})
    with pytest.raises(ValidationError, match="rests_on"):
        Assessment.model_validate({**base, "rests_on": []})


def test_a_judgement_rests_on_facts_that_exist(tmp_path: Path) -> None:
    broken = ASSESSMENTS.replace("rests_on: [fig-trade-2024]", "rests_on: [no-such-fact]")
    folder = write_facts(tmp_path / "facts", {**FACTS_YAML, "assessments.yaml": broken})
    errors = [p.message for p in check_facts(folder).errors]
    assert errors == ["refers to 'no-such-fact', which no fact file defines"]


def test_an_assessment_written_later_is_left_out_of_an_earlier_briefing(tmp_path: Path) -> None:
    import datetime as dt

    from tests.conftest import TEMPLATES

    folder = write_facts(tmp_path / "facts", {**FACTS_YAML, "assessments.yaml": ASSESSMENTS})
    assert "Trade matters." in render(folder, TEMPLATES)
    assert "Trade matters." not in render(folder, TEMPLATES, as_of=dt.date(2025, 12, 15))
    footnote = "Desk judgement (Test desk, 16 Dec 2025), resting on: [1] Test Agency"
    assert footnote in render(folder, TEMPLATES)


def test_source_mentions_are_numbered_and_checked(tmp_path: Path) -> None:
    from tests.conftest import TEMPLATES

    figures = FACTS_YAML["figures.yaml"].replace(
        "label: {en: Bilateral trade turnover,",
        "label: {en: 'Trade turnover as [src-b] and [src-a, src-b] give it',",
    )
    folder = write_facts(tmp_path / "facts", {**FACTS_YAML, "figures.yaml": figures})
    assert "Trade turnover as [2] and [1, 2] give it" in render(folder, TEMPLATES)
    wrong = figures.replace("[src-b] and", "[src-z] and")
    folder = write_facts(tmp_path / "wrong", {**FACTS_YAML, "figures.yaml": wrong})
    errors = [p.message for p in check_facts(folder).errors]
    assert errors == ["mentions [src-z], which is not a source id"]
