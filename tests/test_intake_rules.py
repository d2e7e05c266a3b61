"""Intake's rules, each on small sentences of our own, in az Latin, kk Cyrillic and ru."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from briefings.facts.articles import Article
from briefings.facts.load import FactBase, load_facts
from briefings.facts.model import Source
from briefings.intake.dates import find_dates
from briefings.intake.drafts import draft_of
from briefings.intake.entities import find_people
from briefings.intake.events import find_agreements, find_events
from briefings.intake.figures import find_figures
from briefings.intake.names import Gazetteer
from briefings.intake.reading import Reading
from briefings.intake.script import detect_language, key, transliterate, turkic_lower
from briefings.intake.statements import find_statements
from tests.conftest import write_facts

STATES = """\
    # States and leaders the rules should find in any script and inflection.
    organizations:
      - id: azerbaijan
        name: {en: Republic of Azerbaijan, az: Azərbaycan Respublikası, kk: Әзербайжан Республикасы}
        country: AZ
        type: state
        citations: [{source: src-a, paragraph: 2}]
      - id: kazakhstan
        name: {en: Republic of Kazakhstan, az: Qazaxıstan Respublikası, kk: Қазақстан Республикасы}
        country: KZ
        type: state
        citations: [{source: src-a, paragraph: 2}]
    people:
      - id: ilham-aliyev
        name: {en: Ilham Aliyev, az: İlham Əliyev, kk: Ильхам Әлиев}
        country: AZ
        citations: [{source: src-a, paragraph: 3}]
      - id: kassym-jomart-tokayev
        name: {en: Kassym-Jomart Tokayev, az: Kasım-Jomart Tokayev, kk: Қасым-Жомарт Тоқаев}
        country: KZ
        citations: [{source: src-a, paragraph: 3}]
    """


@pytest.fixture
def base(tmp_path: Path) -> FactBase:
    folder = write_facts(tmp_path / "facts")
    (folder / "states.yaml").write_text(textwrap.dedent(STATES), encoding="utf-8")
    loaded = load_facts(folder)
    assert not [p for p in loaded.problems if p.severity == "error"], loaded.problems
    return loaded.base


def reading(base: FactBase, tmp_path: Path, lang: str, *paragraphs: str) -> Reading:
    """Return a Reading of an article made of ``paragraphs``, published 2025-11-12."""
    path = tmp_path / f"article-{lang}.txt"
    path.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    source = Source.model_validate(
        {"id": "src-new", "outlet": "Test", "title": {"en": "T"}, "date": "2025-11-12",
         "language": lang, "file": path.name}
    )  # fmt: skip
    base.sources["src-new"] = source
    return Reading(source, Article.read(path), base, Gazetteer.from_base(base))


def test_turkic_casing_differs_from_python_lower() -> None:
    assert turkic_lower("İLHAM IŞIQ") == "ilham ışıq"
    assert "İLHAM IŞIQ".lower() != "ilham ışıq"  # why the rule exists
    assert key("Тоқаевтың").startswith(key("Токаев"))


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("Ермек Көшербаев", "Yermek Kosherbayev"),
        ("Fərid Şəfiyev", "Farid Shafiyev"),
        ("Ağalar Atamoğlanov", "Agalar Atamoglanov"),
        ("Талғат Каляев", "Talgat Kalyayev"),
        ("Orxan Yolçuyev", "Orkhan Yolchuyev"),
    ],
)
def test_names_are_transliterated_as_the_base_spells_them(name: str, english: str) -> None:
    assert transliterate(name) == english


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Qazaxıstan və Azərbaycan nazirləri görüşüb, ticarət artıb.", "az"),
        ("Қазақстан мен Әзербайжан министрлері кездесті.", "kk"),
        ("Министры Казахстана и Азербайджана встретились в Астане.", "ru"),
        ("The ministers of both countries met in Astana on Monday.", "en"),
    ],
)
def test_language_is_told_by_letters_and_script(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang", "expected", "inferred"),
    [
        ("Görüş 21 oktyabr 2025 tarixində olub.", "az", "2025-10-21", False),
        ("Кездесу 2025 жылғы 12 қараша күні өтті.", "kk", "2025-11-12", False),
        ("Встреча прошла 12 ноября 2025 года.", "ru", "2025-11-12", False),
        ("Martın 3-də nazirlər görüşüb.", "az", "2025-03-03", True),
        ("Səfər 2025-ci ilin oktyabrında olub.", "az", "2025-10", False),
        ("Форум в октябре 2025 года.", "ru", "2025-10", False),
        ("15 dekabr, 2025", "az", "2025-12-15", False),
        (" date 2025-12-15 Başlıq", "az", "2025-12-15", False),
    ],
)
def test_dates_in_three_languages(text: str, lang: str, expected: str, inferred: bool) -> None:
    found = find_dates(text, lang, default_year=2025)
    assert [str(f.date) for f in found] == [expected]
    assert found[0].year_inferred is inferred


@pytest.mark.parametrize(
    ("text", "lang", "record"),
    [
        ("Prezident İlham Əliyevin səfəri uğurlu olub.", "az", "ilham-aliyev"),
        ("Nümayəndə heyəti Qazaxıstanla danışıqlar aparıb.", "az", "kazakhstan"),
        ("Сапар Тоқаевтың бастамасымен өтті.", "kk", "kassym-jomart-tokayev"),
        ("Қазақстан Әзербайжанмен ынтымақтасады.", "kk", "azerbaijan"),
        ("Делегация встретилась с Алиевым.", "ru", "ilham-aliyev"),
        ("Министр прибыл в Азербайджан с визитом.", "ru", "azerbaijan"),
        ("Президент Казахстана Токаев заявил об этом.", "ru", "kassym-jomart-tokayev"),
        ("Елшілігінде Әлім Байелдің баяндамасы тыңдалды.", "kk", "alim-bayel"),
    ],
)
def test_known_names_are_found_inflected_in_three_scripts(
    base: FactBase, text: str, lang: str, record: str
) -> None:
    found = {m.record_id for m in Gazetteer.from_base(base).find(text)}
    assert record in found


def test_a_word_that_only_starts_like_a_name_is_not_it(base: FactBase) -> None:
    found = {
        m.record_id for m in Gazetteer.from_base(base).find("Qazaxıstanlılaşdırılmışlarımızdan")
    }
    assert "kazakhstan" not in found


@pytest.mark.parametrize(
    ("sentence", "lang", "value", "unit", "qualifier"),
    [
        ("Dövriyyə 450 milyon ABŞ dolları olub.", "az", Decimal(450_000_000), "USD", None),
        ("Тасымал 4,5 миллион тонна болды.", "kk", Decimal(4_500_000), "tonnes", None),
        ("Көлем 12 пайызға өсті.", "kk", Decimal(12), "percent", None),
        ("İxrac 18 faiz artıb.", "az", Decimal(18), "percent", None),
        ("Daşımalar 6 dəfə artıb.", "az", Decimal(6), "times", None),
        (
            "Dövriyyə təqribən 300 milyon dollar olub.",
            "az",
            Decimal(300_000_000),
            "USD",
            "approximately",
        ),
        (
            "Айналым шамамен 2 миллиард теңге болды.",
            "kk",
            Decimal(2_000_000_000),
            "KZT",
            "approximately",
        ),
        (
            "Объем составил около 4,5 миллиона тонн.",
            "ru",
            Decimal(4_500_000),
            "tonnes",
            "approximately",
        ),
        ("Товарооборот вырос на 12%.", "ru", Decimal(12), "percent", None),
    ],
)
def test_figures(
    base: FactBase,
    tmp_path: Path,
    sentence: str,
    lang: str,
    value: Decimal,
    unit: str,
    qualifier: str | None,
) -> None:
    figures = list(find_figures(reading(base, tmp_path, lang, sentence)))
    assert len(figures) == 1
    record = figures[0].record
    assert (Decimal(str(record["value"])), record["unit"]) == (value, unit)
    assert record.get("qualifier") == qualifier
    assert record["citations"][0]["quote"] in sentence  # verbatim, verified by Article.find


def test_a_figure_takes_the_year_the_sentence_gives(base: FactBase, tmp_path: Path) -> None:
    given = reading(base, tmp_path, "kk", "Айналым 2024 жылы 450 миллион АҚШ долларын құрады.")
    assert next(find_figures(given)).record["period"] == "2024"
    last_year = reading(base, tmp_path, "az", "Ötən il dövriyyə 450 milyon ABŞ dolları olub.")
    record = next(find_figures(last_year)).record
    assert record["period"] == "2024" and record["inferences"][0]["field"] == "period"


def test_dates_and_years_are_not_figures(base: FactBase, tmp_path: Path) -> None:
    text = "Görüş 21 oktyabr 2025-ci ildə Bakıda 3 saat davam edib."
    assert list(find_figures(reading(base, tmp_path, "az", text))) == []


@pytest.mark.parametrize(
    ("sentence", "lang", "status", "kind"),
    [
        ("Bakıda dəyirmi masa keçirilib.", "az", "held", "round-table"),
        ("Növbəti görüş Astanada keçiriləcək.", "az", "planned", "meeting"),
        ("Астанада дөңгелек үстел өтті.", "kk", "held", "round-table"),
        ("Келесі кездесу Бакуда өтеді.", "kk", "planned", "meeting"),
        ("В Баку состоялась встреча министров.", "ru", "held", "meeting"),
        ("Форум состоится в Астане.", "ru", "planned", "forum"),
    ],
)
def test_events_by_tense(
    base: FactBase, tmp_path: Path, sentence: str, lang: str, status: str, kind: str
) -> None:
    events = find_events(reading(base, tmp_path, lang, sentence))
    assert [(e.record["status"], e.record["type"]) for e in events] == [(status, kind)]


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Görüşün yekununda memorandum imzalanıb.", "az"),
        ("Кездесу соңында меморандумға қол қойылды.", "kk"),
        ("По итогам встречи подписан меморандум.", "ru"),
    ],
)
def test_signed_agreements(base: FactBase, tmp_path: Path, sentence: str, lang: str) -> None:
    article = reading(base, tmp_path, lang, "Qazaxıstan və Azərbaycan nazirləri görüşüb.", sentence)
    agreements = list(find_agreements(article))
    assert len(agreements) == 1 and agreements[0].record["status"] == "signed"
    assert set(agreements[0].record["parties"]) == {"azerbaijan", "kazakhstan"}


@pytest.mark.parametrize(
    ("paragraphs", "lang", "speaker", "kind"),
    [
        (["İlham Əliyev bildirib ki, əlaqələr inkişaf edir."], "az", "ilham-aliyev", "assessment"),
        (["Fərid Şəfiyev forum keçirməyi təklif edib."], "az", "farid-shafiyev", "proposal"),
        (["Әлім Байел ынтымақтастық өскенін атап өтті."], "kk", "alim-bayel", "assessment"),
        (["Тоқаев жаңа форматты ұсынды."], "kk", "kassym-jomart-tokayev", "proposal"),
        (["Токаев заявил, что связи растут."], "ru", "kassym-jomart-tokayev", "position"),
        (["Алиев подчеркнул важность маршрута."], "ru", "ilham-aliyev", "assessment"),
        (["Fərid Şəfiyev çıxış edib.", "O, əməkdaşlığın vacib olduğunu vurğulayıb."], "az",
         "farid-shafiyev", "assessment"),
    ],
)  # fmt: skip
def test_statements_resolve_their_speaker(
    base: FactBase, tmp_path: Path, paragraphs: list[str], lang: str, speaker: str, kind: str
) -> None:
    statements = list(find_statements(reading(base, tmp_path, lang, *paragraphs), []))
    assert [(s.record["speakers"], s.record["type"]) for s in statements][-1] == ([speaker], kind)


def test_a_person_with_a_post_becomes_a_candidate(base: FactBase, tmp_path: Path) -> None:
    text = "Кездесуге Сыртқы істер министрі Ермек Көшербаев қатысты."
    people = list(find_people(reading(base, tmp_path, "kk", text)))
    assert len(people) == 1
    record = people[0].record
    assert record["id"] == "yermek-kosherbayev"
    assert record["name"] == {"en": "Yermek Kosherbayev", "kk": "Ермек Көшербаев"}
    assert "министрі" in record["roles"][0]["title"]["en"]  # a to-do with the post beside it


def test_an_inflected_candidate_is_named_in_the_nominative(base: FactBase, tmp_path: Path) -> None:
    text = "Nazir Qazaxıstanın Baş naziri Oljas Bektenovla görüşüb."
    people = list(find_people(reading(base, tmp_path, "az", text)))
    assert people[0].record["name"] == {"en": "Olzhas Bektenov", "az": "Oljas Bektenov"}
    assert people[0].record["country"] == "KZ"


def test_a_candidate_speaks_later_by_surname(base: FactBase, tmp_path: Path) -> None:
    draft = draft_of(
        reading(
            base, tmp_path, "kk",
            "Кездесуге Сыртқы істер министрі Ермек Көшербаев қатысты.",
            "Көшербаев жаңа бағытты ұсынды.",
        )
    )  # fmt: skip
    assert draft["statements"][0]["speakers"] == ["yermek-kosherbayev"]
    assert draft["statements"][0]["type"] == "proposal"


def test_a_whole_number_before_a_noun_is_a_count(base: FactBase, tmp_path: Path) -> None:
    text = "Müqavilə bazası 120 sənəddən ibarətdir, görüş isə 3 saat davam edib."
    figures = list(find_figures(reading(base, tmp_path, "az", text)))
    assert [(f.record["value"], f.record["unit"]) for f in figures] == [(120, "count")]
    assert "sənəddən" in figures[0].record["counted"]["en"]  # a to-do with the noun beside it


def test_documents_signed_together_are_one_candidate_each(base: FactBase, tmp_path: Path) -> None:
    text = (
        "Görüşdən sonra səhiyyə sahəsində əməkdaşlığa, turizmin inkişafına, "
        "gömrük məsələlərinə dair sənədlər imzalanıb."
    )
    article = reading(base, tmp_path, "az", "Qazaxıstan və Azərbaycan nazirləri görüşüb.", text)
    agreements = list(find_agreements(article))
    assert len(agreements) == 3
    quotes = [a.record["citations"][0]["quote"] for a in agreements]
    assert quotes[1].startswith("turizmin inkişafına") and quotes[2].startswith("gömrük")


def test_the_sides_and_passive_reports_speak_for_those_who_met(
    base: FactBase, tmp_path: Path
) -> None:
    article = reading(
        base, tmp_path, "az",
        "Martın 5-də İlham Əliyev Bakıda Kasım-Jomart Tokayev ilə görüşüb.",
        "Tərəflər ticarətin artımını alqışlayıblar.",
        "Nəqliyyat sahəsində əməkdaşlığın vacibliyi vurğulanıb.",
        "Azərbaycan tərəfi yeni layihə təklif edib.",
    )  # fmt: skip
    statements = list(find_statements(article, []))
    speakers = [s.record["speakers"] for s in statements]
    both = ["ilham-aliyev", "kassym-jomart-tokayev"]
    assert speakers == [both, both, ["azerbaijan"]]
    assert statements[0].record["inferences"][0]["field"] == "speakers"
    assert statements[2].record["type"] == "proposal"


def test_marks_typed_without_their_letters_still_match(base: FactBase, tmp_path: Path) -> None:
    article = reading(base, tmp_path, "az", "Ilham Aliyev vurgulayib ki, elaqeler genislenir.")
    assert [s.record["speakers"] for s in find_statements(article, [])] == [["ilham-aliyev"]]


def test_unknown_states_and_the_outlet_become_organizations(base: FactBase, tmp_path: Path) -> None:
    from briefings.intake.bodies import find_outlet, find_states

    article = reading(
        base, tmp_path, "kk",
        "Қазақстан мен Өзбекстан арасындағы сауда өсті, деп хабарлайды Test.",
    )  # fmt: skip
    states = [c.record for c in find_states(article)]
    assert [(s["id"], s["country"], s["type"]) for s in states] == [("uzbekistan", "UZ", "state")]
    assert [c.record["type"] for c in find_outlet(article)] == ["media"]


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Son beş ildə daşımalar 6 dəfə artıb.", "az"),
        ("Соңғы бес жылда тасымал 6 есе өсті.", "kk"),
        ("За последние 5 лет перевозки выросли в 6 раз.", "ru"),
    ],
)
def test_a_figure_over_the_last_years_spans_them(
    base: FactBase, tmp_path: Path, sentence: str, lang: str
) -> None:
    record = next(find_figures(reading(base, tmp_path, lang, sentence))).record
    assert (record["value"], record["unit"], record["period"]) == (6, "times", "2020/2025")


@pytest.mark.parametrize(
    ("printed", "lang", "value"),
    [
        ("4,5", "kk", "4.5"),
        ("1.200", "az", "1200"),  # CLDR: Azerbaijani groups thousands with a full stop
        ("1 200", "ru", "1200"),
        ("1\u00a0200\u00a0000", "kk", "1200000"),
        ("4.5", "ru", "4.5"),
        ("1,200", "en", "1200"),
    ],
)
def test_numbers_are_read_with_the_languages_cldr_symbols(
    printed: str, lang: str, value: str
) -> None:
    from briefings.intake.figures import number

    assert number(printed, lang) == Decimal(value)


def test_a_headline_and_its_report_are_one_event(base: FactBase, tmp_path: Path) -> None:
    article = reading(
        base, tmp_path, "kk",
        "Астанада дөңгелек үстел өтті",
        "Астанада 10 қарашада дөңгелек үстел өтті, деп хабарлайды Test.",
        "Ұшақ апаты 2024 жылы болды. Жаңа орталықтың ашылуы 2023 жылы болды.",
    )  # fmt: skip
    events = find_events(article)
    first = events[0].record
    assert [c["paragraph"] for c in first["citations"]] == [1, 2]
    assert str(first["date"]) == "2025-11-10" and first["inferences"][0]["field"] == "date"
    assert [e.record["type"] for e in events] == ["round-table", "other", "other"]
