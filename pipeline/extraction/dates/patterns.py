"""Every regular expression of the date grammar, composed from small named pieces and
compiled once. The words come from ``bulletins.extraction.dates.vocabulary``, each
written once with its value.

The grammar runs over text cleaned by ``bulletins.extraction.text.clean_for_nlp`` (plain spaces and
straight apostrophes). Each top-level pattern carries named groups that say which part
of the expression is which; ``bulletins.extraction.dates.grammar`` reads them.
"""

from __future__ import annotations

import re

from bulletins.extraction.dates.vocabulary import (
    DIRECTION_WORDS,
    MONTH_DIRECTION_WORDS,
    MONTHS_EN,
    MONTHS_FR,
    MONTHS_FR_ABBR,
    NUMBER_WORDS,
    ROMAN,
    WEEKDAYS,
    alternation,
)

# --- pieces -------------------------------------------------------------------------

WEEKDAY = alternation(WEEKDAYS, any_case_initial=True)
MONTH_FR = alternation(MONTHS_FR, any_case_initial=True)
MONTH_FR_ABBR = alternation(MONTHS_FR_ABBR, any_case_initial=True)
MONTH_EN = alternation(MONTHS_EN)
MONTH = rf"(?:{MONTH_FR_ABBR}|{MONTH_FR}|{MONTH_EN})(?![\w])"
NUMBER_WORD = alternation(NUMBER_WORDS)
ROMAN_LETTER = "[" + "".join(ROMAN) + "]"

DAY = r"(?:1er|1re|premier|[12]\d|3[01]|0?[1-9])"
YEAR = r"(?:1[6-9]\d\d|20\d\d|2100)"
TIME = r"(?:[01]?\d|2[0-3])(?::|h)[0-5]\d"
TIME_SEP = r"(?:\s*[·,-]\s*|\s+(?:à\s+)?)"
SP = r"[ \t]+"  # spaces inside one expression; a line break ends it

_NOT_BEFORE = r"(?<![\w/.,-])"
_NOT_AFTER = r"(?![\w/]|[.,]\d|\s?%)"


def _point(prefix: str, *, time: bool = True) -> str:
    """A calendar point whose parts are named ``{prefix}_weekday``, ``_day``, ``_month``…

    Python forbids a group name twice in one pattern, so the month and year of the
    « avril 2003 » form are ``_month2`` / ``_year2`` and a bare year is ``_year3``.
    """
    weekday = rf"(?:(?P<{prefix}_weekday>{WEEKDAY}){SP})?"
    day = rf"(?P<{prefix}_day>{DAY})"
    clock = rf"(?:{TIME_SEP}(?P<{prefix}_time>{TIME})(?!\d))?" if time else ""
    return (
        rf"(?:{weekday}{day}{SP}(?P<{prefix}_month>{MONTH})(?:{SP}(?P<{prefix}_year>{YEAR}){clock})?"
        rf"|(?P<{prefix}_month2>{MONTH}){SP}(?P<{prefix}_year2>{YEAR})"
        rf"|(?P<{prefix}_year3>{YEAR}))"
    )


def _numeric(prefix: str) -> str:
    """12/03/2019, 12.03.2019, 3.4.2018, 2019-03-12 and 2018-01."""
    return (
        rf"(?:(?P<{prefix}_nday>[0-3]?\d)(?P<{prefix}_sep>[/.])(?P<{prefix}_nmonth>[01]?\d)"
        rf"(?P={prefix}_sep)(?P<{prefix}_nyear>{YEAR})"
        rf"|(?P<{prefix}_iyear>{YEAR})-(?P<{prefix}_imonth>0[1-9]|1[0-2])"
        rf"(?:-(?P<{prefix}_iday>[0-3]\d))?)"
    )


# --- top-level expressions, tried in this order at each position ----------------------

_DAY_RANGE_TAIL = rf"{SP}(?P<month>{MONTH})(?:{SP}(?P<year>{YEAR}))?"

PATTERNS: dict[str, str] = {
    # du 22 au 29 juillet 2008 · du 19 au 20 janvier · du 28 février au 3 mars 2022
    "day_range_du_au": (
        rf"(?:(?P<bound>[Dd]u){SP})?(?P<a_day>{DAY})(?:{SP}(?P<a_month>{MONTH}))?"
        rf"(?:{SP}(?P<a_year>{YEAR}))?{SP}au{SP}(?P<b_day>{DAY}){SP}(?P<b_month>{MONTH})"
        rf"(?:{SP}(?P<b_year>{YEAR}))?"
    ),
    # entre le 24 février et le 1er mars · entre 2010 et 2014
    "between": (
        rf"(?P<bound>[Ee]ntre){SP}(?:le{SP})?(?P<a>{_point('a', time=False)}){SP}et{SP}"
        rf"(?:le{SP})?(?P<b>{_point('b', time=False)})"
    ),
    # de 2013 à 2017 · de mars à mai 2015 · de décembre 1995 à décembre 2004
    "from_to": (
        rf"(?P<bound>[Dd]e|[Dd]')\s?(?P<a>(?:(?P<a_month_only>{MONTH})(?!{SP}{YEAR}))"
        rf"|{_point('a', time=False)}){SP}(?:à|a){SP}(?P<b>{_point('b', time=False)})"
    ),
    # 19 et 20 janvier (2016)
    "day_pair": rf"(?P<a_day>{DAY}){SP}et{SP}(?P<b_day>{DAY}){_DAY_RANGE_TAIL}",
    # 21-25 sep. 2007 · 2-13 novembre 2001
    "day_span": rf"(?P<a_day>{DAY})\s?[-–]\s?(?P<b_day>{DAY}){_DAY_RANGE_TAIL}",
    # mai 2016-mai 2019
    "month_span": (
        rf"(?P<a_month>{MONTH}){SP}(?P<a_year>{YEAR})\s?[-–]\s?"
        rf"(?P<b_month>{MONTH}){SP}(?P<b_year>{YEAR})"
    ),
    # 2015-2017 · 2021–2024 · 2015-17
    "year_span": rf"(?P<a_year>{YEAR})\s?[-–/]\s?(?P<b_year>{YEAR}|[1-9]\d)(?![\d-])",
    # depuis les années 1990 · depuis le 1er janvier 2015 · dès 2004 · à partir de juin 2007
    "open_start": (
        rf"(?P<bound>[Dd]epuis|[Dd]ès|[ÀàAa]{SP}partir{SP}d[eu]|[ÀàAa]{SP}compter{SP}d[eu])"
        rf"(?:{SP}(?:le|l'|la)(?:{SP})?)?\s?(?:(?:{SP})?(?P<decade>les{SP}années{SP}(?P<decade_year>1[6-9]\d0|20\d0))"
        rf"|(?:{SP})?(?P<a>{_numeric('a')}|{_point('a')}|(?P<a_month_only>{MONTH})(?!{SP}\d)))"
    ),
    # jusqu'en 2017 · jusqu'au 30 juin 2026 · jusqu'à fin 2020 · d'ici à 2030
    "open_end": (
        rf"(?P<bound>[Jj]usqu'(?:en|au|à|a)(?:{SP}fin)?|[Dd]'ici(?:{SP}(?:à|a|au|fin|le|la))?)\s?"
        rf"(?:(?:{SP})?(?P<b>{_numeric('b')}|{_point('b')}|(?P<b_month_only>{MONTH})(?!{SP}\d)))"
    ),
    # les années 1990 · (des) années 90
    "decade": (
        rf"(?P<decade>(?:[Ll]es{SP})?années{SP}(?:(?P<decade_year>1[6-9]\d0|20\d0)"
        rf"|(?P<decade_short>[2-9]0)(?![\d%])))"
    ),
    # XXe siècle · XXIe siècle · 21e siècle
    "century": (
        rf"(?P<century>(?:(?P<roman>{ROMAN_LETTER}{{1,5}})|(?P<arabic>1\d|2[01]))(?:e|ème|è){SP}siècle)"
    ),
    # décembre de la même année
    "month_of_same_year": (
        rf"(?P<month>{MONTH}){SP}de{SP}(?:la{SP}même{SP}année|l'année{SP}(?P<rel>suivante|précédente))"
    ),
    # la même année · l'année suivante · cette année-là · le mois suivant · la veille…
    "relative": (
        r"(?P<relative>"
        r"[Ll]a\s+même\s+année|[Cc]ette\s+même\s+année|[Cc]ette\s+année-là|[Cc]ette\s+année\s+là"
        r"|[Ll]'année\s+(?:suivante|précédente|d'après|d'avant|dernière|prochaine)"
        r"|[Ll]'an\s+(?:dernier|prochain|passé)|[Cc]ette\s+année"
        r"|[Ll]e\s+mois\s+(?:suivant|précédent|dernier|prochain)|[Cc]e\s+mois-ci|[Cc]e\s+mois-là"
        r"|[Ll]e\s+même\s+jour|[Ll]a\s+veille|[Ll]e\s+lendemain|[Cc]e\s+jour-là"
        r")(?!\w)"
    ),
    # trois ans plus tard · deux ans plus tôt
    "years_later": (
        rf"(?P<count>\d+|{NUMBER_WORD})"
        r"\s+(?P<unit>ans|an|années|mois)\s+(?P<direction>plus\s+tard|plus\s+tôt)(?!\w)"
    ),
    # novembre dernier · juin prochain
    "month_last_next": (
        rf"(?:(?P<weekday>{WEEKDAY}){SP})?(?:(?P<day>{DAY}){SP})?(?P<month>{MONTH}){SP}"
        rf"(?P<which>{alternation(MONTH_DIRECTION_WORDS)})s?(?!\w)"
    ),
    # ce mardi
    "this_weekday": rf"(?P<this>[Cc]e){SP}(?P<weekday>{WEEKDAY})(?!\w)",
    # 12/03/2019 · 12.03.2019 · 2019-03-12 · 2018-01
    "numeric": _numeric("a"),
    # 13 Oct. 2023 15:52 · lundi 4 décembre 2006 · avril 2003 · 4 octobre · 1995
    "point": _point("a"),
    # en juin (a bare month needs a preposition that makes it a date)
    "bare_month": rf"(?<=\b[Ee]n )(?P<a_month>{MONTH})(?!{SP}\d)",
}

# One compiled pattern per rule: the rules share group names (a_day, b_year…), so they
# cannot be alternatives of a single pattern. ``grammar.find_dates`` runs them all and
# keeps the longest match at each place.
GRAMMAR: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"{_NOT_BEFORE}(?:{body}){_NOT_AFTER}") for name, body in PATTERNS.items()
}

# A number that looks like a year but is an identifier, a count or an amount.
NOT_A_YEAR_BEFORE = re.compile(
    r"(?:\d[ .]$|(?:\+|\btél\.?|\btel\.?|\bfax\b)[\s:.\d]*$"  # phone numbers: +41 58 462 2011
    r"|(?:n°|\bn\s?o\.|N°)\s*$"
    r"|\b(?:résolutions?|numéro|articles?|art\.|paragraphes?|§|alinéas?|lois?"
    r"|décrets?|règlements?|décisions?|directives?|pages?|p\.|points?|chapitres?|sections?"
    r"|tome|vol\.?|annexe|code|référence|réf\.|dossier|doc\.?|S/RES/|A/RES/)\s*$)",
    re.IGNORECASE,
)
NOT_A_YEAR_AFTER = re.compile(
    r"^(?:[ .]\d)|^\s*(?:soldats|personnes|militaires|hommes|femmes|enfants|participants|réfugiés"
    r"|habitants|victimes|morts|blessés|euros?|dollars?|francs?|km|kilomètres|mètres|tonnes"
    r"|kg|€|\$|membres|délégués|officiers|policiers|observateurs|experts|projets|bourses"
    r"|heures|jours|ans|exemplaires|sièges|voix|votes)\b",
    re.IGNORECASE,
)

# What stands before a date on its line when it is an update date, not a publication date.
UPDATE_MARKER = re.compile(r"\bmise?\s+à\s+jour\b", re.IGNORECASE)
# What stands before a date on its line when it is a dateline: « Addis Abeba, le ».
DATELINE_PREFIX = re.compile(r"^\s*[A-ZÀ-Ý][^\n,.:;]{1,40},\s*(?:le\s+)?$")

# A word right after a date that says which way it lies: « le 1er septembre prochain ».
DIRECTION_AFTER = re.compile(rf"\s+(?P<which>{alternation(DIRECTION_WORDS)})s?\b")
