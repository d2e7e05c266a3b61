"""Every check of `briefings check`, each on a copy of the fixture facts with one thing broken.

Each test asserts the exact report line, ``path:line: severity: field: message``, so a
check that stops firing, fires on the wrong line or names the wrong field fails here.
"""

from __future__ import annotations

import importlib.util
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from briefings.cli import cli
from briefings.facts.check import check_facts
from tests.conftest import FACTS, FACTS_YAML, seeds_dir, write_facts

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|warning|info): (?P<rest>.*)$")


# ---------------------------------------------------------------- helpers


def fixture_files() -> dict[str, str]:
    """Return the fixture fact files as written to disk (dedented)."""
    return {name: textwrap.dedent(text) for name, text in FACTS_YAML.items()}


def write_broken(
    folder: Path, *edits: tuple[str, str, str], extra: dict[str, str] | None = None
) -> Path:
    """Write the fixture facts with each (file, old, new) edit applied, plus ``extra`` files."""
    files = fixture_files()
    for name, old, new in edits:
        assert files[name].count(old) == 1, f"{old!r} is not unique in {name}"
        files[name] = files[name].replace(old, new)
    files.update({name: textwrap.dedent(text) for name, text in (extra or {}).items()})
    return write_facts(folder, files)


def line_in(path: Path, marker: str, nth: int = 1) -> int:
    """Return the 1-based line of the ``nth`` line of ``path`` that contains ``marker``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [number for number, text in enumerate(lines, 1) if marker in text]
    assert len(found) >= nth, f"{marker!r} not in {path}"
    return found[nth - 1]


def run_check(facts: Path, sources: Path | None = None, *options: str) -> Result:
    args = ["check", "--facts", str(facts), *options]
    if sources is not None:
        args += ["--sources", str(sources)]
    result = CliRunner().invoke(cli, args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def reported(result: Result) -> list[str]:
    """Return the problem lines of a check run (stdout and stderr), each checked for shape."""
    lines = [line for line in result.output.splitlines() if LINE.match(line)]
    for line in result.stderr.splitlines():
        assert LINE.match(line), f"stderr line is not path:line: severity: ...: {line!r}"
    return lines


def expect(result: Result, path: Path, line: int, severity: str, field: str, message: str) -> None:
    wanted = f"{path}:{line}: {severity}: {field + ': ' if field else ''}{message}"
    assert wanted in reported(result), f"{wanted!r} not in:\n{result.output}"


ARTICLE_C = """\
Tərəflər rəqəmsal əməkdaşlıq pro-

seslərini müzakirə etdilər.
The experts discussed the fibre-
optic line across the sea.
"""


# ---------------------------------------------------------------- a clean base


def test_fixture_facts_are_clean(facts_dir: Path, articles_dir: Path) -> None:
    result = run_check(facts_dir, articles_dir, "--strict")
    assert result.exit_code == 0, result.output
    assert reported(result) == []
    assert result.stdout.splitlines() == [
        "facts: 2 source, 2 person, 2 organization, 2 event, 1 statement, 1 figure, "
        "1 project, 1 agreement, 0 assessment",
        "untranslated texts: az 10, kk 8",
        "0 error(s), 0 warning(s), 0 note(s)",
    ]


# ---------------------------------------------------------------- loading


def test_yaml_syntax_error_gives_its_line(tmp_path: Path) -> None:
    facts = write_broken(tmp_path / "facts", ("people.yaml", "country: AZ\n", "country: AZ: x\n"))
    path = facts / "people.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    line = line_in(path, "country: AZ: x")
    expect(result, path, line, "error", "", "YAML syntax: mapping values are not allowed here")
    assert [p for p in reported(result) if p.startswith(f"{path}:")] == [
        f"{path}:{line}: error: YAML syntax: mapping values are not allowed here"
    ]


def test_unclosed_flow_mapping_is_a_syntax_error(tmp_path: Path) -> None:
    edit = (
        "organizations.yaml",
        "[{source: src-a, paragraph: 5}]",
        "[{source: src-a, paragraph: 5",
    )
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "organizations.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    [problem] = [p for p in reported(result) if p.startswith(f"{path}:")]
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: error: YAML syntax: .+", problem)


def test_duplicated_key_gives_both_lines(tmp_path: Path) -> None:
    edit = ("people.yaml", "country: AZ\n", "country: AZ\n    country: KZ\n")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "people.yaml"
    first = line_in(path, "country: AZ")
    result = run_check(facts)
    assert result.exit_code == 1
    message = f"duplicated key (first at line {first})"
    expect(result, path, first + 1, "error", "people.0.country", message)


def test_invalid_utf8_gives_its_line(tmp_path: Path) -> None:
    facts = write_facts(tmp_path / "facts")
    path = facts / "organizations.yaml"
    raw = path.read_bytes()
    assert raw.splitlines()[2].startswith(b"    name: {en: AIR Center")
    path.write_bytes(raw.replace(b"AIR Center", "AIR Centré".encode("latin-1")))
    result = run_check(facts)
    assert result.exit_code == 1
    expect(result, path, 3, "error", "", "invalid UTF-8; save the file as UTF-8")


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("country: AZ\n", "country: [AZ]\n", "country", "Input should be a valid string"),
        ("country: AZ\n", "country: 12\n", "country", "Input should be a valid string"),
        (
            "paragraph: 5, quote",
            "paragraph: five, quote",
            "citations.0.paragraph",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
    ],
)
def test_wrong_type_names_the_field(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    facts = write_broken(tmp_path / "facts", ("people.yaml", old, new))
    path = facts / "people.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    expect(result, path, line_in(path, new.strip()), "error", field, message)


def test_roles_given_as_text_instead_of_a_list(tmp_path: Path) -> None:
    old = "    roles:\n      - title: {en: Ambassador of Kazakhstan to Azerbaijan}\n"
    old += "        organization: kz-embassy-baku\n"
    facts = write_broken(tmp_path / "facts", ("people.yaml", old, "    roles: ambassador\n"))
    path = facts / "people.yaml"
    result = run_check(facts)
    line = line_in(path, "roles: ambassador")
    expect(result, path, line, "error", "roles", "Input should be a valid list")


def test_unknown_field_gives_the_line_of_the_field(tmp_path: Path) -> None:
    edit = ("people.yaml", "country: AZ\n", "country: AZ\n    nickname: Farid\n")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "people.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    message = "unknown field; check its spelling against `briefings schema`"
    expect(result, path, line_in(path, "nickname: Farid"), "error", "nickname", message)


def test_missing_required_field(tmp_path: Path) -> None:
    facts = write_broken(tmp_path / "facts", ("events.yaml", "    status: held\n", ""))
    path = facts / "events.yaml"
    result = run_check(facts)
    line = line_in(path, "- id: rt-2025-12")
    expect(result, path, line, "error", "status", "required field is missing")


def test_invalid_date_unquoted_in_yaml_is_reported_not_crashed(tmp_path: Path) -> None:
    edit = ("events.yaml", "date: 2025-12\n", "date: 2025-02-30\n")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "events.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    line = line_in(path, "date: 2025-02-30")
    expect(result, path, line, "error", "date", "day is out of range for month")


def test_date_in_words_is_rejected(tmp_path: Path) -> None:
    facts = write_broken(tmp_path / "facts", ("events.yaml", "date: 2026\n", 'date: "Dec 2025"\n'))
    path = facts / "events.yaml"
    result = run_check(facts)
    message = "'Dec 2025' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
    expect(result, path, line_in(path, "Dec 2025"), "error", "date", message)


def test_long_quote_is_rejected_at_its_citation(tmp_path: Path) -> None:
    long_quote = "Farid Shafiyev proposed a forum of analytical centres in the C6 format today"
    edit = ("people.yaml", '"Farid Shafiyev proposed a forum"', f'"{long_quote}"')
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "people.yaml"
    result = run_check(facts)
    message = "a quote holds at most 12 words; shorten it"
    expect(result, path, line_in(path, long_quote), "error", "citations.0.quote", message)


def test_uncited_record_and_internal_record_without_note(tmp_path: Path) -> None:
    events = "    citations: [{source: src-a, paragraph: 5}]\n"
    facts = write_broken(
        tmp_path / "facts",
        ("events.yaml", events, "    internal: true\n"),
        ("figures.yaml", "    citations: [{source: src-a, paragraph: 3}]\n", ""),
    )
    result = run_check(facts)
    assert result.exit_code == 1
    path = facts / "events.yaml"
    line = line_in(path, "- id: c6-forum")
    message = "an internal record needs a note saying who added it and why"
    expect(result, path, line, "error", "note", message)
    path = facts / "figures.yaml"
    message = (
        "cite at least one source, or mark an analysts' own record `internal: true` with a `note`"
    )
    expect(result, path, 2, "error", "citations", message)


def test_internal_record_with_note_is_clean(tmp_path: Path) -> None:
    events = "    citations: [{source: src-a, paragraph: 5}]\n"
    internal = "    internal: true\n    note: Added by the analysts for planning.\n"
    facts = write_broken(tmp_path / "facts", ("events.yaml", events, internal))
    result = run_check(facts, None, "--strict")
    assert result.exit_code == 0, result.output


def test_unknown_section_and_non_list_section(tmp_path: Path) -> None:
    extra = {"zz-extra.yaml": "persons: []\nagreements: {id: x}\n"}
    facts = write_broken(tmp_path / "facts", extra=extra)
    path = facts / "zz-extra.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    known = (
        "sources, people, organizations, events, statements, figures, projects, agreements, "
        "assessments"
    )
    expect(result, path, 1, "error", "persons", f"unknown section; use one of: {known}")
    expect(result, path, 2, "error", "agreements", "a section holds a list of records (- id: ...)")


def test_record_that_is_not_a_mapping(tmp_path: Path) -> None:
    facts = write_broken(tmp_path / "facts", extra={"zz-extra.yaml": "people:\n  - just a name\n"})
    path = facts / "zz-extra.yaml"
    result = run_check(facts)
    expect(result, path, 2, "error", "", "Input should be a valid dictionary or instance of Person")


def test_empty_fact_file_is_fine(tmp_path: Path) -> None:
    facts = write_broken(tmp_path / "facts", extra={"empty.yaml": "# nothing yet\n"})
    result = run_check(facts, None, "--strict")
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- ids and references


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    extra = {
        "zz-extra.yaml": """\
            organizations:
              - id: air-center
                name: {en: Another AIR Center}
                type: think-tank
                citations: [{source: src-a, paragraph: 5}]
            """
    }
    facts = write_broken(tmp_path / "facts", extra=extra)
    first = facts / "organizations.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    message = f"duplicate id 'air-center' (first defined at {first}:2)"
    expect(result, facts / "zz-extra.yaml", 2, "error", "id", message)


def test_duplicate_id_across_kinds_in_one_file(tmp_path: Path) -> None:
    old = "  - id: alim-bayel\n"
    facts = write_broken(tmp_path / "facts", ("people.yaml", old, "  - id: farid-shafiyev\n"))
    path = facts / "people.yaml"
    result = run_check(facts)
    message = f"duplicate id 'farid-shafiyev' (first defined at {path}:2)"
    expect(result, path, line_in(path, "- id: farid-shafiyev", 2), "error", "id", message)


def test_reference_to_a_missing_id(tmp_path: Path) -> None:
    edit = ("events.yaml", "{person: alim-bayel,", "{person: nobody,")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "events.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    message = "refers to 'nobody', which no fact file defines"
    expect(result, path, line_in(path, "person: nobody"), "error", "participants.1.person", message)


def test_reference_to_the_wrong_kind(tmp_path: Path) -> None:
    edit = ("people.yaml", "organization: air-center", "organization: alim-bayel")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "people.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    message = "refers to 'alim-bayel', a person; expected organization"
    line = line_in(path, "organization: alim-bayel")
    expect(result, path, line, "error", "roles.0.organization", message)


def test_statement_speaker_pointing_at_an_event(tmp_path: Path) -> None:
    edit = ("statements.yaml", "speakers: [farid-shafiyev]", "speakers: [farid-shafiyev, c6-forum]")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "statements.yaml"
    result = run_check(facts)
    message = "refers to 'c6-forum', an event; expected person or organization"
    expect(result, path, line_in(path, "speakers:"), "error", "speakers.1", message)


def test_scalar_reference_to_the_wrong_kind(tmp_path: Path) -> None:
    edit = ("statements.yaml", "event: rt-2025-12", "event: air-center")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "statements.yaml"
    result = run_check(facts)
    message = "refers to 'air-center', an organization; expected event"
    expect(result, path, line_in(path, "event: air-center"), "error", "event", message)


def test_citation_of_an_unknown_source(tmp_path: Path) -> None:
    edit = ("figures.yaml", "{source: src-a, paragraph: 3}", "{source: src-x, paragraph: 3}")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "figures.yaml"
    result = run_check(facts)
    message = "cites 'src-x', which is not a source id"
    expect(result, path, line_in(path, "src-x"), "error", "citations.0.source", message)


# ---------------------------------------------------------------- control characters


def test_control_character_escaped_in_yaml_names_the_field(tmp_path: Path) -> None:
    edit = ("people.yaml", "{en: Alim Bayel,", '{en: "Alim\\x07Bayel",')
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "people.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    message = "contains the control character U+0007, which documents cannot hold; delete it"
    expect(result, path, line_in(path, "Alim\\x07Bayel"), "error", "name.en", message)


def test_raw_control_character_gives_its_line(tmp_path: Path) -> None:
    edit = ("people.yaml", "{en: Alim Bayel,", "{en: Alim\x1bBayel,")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "people.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    line = line_in(path, "Alim\x1bBayel")
    assert line > 1
    message = "YAML syntax: the control character U+001B is not allowed; delete it"
    expect(result, path, line, "error", "", message)


# ---------------------------------------------------------------- dates


def test_event_held_after_every_article_citing_it(tmp_path: Path) -> None:
    facts = write_broken(
        tmp_path / "facts", ("events.yaml", "date: 2025-12\n", "date: 2025-12-19\n")
    )
    path = facts / "events.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    line = line_in(path, "date: 2025-12-19")
    message = (
        "2025-12-19 is after src-b (2025-12-18), the newest article citing it as done; "
        "fix the date or cite an article that reports it"
    )
    expect(result, path, line, "error", "date", message)


def test_held_event_may_cite_the_earlier_article_announcing_it(tmp_path: Path) -> None:
    # src-a (15 December) announced it; src-b (18 December) reports it held on the 16th.
    facts = write_broken(
        tmp_path / "facts", ("events.yaml", "date: 2025-12\n", "date: 2025-12-16\n")
    )
    assert run_check(facts, None, "--strict").exit_code == 0


def test_planned_event_after_the_article_is_fine(tmp_path: Path) -> None:
    edit = ("events.yaml", "status: held\n", "status: planned\n")
    facts = write_broken(
        tmp_path / "facts", edit, ("events.yaml", "date: 2025-12\n", "date: 2026-03\n")
    )
    assert run_check(facts, None, "--strict").exit_code == 0


def test_statement_dated_after_its_source(tmp_path: Path) -> None:
    edit = ("statements.yaml", "date: 2025-12\n", "date: 2026-01\n")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "statements.yaml"
    result = run_check(facts)
    message = (
        "2026-01 is after src-a (2025-12-15), the newest article citing it as done; "
        "fix the date or cite an article that reports it"
    )
    expect(result, path, line_in(path, "date: 2026-01"), "error", "date", message)


# ---------------------------------------------------------------- quotes


def test_anchor_quote_not_in_its_article(tmp_path: Path, articles_dir: Path) -> None:
    edit = ("people.yaml", '"Farid Shafiyev proposed a forum"', '"Farid Shafiyev rejected a forum"')
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "people.yaml"
    result = run_check(facts, articles_dir)
    assert result.exit_code == 1
    message = "quote not found in a.txt; copy it verbatim from the article"
    line = line_in(path, "rejected a forum")
    expect(result, path, line, "error", "citations.0.quote", message)
    # Without the article texts the quote cannot be checked, so nothing is reported.
    assert run_check(facts, None, "--strict").exit_code == 0


def test_anchor_quote_in_another_paragraph_is_a_warning(tmp_path: Path, articles_dir: Path) -> None:
    edit = ("people.yaml", "paragraph: 5, quote", "paragraph: 4, quote")
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "people.yaml"
    result = run_check(facts, articles_dir)
    assert result.exit_code == 0
    message = "the quote starts in paragraph 5, not 4"
    line = line_in(path, "paragraph: 4, quote")
    expect(result, path, line, "warning", "citations.0.paragraph", message)
    assert run_check(facts, articles_dir, "--strict").exit_code == 1


def test_anchor_quote_in_another_language_article(tmp_path: Path, articles_dir: Path) -> None:
    edit = ("people.yaml", 'quote: "Елші Әлім Байел"', 'quote: "Елші Әлім Байұлы"')
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "people.yaml"
    result = run_check(facts, articles_dir)
    message = "quote not found in b.txt; copy it verbatim from the article"
    expect(result, path, line_in(path, "Байұлы"), "error", "citations.0.quote", message)


def test_statement_quote_not_in_the_cited_article(tmp_path: Path, articles_dir: Path) -> None:
    edit = (
        "statements.yaml",
        "    topics: [multilateral]\n",
        '    quote: "a forum of think tanks"\n',
    )
    facts = write_broken(tmp_path / "facts", edit)
    path = facts / "statements.yaml"
    result = run_check(facts, articles_dir)
    message = "quote not found in any article the statement cites; copy it verbatim"
    expect(result, path, line_in(path, "quote:"), "error", "quote", message)
    fixed = write_broken(
        tmp_path / "fixed",
        (
            "statements.yaml",
            "    topics: [multilateral]\n",
            '    quote: "a forum of analytical centres"\n',
        ),
    )
    assert run_check(fixed, articles_dir, "--strict").exit_code == 0


def quote_fixture(folder: Path, quote_az: str, quote_en: str) -> Path:
    """Facts with a third source (c.txt, hyphenated line ends) cited with two quotes."""
    source_c = """\
          - id: src-c
            outlet: Test Wire
            title: {en: "Cooperation discussed"}
            date: 2025-12-15
            language: az
            file: c.txt
        """
    citations = (
        "    citations:\n"
        "      - {source: src-a, paragraph: 4, "
        'quote: "fibre-optic line planned for the end of 2026"}\n'
    )
    cited = (
        citations
        + f'      - {{source: src-c, paragraph: 1, quote: "{quote_az}"}}\n'
        + f'      - {{source: src-c, paragraph: 3, quote: "{quote_en}"}}\n'
    )
    files = fixture_files()
    files["sources.yaml"] += (
        textwrap.dedent(source_c).replace("- id", "  - id").replace("\n  ", "\n    ")
    )
    assert files["projects.yaml"].count(citations) == 1
    files["projects.yaml"] = files["projects.yaml"].replace(citations, cited)
    return write_facts(folder, files)


@pytest.fixture
def articles_with_c(articles_dir: Path) -> Path:
    (articles_dir / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    return articles_dir


def test_quote_across_a_hyphenated_line_break_is_found(
    tmp_path: Path, articles_with_c: Path
) -> None:
    facts = quote_fixture(
        tmp_path / "facts", "əməkdaşlıq proseslərini müzakirə", "the fibre-optic line across"
    )
    report = check_facts(facts, articles_with_c)
    assert [str(p) for p in report.problems] == []
    assert report.counts()["source"] == 3
    result = run_check(facts, articles_with_c, "--strict")
    assert result.exit_code == 0, result.output


def test_quote_across_a_hyphenated_line_break_still_checked(
    tmp_path: Path, articles_with_c: Path
) -> None:
    facts = quote_fixture(
        tmp_path / "facts", "əməkdaşlıq proseslərin müzakirəsi", "the fibre optic line across"
    )
    path = facts / "projects.yaml"
    result = run_check(facts, articles_with_c)
    assert result.exit_code == 1
    message = "quote not found in c.txt; copy it verbatim from the article"
    expect(result, path, line_in(path, "müzakirəsi"), "error", "citations.1.quote", message)
    expect(result, path, line_in(path, "fibre optic"), "error", "citations.2.quote", message)


# ---------------------------------------------------------------- figures


SECOND_FIGURE = """\
  - id: fig-trade-2024-b
    metric: trade-turnover
    label: {en: Bilateral trade turnover}
    value: 600000000
    unit: USD
    period: "2024"
    citations: [{source: src-b, paragraph: 2}]
"""

DISAGREEMENT = """\
    disagreements:
      - field: value
        readings: [{value: "500000000", source: src-a}, {value: "600000000", source: src-b}]
        note: The two agencies print different totals.
"""


def test_conflicting_figures_are_a_warning(tmp_path: Path) -> None:
    files = fixture_files()
    files["figures.yaml"] += SECOND_FIGURE
    facts = write_facts(tmp_path / "facts", files)
    path = facts / "figures.yaml"
    result = run_check(facts)
    assert result.exit_code == 0
    message = (
        "figures fig-trade-2024, fig-trade-2024-b give different values for trade-turnover "
        "in 2024; record a disagreement on `value`"
    )
    expect(result, path, line_in(path, "value: 600000000"), "warning", "value", message)
    assert run_check(facts, None, "--strict").exit_code == 1


def test_a_build_runs_only_the_checks_that_find_errors(tmp_path: Path) -> None:
    """Warnings are `check`'s to print; a build loads the same facts without them."""
    files = fixture_files()
    files["figures.yaml"] += SECOND_FIGURE
    facts = write_facts(tmp_path / "facts", files)
    assert check_facts(facts).warnings
    quick = check_facts(facts, advice=False)
    assert not quick.warnings and not quick.errors
    assert set(quick.base.records) == set(check_facts(facts).base.records)
    broken = write_facts(
        tmp_path / "broken",
        {
            **files,
            "figures.yaml": files["figures.yaml"].replace("source: src-b", "source: src-nowhere"),
        },
    )
    assert check_facts(broken, advice=False).errors


def test_agreeing_figures_or_other_periods_are_fine(tmp_path: Path) -> None:
    files = fixture_files()
    files["figures.yaml"] += SECOND_FIGURE.replace("600000000", "500000000.00")
    files["figures.yaml"] += SECOND_FIGURE.replace("2024-b", "2023").replace('"2024"', '"2023"')
    facts = write_facts(tmp_path / "facts", files)
    result = run_check(facts, None, "--strict")
    assert result.exit_code == 0, result.output


def test_conflict_recorded_as_a_disagreement_is_information(tmp_path: Path) -> None:
    files = fixture_files()
    files["figures.yaml"] += DISAGREEMENT + SECOND_FIGURE + DISAGREEMENT
    facts = write_facts(tmp_path / "facts", files)
    path = facts / "figures.yaml"
    result = run_check(facts, None, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    message = (
        "figures fig-trade-2024, fig-trade-2024-b give different values for trade-turnover "
        "in 2024; recorded as a disagreement"
    )
    expect(result, path, line_in(path, "value: 600000000"), "info", "value", message)
    noted = "sources disagree (src-a: 500000000; src-b: 600000000); recorded on purpose"
    for nth in (1, 2):
        line = line_in(path, "- field: value", nth)
        expect(result, path, line, "info", "disagreements.0", noted)
    assert result.stdout.splitlines()[-1] == "0 error(s), 0 warning(s), 3 note(s)"


def test_one_record_holding_both_readings_is_enough(tmp_path: Path) -> None:
    files = fixture_files()
    files["figures.yaml"] += SECOND_FIGURE + DISAGREEMENT
    result = run_check(write_facts(tmp_path / "facts", files), None, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "0 error(s), 0 warning(s), 2 note(s)"


def test_disagreement_reading_an_unknown_source(tmp_path: Path) -> None:
    files = fixture_files()
    files["figures.yaml"] += DISAGREEMENT.replace("source: src-b", "source: src-x")
    facts = write_facts(tmp_path / "facts", files)
    path = facts / "figures.yaml"
    result = run_check(facts)
    assert result.exit_code == 1
    field = "disagreements.0.readings.1.source"
    message = "reading cites 'src-x', which is not a source id"
    expect(result, path, line_in(path, "src-x"), "error", field, message)


# ---------------------------------------------------------------- sources


def test_source_nothing_cites_is_a_warning(tmp_path: Path, articles_dir: Path) -> None:
    extra = {
        "zz-extra.yaml": """\
            sources:
              - id: src-unused
                outlet: Test Wire
                title: {en: "Nobody reads this"}
                date: 2025-12-01
                language: en
                file: a.txt
            """
    }
    facts = write_broken(tmp_path / "facts", extra=extra)
    result = run_check(facts, articles_dir)
    assert result.exit_code == 0
    message = "no fact cites this source; cite it or remove it"
    expect(result, facts / "zz-extra.yaml", 2, "warning", "id", message)
    assert len(reported(result)) == 1
    assert run_check(facts, articles_dir, "--strict").exit_code == 1


def test_source_file_missing_from_sources(tmp_path: Path, articles_dir: Path) -> None:
    facts = write_broken(tmp_path / "facts", ("sources.yaml", "file: b.txt", "file: missing.txt"))
    path = facts / "sources.yaml"
    result = run_check(facts, articles_dir)
    assert result.exit_code == 1
    message = f"missing.txt is not in {articles_dir}; fix `file` or --sources"
    expect(result, path, line_in(path, "file: missing.txt"), "error", "file", message)
    # The quote in b.txt cannot be checked, and is not reported a second time.
    assert len(reported(result)) == 1
    # Without --sources there is nothing to compare with.
    assert run_check(facts, None, "--strict").exit_code == 0


def test_sources_folder_must_exist(facts_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["check", "--facts", str(facts_dir), "--sources", str(tmp_path / "nowhere")]
    )
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- the report object


def test_check_facts_sorts_problems_by_file_and_line(tmp_path: Path) -> None:
    facts = write_broken(
        tmp_path / "facts",
        ("people.yaml", "organization: air-center", "organization: nowhere"),
        ("people.yaml", "country: KZ", "country: kz"),
        ("events.yaml", "organizers: [kz-embassy-baku]", "organizers: [nobody]"),
    )
    report = check_facts(facts)
    keys = [(str(p.path), p.line) for p in report.problems]
    assert keys == sorted(keys)
    assert [(p.path.name, p.field) for p in report.errors if p.path] == [
        ("events.yaml", "participants.1.person"),  # alim-bayel did not load
        ("events.yaml", "organizers.0"),
        ("people.yaml", "roles.0.organization"),
        ("people.yaml", "country"),
    ]


# ---------------------------------------------------------------- the benchmark's generator


def load_synthetic() -> Any:
    """Import benchmarks/synthetic.py (benchmarks is a folder of scripts, not a package)."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_base_is_clean_and_exercises_the_quote_check(tmp_path: Path) -> None:
    facts = load_synthetic().generate(tmp_path, 400, seed=3)
    sources = tmp_path / "sources"
    report = check_facts(facts, sources)
    assert [str(p) for p in report.errors + report.warnings] == []
    assert sum(report.counts().values()) == 400
    assert all(report.counts().values())
    quotes = [
        c for r in report.base.records.values() for c in getattr(r, "citations", []) if c.quote
    ]
    assert len(quotes) > 100
    # Some quotes span a word hyphenated at a line end; they are found all the same.
    articles = {p.name: p.read_text(encoding="utf-8") for p in sources.iterdir()}
    files = {s.id: s.file for s in report.base.sources.values()}
    spanning = [c for c in quotes if " ".join(c.quote.split()) not in articles[files[c.source]]]
    assert len(spanning) > 10
    # Break one article: its quotes are reported, and nothing else is.
    broken = files[spanning[0].source]
    (sources / broken).write_text("Nothing to quote here.\n", encoding="utf-8")
    messages = {p.message for p in check_facts(facts, sources).errors}
    citation = f"quote not found in {broken}; copy it verbatim from the article"
    statement = "quote not found in any article the statement cites; copy it verbatim"
    assert citation in messages
    assert messages <= {citation, statement}


def test_alias_bomb_is_a_yaml_error_not_a_hang(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check_facts(folder)
    assert [str(p).split(": ", 1)[1] for p in report.errors] == [
        "error: YAML syntax: too many values: aliases expand beyond reason"
    ]


def test_a_year_period_needs_no_quotes(tmp_path: Path) -> None:
    files = dict(FACTS_YAML)
    files["figures.yaml"] = files["figures.yaml"].replace('period: "2024"', "period: 2024")
    report = check_facts(write_facts(tmp_path / "facts", files))
    assert report.errors == []
    assert report.base.records["fig-trade-2024"].period == "2024"


# ---------------------------------------------------------------- reader-facing text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Proposed a forum (003).",
            "'(003)' is an internal source code; write [src-…] to have it "
            "numbered as in the source list, or leave it to the citation",
        ),
        (
            "Proposed a forum, see src-a.",
            "'src-a' is an internal source code; write [src-…] to have it "
            "numbered as in the source list, or leave it to the citation",
        ),
        (
            "TODO: say what was proposed.",
            "placeholder 'TODO' left in the text; write the text or remove it",
        ),
        ("Proposed a forum  in 2026.", "doubled space; use one"),
        (
            "Proposed a forum (in 2026.",
            "unbalanced (…): 1 opened, 0 closed; close it or remove the stray one",
        ),
        ('Called it "unprecedented.', 'odd number of " quotes; close the quotation'),
    ],
)
def test_reader_text_holds_no_codes_placeholders_or_loose_brackets(
    tmp_path: Path, text: str, message: str
) -> None:
    old = "en: Proposed a C6-format forum of think tanks in 2026."
    facts = write_broken(tmp_path, ("statements.yaml", old, f"en: '{text}'"))
    result = run_check(facts, None, "--strict")
    path = facts / "statements.yaml"
    expect(result, path, line_in(path, text), "warning", "summary.en", message)
    assert result.exit_code == 1


def test_inference_reasoning_is_reader_text_too(tmp_path: Path) -> None:
    old = "citations: [{source: src-a, paragraph: 5}]\n"
    new = old + "    inferences: [{field: date, reasoning: 'Year from src-a.'}]\n"
    facts = write_broken(tmp_path, ("statements.yaml", old, new))
    path = facts / "statements.yaml"
    result = run_check(facts)
    expect(
        result,
        path,
        line_in(path, "Year from"),
        "warning",
        "inferences.0.reasoning.en",
        "'src-a' is an internal source code; write [src-…] to have it "
        "numbered as in the source list, or leave it to the citation",
    )


def test_the_real_facts_pass_strict() -> None:
    seeds = seeds_dir()
    if not seeds.is_dir():
        pytest.skip(f"no article texts at {seeds}")
    result = run_check(FACTS, seeds, "--strict")
    assert result.exit_code == 0, result.output
