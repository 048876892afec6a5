"""The date grammar and its resolution, as a table of French text → span and EDTF value.

Each example marks the expected dates inline: ``<DATE value=2003-04>avril 2003</DATE>``;
text outside the tags must yield no date (negatives). The document's date, when the
case has one, resolves days and months without a year and relative expressions.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from bulletins.extraction.dates import document_date, find_dates, resolve_dates
from bulletins.extraction.dates.models import DroppedDate, Point
from bulletins.extraction.text import clean_for_nlp
from tests.helpers import run_text
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
    # more points, in the forms bulletins use
    ("Bruxelles, le <DATE value=2019-03-12>12 mars 2019</DATE>", None),
    ("<DATE value=2019-03-01>1er mars 2019</DATE>", None),
    ("le <DATE value=2021-05-01>premier mai 2021</DATE>", None),
    ("<DATE value=2015-09-18>vendredi 18 septembre 2015</DATE>", None),
    ("<DATE value=2015-09-20>Dimanche 20 septembre 2015</DATE>", None),
    ("<DATE value=2020-02-29>29 février 2020</DATE>", None),
    ("<DATE value=2017-08-15>15 aout 2017</DATE>", None),
    ("<DATE value=2008-12-10>10 decembre 2008</DATE>", None),
    ("<DATE value=2011-01-15>15 janv. 2011</DATE>", None),
    ("<DATE value=2011-02-15>15 févr. 2011</DATE>", None),
    ("<DATE value=2011-07-14>14 juil. 2011</DATE>", None),
    ("<DATE value=2011-09-14>14 sept. 2011</DATE>", None),
    ("<DATE value=2011-11-11>11 nov. 2011</DATE>", None),
    ("<DATE value=2009-04-03>03 Apr. 2009</DATE>", None),
    ("<DATE value=2009-06-12T10:30:00>12 Jun. 2009 10:30</DATE>", None),
    ("<DATE value=2009-07-01>01 Jul. 2009</DATE>", None),
    ("<DATE value=2009-08-21T08:05:00>21 Aug. 2009 08:05</DATE>", None),
    ("<DATE value=2009-09-30>30 Sep. 2009</DATE>", None),
    ("<DATE value=2010-11-19>19 Nov. 2010</DATE>", None),
    ("<DATE value=2014-02-05>5 February 2014</DATE>", None),
    ("<DATE value=2022-06-28T18:00:00>28 juin 2022 à 18h00</DATE>", None),
    ("<DATE value=2012-04-18>18.04.2012</DATE>", None),
    ("<DATE value=2012-04-08>8/4/2012</DATE>", None),
    ("<DATE value=2023-02-02>2023-02-02</DATE>", None),
    ("<DATE value=2001-09>septembre 2001</DATE>", None),
    ("<DATE value=1989-11>Novembre 1989</DATE>", None),
    ("<DATE value=2020-08>août 2020</DATE>", None),
    ("au cours de <DATE value=1999>1999</DATE>,", None),
    ("le sommet de <DATE value=2002>2002</DATE> à Prague", None),
    # more intervals and bounds
    ("<DATE value=2008-07-22/2008-07-29>22 au 29 juillet 2008</DATE>", None),
    ("<DATE value=2018-12-30/2019-01-02>du 30 décembre 2018 au 2 janvier 2019</DATE>", None),
    ("<DATE value=2022-02-28/2022-03-03>du 28 février au 3 mars 2022</DATE>", None),
    ("<DATE value=2014-09-04/2014-09-05>les 4 et 5 septembre 2014</DATE>".replace("les ", ""), None),
    ("<DATE value=2019-04-01/2019-04-03>1er-3 avril 2019</DATE>", None),
    ("<DATE value=2019/2020>2019/2020</DATE>", None),
    ("<DATE value=2010/2011>2010-11</DATE>", None),
    ("<DATE value=1990/1999>entre 1990 et 1999</DATE>", None),
    ("<DATE value=2004-03/2004-06>de mars à juin 2004</DATE>", None),
    ("<DATE value=2016-01/2017-06>de janvier 2016 à juin 2017</DATE>", None),
    ("<DATE value=2001/2014>De 2001 à 2014</DATE>", None),
    ("<DATE value=../2030>d'ici 2030</DATE>", None),
    ("<DATE value=../2030>d’ici à 2030</DATE>", None),
    ("<DATE value=../2020>jusqu’à 2020</DATE>", None),
    ("<DATE value=2020-03-16/..>depuis le 16 mars 2020</DATE>", None),
    ("<DATE value=2011/..>dès 2011</DATE>", None),
    ("<DATE value=2006-09/..>dès septembre 2006</DATE>", None),
    ("<DATE value=2019-01-01/..>à compter du 1er janvier 2019</DATE>", None),
    ("<DATE value=2018-02/..>Depuis février 2018</DATE>", None),
    ("<DATE value=2000/..>depuis les années 2000</DATE>", None),
    ("<DATE value=1999-06/..>depuis juin 1999</DATE>", None),
    ("<DATE value=../2019-12-31>jusqu'au 31 décembre 2019</DATE>", None),
    # more decades and centuries
    ("au début des <DATE value=200X>années 2000</DATE>", None),
    ("dans <DATE value=199X>les années 90</DATE>", None),
    ("<DATE value=196X>Les années 1960</DATE> ont vu", None),
    ("au <DATE value=18XX>XIXe siècle</DATE>", None),
    ("au <DATE value=20XX>21e siècle</DATE>", None),
    ("le <DATE value=20XX>XXIème siècle</DATE>", None),
    # more relative expressions
    ("en <DATE value=2016>2016</DATE> : <DATE value=2016>cette année-là</DATE>, les chefs d'État", None),
    ("En <DATE value=2009-05>mai 2009</DATE> … <DATE value=2009>La même année</DATE>, le BIDDH", None),
    ("en <DATE value=2007-11>novembre 2007</DATE>. <DATE value=2008>L'année suivante</DATE>, l'unité", None),
    ("Créé en <DATE value=2012>2012</DATE>, il a fermé <DATE value=2015>trois ans plus tard</DATE>.", None),
    (
        "Fondé en <DATE value=1995>1995</DATE>, l'institut a ouvert <DATE value=1993>deux ans plus tôt</DATE> une antenne.",
        None,
    ),
    (
        "le <DATE value=2014-03-18>18 mars 2014</DATE> ; <DATE value=2014-03-18>le même jour</DATE>, Kiev",
        None,
    ),
    ("en <DATE value=2010-10>octobre 2010</DATE> ; <DATE value=2010-09>le mois précédent</DATE>, déjà", None),
    ("<DATE value=2025>l'année prochaine</DATE>", Point(2024, 11, 2)),
    ("<DATE value=2025>l'an prochain</DATE>", Point(2024, 11, 2)),
    ("<DATE value=2023>l’année dernière</DATE>", Point(2024, 11, 2)),
    ("en <DATE value=2025-06>juin prochain</DATE>", Point(2024, 11, 2)),
    ("en <DATE value=2024-10>octobre dernier</DATE>", Point(2024, 11, 2)),
    ("<DATE value=2024-11-05>ce mardi</DATE>", Point(2024, 11, 7)),
    ("<DATE value=2024-10>le mois dernier</DATE>", Point(2024, 11, 7)),
    # more days and months resolved against the document's date
    ("<DATE value=2016-01-26>mardi 26 janvier</DATE>", Point(2016, 1, 29)),
    ("<DATE value=2021-10-07>jeudi 7 octobre</DATE>", Point(2021, 10, 6)),
    ("en <DATE value=2021-12>décembre</DATE>", Point(2021, 10, 6)),
    ("<DATE value=2017-05-30>mardi 30 mai</DATE>", Point(2017, 5, 31)),
    ("<DATE value=2012-04-16/2012-04-17>16 et 17 avril</DATE>", Point(2012, 4, 18)),
    ("<DATE value=2018-07-20>20 juillet</DATE>", Point(2018, 6, 7)),
    ("<DATE value=2019-01-03>3 janvier</DATE>", Point(2018, 12, 20)),
    ("<DATE value=XXXX-02-26>26 février</DATE>", None),
    ("en <DATE value=XXXX-06>juin</DATE>", None),
    # a word after the date, or the bound before it, says which way it lies
    ("<DATE value=2003-09-01/..>A compter du 1er septembre prochain</DATE>", Point(2003, 2, 7)),
    ("sans club <DATE value=2002-01/..>depuis janvier</DATE>", Point(2002, 9, 13)),
    ("<DATE value=../1999-06-30>d'ici le 30 juin</DATE>", Point(1999, 5, 21)),
    ("le <DATE value=1999-05-06>6 mai dernier</DATE>", Point(1999, 5, 27)),
    ("les <DATE value=2003-04-13>13 avril prochains</DATE>", Point(2003, 2, 24)),
    ("<DATE value=1999-09-16>jeudi 16 septembre</DATE>", Point(1999, 9, 4)),
    # more negatives
    ("Tél. : +41 58 462 2011", None),
    ("appelez le +32 2 707 2019", None),
    ("la décision n° 2019-03 du Conseil", None),
    ("le document n°2014-12", None),
    ("au paragraphe 2010 de l’annexe", None),
    ("un budget de 2015 euros", None),
    ("2021 réfugiés ont été accueillis", None),
    ("le score final de 3-2", None),
    ("une hausse de 2019 %", None),
    ("la résolution S/RES/2231 et la résolution 2231", None),
    ("il y a deux ans, puis pendant six mois", None),
    ("hier, demain et ce jour", None),
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
    # page headers and datelines, in the layouts of NATO, EU, UN, AU, OSCE and ministry pages
    ("Mise à jour: <DATE value=2002-09-08>08-Sep-2002</DATE> Revue de l'OTAN", None),
    ("Last updated: <DATE value=2001-09-21T16:27:00>21-Sep-2001 16:27</DATE>", None),
    ("<DATE value=2008-03-10T15:47:00>10-Mar-2008 15:47</DATE>", None),
    ("Vienne, <DATE value=2012-10-15>15.X.2012</DATE>", None),
    ("<DATE value=2022-06-06T17:15:00>06/06/2022 17:15:00</DATE>", None),
    ("<DATE value=2022-06-06T17:15:42>06/06/2022 17:15:42</DATE>", None),
    ("<DATE value=2020-04-24>24 avr. 2020</DATE> ROME – Le directeur", None),
    ("<DATE value=2019-10-24>2019-10-24</DATE>", None),
    # a date cut by a line break
    ("en <DATE value=2006-11>novembre\n2006</DATE>, le Conseil", None),
    ("le <DATE value=2006-11-04>4\nnovembre 2006</DATE>", None),
    # relative expressions: a capital, « le même mois », one expression for « 16 mars de cette année-là »
    ("En <DATE value=2009>2009</DATE>, puis… <DATE value=2011>Deux ans plus tard</DATE>, le pays", None),
    ("en <DATE value=2010-05>mai 2010</DATE>, et <DATE value=2010-05>le même mois</DATE>", None),
    (
        "En <DATE value=2001>2001</DATE>, puis le <DATE value=2001-03-16>16 mars de cette année-là</DATE>",
        None,
    ),
    ("le <DATE value=2024-03-16>16 mars de cette année</DATE>", Point(2024, 5, 13)),
    (
        "en <DATE value=2001>2001</DATE>, le <DATE value=2001-03-16>16 mars de cette même année</DATE>",
        Point(2024, 5, 13),
    ),
    ("<DATE value=2023-03>mars de l'année dernière</DATE>", Point(2024, 5, 13)),
    ("le <DATE value=2023-10-08>8 octobre dernier</DATE>", Point(2024, 5, 13)),
    ("<DATE value=2024>cette année</DATE>", Point(2024, 5, 13)),
    ("<DATE value=2023>l'année dernière</DATE>", Point(2024, 5, 13)),
    # intervals written as one expression
    ("<DATE value=2024-06/2024-08>Entre juin et août</DATE>", Point(2024, 5, 13)),
    ("<DATE value=2002/2014-12-31>de 2002 jusqu'au 31 décembre 2014</DATE>", None),
    ("<DATE value=2011-03/2013>depuis mars 2011 jusqu'en 2013</DATE>", None),
    ("les <DATE value=2023-10-13/2023-10-14>13 et 14 octobre derniers</DATE>", Point(2024, 5, 13)),
    ("les <DATE value=2003-04-06/2003-04-13>6 et 13 avril prochains</DATE>", Point(2003, 2, 24)),
    ("le recensement de <DATE value=1999-03/1999-04>mars-avril</DATE>", Point(1999, 7, 7)),
    ("<DATE value=2019-06/2019-07>juin-juillet 2019</DATE>", None),
    # deictic days, resolved against the document's date
    ("<DATE value=1999-05-16>hier</DATE>", Point(1999, 5, 17)),
    ("<DATE value=1999-05-16>Hier</DATE>, vers midi", Point(1999, 5, 17)),
    ("<DATE value=1999-05-15>avant-hier</DATE>", Point(1999, 5, 17)),
    ("<DATE value=1999-05-18>demain</DATE> contre Sturm Graz", Point(1999, 5, 17)),
    ("<DATE value=1999-05-19>après-demain</DATE>", Point(1999, 5, 17)),
    ("l'annonce officielle <DATE value=1999-07-09>aujourd'hui vendredi</DATE>", Point(1999, 7, 9)),
    ("notre édition d'<DATE value=2003-02-22>hier</DATE>", Point(2003, 2, 23)),
    ("les élections législatives d'<DATE value=2002-09-22>aujourd'hui</DATE>", Point(2002, 9, 22)),
    # weekdays alone: the nearest such day when the text gives no tense; « dernier »
    # strictly before, « prochain » strictly after the document's day
    ("le ministre <DATE value=2007-07-10>mardi</DATE> à Belgrade", Point(2007, 7, 13)),
    ("<DATE value=2007-07-14>samedi</DATE> à 8 h", Point(2007, 7, 13)),
    ("<DATE value=2007-07-06>vendredi dernier</DATE>", Point(2007, 7, 13)),
    ("<DATE value=2007-07-20>vendredi prochain</DATE>", Point(2007, 7, 13)),
    ("<DATE value=2007-07-09>lundi dernier</DATE>", Point(2007, 7, 13)),
    ("LE VILLAGE FÊTE <DATE value=2007-07-15>DIMANCHE</DATE>", Point(2007, 7, 13)),
    (  # two weekdays joined go the same way: « vendredi » alone would be the 10th
        "réunis <DATE value=2024-05-16>jeudi</DATE> et <DATE value=2024-05-17>vendredi</DATE>",
        Point(2024, 5, 13),
    ),
    (
        "<DATE value=2007-07-16>lundi</DATE>, <DATE value=2007-07-17>mardi</DATE> "
        "et <DATE value=2007-07-18>mercredi</DATE>",
        Point(2007, 7, 16),
    ),
    ("rendez-vous est fixé à tous <DATE value=2007-07-14>samedi</DATE>", Point(2007, 7, 13)),
    # weeks
    ("<DATE value=1999-07-05/1999-07-11>cette semaine</DATE>", Point(1999, 7, 9)),
    ("<DATE value=1999-06-28/1999-07-04>la semaine dernière</DATE>", Point(1999, 7, 9)),
    ("<DATE value=1999-07-10/1999-07-11>ce week-end</DATE>", Point(1999, 7, 9)),
    # seasons: EDTF 21 printemps, 22 été, 23 automne, 24 hiver
    ("à l'<DATE value=2003-23>automne 2003</DATE>", None),
    ("au <DATE value=2008-21>printemps 2008</DATE>", None),
    ("l'<DATE value=1999-24>hiver 1999</DATE>", None),
    ("<DATE value=2023-22>l'été dernier</DATE>", Point(2024, 5, 13)),
    ("<DATE value=2024-24>cet hiver</DATE>", Point(2024, 5, 13)),
    ("des législatives à l'<DATE value=1999-23>automne</DATE>", Point(1999, 5, 21)),
    ("<DATE value=2025-21>le printemps prochain</DATE>", Point(2024, 5, 13)),
    # « début », « mi- », « fin », « courant »: in the span, the date's own precision
    ("achèvera <DATE value=2002-10>début octobre</DATE> son mandat", Point(2002, 9, 14)),
    ("<DATE value=2015-03>mi-mars 2015</DATE>", None),
    ("<DATE value=2000-09>fin septembre 2000</DATE>", None),
    ("<DATE value=2005>courant 2005</DATE>", None),
    ("<DATE value=2014/..>depuis fin 2014</DATE>", None),
    ("<DATE value=../2006>jusqu'à fin 2006</DATE>", None),
    ("<DATE value=../2004-12>d'ici à décembre</DATE>", Point(2004, 6, 1)),
    ("<DATE value=../1999>d'ici la fin de l'année</DATE>", Point(1999, 7, 7)),
    ("<DATE value=2002>la fin de l'année dernière</DATE>", Point(2003, 2, 23)),
    # « mois de », a month after « de », two-digit years where the phrase ends
    ("en rayon <DATE value=1999-06/..>à partir du mois de juin</DATE>.", Point(1999, 8, 6)),
    ("au <DATE value=1999-06>mois de juin</DATE>", Point(1999, 8, 6)),
    ("la rentrée de <DATE value=2002-09>septembre</DATE>", Point(2002, 9, 1)),
    ("<DATE value=1998-10/..>dès octobre 98</DATE>.", None),
    ("en <DATE value=1998-10>octobre 98</DATE>.", None),
    ("le <DATE value=1993-11-10>10 novembre 93</DATE>, sur l'A 10", None),
    ("deux ruptures en <DATE value=1997>97</DATE>, rien en <DATE value=1998>98</DATE> (au total)", None),
    # negatives: figurative days, habits, feasts, events, identifiers, phone numbers
    ("les défis de demain et le monde d'hier", Point(2024, 5, 13)),
    ("l'Europe d'aujourd'hui", Point(2024, 5, 13)),
    ("aujourd'hui, l'Alliance compte 32 membres", Point(2024, 5, 13)),
    ("un hiver rude, l'été, au printemps de l'environnement", Point(2024, 5, 13)),
    ("depuis le Printemps arabe, au Printemps de Prague", Point(2024, 5, 13)),
    ("l'accord du Vendredi saint et Mardi gras", Point(2024, 5, 13)),
    ("le marché a lieu le lundi, du lundi au vendredi, tous les jeudis", Point(2024, 5, 13)),
    ("le premier dimanche du printemps", Point(2024, 5, 13)),
    ("la résolution S/RES/2719 (2023) du Conseil", None),
    ("les résolutions 1718 (2006), 1874 (2009) et 2087 (2013)", None),
    ("Tél. : +33 1 45 67 20 19, fax 01 45 67 20 18", None),
    ("au Champ-de-Mars, la planète Mars", Point(2024, 5, 13)),
    ("en 20 minutes, puis en 12 étapes, et octobre 98 participants", None),
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


def test_bound_and_weekday_outweigh_the_verb_tense() -> None:
    """« Blair a donné jusqu'au 30 juin » is a deadline ahead; « jeudi 16 septembre » 1999."""
    deadline = find_dates("jusqu'au 30 juin")
    assert resolve_dates(deadline, Point(1999, 5, 21), ["past"])[0].value == "../1999-06-30"
    thursday = find_dates("jeudi 16 septembre")
    assert resolve_dates(thursday, Point(1999, 9, 4), ["past"])[0].value == "1999-09-16"


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


EDTF_VALUES = sorted(
    {e.attrs["value"] for markup, _ in CASES for e in parse(markup)[1]}
    | {"2023-10-13T15:52:00", "1995-12/2004-12", "XXXX-10-04/XXXX-10-05", "2015-01-01/..", "../2026-06-30"}
)


@pytest.mark.parametrize("value", EDTF_VALUES)
def test_values_and_bounds_agree_with_the_edtf_package(value: str) -> None:
    """Our reading of each value the table expects matches the reference EDTF parser."""
    import time

    from edtf import parse_edtf

    from bulletins.schemas.edtf import date_bounds

    parsed = parse_edtf(value)  # raises on a value that is not EDTF

    def as_date(moment: object) -> object:
        if not isinstance(moment, time.struct_time) or not 1 <= moment.tm_year <= 9998:
            return None
        return f"{moment.tm_year:04d}-{moment.tm_mon:02d}-{moment.tm_mday:02d}"

    earliest, latest = date_bounds(value)
    if ".." not in value:
        assert (str(earliest) if earliest else None) == as_date(parsed.lower_strict())
        assert (str(latest) if latest else None) == as_date(parsed.upper_strict())


@pytest.mark.parametrize(
    "value", ["2003-13", "2019-02-30", "199X-04", "XXXX", "../..", "2017/2013", "4 octobre"]
)
def test_invalid_values_are_refused(value: str) -> None:
    from bulletins.schemas.edtf import InvalidEDTF, date_bounds

    with pytest.raises(InvalidEDTF):
        date_bounds(value)


@pytest.mark.parametrize(
    ("text", "document"),
    [
        ("du 15 au 3 mars 2019", None),
        ("entre 2019 et 2012", None),
        ("de 2019 à 2012", None),
        ("du 15 au 3 mars", None),
        ("du 15 au 3 mars", Point(2019, 5, 1)),
        ("de décembre 2019 à janvier 2019", None),
    ],
)
def test_a_reversed_interval_is_dropped_with_its_reason(text: str, document: Point | None) -> None:
    """« entre 2019 et 2012 »: left out, named in ``dropped``; the other dates stay."""
    dropped: list[DroppedDate] = []
    resolved = resolve_dates(find_dates(f"{text}, puis le 4 octobre 2006"), document, None, dropped)
    assert [r.value for r in resolved] == ["2006-10-04"]
    assert [(d.expression.start, d.code, d.reason) for d in dropped] == [
        (0, "reversed-interval", "its end is before its start")
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("du 21 décembre au 5 janvier 2020", "2019-12-21/2020-01-05"),
        ("de novembre à février 2020", "2019-11/2020-02"),
        ("du 28 février au 3 mars 2022", "2022-02-28/2022-03-03"),
    ],
)
def test_an_interval_across_new_year_starts_the_year_before(text: str, value: str) -> None:
    dropped: list[DroppedDate] = []
    assert [r.value for r in resolve_dates(find_dates(text), None, None, dropped)] == [value]
    assert dropped == []


def test_an_error_in_one_expression_drops_that_expression_only() -> None:
    """Any failure while resolving one expression is that expression's: the rest resolve."""
    from unittest import mock

    from bulletins.extraction.dates import resolve

    expressions = find_dates("en 1995, puis en 2003")
    real = resolve._edtf

    def failing(expression, first, last):  # type: ignore[no-untyped-def]
        if expression is expressions[0]:
            raise KeyError("boom")
        return real(expression, first, last)

    dropped: list[DroppedDate] = []
    with mock.patch.object(resolve, "_edtf", failing):
        resolved = resolve_dates(expressions, None, None, dropped)
    assert [r.value for r in resolved] == ["2003"]
    assert [(d.code, d.reason) for d in dropped] == [
        ("unresolvable", "it could not be resolved (KeyError('boom'))")
    ]


YEARLESS = [
    "jusqu'au 30 juin",
    "jusqu’au 31 décembre",
    "d'ici le 30 juin",
    "depuis le 3 mars",
    "depuis janvier",
    "à partir du 1er septembre",
    "dès septembre",
    "à compter du 1er septembre prochain",
    "jusqu'en juin",
    "du 19 au 20 janvier",
    "du 21 décembre au 5 janvier",
    "les 4 et 5 septembre",
    "de mars à mai",
    "le 4 octobre",
    "en juin",
    "jeudi 16 septembre",
    "le 6 mai dernier",
    "juin prochain",
    "la même année",
    "l'année suivante",
    "ce mardi",
]


@pytest.mark.parametrize("text", YEARLESS)
def test_year_less_dates_without_a_document_date_are_edtf_or_left_out(text: str) -> None:
    """D7: « jusqu'au 30 juin » with no date to resolve against gave ``../XXXX-06-30``, which
    EDTF parsers refuse; an open interval without a year is left out, the rest is EDTF."""
    from edtf import parse_edtf

    for resolved in resolve_dates(find_dates(clean_for_nlp(text)), None):
        parse_edtf(resolved.value)
        assert not (".." in resolved.value and "X" in resolved.value), resolved.value


def test_an_open_interval_without_a_year_is_left_out() -> None:
    assert resolve_dates(find_dates("jusqu'au 30 juin"), None) == []
    assert resolve_dates(find_dates("depuis le 3 mars"), None) == []
    [resolved] = resolve_dates(find_dates("jusqu'au 30 juin"), Point(1999, 5, 21))
    assert resolved.value == "../1999-06-30"


# Cases whose value hangs on the verb's tense, run through the whole pipeline (the French
# model tags the verbs): the document's date is given as ``--date`` would give it.
TENSED_CASES: list[tuple[str, str]] = [
    # « aujourd'hui » names the day of an event told in the past or the future…
    ("Le Conseil a adopté <DATE value=2021-10-06>aujourd'hui</DATE> une résolution.", "2021-10-06"),
    ("La Commission a poursuivi <DATE value=2021-10-06>aujourd’hui</DATE> l’examen du barème.", "2021-10-06"),
    ("Jacques Chirac effectuera <DATE value=2002-04-30>aujourd'hui</DATE> un déplacement.", "2002-04-30"),
    ("Une réunion doit s'ouvrir <DATE value=2003-01-24>aujourd'hui</DATE> au Caire.", "2003-01-24"),
    ("Les électeurs vont choisir <DATE value=2002-09-22>aujourd'hui</DATE> leur chancelier.", "2002-09-22"),
    # …and nowadays in the present
    ("Aujourd'hui, l'Alliance compte 32 membres.", "2024-05-13"),
    ("L'OTAN compte aujourd'hui 32 membres.", "2024-05-13"),
    ("Il faut relever les défis de demain.", "2024-05-13"),
    # deictic days and weekdays by the verb's tense (Friday 13 July 2007)
    ("Le président a annulé <DATE value=2007-07-12>hier</DATE> une rencontre.", "2007-07-13"),
    ("Il a été hospitalisé <DATE value=2007-07-12>hier</DATE> soir.", "2007-07-13"),
    ("Le ministre était <DATE value=2007-07-10>mardi</DATE> à Belgrade.", "2007-07-13"),
    ("Le ministre se rendra <DATE value=2007-07-17>mardi</DATE> à Belgrade.", "2007-07-13"),
    ("Le ministre sera opéré <DATE value=2007-07-16>lundi prochain</DATE> à Strasbourg.", "2007-07-13"),
    ("Le Conseil a reconduit <DATE value=2007-07-06>vendredi dernier</DATE> le mandat.", "2007-07-13"),
    (
        "Les coureurs se sont rendus <DATE value=2007-07-07/2007-07-08>ce week-end</DATE> à Épinal.",
        "2007-07-13",
    ),
    # year resolution: a reflexive past is a past; « aura été » a future
    ("La réunion s'est tenue le <DATE value=2019-03-03>3 mars</DATE>.", "2019-10-15"),
    ("Les ministres se sont réunis le <DATE value=2019-12-03>3 décembre</DATE>.", "2020-01-10"),
    (
        "Chaque candidat aura été auditionné <DATE value=1999-08-30/..>à partir du 30 août</DATE>.",
        "1999-07-09",
    ),
]


@pytest.mark.parametrize(("markup", "date"), TENSED_CASES, ids=[c[0][:60] for c in TENSED_CASES])
def test_tensed_date_table(nlp: Language, markup: str, date: str) -> None:
    text, expected = parse(markup)
    records = run_text(nlp, text, date)
    found = [(m.start, m.end, m.value) for m in records.mentions if m.label == "DATE"]
    assert found == [(e.start, e.end, e.attrs["value"]) for e in expected]


# Whole pages: the document's date read from the header or dateline resolves the rest.
PAGES: list[tuple[str, str | None]] = [
    (
        "Revue\nLast updated: <DATE value=2001-09-21T16:27:00>21-Sep-2001 16:27</DATE>\n\n"
        "Le Conseil se réunira le <DATE value=2001-10-04>4 octobre</DATE>.",
        "2001-09-21",
    ),
    (
        "<DATE value=2020-04-24>24 avr. 2020</DATE> ROME – Le directeur général se rendra à Genève "
        "le <DATE value=2020-05-04>4 mai</DATE> pour une réunion de haut niveau.",
        "2020-04-24",
    ),
    (
        "Le Secrétaire général à Bruxelles, <DATE value=2001-09-12>12 Sep. 2001</DATE>\nPhoto : OTAN\n\n"
        "  • <DATE value=2001-09-14>14 Sep. 2001</DATE>\n\nLe Conseil a siégé <DATE value=2001-09-13>hier</DATE>.",
        "2001-09-14",
    ),
    ("Communiqué\n<DATE value=2012-10-15>15.X.2012</DATE>\n\nTexte.", "2012-10-15"),
    ("Communiqué\n<DATE value=2022-06-06T17:15:00>06/06/2022 17:15:00</DATE>\n\nTexte.", "2022-06-06"),
]


@pytest.mark.parametrize(("markup", "document"), PAGES, ids=[c[0][:40] for c in PAGES])
def test_document_date_of_a_page(nlp: Language, markup: str, document: str | None) -> None:
    """« Last updated: 21-Sep-2001 16:27 » dates the page, so « 4 octobre » is 2001's; a
    caption's date (« … 12 Sep. 2001⏎Photo : OTAN ») never dates it."""
    text, expected = parse(markup)
    records = run_text(nlp, text)
    found = [(m.start, m.end, m.value) for m in records.mentions if m.label == "DATE"]
    assert found == [(e.start, e.end, e.attrs["value"]) for e in expected]
    date = records.bulletin.date
    assert (date.value[:10] if date else None) == document
