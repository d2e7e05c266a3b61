"""Shared fixtures: a small facts base and article texts that the tests write themselves."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
FACTS = ROOT / "facts"


def seeds_dir() -> Path:
    """Return the real article texts (../shared/seeds, or $BRIEFINGS_SEEDS)."""
    return Path(os.environ.get("BRIEFINGS_SEEDS", ROOT.parent / "shared" / "seeds"))


ARTICLE_A = """\
 date 2025-12-15 Test headline about the round table
The round table on bilateral relations was held at the embassy in Baku.
Experts praised the state visit of the president in October 2025.
The ambassador noted the fibre-optic line planned for the end of 2026 under the Caspian Sea.
Farid Shafiyev proposed a forum of analytical centres in the C6 format.
"""

ARTICLE_B = """\
 date 2025-12-18 Бакуда қазақ-әзербайжан қатынастары талқыланды
Дөңгелек үстел Қазақстанның Бакудағы Елшілігінде өтті.
Елші Әлім Байел талшықты оптика желісі туралы айтты, ə Ə ğ ı İ ş ç ö ü.
"""

FACTS_YAML = {
    "sources.yaml": """\
        sources:
          - id: src-a
            outlet: Test Agency
            title: {en: "Round table held", az: "Dəyirmi masa keçirilib"}
            date: 2025-12-15
            language: az
            file: a.txt
          - id: src-b
            outlet: Test Today
            title: {en: "Relations discussed in Baku", kk: "Бакуда қатынастар талқыланды"}
            date: 2025-12-18
            language: kk
            file: b.txt
        """,
    "people.yaml": """\
        people:
          - id: farid-shafiyev
            name: {en: Farid Shafiyev, az: Fərid Şəfiyev, kk: Фарид Шафиев}
            country: AZ
            roles:
              - title: {en: Chair of the board, az: İdarə Heyətinin sədri, kk: Басқарма төрағасы}
                organization: air-center
            citations:
              - {source: src-a, paragraph: 5, quote: "Farid Shafiyev proposed a forum"}
          - id: alim-bayel
            name: {en: Alim Bayel, kk: Әлім Байел}
            country: KZ
            roles:
              - title: {en: Ambassador of Kazakhstan to Azerbaijan}
                organization: kz-embassy-baku
            citations:
              - {source: src-b, paragraph: 3, quote: "Елші Әлім Байел"}
        """,
    "organizations.yaml": """\
        organizations:
          - id: air-center
            name: {en: AIR Center, az: BMTM, kk: Халықаралық қатынастарды талдау орталығы}
            country: AZ
            type: think-tank
            citations: [{source: src-a, paragraph: 5}]
          - id: kz-embassy-baku
            name: {en: Embassy of Kazakhstan in Baku, kk: Қазақстанның Бакудағы Елшілігі}
            country: KZ
            type: embassy
            citations: [{source: src-b, paragraph: 2}]
        """,
    "events.yaml": """\
        events:
          - id: rt-2025-12
            type: round-table
            title: {en: Round table at the embassy of Kazakhstan, kk: Елшіліктегі дөңгелек үстел}
            date: 2025-12
            place: {en: Baku, az: Bakı, kk: Баку}
            format: in-person
            participants:
              - {person: farid-shafiyev, role: {en: speaker}}
              - {person: alim-bayel, role: {en: host}}
            organizers: [kz-embassy-baku]
            topics: [political, digital]
            status: held
            citations:
              - {source: src-a, paragraph: 2, quote: "The round table on bilateral relations"}
              - {source: src-b, paragraph: 2}
          - id: c6-forum
            type: forum
            title: {en: Forum of analytical centres in the C6 format}
            date: 2026
            topics: [multilateral]
            status: proposed
            citations: [{source: src-a, paragraph: 5}]
        """,
    "statements.yaml": """\
        statements:
          - id: st-shafiyev-c6
            type: proposal
            speakers: [farid-shafiyev]
            event: rt-2025-12
            date: 2025-12
            summary:
              en: Proposed a C6-format forum of think tanks in 2026.
              az: 2026-cı ildə C6 formatında forum təklif edib.
            topics: [multilateral]
            citations: [{source: src-a, paragraph: 5}]
        """,
    "figures.yaml": """\
        figures:
          - id: fig-trade-2024
            metric: trade-turnover
            label: {en: Bilateral trade turnover, az: Qarşılıqlı ticarət dövriyyəsi}
            value: 500000000
            unit: USD
            period: "2024"
            qualifier: approximately
            topics: [trade]
            citations: [{source: src-a, paragraph: 3}]
        """,
    "projects.yaml": """\
        projects:
          - id: caspian-fibre
            name: {en: Trans-Caspian fibre-optic line, kk: Каспий арқылы талшықты-оптикалық желі}
            type: telecom
            status: planned
            target: 2026-12
            partners: [air-center]
            topics: [digital]
            summary: {en: A fibre-optic line under the Caspian Sea.}
            citations:
              - {source: src-a, paragraph: 4, quote: "fibre-optic line planned for the end of 2026"}
        """,
    "agreements.yaml": """\
        agreements:
          - id: agr-fibre
            title: {en: Agreement on the fibre-optic line}
            parties: [air-center, kz-embassy-baku]
            status: planned
            topics: [digital]
            citations: [{source: src-a, paragraph: 4}]
        """,
}


def write_facts(folder: Path, files: dict[str, str] | None = None) -> Path:
    """Write the small facts base (or ``files``) into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (files or FACTS_YAML).items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def write_articles(folder: Path) -> Path:
    """Write the two fixture articles and return their folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    return folder


@pytest.fixture
def facts_dir(tmp_path: Path) -> Path:
    return write_facts(tmp_path / "facts")


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "articles")


@pytest.fixture
def templates_dir(tmp_path: Path) -> Path:
    """A private copy of the templates, so a test may edit them."""
    target = tmp_path / "templates"
    shutil.copytree(TEMPLATES, target)
    return target
