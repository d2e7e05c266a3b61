# ruff: noqa: E501  (an article file holds one paragraph per line, however long)
"""Small articles the intake tests write: our own sentences, in az Latin, kk Cyrillic and ru.

They follow the patterns of agency reports (a date line, a headline, a "… xəbər verir" or
"деп хабарлайды …" signature, posts before names, figures with scale words and units),
never the words of the seed articles.
"""

from __future__ import annotations

KK_TEXT = """\
2025 жылғы 12 қараша
Астанада екі ел министрлерінің кездесуі өтті
Астанада 11 қарашада Қазақстан мен Әзербайжан арасындағы келіссөздер өтті, деп хабарлайды Kazinform.
Келіссөздерге Сыртқы істер министрі Ермек Көшербаев пен Елші Әлім Байел қатысты.
Ермек Көшербаев екі ел арасындағы тауар айналымы 2024 жылы шамамен 450 миллион АҚШ долларын құрағанын атап өтті.
Ол транзиттік тасымал көлемі 12 пайызға өскенін мәлімдеді.
Келесі кездесу 2026 жылғы 15 наурызда Бакуда өтеді.
Кездесу қорытындысы бойынша Қазақстан мен Әзербайжан көлік саласындағы меморандумға қол қойылды.
"""

AZ_TEXT = """\
Bakı, 21 oktyabr 2025
Azərbaycan və Qazaxıstan nazirləri Bakıda görüşüb
Bakıda Azərbaycan ilə Qazaxıstan arasında hökumətlərarası komissiyanın iclası keçirilib, Report xəbər verir.
İclasda Azərbaycanın iqtisadiyyat naziri Rauf Məmmədli və Qazaxıstanın ticarət naziri Arman Sadıqov iştirak ediblər.
Rauf Məmmədli bildirib ki, ötən il ticarət dövriyyəsi təqribən 450 milyon ABŞ dolları olub.
O, həmçinin Qazaxıstanla tranzit daşımalarının 18 faiz artdığını qeyd edib.
Növbəti iclas 2026-cı ilin martında Astanada keçiriləcək.
İclasın yekununda nəqliyyat sahəsində əməkdaşlıq haqqında memorandum imzalanıb.
"""

RU_TEXT = """\
12 ноября 2025
В Астане состоялась встреча министров
12 ноября 2025 года в Астане состоялась встреча министров Казахстана и Азербайджана, сообщает Kazinform.
Министр иностранных дел Казахстана Ермек Кошербаев заявил, что товарооборот вырос на 12 процентов.
По его словам, объем перевозок составил около 4,5 миллиона тонн.
Следующая встреча состоится в Баку в марте 2026 года.
По итогам встречи подписан меморандум о сотрудничестве.
"""


def saved_page(title: str, site: str, date: str, paragraphs: list[str], lang: str) -> str:
    """Return a saved web page: the article among menus, ads, related news and scripts."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T10:00:00+05:00">
<script>window.dataLayer = [{{"event": "pageview"}}];</script>
</head><body>
<nav><ul><li><a href="/">Басты бет</a></li><li><a href="/politics">Саясат</a></li>
<li><a href="/economy">Экономика</a></li><li><a href="/sport">Спорт</a></li></ul></nav>
<div class="banner">Жарнама: жеңілдіктер тек бүгін! Жарнама берушілерге арналған ұсыныс.</div>
<main><article><h1>{title}</h1>
{body}
</article></main>
<aside class="related"><h2>Ұқсас жаңалықтар</h2><ul>
<li><a href="/1">Ауа райы: ертең жаңбыр жауады деп күтілуде</a></li>
<li><a href="/2">Футбол: чемпионаттың үшінші турының қорытындысы</a></li></ul></aside>
<footer>© {site}, барлық құқықтар қорғалған. Байланыс: info@example.org</footer>
<script src="/static/app.js"></script>
</body></html>
"""
