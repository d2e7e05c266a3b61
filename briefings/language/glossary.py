"""The glossary of docs/languages.md as data: preferred terms, allowed Latin, name lists.

One term per concept. The lint reads these tables; fact writers and catalog translators
read docs/languages.md, which lists the same entries with their reasons.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A non-preferred term (a regular expression, matched case-insensitively at a word start)
# and the preferred one.
AVOID: dict[str, dict[str, str]] = {
    "kk": {
        r"мақсатты мерзім": "межелі мерзім",
        r"C6 талдау орталықтарының форум": "C6 аналитикалық орталықтар форумы",
        r"талдау орталықтарының форум": "аналитикалық орталықтар форумы",
        r"флагмандық": "негізгі (жоба)",
        r"пайдаланылуда": "жұмыс істейді (нысан, қор), жүзеге асырылуда (экспорт, жеткізу)",
        r"әріптестер туралы мәлімет": "әңгімелесушілер туралы мәлімет",
        r"\d+-басылым": "1-нұсқа",
        r"терең су энергетикалық кабел": "су асты электр кабелі",
        r"үйлес\s": "үйлесімді",
        r"адалдығын": "бейілділігін",
        r"нормализация": "қалыпқа келтіру",
        r"қалыпқа келтіру үдерісі": "қалыпқа келтіру процесі",
        r"мемлекеттік сапар\w* .{0,40}саммит": "саммитке қатысу үшін сапар (not a state visit)",
    },
    "az": {
        r"təqribən": "təxminən",
        r"çıxışçı": "məruzəçi",
        r"ünite": "şöbə",
        r"istismardadır": "fəaliyyət göstərir / həyata keçirilir",
        r"kim kimdir": "Əsas şəxslər",
        r"hədəf (müddət|tarix)": "nəzərdə tutulan müddət",
        r"flaqman": "əsas (layihə)",
        r"həlqə": "halqa",
        r"şaxələnmiş edəcək": "şaxələndirəcək",
        r"qazaxıstan\w* strateji araşdırma": "Qazaxıstan Strateji Tədqiqatlar İnstitutu (KazISS)",
        r"\d+-(ci|cı|cu|cü) dövlət səfəri.{0,40}sammit": "sammitdə iştirak üçün səfər",
        r"dövlət səfər\w* .{0,60}sammit": "sammitdə iştirak üçün səfər (not a state visit)",
        r"birgə səylər niyyət": "birgə səylər göstərmək niyyəti",
        r"inkişafın ən yüksək": "inkişafının ən yüksək",
        r"buraxılış \d": "1-ci buraxılış",
    },
}

# Latin words allowed inside Kazakh running text, and Latin-script names and abbreviations
# that are not Azerbaijani words but may stand in Azerbaijani text: outlets, brands,
# international abbreviations.
ALLOWED_LATIN: frozenset[str] = frozenset(
    {
        "AIR", "Center", "NK", "AZAL", "AZERTAC", "AzTV", "C6", "COP29", "STEM", "Lab",
        "Report", "Trend", "Metbuat.az", "Kazakhstan", "Today",
        "XII", "III", "II", "IV", "XI", "I", "V", "X",
    }
)  # fmt: skip

# English words that never belong in Azerbaijani running text (Latin script, so the
# lint cannot tell English by its letters).
ENGLISH_WORDS: frozenset[str] = _words(
    """the of and in for with on to by from is are was were be as at this that page edition
    restricted source sources meeting summary figure value target planned held approx
    operational operation under way signed agreement contact contacts relations overview
    briefing official use only"""
)

# Common nouns and adjectives that are written in lower case inside a multiword name.
COMMON_WORDS: dict[str, frozenset[str]] = {
    "kk": _words(
        """тікелей инвестициялар инвестициялық мәдениет күндері кешенді бағдарлама
        бағдарламасы балалар шығармашылығын шығармашылығы дамыту орталығы қоры
        стратегиялық зерттеулер жаңа сапар саммит саммитіне форумы"""
    ),
    "az": _words(
        """birbaşa mədəniyyət günləri kompleks proqram proqramı fondu fond sammit sammiti
        sammitində"""
    ),
}

# Capitalised words that may stand inside a name or after a lower-case word: titles of
# office written with a capital in official Kazakh, and first words of proper names.
ALLOWED_CAPITALS: frozenset[str] = _words(
    """Президент Президенті Президентінің Президентіне Президентімен Премьер-министр
    Премьер-министрі Премьер-министрінің Елші Елшісі Елшілігі Елшілігінде Елшілігінің
    Үкімет Үкіметі Үкіметінің Парламент Парламенті Орта Жолдау Жолдауы Жолдауының
    Prezident Prezidenti Baş Orta Müraciət Müraciəti"""
)

# After these words the name of an institution starts with a capital ("Құрманғазы
# атындағы Балалар шығармашылығын дамыту орталығы", "Kurmanqazı adına Uşaq …").
NAMED_AFTER: frozenset[str] = frozenset({"атындағы", "adına"})

# Place names whose pairs take an en dash ("Баку–Тбилиси–Джейхан", "Azərbaycan–Qazaxıstan").
TOPONYMS: dict[str, tuple[str, ...]] = {
    "kk": ("Әзербайжан", "Қазақстан", "Өзбекстан", "Армения", "Баку", "Астана", "Тбилиси",
           "Джейхан", "Еуропа", "Азия", "Түркия", "Ресей", "Иран", "Қытай"),
    "az": ("Azərbaycan", "Qazaxıstan", "Özbəkistan", "Ermənistan", "Bakı", "Astana", "Tbilisi",
           "Ceyhan", "Avropa", "Asiya", "Türkiyə", "Rusiya", "İran", "Çin"),
}  # fmt: skip
