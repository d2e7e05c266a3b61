"""The fact commands end to end: `check` (text, --json, --strict), `facts` and `schema`."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from briefings.cli import cli
from briefings.facts.check import check_facts
from briefings.facts.model import KINDS, SECTIONS
from tests.conftest import FACTS, FACTS_YAML, seeds_dir, write_facts

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|warning|info): (?P<rest>.*)$")
SUMMARY = re.compile(r"^(\d+) error\(s\), (\d+) warning\(s\), (\d+) note\(s\)$")
EVERY_KIND = ["source", "person", "organization", "event", "statement", "figure", "project"]
EVERY_KIND += ["agreement", "assessment"]


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def problems(result: Result) -> list[tuple[str, int, str, str]]:
    """Parse every problem line; fail on a stderr line that is not ``path:line: ...``."""
    found = []
    for line in result.output.splitlines():
        match = LINE.match(line)
        if match:
            found.append((match["path"], int(match["line"]), match["severity"], match["rest"]))
    for line in result.stderr.splitlines():
        assert LINE.match(line), f"not a path:line problem: {line!r}"
    return found


def line_in(path: Path, marker: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [number for number, text in enumerate(lines, 1) if marker in text]
    assert len(found) == 1, f"{marker!r} is on lines {found} of {path}"
    return found[0]


def edited(**edits: tuple[str, str]) -> dict[str, str]:
    """Return the fixture files (dedented) with one (old, new) edit per named file."""
    files = {name: textwrap.dedent(text) for name, text in FACTS_YAML.items()}
    for stem, (old, new) in edits.items():
        name = f"{stem}.yaml"
        assert files[name].count(old) == 1, f"{old!r} is not unique in {name}"
        files[name] = files[name].replace(old, new)
    return files


# ---------------------------------------------------------------- exit codes


def test_check_exits_0_when_clean(facts_dir: Path, articles_dir: Path) -> None:
    result = invoke("check", "--facts", str(facts_dir), "--sources", str(articles_dir), "--strict")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == "0 error(s), 0 warning(s), 0 note(s)"


def test_check_exits_1_on_an_error(tmp_path: Path) -> None:
    facts = write_facts(tmp_path / "facts", edited(agreements=("status: planned", "status: done")))
    result = invoke("check", "--facts", str(facts))
    assert result.exit_code == 1
    path = facts / "agreements.yaml"
    line = line_in(path, "status: done")
    assert problems(result) == [
        (
            str(path),
            line,
            "error",
            "status: Input should be 'proposed', 'planned', 'signed', 'ratified' or 'in-force'",
        )
    ]
    assert result.stdout.splitlines()[-1] == "1 error(s), 0 warning(s), 0 note(s)"


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    unused = """\
        sources:
          - id: src-unused
            outlet: Test Wire
            title: {en: Unused}
            date: 2025-12-01
            language: en
            file: a.txt
        """
    facts = write_facts(tmp_path / "facts", {**FACTS_YAML, "unused.yaml": unused})
    relaxed = invoke("check", "--facts", str(facts))
    strict = invoke("check", "--facts", str(facts), "--strict")
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    expected = [
        (
            str(facts / "unused.yaml"),
            2,
            "warning",
            "id: no fact cites this source; cite it or remove it",
        )
    ]
    assert problems(relaxed) == problems(strict) == expected
    assert strict.stdout.splitlines()[-1] == "0 error(s), 1 warning(s), 0 note(s)"


# ---------------------------------------------------------------- one run reports everything


def write_broken_everywhere(folder: Path) -> Path:
    """Write the fixture facts with something broken in every file, and four bad extra files."""
    files = edited(
        people=("country: AZ\n", "country: AZ\n    country: TR\n"),
        events=("date: 2025-12\n", "date: 2025-12-19\n"),
        statements=("en: Proposed a C6-format forum of", 'en: "\\x07Proposed a forum" #'),
        projects=('quote: "fibre-optic line planned', 'quote: "copper line planned'),
        sources=("file: b.txt", "file: missing.txt"),
        agreements=("status: planned", "status: done"),
    )
    files["people.yaml"] = files["people.yaml"].replace(
        "organization: air-center", "organization: alim-bayel"
    )
    files["organizations.yaml"] = files["organizations.yaml"].replace(
        "    type: embassy\n", "    type: embassy\n    website: example.org\n"
    )
    files["events.yaml"] = files["events.yaml"].replace("organizers: [kz-embassy-baku]", "")
    files["events.yaml"] = files["events.yaml"].replace(
        "topics: [political, digital]", "topics: [political, digital]\n    organizers: [nobody]"
    )
    files["figures.yaml"] += (
        textwrap.dedent(
            """\
          - id: fig-trade-2024-b
            metric: trade-turnover
            label: {en: Bilateral trade turnover}
            value: 600000000
            unit: USD
            period: "2024"
            citations: [{source: src-a, paragraph: 3}]
        """
        )
        .replace("- id", "  - id")
        .replace("\n  ", "\n    ")
    )
    files["sources.yaml"] += (
        "  - id: src-unused\n    outlet: Wire\n    title: {en: Unused}\n"
        "    date: 2025-12-01\n    language: en\n    file: a.txt\n"
    )
    files["zz-dup.yaml"] = (
        "projects:\n  - id: caspian-fibre\n    name: {en: Again}\n    type: telecom\n"
        "    status: planned\n    citations: [{source: src-a, paragraph: 4}]\n"
    )
    files["zz-list.yaml"] = "- id: orphan\n- id: another\n"
    files["zz-syntax.yaml"] = "people:\n  - id: x\n    name: {en: X\n  - id: y\n"
    write_facts(folder, files)
    (folder / "zz-utf8.yaml").write_bytes(b"people:\n  - id: x\n    name: {en: Ren\xe9}\n")
    return folder


def test_every_problem_of_a_broken_folder_in_one_run(tmp_path: Path, articles_dir: Path) -> None:
    facts = write_broken_everywhere(tmp_path / "facts")
    result = invoke("check", "--facts", str(facts), "--sources", str(articles_dir))
    assert result.exit_code == 1
    found = problems(result)

    def at(name: str, marker: str | int) -> tuple[str, int]:
        path = facts / name
        return str(path), marker if isinstance(marker, int) else line_in(path, marker)

    expected = [
        (*at("people.yaml", "country: TR"), "error", "people.0.country: duplicated key"),
        (*at("people.yaml", "organization: alim-bayel"), "error", "roles.0.organization: refers"),
        (*at("organizations.yaml", "website"), "error", "website: unknown field"),
        (*at("events.yaml", "date: 2025-12-19"), "error", "date: 2025-12-19 is after src-b"),
        (*at("events.yaml", "organizers: [nobody]"), "error", "organizers.0: refers to 'nobody'"),
        (*at("statements.yaml", "\\x07"), "error", "summary.en: contains the control char"),
        (*at("projects.yaml", "copper line"), "error", "citations.0.quote: quote not found"),
        (*at("sources.yaml", "missing.txt"), "error", "file: missing.txt is not in"),
        (*at("sources.yaml", "src-unused"), "warning", "id: no fact cites this source"),
        (*at("agreements.yaml", "status: done"), "error", "status: Input should be 'proposed'"),
        (*at("figures.yaml", "value: 600000000"), "warning", "value: figures fig-trade-2024, "),
        (*at("zz-dup.yaml", 2), "error", "id: duplicate id 'caspian-fibre'"),
        (*at("zz-list.yaml", 1), "error", "a fact file is a mapping of sections"),
        (*at("zz-syntax.yaml", "- id: y"), "error", "YAML syntax: "),
        (*at("zz-utf8.yaml", 3), "error", "invalid UTF-8; save the file as UTF-8"),
    ]
    missing = [
        want
        for want in expected
        if not any(got[:3] == want[:3] and got[3].startswith(want[3]) for got in found)
    ]
    assert missing == [], "\n".join(map(str, found))

    errors = sum(1 for p in found if p[2] == "error")
    warnings = sum(1 for p in found if p[2] == "warning")
    summary = SUMMARY.match(result.stdout.splitlines()[-1])
    assert summary is not None
    assert (int(summary[1]), int(summary[2])) == (errors, warnings)
    assert errors >= 13 and warnings >= 2

    as_json = json.loads(
        invoke("check", "--json", "--facts", str(facts), "--sources", str(articles_dir)).stdout
    )
    from_json = sorted(
        (
            p["path"],
            p["line"],
            p["severity"],
            f"{p['field']}: {p['message']}" if p["field"] else p["message"],
        )
        for p in as_json["errors"] + as_json["warnings"]
    )
    assert from_json == sorted(p for p in found if p[2] != "info")


def test_missing_facts_folder_is_one_clean_error(tmp_path: Path) -> None:
    folder = tmp_path / "no-such-folder"
    result = invoke("check", "--facts", str(folder))
    assert result.exit_code == 1
    assert problems(result) == [
        (str(folder), 1, "error", "the facts folder does not exist; pass --facts")
    ]
    listed = invoke("facts", "--facts", str(folder))
    assert listed.exit_code == 1
    assert listed.stderr.splitlines() == [
        f"{folder}:1: error: the facts folder does not exist; pass --facts",
        "error: 1 error(s) in the facts; run `briefings check`",
    ]


def test_yaml_list_instead_of_a_mapping(tmp_path: Path) -> None:
    facts = write_facts(
        tmp_path / "facts", {"people.yaml": "- id: farid-shafiyev\n  country: AZ\n"}
    )
    result = invoke("check", "--facts", str(facts))
    assert result.exit_code == 1
    assert problems(result) == [
        (
            str(facts / "people.yaml"),
            1,
            "error",
            "a fact file is a mapping of sections (people: [...])",
        )
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: &a [*a]\n", 1, "YAML syntax: found a recursive alias (an anchor inside itself)"),
        ("people:\n  - ? [a, b]\n    : 1\n", 2, "YAML syntax: found an unhashable key (a list"),
        ("people: [\n", 2, "YAML syntax: "),
        ("'just text'\n", 1, "a fact file is a mapping of sections"),
        ("people: !!python/name:os.system ''\n", 1, "YAML syntax: could not determine"),
        ("people: !!python/object:os.system {}\n", 1, "people: a section holds a list"),
    ],
)
def test_hostile_yaml_is_reported_not_crashed(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    facts = write_facts(tmp_path / "facts", {"bad.yaml": text})
    result = invoke("check", "--facts", str(facts))
    assert result.exit_code == 1
    [(path, got_line, severity, rest)] = problems(result)
    assert (path, got_line, severity) == (str(facts / "bad.yaml"), line, "error")
    assert rest.startswith(message), rest


# ---------------------------------------------------------------- --json


def test_check_json_is_one_object_with_counts_errors_and_warnings(tmp_path: Path) -> None:
    files = edited(events=("{person: alim-bayel,", "{person: nobody,"))
    files["figures.yaml"] += (
        "  - id: fig-b\n    metric: trade-turnover\n    label: {en: Trade}\n"
        '    value: 1\n    unit: USD\n    period: "2024"\n'
        "    citations: [{source: src-b, paragraph: 2}]\n"
    )
    facts = write_facts(tmp_path / "facts", files)
    result = invoke("check", "--facts", str(facts), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {"counts", "errors", "warnings", "infos", "untranslated"}
    assert report["counts"] == {
        "source": 2,
        "person": 2,
        "organization": 2,
        "event": 2,
        "statement": 1,
        "figure": 2,
        "project": 1,
        "agreement": 1,
        "assessment": 0,
    }
    assert list(report["counts"]) == EVERY_KIND
    events = str(facts / "events.yaml")
    assert report["errors"] == [
        {
            "path": events,
            "line": line_in(facts / "events.yaml", "person: nobody"),
            "severity": "error",
            "field": "participants.1.person",
            "message": "refers to 'nobody', which no fact file defines",
        }
    ]
    [warning] = report["warnings"]
    assert warning == {
        "path": str(facts / "figures.yaml"),
        "line": line_in(facts / "figures.yaml", "value: 1"),
        "severity": "warning",
        "field": "value",
        "message": "figures fig-trade-2024, fig-b give different values for trade-turnover in "
        "2024; record a disagreement on `value`",
    }
    assert report["infos"] == []
    assert report["untranslated"] == {"az": 11, "kk": 9}


def test_check_json_when_clean(facts_dir: Path) -> None:
    result = invoke("check", "--facts", str(facts_dir), "--json", "--strict")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"]) == ([], [])
    assert sum(report["counts"].values()) == 12


def test_check_json_for_a_missing_folder(tmp_path: Path) -> None:
    result = invoke("check", "--facts", str(tmp_path / "nowhere"), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["counts"] == dict.fromkeys(EVERY_KIND, 0)
    assert [(e["path"], e["line"], e["field"]) for e in report["errors"]] == [
        (str(tmp_path / "nowhere"), None, "")
    ]


# ---------------------------------------------------------------- facts


def test_facts_lists_every_record(facts_dir: Path) -> None:
    result = invoke("facts", "--facts", str(facts_dir))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 12
    title = "Round table at the embassy of Kazakhstan"
    assert f"{'rt-2025-12':<40} {'event':<13} {'2025-12':<10}  {title}" in lines
    assert f"{'farid-shafiyev':<40} {'person':<13} {'':<10}  Farid Shafiyev" in lines
    assert (
        f"{'src-b':<40} {'source':<13} {'2025-12-18':<10}  Test Today: Бакуда қатынастар талқыланды"
        in lines
    )
    assert sorted(line.split()[1] for line in lines) == sorted(
        ["agreement", "event", "event", "figure", "organization", "organization", "person"]
        + ["person", "project", "source", "source", "statement"]
    )


def test_facts_kind_event_json(facts_dir: Path) -> None:
    result = invoke("facts", "--facts", str(facts_dir), "--kind", "event", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "id": "rt-2025-12",
            "kind": "event",
            "label": "Round table at the embassy of Kazakhstan",
            "date": "2025-12",
        },
        {
            "id": "c6-forum",
            "kind": "event",
            "label": "Forum of analytical centres in the C6 format",
            "date": "2026",
        },
    ]


def test_facts_json_without_a_date(facts_dir: Path) -> None:
    result = invoke("facts", "--facts", str(facts_dir), "--kind", "agreement", "--json")
    assert json.loads(result.stdout) == [
        {
            "id": "agr-fibre",
            "kind": "agreement",
            "label": "Agreement on the fibre-optic line",
            "date": None,
        }
    ]


def test_facts_rejects_an_unknown_kind(facts_dir: Path) -> None:
    result = invoke("facts", "--facts", str(facts_dir), "--kind", "meeting")
    assert result.exit_code == 1
    assert "Invalid value for '--kind'" in result.output


def test_facts_refuses_a_broken_base(tmp_path: Path) -> None:
    facts = write_facts(
        tmp_path / "facts", edited(people=("organization: air-center", "organization: nowhere"))
    )
    result = invoke("facts", "--facts", str(facts))
    assert result.exit_code == 1
    assert result.stdout == ""
    path = facts / "people.yaml"
    line = line_in(path, "organization: nowhere")
    assert result.stderr.splitlines() == [
        f"{path}:{line}: error: roles.0.organization: "
        "refers to 'nowhere', which no fact file defines",
        "error: 1 error(s) in the facts; run `briefings check`",
    ]


# ---------------------------------------------------------------- schema


def schema_document() -> dict[str, Any]:
    result = invoke("schema")
    assert result.exit_code == 0
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_schema_is_a_json_schema_with_every_section() -> None:
    document = schema_document()
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["type"] == "object"
    assert document["additionalProperties"] is False
    assert set(document["properties"]) == set(SECTIONS)
    for section, model in SECTIONS.items():
        prop = document["properties"][section]
        assert prop["type"] == "array"
        assert prop["items"] == {"$ref": f"#/$defs/{model.__name__}"}


def test_schema_records_forbid_other_fields() -> None:
    defs = schema_document()["$defs"]
    for model in KINDS.values():
        record = defs[model.__name__]
        assert record["additionalProperties"] is False, model.__name__
        assert record["type"] == "object"
        assert "id" in record["required"]
    for nested in ("Localized", "Citation", "Role", "Participant", "Disagreement", "Change"):
        assert defs[nested]["additionalProperties"] is False, nested


def test_schema_uses_the_yaml_field_names() -> None:
    defs = schema_document()["$defs"]
    assert "label" in defs["Figure"]["properties"]
    assert "label_" not in defs["Figure"]["properties"]
    assert "from" in defs["Role"]["properties"]
    assert defs["Localized"]["required"] == ["en"]
    assert set(defs["Localized"]["properties"]) == {"en", "az", "kk"}
    assert defs["Citation"]["properties"]["paragraph"]["minimum"] == 1
    date = defs["Event"]["properties"]["date"]["anyOf"][0]
    assert {"type": "string", "pattern": r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$"} in date["anyOf"]
    statuses = defs["Event"]["properties"]["status"]["enum"]
    assert statuses == ["held", "planned", "proposed"]


def json_ready(value: Any) -> Any:
    """Return YAML data as JSON would hold it (dates become text)."""
    return json.loads(
        json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v))
    )


def test_fixture_facts_validate_against_the_schema(facts_dir: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    document = schema_document()
    validator = jsonschema.Draft202012Validator(document)
    for path in sorted(facts_dir.glob("*.yaml")):
        data = json_ready(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert list(validator.iter_errors(data)) == [], path.name
    people = json_ready(yaml.safe_load((facts_dir / "people.yaml").read_text(encoding="utf-8")))
    people["people"][0]["nickname"] = "Farid"
    assert not validator.is_valid(people)


def test_fixture_facts_match_the_schema_by_hand(facts_dir: Path) -> None:
    """Without jsonschema: every field the fixture uses is a property the schema declares."""
    defs = schema_document()["$defs"]
    for path in sorted(facts_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section, records in data.items():
            model = SECTIONS[section].__name__
            properties = defs[model]["properties"]
            required = set(defs[model].get("required", []))
            for record in records:
                assert set(record) <= set(properties), (path.name, set(record) - set(properties))
                assert required <= set(record), (path.name, required - set(record))


# ---------------------------------------------------------------- the real facts base


def test_real_facts_base_is_clean_and_complete() -> None:
    seeds = seeds_dir()
    if not seeds.is_dir():
        pytest.skip(f"no seed articles at {seeds}; set BRIEFINGS_SEEDS")
    result = invoke("check", "--strict", "--facts", str(FACTS), "--sources", str(seeds))
    assert result.exit_code == 0, result.output
    report = check_facts(FACTS, seeds)
    counts = report.counts()
    floors = {
        "person": 20,
        "organization": 20,
        "event": 10,
        "figure": 6,
        "project": 10,
        "agreement": 3,
        "statement": 15,
    }
    short = {kind: (counts[kind], floor) for kind, floor in floors.items() if counts[kind] < floor}
    assert short == {}, f"below the floors (have, need): {short}"
    articles = {path.name for path in seeds.glob("*.txt")}
    assert len(articles) == 5
    assert {source.file for source in report.base.sources.values()} == articles
    cited = {c.source for r in report.base.records.values() for c in getattr(r, "citations", [])}
    assert cited == set(report.base.sources)
