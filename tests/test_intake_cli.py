"""Intake end to end: sources add, draft, check with drafts, accept, coverage, build."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefings.cli import cli
from briefings.facts.check import load_valid_facts
from tests.conftest import seeds_dir, write_articles, write_facts
from tests.intake_articles import AZ_TEXT, KK_TEXT, RU_TEXT, saved_page

COMMENT = "# Sources: the articles every fact cites. Keep this comment.\n"


@pytest.fixture
def project(tmp_path: Path) -> dict[str, Path]:
    """A facts base with comments, its article texts, and a folder of new articles."""
    facts = write_facts(tmp_path / "facts")
    for name in ("sources.yaml", "figures.yaml", "people.yaml"):
        path = facts / name
        path.write_text(COMMENT + path.read_text(encoding="utf-8"), encoding="utf-8")
    sources = write_articles(tmp_path / "sources")
    return {"facts": facts, "sources": sources, "in": tmp_path / "in", "root": tmp_path}


def run(project: dict[str, Path], *args: str) -> Result:
    folders = ["--facts", str(project["facts"]), "--sources", str(project["sources"])]
    return CliRunner().invoke(cli, [*args, *folders])


def article(project: dict[str, Path], name: str, text: str) -> Path:
    project["in"].mkdir(exist_ok=True)
    path = project["in"] / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("text", "lang", "date", "outlet"),
    [
        (KK_TEXT, "kk", "2025-11-12", "Kazinform"),
        (AZ_TEXT, "az", "2025-10-21", "Report"),
        (RU_TEXT, "ru", "2025-11-12", "Kazinform"),
    ],
)
def test_add_detects_metadata_and_prints_only_the_id(
    project: dict[str, Path], text: str, lang: str, date: str, outlet: str
) -> None:
    result = run(project, "sources", "add", str(article(project, f"{lang}.txt", text)))
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"src-\d{3}\n", result.stdout)
    sources = (project["facts"] / "sources.yaml").read_text(encoding="utf-8")
    assert sources.startswith(COMMENT)  # comments and layout kept
    added = sources.split("- id: " + result.stdout.strip())[1]
    assert f"language: {lang}" in added and f"date: {date}" in added
    assert f"outlet: {outlet}" in added
    stored = (project["sources"] / f"{result.stdout.strip()}.txt").read_text(encoding="utf-8")
    assert stored.splitlines()[1] == text.splitlines()[1]  # the headline, one line each


def test_the_default_id_is_the_next_free_number(project: dict[str, Path]) -> None:
    first = run(project, "sources", "add", str(article(project, "kk.txt", KK_TEXT)))
    second = run(project, "sources", "add", str(article(project, "az.txt", AZ_TEXT)))
    assert (first.stdout, second.stdout) == ("src-000\n", "src-001\n")


def test_text_is_normalised(project: dict[str, Path]) -> None:
    text = (
        "2025 жылғы 12 қараша\n\n  Астанада   кездесу\u00a0өтті  \n"
        + unicodedata.normalize("NFD", "Қазақстан мен Әзербайжан ынтымақ\u00adтастығы өсті.")
        + "\nКелесі кездесу Баку-\nда өтеді.\n"
    )
    result = run(project, "sources", "add", str(article(project, "n.txt", text)), "--outlet", "X")
    stored = (project["sources"] / f"{result.stdout.strip()}.txt").read_text(encoding="utf-8")
    assert stored == (
        "2025 жылғы 12 қараша\nАстанада кездесу өтті\n"
        "Қазақстан мен Әзербайжан ынтымақтастығы өсті.\nКелесі кездесу Бакуда өтеді.\n"
    )


def test_a_saved_web_page_keeps_only_the_article(project: dict[str, Path]) -> None:
    paragraphs = KK_TEXT.splitlines()[2:]
    page = saved_page("Астанада кездесу өтті", "Kazinform", "2025-11-12", paragraphs, "kk")
    result = run(project, "sources", "add", str(article(project, "page.html", page)))
    assert result.exit_code == 0, result.output
    stored = (project["sources"] / f"{result.stdout.strip()}.txt").read_text(encoding="utf-8")
    for boilerplate in ("Жарнама", "Ұқсас жаңалықтар", "Футбол", "dataLayer", "Басты бет", "©"):
        assert boilerplate not in stored
    assert paragraphs[0] in stored and paragraphs[-1] in stored
    sources = (project["facts"] / "sources.yaml").read_text(encoding="utf-8")
    assert "outlet: Kazinform" in sources and "date: 2025-11-12" in sources


def test_what_cannot_be_found_names_the_flag_and_writes_nothing(project: dict[str, Path]) -> None:
    before = snapshot(project["root"] / "facts") | snapshot(project["sources"])
    text = "Nazirlər görüşüb və əməkdaşlığı müzakirə ediblər.\nTərəflər razılığa gəliblər.\n"
    result = run(project, "sources", "add", str(article(project, "x.txt", text)))
    assert result.exit_code == 1
    assert re.search(r"x\.txt:1: error: .*give --outlet NAME", result.stderr)
    assert "Traceback" not in result.output
    assert snapshot(project["root"] / "facts") | snapshot(project["sources"]) == before
    flags = ["--outlet", "Report", "--date", "2025-10-21", "--title", "Ministers met"]
    assert (
        run(project, "sources", "add", str(article(project, "x.txt", text)), *flags).exit_code == 0
    )


def test_the_same_article_twice_is_refused(project: dict[str, Path]) -> None:
    path = article(project, "kk.txt", KK_TEXT)
    first = run(project, "sources", "add", str(path))
    again = run(project, "sources", "add", str(article(project, "copy.txt", "\n" + KK_TEXT)))
    assert again.exit_code == 1
    assert f"already source {first.stdout.strip()}" in again.stderr


def added_and_drafted(project: dict[str, Path], text: str = KK_TEXT) -> tuple[str, Path]:
    source_id = run(
        project, "sources", "add", str(article(project, "new.txt", text))
    ).stdout.strip()
    result = run(project, "draft", source_id)
    assert result.exit_code == 0, result.output
    return source_id, Path(result.stdout.strip())


def test_draft_cites_known_records_with_verified_quotes(project: dict[str, Path]) -> None:
    source_id, draft = added_and_drafted(project)
    assert draft == project["facts"] / "drafts" / f"{source_id}.yaml"
    text = draft.read_text(encoding="utf-8")
    assert "record: alim-bayel" in text  # "Әлім Байел" in the Kazakh text
    assert "id: yermek-kosherbayev" in text and "value: 450000000" in text
    check = run(project, "check")
    assert check.exit_code == 0, check.output  # clean with the draft in place
    assert re.search(r"drafts/src-\d+\.yaml:\d+: warning: .*to-do", check.stderr)
    assert "yermek-kosherbayev" not in load_valid_facts(project["facts"]).records  # never facts


def test_check_reports_a_broken_draft_as_path_line(project: dict[str, Path]) -> None:
    _, draft = added_and_drafted(project)
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("record: alim-bayel", "record: nobody-known"), encoding="utf-8")
    check = run(project, "check")
    assert check.exit_code == 1
    line = text.splitlines().index("  - record: alim-bayel") + 1
    assert f"{draft}:{line}: error: record: no record 'nobody-known'" in check.stderr


def test_accept_refuses_to_dos_and_leaves_everything_as_it_was(project: dict[str, Path]) -> None:
    _, draft = added_and_drafted(project)
    before = snapshot(project["facts"])
    result = run(project, "accept", str(draft))
    assert result.exit_code == 1 and "TODO" in result.stderr
    assert snapshot(project["facts"]) == before


def test_accept_writes_nothing_when_the_check_fails(project: dict[str, Path]) -> None:
    _, draft = added_and_drafted(project)
    text = draft.read_text(encoding="utf-8")
    quote = re.search(r"record: alim-bayel\n.*?quote: ([^}]+)\}", text, re.DOTALL)
    assert quote is not None
    draft.write_text(text.replace(quote.group(1), "words the article never printed"), "utf-8")
    before = snapshot(project["facts"])
    result = run(project, "accept", str(draft), "--only", "alim-bayel")
    assert result.exit_code == 1 and "quote not found" in result.stderr
    assert snapshot(project["facts"]) == before


def reviewed_figure(draft: Path) -> str:
    """Do the analyst's part for the draft's first figure; return its id."""
    text = draft.read_text(encoding="utf-8")
    figure_id = re.search(r"- id: (fig-[\w-]+-1)\n", text)
    assert figure_id is not None
    block = text[figure_id.start() :].split("\n  - id:")[0]
    reviewed = re.sub(r"metric: .*", "metric: trade-turnover-new", block)
    reviewed = re.sub(r"label: \{en: .*\}", "label: {en: Trade turnover in goods}", reviewed)
    draft.write_text(text.replace(block, reviewed), encoding="utf-8")
    return figure_id.group(1)


def test_accept_merges_keeps_comments_and_shrinks_the_draft(project: dict[str, Path]) -> None:
    source_id, draft = added_and_drafted(project)
    figure_id = reviewed_figure(draft)
    figures_before = (project["facts"] / "figures.yaml").read_text(encoding="utf-8")
    people_before = (project["facts"] / "people.yaml").read_text(encoding="utf-8")
    result = run(project, "accept", str(draft), "--only", f"{figure_id},alim-bayel")
    assert result.exit_code == 0, result.output
    figures = (project["facts"] / "figures.yaml").read_text(encoding="utf-8")
    people = (project["facts"] / "people.yaml").read_text(encoding="utf-8")
    assert figures.startswith(figures_before) and f"- id: {figure_id}" in figures
    assert people.startswith(COMMENT) and len(people) > len(people_before)
    base = load_valid_facts(project["facts"], project["sources"])
    assert any(c.source == source_id for c in base.records["alim-bayel"].citations)
    left = draft.read_text(encoding="utf-8")
    assert figure_id not in left and "record: alim-bayel" not in left
    assert "yermek-kosherbayev" in left  # the rest stays for later


def test_new_article_to_a_rebuilt_overview(project: dict[str, Path], tmp_path: Path) -> None:
    templates, out = Path(__file__).parent.parent / "templates", tmp_path / "out"
    build = [
        "build",
        "overview",
        "--format",
        "html",
        "--templates",
        str(templates),
        "--out",
        str(out),
    ]
    assert run(project, *build).exit_code == 0
    _, draft = added_and_drafted(project)
    figure_id = reviewed_figure(draft)
    assert run(project, "accept", str(draft), "--only", figure_id).exit_code == 0
    rebuilt = run(project, *build)
    assert rebuilt.exit_code == 0, rebuilt.output
    html = (out / "overview.html").read_text(encoding="utf-8")
    assert "Trade turnover in goods" in html and "Kazinform" in html
    changes = CliRunner().invoke(cli, ["changes", "overview", "--out", str(out)])
    assert f"added    figure        {figure_id}: Trade turnover in goods" in changes.stdout


def test_coverage_lists_uncited_paragraphs_and_honours_skips(project: dict[str, Path]) -> None:
    result = run(project, "check", "--coverage")
    assert "src-a: 80% (4/5 paragraphs)" in result.stdout
    assert "¶1 uncited: date 2025-12-15 Test headline" in result.stdout
    sources = project["facts"] / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    skip = (
        "    file: a.txt\n    skip:\n      - {paragraph: 1, reason: the date line and headline}\n"
    )
    sources.write_text(text.replace("    file: a.txt\n", skip), encoding="utf-8")
    again = run(project, "check", "--coverage", "--json")
    coverage = {c["source"]: c for c in json.loads(again.stdout)["coverage"]}
    assert coverage["src-a"]["percent"] == 100.0 and coverage["src-a"]["skipped"] == 1
    stray = skip.replace("paragraph: 1,", "paragraph: 9,")
    sources.write_text(text.replace("    file: a.txt\n", stray), encoding="utf-8")
    assert "skip names ¶9, beyond the article's 5" in run(project, "check", "--coverage").stderr


REAL = Path(__file__).parent.parent / "facts"


@pytest.mark.skipif(not seeds_dir().is_dir(), reason="the seed articles are not here")
def test_the_real_base_is_fully_covered() -> None:
    result = CliRunner().invoke(
        cli, ["check", "--coverage", "--facts", str(REAL), "--sources", str(seeds_dir())]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("src-")]
    assert len(lines) == 5 and all(": 100% (" in line for line in lines)


@pytest.mark.skipif(not seeds_dir().is_dir(), reason="the seed articles are not here")
def test_drafts_of_the_seeds_check_clean(tmp_path: Path) -> None:
    """Smoke: each seed drafted against the real base gives a draft `check` finds no error in."""
    facts = tmp_path / "facts"
    facts.mkdir()
    for path in REAL.glob("*.yaml"):
        (facts / path.name).write_bytes(path.read_bytes())
    for source_id in ("src-000", "src-001", "src-002", "src-003", "src-004"):
        args = ["--facts", str(facts), "--sources", str(seeds_dir())]
        drafted = CliRunner().invoke(cli, ["draft", source_id, *args])
        assert drafted.exit_code == 0, drafted.output
    check = CliRunner().invoke(cli, ["check", "--facts", str(facts), "--sources", str(seeds_dir())])
    assert check.exit_code == 0, check.stderr
    assert len(os.listdir(facts / "drafts")) == 5


def test_a_page_without_its_own_date_asks_for_one(project: dict[str, Path]) -> None:
    page = saved_page("Кездесу өтті", "Kazinform", "2025-11-12", KK_TEXT.splitlines()[2:], "kk")
    page = re.sub(r'<meta property="article:published_time"[^>]*>', "", page)
    page = page.replace("<footer>©", "<footer>© 2019")  # a copyright year is no publication date
    result = run(project, "sources", "add", str(article(project, "page.html", page)))
    assert result.exit_code == 1 and "give --date YYYY-MM-DD" in result.stderr


def test_fact_files_survive_a_round_trip_byte_for_byte() -> None:
    from briefings.intake.yamledit import dump_document, load_document

    for path in sorted(REAL.glob("*.yaml")):
        assert dump_document(load_document(path)) == path.read_text(encoding="utf-8"), path


def test_a_russian_article_reaches_the_briefings(project: dict[str, Path], tmp_path: Path) -> None:
    text = RU_TEXT.replace("Ермек Кошербаев заявил", "Алим Байел заявил")
    source_id, draft = added_and_drafted(project, text)
    assert run(project, "accept", str(draft), "--only", "alim-bayel").exit_code == 0
    out, templates = tmp_path / "out", Path(__file__).parent.parent / "templates"
    folders = ["--templates", str(templates), "--out", str(out)]
    built = run(project, "build", "overview", "--format", "html", "--lang", "az", *folders)
    assert built.exit_code == 0, built.output
    assert "rus dili" in (out / "overview.az.html").read_text(encoding="utf-8")
