"""Word lists per language (az, kk, ru): months from Babel's CLDR, the rest hand-kept.

Every list names patterns of the language (scale words, units, reporting verbs, posts),
never the words of any one article. Entries are spelled as printed; the rules compare
their matching keys (see `script.key`) with a word's beginning, so inflected forms
(Azerbaijani and Kazakh endings, Russian declension) are found from one stem.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from babel import Locale

from briefings.intake.script import key

LANGS = ("az", "kk", "ru")
_STRIP_ENDING = "аяеьйыиі"  # a Russian or Kazakh month's ending, dropped to make its stem


@cache
def month_stems(lang: str) -> dict[str, int]:
    """Return month stems (matching keys) → month number, from CLDR's wide month names."""
    locale = Locale.parse(lang)
    stems: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in locale.months[context]["wide"].items():
            stem = key(name)
            if len(stem) > 3 and stem[-1] in _STRIP_ENDING:
                stem = stem[:-1]
            elif len(stem) == 3 and stem[-1] in _STRIP_ENDING:
                stem = stem[:-1]  # "май", "мая" → "ма", matched with one ending only
            stems.setdefault(stem, number)
    return stems


def month_pattern(lang: str) -> str:
    """Return a regex alternative that matches an inflected month name (on matching keys)."""
    parts = []
    for stem in sorted(month_stems(lang), key=len, reverse=True):
        parts.append(stem + ("[йяею]" if len(stem) < 3 else r"\w{0,6}"))
    return "(?:" + "|".join(parts) + ")"


SCALES: dict[str, Decimal] = {
    # az
    "min": Decimal(10) ** 3, "milyon": Decimal(10) ** 6, "milyard": Decimal(10) ** 9,
    "trilyon": Decimal(10) ** 12, "mln": Decimal(10) ** 6, "mlrd": Decimal(10) ** 9,
    # kk
    "мың": Decimal(10) ** 3, "миллион": Decimal(10) ** 6, "миллиард": Decimal(10) ** 9,
    "трлн": Decimal(10) ** 12, "млн": Decimal(10) ** 6, "млрд": Decimal(10) ** 9,
    # ru
    "тыс": Decimal(10) ** 3, "тысяч": Decimal(10) ** 3, "триллион": Decimal(10) ** 12,
}  # fmt: skip

# Unit phrases (matching keys, word beginnings) → the model's unit; longest first wins.
UNITS: dict[str, str] = {
    "abş dollar": "USD", "dollar": "USD", "avro": "EUR", "manat": "AZN", "tenge": "KZT",
    "ton": "tonnes", "faiz": "percent", "%": "percent", "dəfə": "times",
    "АҚШ доллар": "USD", "доллар": "USD", "еуро": "EUR", "евро": "EUR", "манат": "AZN",
    "тенге": "KZT", "тонна": "tonnes", "тонн": "tonnes", "пайыз": "percent", "есе": "times",
    "процент": "percent", "раз": "times",
}  # fmt: skip

# Words before a number that qualify it; and words after its unit that do.
QUALIFIERS_BEFORE: dict[str, str] = {
    "təqribən": "approximately", "təxminən": "approximately", "шамамен": "approximately",
    "около": "approximately", "примерно": "approximately", "порядка": "approximately",
    "свыше": "more-than", "более": "more-than", "больше": "more-than", "ən azı": "more-than",
    "менее": "less-than", "до": "up-to",
}  # fmt: skip
QUALIFIERS_AFTER: dict[str, str] = {
    "çox": "more-than", "artıq": "more-than", "астам": "more-than", "аса": "more-than",
    "шамасында": "approximately", "қадар": "up-to", "qədər": "up-to", "az": "less-than",
    "кем": "less-than",
}  # fmt: skip

# Reported speech: verb phrase (keys) → statement type.
SPEECH_VERBS: dict[str, str] = {
    "bildirib": "assessment", "deyib": "assessment", "qeyd edib": "assessment",
    "vurğulayıb": "assessment", "təklif edib": "proposal", "təşəkkür edib": "thanks",
    "bəyan edib": "position", "açıqlayıb": "announcement",
    "атап өтті": "assessment", "деді": "assessment", "мәлімдеді": "position",
    "жеткізді": "assessment", "ұсынды": "proposal", "алғыс": "thanks", "айтты": "assessment",
    "бағалады": "assessment", "qiymətləndirib": "assessment", "оценил": "assessment",
    "заявил": "position", "отметил": "assessment", "подчеркнул": "assessment",
    "предложил": "proposal", "сообщил": "announcement", "поблагодарил": "thanks",
    "сказал": "assessment",
}  # fmt: skip

# Event verbs (keys, word beginnings): held, planned, signed.
HELD_VERBS = (
    "keçirilib", "keçirildi", "baş tutub", "baş tutdu", "keçirilmiş", "keçirilən", "baş vermiş",
    "görüşüb", "görüşdü", "danışıqlar aparıb", "кездесті", "өткен", "өткізілген",
    "встретил", "провели переговоры", "прошедш", "состоявш", "проведенн",
    "өтті", "өткізілді", "болып өтті",
    "состоял", "прошел", "прошла", "прошло", "проведен", "провели",
)  # fmt: skip
PLANNED_VERBS = (
    "keçiriləcə", "baş tutaca", "planlaşdırılır", "nəzərdə tutulur",  # -cək/-cəyi: k → y
    "өтеді", "өткізіледі", "өтпек", "жоспарланып",
    "состоится", "пройдет", "будет проведен", "планируется", "запланирован",
)  # fmt: skip
SIGNED_VERBS = (
    "imzalanıb", "imzalandı", "imzalanmışdır", "imzalayıb", "imzaladı", "imzalanma",
    "қол қойылды", "қол қойды",
    "подписан", "подписал", "подписали", "подписание",
)  # fmt: skip

# Event kinds by the noun that names them (keys, word beginnings).
EVENT_NOUNS: dict[str, str] = {
    "dəyirmi masa": "round-table", "дөңгелек үстел": "round-table", "круглый стол": "round-table",
    "görüş": "meeting", "кездесу": "meeting", "встреч": "meeting", "danışıq": "meeting",
    "келіссөз": "meeting", "переговор": "meeting", "sammit": "summit", "саммит": "summit",
    "forum": "forum", "форум": "forum", "səfər": "visit", "сапар": "visit", "визит": "visit",
    "iclas": "meeting", "отырыс": "meeting", "заседани": "meeting", "konfrans": "forum",
    "конференц": "forum", "oyun": "other", "ойын": "other", "игр": "other",
    "ildönüm": "other", "illiy": "other", "мерейтой": "other", "годовщин": "other",
    "qəza": "other", "апат": "other", "катастроф": "other", "авари": "other",
    "açılış": "other", "ашылу": "other", "открыти": "other", "кездесті": "meeting",
    "görüşüb": "meeting", "görüşdü": "meeting", "встретил": "meeting",
}  # fmt: skip

# Posts: the noun of a person's title (keys, word beginnings), per language.
POSTS: tuple[str, ...] = (
    "prezident", "baş nazir", "nazir", "səfir", "sədr", "direktor", "müavin", "deputat",
    "ekspert", "rəhbər", "nümayəndə", "katib", "başçı", "sözçü", "rektor", "spiker",
    "президент", "премьер-министр", "министр", "елші", "төраға", "директор", "орынбасар",
    "депутат", "сарапшы", "басшы", "хатшы", "өкіл", "спикер", "ректор",
    "посол", "председател", "заместител", "эксперт", "глава", "руководител", "секретар",
    "представител",
)  # fmt: skip

# Organizations: the head noun of an institution's name → its type in the model.
ORG_HEADS: dict[str, str] = {
    "nazirliy": "ministry", "mərkəz": "think-tank", "institut": "think-tank",
    "şura": "other", "agentliy": "other", "fond": "fund", "təşkilat": "international",
    "universitet": "other", "komitə": "other", "səfirliy": "embassy", "bank": "company",
    "şirkət": "company", "parlament": "parliament", "məclis": "parliament",
    "министрлі": "ministry", "орталы": "think-tank", "институт": "think-tank",
    "кеңес": "other", "агенттігі": "other", "қоры": "fund", "ұйым": "international",
    "университет": "other", "комитет": "other", "елшілі": "embassy", "банк": "company",
    "министерств": "ministry", "центр": "think-tank", "совет": "other", "агентств": "other",
    "фонд": "fund", "организац": "international", "посольств": "embassy",
    "компани": "company", "akademiya": "other", "академия": "other", "klub": "ngo",
    "клуб": "ngo", "assosiasiya": "ngo", "қауымдастығ": "ngo", "ассоциаци": "ngo",
    "palata": "other", "палата": "other", "kabinet": "government", "кабинет": "government",
    "xidməti": "other", "қызметі": "other", "служба": "other",
}  # fmt: skip

# Pronouns that take up the last speaker ("o", "ол", "он", "она", "diplomat" …).
ANAPHORA: tuple[str, ...] = (
    "o", "ол", "он", "она", "diplomat", "дипломат", "nazir", "министр", "səfir", "елші",
    "посол", "ekspert", "сарапшы", "эксперт", "spiker",
)  # fmt: skip

# Words that make a sentence's time relative: "last year", "this year".
LAST_YEAR = ("ötən il", "keçən il", "былтыр", "өткен жыл", "прошлом году", "прошлого года")
THIS_YEAR = ("bu il", "биыл", "осы жыл", "этом году", "этого года", "текущем году")

# "The sides" as a subject, and reported speech in the passive ("it was noted"): both
# speak for the article's principal people (the heads of the delegations).
SIDES = (
    "tərəflər", "hökumət başçıları", "dövlət başçıları", "тараптар", "үкімет басшылары",
    "мемлекет басшылары", "стороны", "главы правительств", "главы государств",
)  # fmt: skip
PASSIVE_SPEECH = (
    "qeyd olunub", "qeyd edilib", "vurğulanıb", "bildirilib", "təsdiqlənib", "alqışlanıb",
    "müzakirə olunub", "müzakirə edilib", "dəstəklənib", "diqqət yetirilib", "razılaşdırılıb",
    "атап өтілді", "айтылды", "талқыланды", "қолдау білдірілді", "назар аударылды",
    "отмечено", "отмечалось", "подчеркнуто", "подчеркивалось", "обсуждены", "обсуждались",
    "обсудили", "договорились",
)  # fmt: skip

# "According to him", "in the expert's view": speech whose speaker stands in the genitive
# just before, or is the last one who spoke.
SPEECH_MARKERS = (
    "sözlərinə görə", "fikrincə", "sözlərinə əsasən", "əlavə edib", "əlavə olaraq bildirib",
    "айтуынша", "пікірінше", "сөзінше", "қосты", "по словам", "по мнению", "добавил",
)  # fmt: skip
# "The Azerbaijani side" speaks for its state: the word after a state's name.
SIDE_OF_STATE = ("tərəfi", "tərəfindən", "тарапы", "тарапынан", "сторона", "стороной")
# "A met B", "held talks": the verbs that open an article about a meeting.
MEETING_VERBS = (
    "görüşüb", "görüşdü", "görüş keçirib", "danışıqlar aparıb", "qəbul edib",
    "кездесті", "кездесу өткізді", "келіссөздер жүргізді", "қабылдады",
    "встретил", "провели переговоры", "провел переговоры", "принял",
)  # fmt: skip

# Words after a number that measure time or order, not a count of things.
NOT_COUNTED = (
    "il", "ay", "gün", "həftə", "saat", "dəqiqə", "illi", "nömrə", "yaş", "dəfə",
    "жыл", "ай", "күн", "апта", "сағат", "минут", "жас", "есе",
    "год", "лет", "месяц", "день", "дня", "дней", "недел", "час", "минут", "раз", "процент",
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
)  # fmt: skip

# Small numbers written as words ("son beş ildə", "соңғы бес жылда", "за последние пять лет").
NUMBER_WORDS: dict[str, int] = {
    "bir": 1, "iki": 2, "üç": 3, "dörd": 4, "beş": 5, "altı": 6, "yeddi": 7, "səkkiz": 8,
    "doqquz": 9, "on": 10, "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6,
    "жеті": 7, "сегіз": 8, "тоғыз": 9, "он": 10, "один": 1, "два": 2, "три": 3, "четыре": 4,
    "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
}  # fmt: skip
# "In the last N years": the words before and after N.
LAST_N = ("son", "соңғы", "последние")
YEARS = ("il", "жыл", "лет", "год")
