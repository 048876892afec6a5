"""The date grammar and its resolution, as a table of French text → span and EDTF value.

Each example marks the expected dates inline: ``<DATE value=2003-04>avril 2003</DATE>``;
text outside the tags must yield no date (negatives). The document's date, when the
case has one, resolves days and months without a year and relative expressions.
"""

from __future__ import annotations

import pytest

from pipeline.dates import document_date, find_dates, resolve_dates
from pipeline.dates.models import Point
from pipeline.text import clean_for_nlp
from tests.markup import parse

CASES: list[tuple[str, Point | None]] = [
    # NATO headers: English month abbreviations and a time
    ("Mis à jour le: <DATE value=2023-10-13T15:52:00>13 Oct. 2023 15:52</DATE>", None),
    ("• <DATE value=2022-05-30T09:21:00>30 May. 2022 09:21</DATE>", None),
    ("• <DATE value=2016-01-29>29 Jan. 2016</DATE> -", None),
    ("<DATE value=2014-12-09>09 Dec. 2014</DATE>", None),
    ("<DATE value=2021-04-15T20:15:00>15 avr. 2021 · 20h15</DATE>", None),
    ("<DATE value=2025-06-23T11:40:00>23 juin 2025 11:40</DATE>", None),
    # full dates
    ("le <DATE value=2006-10-04>4 octobre 2006</DATE>", None),
    ("le <DATE value=2020-01-01>1er janvier 2020</DATE>", None),
    ("<DATE value=2006-12-04>lundi 4 décembre 2006</DATE>", None),
    ("<DATE value=2006-12-04>4 déc. 2006</DATE>", None),
    ("<DATE value=2024-05-13>Lundi 13 mai 2024</DATE>, le Centre a ouvert", None),
    ("le <DATE value=2019-10-24>jeudi 24 octobre 2019</DATE>", None),
    ("le <DATE value=2018-02-28>28 février 2018</DATE>", None),
    ("le <DATE value=2018-08-15>15 août 2018</DATE>", None),
    # numeric dates
    ("Publié le <DATE value=2012-04-18>18/04/2012</DATE>", None),
    ("Article, <DATE value=2018-03-12>12.03.2018</DATE>", None),
    ("Genève, <DATE value=2018-04-03>3.4.2018</DATE>", None),
    ("le <DATE value=2019-03-12>2019-03-12</DATE>", None),
    ("date <DATE value=2018-01>2018-01</DATE> — Addis-Abeba", None),
    # month and year, years
    ("En <DATE value=2003-04>avril 2003</DATE>, l'Ouzbékistan", None),
    ("en <DATE value=1995>1995</DATE>", None),
    ("l'édition <DATE value=2012>2012</DATE> de la conférence", None),
    ("la loi du <DATE value=2013-03-19>19 mars 2013</DATE>", None),
    # intervals
    ("<DATE value=2013/2017>de 2013 à 2017</DATE>", None),
    ("<DATE value=1999/2008>De 1999 à 2008</DATE>, des soldats", None),
    ("<DATE value=2010/2014>entre 2010 et 2014</DATE>", None),
    ("<DATE value=2003/2013>Entre 2003 et 2013</DATE>", None),
    ("<DATE value=2015-03/2015-05>de mars à mai 2015</DATE>", None),
    ("<DATE value=1995-12/2004-12>de décembre 1995 à décembre 2004</DATE>", None),
    ("<DATE value=2011-05-25/2011-05-27>du 25 au 27 mai 2011</DATE>", None),
    ("<DATE value=2008-07-22/2008-07-29>du 22 au 29 juillet 2008</DATE>", None),
    ("<DATE value=2019/2021>2019-2021</DATE>", None),
    ("<DATE value=2021/2024>2021–2024</DATE>", None),
    ("<DATE value=2015/2017>2015-17</DATE>", None),
    ("<DATE value=2007-09-21/2007-09-25>21-25 sep. 2007</DATE>", None),
    ("<DATE value=2001-11-02/2001-11-13>2-13 novembre 2001</DATE>", None),
    ("<DATE value=2016-05/2019-05>mai 2016-mai 2019</DATE>", None),
    ("les <DATE value=2016-01-19/2016-01-20>19 et 20 janvier</DATE>", Point(2016, 1, 29)),
    ("<DATE value=2017-01-19/2017-01-20>du 19 au 20 janvier</DATE>", Point(2017, 3, 1)),
    ("<DATE value=2022-02-24/2022-03-01>Entre le 24 février et le 1er mars</DATE>", Point(2022, 3, 3)),
    ("<DATE value=2022/2024>de 2022 à 2024</DATE>", None),
    # open intervals
    ("<DATE value=1993/..>Depuis 1993</DATE>, l'Ouzbékistan", None),
    ("<DATE value=2015-01-01/..>depuis le 1er janvier 2015</DATE>", None),
    ("<DATE value=1994-05/..>depuis mai 1994</DATE>", None),
    ("<DATE value=2002/..>À partir de 2002</DATE>", None),
    ("<DATE value=2007-06/..>à partir de juin 2007</DATE>", None),
    ("<DATE value=2004/..>dès 2004</DATE>", None),
    ("<DATE value=../2017>jusqu'en 2017</DATE>", None),
    ("<DATE value=../2021>jusqu’en 2021</DATE>", None),
    ("<DATE value=../2026-06-30>jusqu’au 30 juin 2026</DATE>", None),
    ("<DATE value=../2019-08-23>jusqu'au 23 août 2019</DATE>", None),
    ("<DATE value=1990/..>depuis les années 1990</DATE>", None),
    # decades and centuries
    ("dans <DATE value=199X>les années 1990</DATE>", None),
    ("Lancés dans <DATE value=197X>les années 1970</DATE>", None),
    ("au <DATE value=19XX>XXe siècle</DATE>", None),
    ("au <DATE value=20XX>XXIe siècle</DATE>", None),
    # relative expressions, resolved against the preceding date
    (
        "En <DATE value=2003-04>avril 2003</DATE>, puis en Roumanie <DATE value=2003>la même année</DATE>.",
        None,
    ),
    (
        "en <DATE value=1996-12>décembre 1996</DATE>, puis au CPEA <DATE value=1997>l’année suivante</DATE>",
        None,
    ),
    (
        "En <DATE value=2005-06>juin 2005</DATE>, approuvé en <DATE value=2005-12>décembre de la même année</DATE>.",
        None,
    ),
    ("en <DATE value=2005-06>juin 2005</DATE>; la Géorgie <DATE value=2004>l’année précédente</DATE>", None),
    ("en <DATE value=2002-02>février 2002</DATE>. <DATE value=2002>Cette année-là</DATE>, Douchanbé", None),
    ("en <DATE value=2010-05>mai 2010</DATE>, et <DATE value=2010-06>le mois suivant</DATE>", None),
    ("le <DATE value=2010-05-04>4 mai 2010</DATE>, et <DATE value=2010-05-03>la veille</DATE>", None),
    ("le <DATE value=2010-05-04>4 mai 2010</DATE>, puis <DATE value=2010-05-05>le lendemain</DATE>", None),
    ("en <DATE value=2009>2009</DATE>, puis <DATE value=2012>trois ans plus tard</DATE>", None),
    # relative expressions, resolved against the document's date
    ("l’ICI fête <DATE value=2024>cette année</DATE> son 20e anniversaire", Point(2024, 5, 13)),
    ("<DATE value=2023>l'an dernier</DATE>", Point(2024, 5, 13)),
    ("en <DATE value=2023-11>novembre dernier</DATE>", Point(2024, 5, 13)),
    ("<DATE value=2021-04-15>15 avril</DATE>", Point(2021, 4, 15)),
    # days and months without a year
    ("le <DATE value=2006-10-04>4 octobre</DATE>", Point(2006, 10, 4)),
    ("le <DATE value=XXXX-10-04>4 octobre</DATE>", None),
    ("<DATE value=2018-12-23>23 décembre</DATE>", Point(2018, 12, 30)),
    ("en <DATE value=2011-07>juillet</DATE>", Point(2011, 5, 31)),
    ("le <DATE value=2023-12-15>15 décembre</DATE>", Point(2024, 1, 10)),
    ("<DATE value=2018-01-27>Samedi 27 janvier</DATE>", Point(2018, 1)),
    # negatives: no date here
    ("la résolution 1325 du Conseil de sécurité", None),
    ("2 000 soldats et 1 500 participants", None),
    ("depuis dix ans, pendant trois mois, deux ans", None),
    ("Affichage des résultats 401 à 410 sur 2 157", None),
    ("C/08/207 11666/1/08 REV 1 et AG/AB/4372", None),
    ("le taux plafond de 22 % continue", None),
    ("les 2885e et 2886e sessions du Conseil", None),
    ("1984 participants ont assisté", None),
    ("l'article 2019 du code", None),
    ("aujourd’hui, récemment, actuellement, ce jour", None),
    ("Shutterstock 118755232 (2)", None),
]


@pytest.mark.parametrize(("markup", "document"), CASES, ids=[c[0][:60] for c in CASES])
def test_date_table(markup: str, document: Point | None) -> None:
    text, expected = parse(markup)
    expressions = find_dates(clean_for_nlp(text))
    resolved = resolve_dates(expressions, document)
    found = [(r.expression.start, r.expression.end, r.value) for r in resolved]
    assert found == [(e.start, e.end, e.attrs["value"]) for e in expected]


def test_missing_year_never_takes_todays_date() -> None:
    [resolved] = resolve_dates(find_dates("le 4 octobre"), None)
    assert resolved.value == "XXXX-10-04"


def test_past_tense_moves_a_later_day_to_the_previous_year() -> None:
    expressions = find_dates("le 20 juin")
    [past] = resolve_dates(expressions, Point(2021, 6, 1), ["past"])
    [future] = resolve_dates(expressions, Point(2021, 6, 1), ["future"])
    assert (past.value, future.value) == ("2020-06-20", "2021-06-20")


def test_relative_expression_without_anchor_is_dropped() -> None:
    assert resolve_dates(find_dates("la même année"), None) == []


def test_relative_expression_falls_back_on_the_document_date() -> None:
    [resolved] = resolve_dates(find_dates("la même année"), Point(2019, 3, 1))
    assert (resolved.value, resolved.anchor) == ("2019", "document")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "Titre\n\n  • 24 Oct. 2019 -\n  • |\n  • Mis à jour le: 28 Oct. 2019 14:06\n\nTexte.",
            Point(2019, 10, 24),
        ),
        (
            "Relations\n\n  • Mis à jour le: 13 Oct. 2023 15:52\n\nEn avril 2003, le pays a accueilli le premier exercice du Centre de coordination.",
            Point(2023, 10, 13, 15, 52),
        ),
        (
            "Accueil\nDernière mise à jour le 12 janvier 2023\n\nLa loi du 19 mars 2013 relative à la coopération au développement, texte long de plus de quatre-vingts caractères.",
            Point(2023, 1, 12),
        ),
        (
            "Ressources\n\nAddis Abeba, le 30 décembre 2018 – Le président suit les élections.",
            Point(2018, 12, 30),
        ),
        ("Sans date du tout.", None),
    ],
)
def test_document_date_from_header(header: str, expected: Point | None) -> None:
    text = clean_for_nlp(header)
    found = document_date(text, find_dates(text))
    assert (found.first if found else None) == expected
