"""Synthetic but valid facts bases of any size, with article texts, for scale benchmarks.

``generate(folder, records)`` writes ``folder/facts/*.yaml`` (the records) and
``folder/sources/*.txt`` (one article per source) and returns the facts folder. The mix of
kinds follows a real base: sources, people with roles, organizations (some with a parent),
events with participants and organizers, statements, figures, projects and agreements.
Every reference resolves, every source is cited, dates of past facts fall before the
articles that report them, and anchor quotes are copied from the generated articles, some
across a word hyphenated at a line end; so `briefings check --strict` passes and every
check, the quote check included, does its full work. A few figure pairs conflict on
purpose, with the disagreement recorded, and a few records are internal.

As a script: ``python benchmarks/synthetic.py OUT --records 10000 [--seed 0] [--no-quotes]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml writes ten times faster; the output is the same YAML
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]

FACTS, SOURCES = "facts", "sources"
PER_FILE = 500  # records per YAML file, so a large base spans many files like a real one
PARAGRAPHS = 16  # paragraphs per article; paragraph 1 is the headline

# Share of each kind among the records (sources included); statements take the remainder.
SHARES = {
    "source": 0.05,
    "person": 0.20,
    "organization": 0.15,
    "event": 0.15,
    "figure": 0.08,
    "project": 0.07,
    "agreement": 0.05,
    "assessment": 0.01,
}
SECTION = {
    "source": "sources",
    "person": "people",
    "organization": "organizations",
    "event": "events",
    "statement": "statements",
    "figure": "figures",
    "project": "projects",
    "agreement": "agreements",
    "assessment": "assessments",
}


def _words(text: str) -> list[str]:
    return text.split()


TOPICS = ["transport", "energy", "trade", "digital", "humanitarian", "multilateral", "political"]
TOPICS += ["security", "environment", "agriculture"]

WORDS = {
    "az": _words(
        "əməkdaşlıq münasibətlər strateji tərəfdaşlıq iqtisadi ticarət dövriyyəsi nəqliyyat "
        "dəhlizi enerji sahəsində qarşılıqlı investisiya layihələri həyata keçirilməsi "
        "razılaşma imzalanıb görüş keçirilib səfir nazir prezident hökumət ölkələrimiz "
        "arasında inkişafı müzakirə olunub Xəzər dənizi boyunca rəqəmsal infrastruktur "
        "humanitar mədəni əlaqələr genişləndirilməsi təşəbbüsü dəstəklənib"
    ),
    "kk": _words(
        "ынтымақтастық қатынастар стратегиялық әріптестік экономикалық сауда айналымы "
        "көлік дәлізі энергетика саласында өзара инвестиция жобалары жүзеге асыру келісім "
        "қол қойылды кездесу өтті елші министр президент үкімет елдеріміз арасындағы "
        "дамуы талқыланды Каспий теңізі арқылы цифрлық инфрақұрылым гуманитарлық мәдени "
        "байланыстар кеңейту бастамасы қолдау тапты"
    ),
    "en": _words(
        "cooperation relations strategic partnership economic trade turnover transport "
        "corridor energy sector mutual investment projects implementation agreement signed "
        "meeting held ambassador minister president government countries between development "
        "discussed Caspian Sea across digital infrastructure humanitarian cultural ties "
        "expansion initiative supported"
    ),
}
SYLLABLES = _words("ba be da di ka ko la lu ma mi na no ra ri sa su ta tu za zo")
GIVEN = _words("Farid Alim Aigerim Elchin Nursultan Leyla Askar Rashad Dana Murat Gulnara Timur")
FAMILY = _words("Shafiyev Bayel Mammadov Nurlanov Aliyeva Seitkali Huseynov Tokayeva Ismayilov")
OUTLETS = ["AZERTAC", "Kazinform", "Report", "Trend", "Kazakhstan Today", "APA", "Tengrinews"]
PLACES = [("Baku", "Bakı", "Баку"), ("Astana", "Astana", "Астана"), ("Aktau", "Aktau", "Ақтау")]


def _token(number: int) -> str:
    """Return a made-up proper name unique to ``number``: it pins a quote to its paragraph."""
    syllables = []
    for _ in range(5):
        number, digit = divmod(number, len(SYLLABLES))
        syllables.append(SYLLABLES[digit])
    return "".join(syllables).capitalize()


class _Article:
    """One generated article: paragraphs of words, a unique name in each, hyphenated breaks."""

    def __init__(self, rng: random.Random, number: int, language: str) -> None:
        words = WORDS[language]
        self.paragraphs: list[list[str]] = []
        self.blank_after: set[int] = set()
        for index in range(PARAGRAPHS):
            paragraph = [rng.choice(words) for _ in range(rng.randint(18, 30))]
            paragraph[5] = _token(number * PARAGRAPHS + index)
            self.paragraphs.append(paragraph)
        # Every third paragraph ends in a word hyphenated across the line break; the unique
        # name sits three words before the break so a quote can span it.
        self.broken = [i for i in range(2, PARAGRAPHS - 1, 3)]
        for i in self.broken:
            paragraph, following = self.paragraphs[i], self.paragraphs[i + 1]
            long_word = next((w for w in words if len(w) >= 7), words[0])
            cut = len(long_word) // 2
            paragraph[-3] = _token(number * PARAGRAPHS + i)
            paragraph[5] = rng.choice(words)
            paragraph[-1] = long_word[:cut] + "-"
            following[0] = long_word[cut:]
            if rng.random() < 0.5:
                self.blank_after.add(i)  # "pro-\n\nseslər": a blank line inside the word

    def text(self) -> str:
        lines = []
        for index, paragraph in enumerate(self.paragraphs):
            line = " ".join(paragraph)
            lines.append(line if line.endswith("-") else line + ".")
            if index in self.blank_after or not line.endswith("-"):
                lines.append("")
        return "\n".join(lines)

    def quote(self, rng: random.Random) -> tuple[int, str]:
        """Return (paragraph number from 1, a verbatim quote of 4 to 7 words)."""
        if rng.random() < 0.25:
            i = rng.choice(self.broken)
            paragraph, following = self.paragraphs[i], self.paragraphs[i + 1]
            joined = paragraph[-1][:-1] + following[0]
            words = [*paragraph[-3:-1], joined, *following[1:3]]
            return i + 1, " ".join(words)
        i = rng.choice([i for i in range(1, PARAGRAPHS) if i not in self.broken])
        start = rng.randint(2, 5)
        return i + 1, " ".join(self.paragraphs[i][start : start + rng.randint(4, 7)])


class _Generator:
    def __init__(self, records: int, seed: int, quotes: bool) -> None:
        if records < len(SECTION):
            raise ValueError(f"at least {len(SECTION)} records, one of each kind")
        self.rng = random.Random(seed)
        self.quotes = quotes
        self.counts = {kind: max(1, int(records * share)) for kind, share in SHARES.items()}
        self.counts["statement"] = records - sum(self.counts.values())
        if self.counts["statement"] < 1:
            raise ValueError(f"{records} records are too few for every kind")
        self.ids = {kind: [f"{kind}-{i:05d}" for i in range(n)] for kind, n in self.counts.items()}
        self.sources: list[dict[str, Any]] = []
        self.articles: list[_Article] = []
        self.source_dates: list[dt.date] = []
        self.next_source = 0  # round robin, so every source is cited

    # ------------------------------------------------------------ building blocks

    def localized(self, en: str, language: str | None = None) -> dict[str, str]:
        text = {"en": en}
        for lang in ("az", "kk"):
            if lang == language or self.rng.random() < 0.6:
                text[lang] = " ".join(self.rng.choice(WORDS[lang]) for _ in range(4))
        return text

    def sentence(self, words: int = 8) -> str:
        return " ".join(self.rng.choice(WORDS["en"]) for _ in range(words)).capitalize() + "."

    def topics(self) -> list[str]:
        return self.rng.sample(TOPICS, self.rng.randint(1, 3))

    def some(self, kind: str, low: int, high: int) -> list[str]:
        pool = self.ids[kind]
        return self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))

    def citations(self) -> tuple[list[dict[str, Any]], dt.date]:
        """Return one or two citations and the earliest date of the articles they cite."""
        count = len(self.sources)
        chosen = [self.next_source % count]
        self.next_source += 1
        if self.rng.random() < 0.3 and count > 1:
            chosen.append((chosen[0] + self.rng.randint(1, count - 1)) % count)
        citations = []
        for index in chosen:
            citation: dict[str, Any] = {"source": self.sources[index]["id"]}
            if self.quotes and self.rng.random() < 0.6:
                paragraph, quote = self.articles[index].quote(self.rng)
                citation.update(paragraph=paragraph, quote=quote)
            else:
                citation["paragraph"] = self.rng.randint(2, PARAGRAPHS)
            citations.append(citation)
        return citations, min(self.source_dates[i] for i in chosen)

    def past(self, latest: dt.date) -> str:
        """Return a day, month or year on or before ``latest`` (its first day is)."""
        day = latest - dt.timedelta(days=self.rng.randint(0, 600))
        roll = self.rng.random()
        if roll < 0.6:
            return day.isoformat()
        return f"{day.year}-{day.month:02d}" if roll < 0.9 else str(day.year)

    def future(self) -> str:
        day = dt.date(2026, 1, 1) + dt.timedelta(days=self.rng.randint(0, 1500))
        return day.isoformat() if self.rng.random() < 0.5 else f"{day.year}-{day.month:02d}"

    def cited(self, record: dict[str, Any]) -> tuple[dict[str, Any], dt.date]:
        citations, latest = self.citations()
        record["citations"] = citations
        if self.rng.random() < 0.05:
            record["inferences"] = [{"field": "date", "reasoning": self.sentence(12)}]
        return record, latest

    # ------------------------------------------------------------ records by kind

    def source(self, i: int) -> dict[str, Any]:
        language = self.rng.choice(["az", "kk", "en"])
        day = dt.date(2019, 1, 1) + dt.timedelta(days=self.rng.randint(0, 2555))
        record_id = self.ids["source"][i]
        self.articles.append(_Article(self.rng, i, language))
        self.source_dates.append(day)
        return {
            "id": record_id,
            "outlet": self.rng.choice(OUTLETS),
            "title": self.localized(self.sentence(6), language),
            "date": day.isoformat(),
            "language": language,
            "file": f"{record_id}.txt",
            "url": f"https://news.example/{record_id}",
        }

    def person(self, i: int) -> dict[str, Any]:
        name = f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)} {_token(i)}"
        roles = [
            {
                "title": self.localized(self.rng.choice(["Ambassador", "Minister", "Director"])),
                "organization": organization,
                "from": str(self.rng.randint(2005, 2024)),
            }
            for organization in self.some("organization", 1, 2)
        ]
        record, _ = self.cited(
            {
                "id": self.ids["person"][i],
                "name": self.localized(name),
                "country": self.rng.choice(["AZ", "KZ"]),
                "roles": roles,
            }
        )
        return record

    def organization(self, i: int) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.ids["organization"][i],
            "name": self.localized(f"{_token(i + 7919)} {self.rng.choice(['Centre', 'Ministry'])}"),
            "country": self.rng.choice(["AZ", "KZ"]),
            "type": self.rng.choice(["ministry", "embassy", "think-tank", "company", "fund"]),
        }
        if i and self.rng.random() < 0.2:
            record["parent"] = self.ids["organization"][self.rng.randrange(i)]
        if self.rng.random() < 0.1:
            record["type"] = "international"
            del record["country"]
        return self.cited(record)[0]

    def event(self, i: int) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.ids["event"][i],
            "type": self.rng.choice(["meeting", "round-table", "visit", "summit", "forum"]),
            "title": self.localized(self.sentence(5)),
            "place": dict(zip(("en", "az", "kk"), self.rng.choice(PLACES), strict=True)),
            "format": self.rng.choice(["in-person", "hybrid", "online"]),
            "participants": [
                {"person": person, "role": {"en": self.rng.choice(["speaker", "host", "guest"])}}
                for person in self.some("person", 2, 6)
            ],
            "organizers": self.some("organization", 1, 2),
            "topics": self.topics(),
            "summary": self.localized(self.sentence(14)),
        }
        if self.rng.random() < 0.01:  # an analysts' own planned meeting: no article behind it
            record.update(status="planned", date=self.future(), internal=True)
            record["note"] = "Added by the analysts for planning."
            return record
        record, latest = self.cited(record)
        status = self.rng.choices(["held", "planned", "proposed"], [0.7, 0.2, 0.1])[0]
        record["status"] = status
        record["date"] = self.past(latest) if status == "held" else self.future()
        return record

    def statement(self, i: int) -> dict[str, Any]:
        speakers = self.some("person", 1, 2)
        if self.rng.random() < 0.2:
            speakers.append(self.rng.choice(self.ids["organization"]))
        record: dict[str, Any] = {
            "id": self.ids["statement"][i],
            "type": self.rng.choice(["assessment", "proposal", "thanks", "position"]),
            "speakers": speakers,
            "summary": self.localized(self.sentence(12)),
            "topics": self.topics(),
        }
        if self.rng.random() < 0.5:
            record["event"] = self.rng.choice(self.ids["event"])
        record, latest = self.cited(record)
        record["date"] = self.past(latest)
        quoted = [c for c in record["citations"] if "quote" in c]
        if quoted and self.rng.random() < 0.5:
            record["quote"] = quoted[0]["quote"]
        return record

    def figure(self, i: int, conflict_with: dict[str, Any] | None) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.ids["figure"][i],
            "metric": f"metric-{i:05d}",
            "label": self.localized(self.sentence(4)),
            "value": self.rng.randint(1, 5000) * 1_000_000,
            "unit": self.rng.choice(["USD", "tonnes", "count", "percent"]),
            "period": str(self.rng.randint(2015, 2025)),
            "qualifier": self.rng.choice(["exact", "approximately", "more-than"]),
            "topics": self.topics(),
        }
        if self.rng.random() < 0.3:
            record["change"] = {"value": self.rng.randint(1, 90), "unit": "percent"}
            record["change"]["against"] = str(int(record["period"]) - 1)
        if self.rng.random() < 0.3:
            record["event"] = self.rng.choice(self.ids["event"])
        record = self.cited(record)[0]
        if conflict_with is not None:  # two articles disagree: recorded on both figures
            for key in ("metric", "period", "unit"):
                record[key] = conflict_with[key]
            record["value"] = conflict_with["value"] + 1_000_000
            readings = [
                {
                    "value": str(conflict_with["value"]),
                    "source": conflict_with["citations"][0]["source"],
                },
                {"value": str(record["value"]), "source": record["citations"][0]["source"]},
            ]
            disagreement = {"field": "value", "readings": readings, "note": self.sentence(8)}
            conflict_with["disagreements"] = [disagreement]
            record["disagreements"] = [disagreement]
        return record

    def project(self, i: int) -> dict[str, Any]:
        status = self.rng.choice(["proposed", "planned", "under-way", "completed", "operational"])
        record: dict[str, Any] = {
            "id": self.ids["project"][i],
            "name": self.localized(f"{_token(i + 104729)} {self.rng.choice(['line', 'corridor'])}"),
            "type": self.rng.choice(["corridor", "infrastructure", "telecom", "energy"]),
            "status": status,
            "target": self.future(),
            "partners": self.some("organization", 1, 3),
            "topics": self.topics(),
            "summary": self.localized(self.sentence(12)),
        }
        return self.cited(record)[0]

    def agreement(self, i: int) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.ids["agreement"][i],
            "title": self.localized(self.sentence(6)),
            "parties": self.some("organization", 2, 3),
            "topics": self.topics(),
        }
        if self.rng.random() < 0.4:
            record["event"] = self.rng.choice(self.ids["event"])
        record, latest = self.cited(record)
        status = self.rng.choice(["proposed", "planned", "signed", "ratified", "in-force"])
        record["status"] = status
        past = status in ("signed", "ratified", "in-force")
        record["date"] = self.past(latest) if past else self.future()
        return record

    def assessment(self, i: int) -> dict[str, Any]:
        """Return a desk judgement resting on a few figures and projects, dated after them."""
        rests = self.some("figure", 1, 2) + self.some("project", 1, 2)
        return {
            "id": self.ids["assessment"][i],
            "author": "Synthetic desk",
            "date": max(self.source_dates).isoformat(),
            "rests_on": rests,
            "text": self.localized(self.sentence(20)),
            "topics": self.topics(),
        }

    # ------------------------------------------------------------ the whole base

    def records(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """Yield (kind, records) in SECTION order."""
        self.sources = [self.source(i) for i in range(self.counts["source"])]
        yield "source", self.sources
        yield "person", [self.person(i) for i in range(self.counts["person"])]
        yield "organization", [self.organization(i) for i in range(self.counts["organization"])]
        yield "event", [self.event(i) for i in range(self.counts["event"])]
        yield "statement", [self.statement(i) for i in range(self.counts["statement"])]
        figures: list[dict[str, Any]] = []
        for i in range(self.counts["figure"]):
            pair = figures[-1] if i % 25 == 1 else None  # one conflict in 25 figures
            figures.append(self.figure(i, pair))
        yield "figure", figures
        yield "project", [self.project(i) for i in range(self.counts["project"])]
        yield "agreement", [self.agreement(i) for i in range(self.counts["agreement"])]
        yield "assessment", [self.assessment(i) for i in range(self.counts["assessment"])]


def generate(folder: Path, records: int, seed: int = 0, *, quotes: bool = True) -> Path:
    """Write a valid facts base of ``records`` records (and its articles); return facts/.

    The article texts go to ``folder / "sources"``; pass that folder as ``--sources``.
    The same ``records`` and ``seed`` always give the same files.
    """
    generator = _Generator(records, seed, quotes)
    facts, sources = folder / FACTS, folder / SOURCES
    facts.mkdir(parents=True, exist_ok=True)
    sources.mkdir(parents=True, exist_ok=True)
    for kind, items in generator.records():
        section = SECTION[kind]
        for part, start in enumerate(range(0, len(items), PER_FILE), 1):
            chunk = {section: items[start : start + PER_FILE]}
            text = yaml.dump(chunk, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
            (facts / f"{section}-{part:03d}.yaml").write_text(text, encoding="utf-8")
    for source, article in zip(generator.sources, generator.articles, strict=True):
        (sources / source["file"]).write_text(article.text(), encoding="utf-8")
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write facts/ and sources/")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-quotes", action="store_true", help="cite without anchor quotes")
    args = parser.parse_args(argv)
    facts = generate(args.folder, args.records, args.seed, quotes=not args.no_quotes)
    print(f"facts: {facts}")
    print(f"sources: {args.folder / SOURCES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
