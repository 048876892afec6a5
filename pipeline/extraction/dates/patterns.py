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
    DEICTIC_DAYS,
    DIRECTION_WORDS,
    MONTH_DIRECTION_WORDS,
    MONTHS_DASHED,
    MONTHS_EN,
    MONTHS_FR,
    MONTHS_FR_ABBR,
    NUMBER_WORDS,
    PART_OF_PERIOD,
    ROMAN,
    ROMAN_MONTHS,
    SEASONS,
    WEEK_DIRECTION_WORDS,
    WEEKDAYS,
    alternation,
)

# --- pieces -------------------------------------------------------------------------

WEEKDAY = alternation(WEEKDAYS, any_case_initial=True)
WEEKDAY_ANY_CASE = alternation(WEEKDAYS, any_case_initial=True, upper=True)
MONTH_FR = alternation(MONTHS_FR, any_case_initial=True)
MONTH_FR_ABBR = alternation(MONTHS_FR_ABBR, any_case_initial=True)
MONTH_EN = alternation(MONTHS_EN)
MONTH = rf"(?:{MONTH_FR_ABBR}|{MONTH_FR}|{MONTH_EN})(?![\w])"
NUMBER_WORD = alternation(NUMBER_WORDS, any_case_initial=True)
ROMAN_LETTER = "[" + "".join(ROMAN) + "]"
MONTH_DASHED = alternation(MONTHS_DASHED, any_case_initial=True)
ROMAN_MONTH = alternation(ROMAN_MONTHS)
SEASON = alternation(SEASONS, any_case_initial=True)
DEICTIC_DAY = alternation(DEICTIC_DAYS, any_case_initial=True)
_PART_WORD = alternation(PART_OF_PERIOD, any_case_initial=True)
PART_OF = rf"(?:{_PART_WORD}(?<=-)|{_PART_WORD}[ \t]+)"  # « mi-mars », « début octobre »
MONTH_NOUN = r"(?:[Mm]ois[ \t]+(?:de[ \t]+|d'))"  # « le mois de juin »: the noun joins the month

DAY = r"(?:1er|1re|premier|[12]\d|3[01]|0?[1-9])"
YEAR = r"(?:1[6-9]\d\d|20\d\d|2100)"
# « octobre 98 »: a two-digit year after a month, only where the phrase ends with it
YEAR_2 = r"(?:\d\d(?=[ \t]*(?:[.,;:)\n]|$)))"
TIME = r"(?:[01]?\d|2[0-3])(?::|h)[0-5]\d(?::[0-5]\d)?"
TIME_SEP = r"(?:\s*[·,-]\s*|\s+(?:à\s+)?)"
SP = r"[ \t]+"  # spaces inside one expression; a line break ends it…
SP_OR_BREAK = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # …except inside a date cut by one line break

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
    part = rf"(?:(?P<{prefix}_part>{PART_OF}))?"  # « fin septembre 2000 », « début 2015 »
    return (
        rf"(?:{weekday}{day}{SP_OR_BREAK}(?P<{prefix}_month>{MONTH})"
        rf"(?:{SP_OR_BREAK}(?:(?P<{prefix}_year>{YEAR}){clock}|(?P<{prefix}_yy>{YEAR_2})))?"
        rf"|{part}(?:(?P<{prefix}_month2>{MONTH}){SP_OR_BREAK}(?:(?P<{prefix}_year2>{YEAR})|(?P<{prefix}_yy2>{YEAR_2}))"
        rf"|(?P<{prefix}_year3>{YEAR})))"
    )


def _numeric(prefix: str) -> str:
    """12/03/2019, 12.03.2019, 3.4.2018, 06/06/2022 17:15:00, 2019-03-12, 2018-01, and the
    header layouts 21-Sep-2001, 10-Mar-2008 15:47 and 15.X.2012 (a Roman numeral month)."""
    clock = rf"(?:[ \t]+(?P<{prefix}_ntime>{TIME})(?!\d))?"
    return (
        rf"(?:(?P<{prefix}_nday>[0-3]?\d)(?P<{prefix}_sep>[/.])(?P<{prefix}_nmonth>[01]?\d)"
        rf"(?P={prefix}_sep)(?P<{prefix}_nyear>{YEAR}){clock}"
        rf"|(?P<{prefix}_iyear>{YEAR})-(?P<{prefix}_imonth>0[1-9]|1[0-2])"
        rf"(?:-(?P<{prefix}_iday>[0-3]\d))?"
        rf"|(?P<{prefix}_dday>[0-3]?\d)-(?P<{prefix}_dmonth>{MONTH_DASHED})-(?P<{prefix}_dyear>{YEAR})"
        rf"(?:[ \t]+(?P<{prefix}_dtime>{TIME})(?!\d))?"
        rf"|(?P<{prefix}_rday>[0-3]?\d)\.(?P<{prefix}_rmonth>{ROMAN_MONTH})\.(?P<{prefix}_ryear>{YEAR}))"
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
    # entre le 24 février et le 1er mars · entre 2010 et 2014 · Entre juin et août
    "between": (
        rf"(?P<bound>[Ee]ntre){SP}(?:le{SP})?"
        rf"(?P<a>(?P<a_month_only>{MONTH})(?!{SP}\d)|{_point('a', time=False)})"
        rf"{SP}et{SP}(?:le{SP})?(?P<b>(?P<b_month_only>{MONTH})(?!{SP}\d)|{_point('b', time=False)})"
    ),
    # de 2002 jusqu'au 31 décembre 2014 · depuis mars 2011 jusqu'en 2013: one interval
    "from_until": (
        rf"(?P<bound>[Dd]e|[Dd]'|[Dd]epuis)\s?(?:le{SP})?(?P<a>{_point('a', time=False)}),?{SP}(?:et{SP})?"
        rf"[Jj]usqu'(?:en|au|à|a){SP}(?:(?:le|la){SP})?(?P<b>{_point('b', time=False)})"
    ),
    # de 2013 à 2017 · de mars à mai 2015 · de décembre 1995 à décembre 2004
    "from_to": (
        rf"(?P<bound>[Dd]e|[Dd]')\s?(?P<a>(?:(?P<a_month_only>{MONTH})(?!{SP}{YEAR}))"
        rf"|{_point('a', time=False)}){SP}(?:à|a){SP}(?P<b>{_point('b', time=False)})"
    ),
    # 19 et 20 janvier (2016) · les 13 et 14 octobre derniers
    "day_pair": (
        rf"(?P<a_day>{DAY}){SP}et{SP}(?P<b_day>{DAY}){_DAY_RANGE_TAIL}"
        rf"(?:{SP}(?P<which>{alternation(MONTH_DIRECTION_WORDS)})s?(?!\w))?"
    ),
    # 21-25 sep. 2007 · 2-13 novembre 2001
    "day_span": rf"(?P<a_day>{DAY})\s?[-–]\s?(?P<b_day>{DAY}){_DAY_RANGE_TAIL}",
    # mai 2016-mai 2019
    "month_span": (
        rf"(?P<a_month>{MONTH}){SP}(?P<a_year>{YEAR})\s?[-–]\s?"
        rf"(?P<b_month>{MONTH}){SP}(?P<b_year>{YEAR})"
    ),
    # mars-avril · juin-juillet 2019
    "month_pair": (
        rf"(?P<a_month_only>{MONTH})\s?[-–]\s?(?P<b_month_only>{MONTH})(?:{SP}(?P<year>{YEAR}))?(?!{SP}\d)"
    ),
    # 2015-2017 · 2021–2024 · 2015-17
    "year_span": rf"(?P<a_year>{YEAR})\s?[-–/]\s?(?P<b_year>{YEAR}|[1-9]\d)(?![\d-])",
    # depuis les années 1990 · depuis le 1er janvier 2015 · dès 2004 · à partir de juin 2007
    "open_start": (
        rf"(?P<bound>[Dd]epuis|[Dd]ès|[ÀàAa]{SP}partir{SP}d[eu]|[ÀàAa]{SP}compter{SP}d[eu])"
        rf"(?:{SP}(?:le|l'|la)(?:{SP})?)?\s?(?:(?:{SP})?(?P<decade>les{SP}années{SP}(?P<decade_year>1[6-9]\d0|20\d0))"
        rf"|(?:{SP})?(?P<a>{_numeric('a')}|{_point('a')}|{MONTH_NOUN}?(?P<a_month_only>{MONTH})(?!{SP}\d)))"
    ),
    # jusqu'en 2017 · jusqu'au 30 juin 2026 · jusqu'à fin 2020 · d'ici à 2030
    "open_end": (
        rf"(?P<bound>[Jj]usqu'(?:en|au|à|a)(?:{SP}fin)?|[Dd]'ici(?:{SP}(?:à|a|au|fin|le|la))?)\s?"
        rf"(?:(?:{SP})?(?P<b>{_numeric('b')}|{_point('b')}|{MONTH_NOUN}?(?P<b_month_only>{MONTH})(?!{SP}\d)))"
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
    # décembre de la même année · 16 mars de cette année-là · mars de cette année
    "month_of_same_year": (
        rf"(?:(?P<day>{DAY}){SP})?(?P<month>{MONTH}){SP}de{SP}(?:la{SP}même{SP}année"
        rf"|cette{SP}même{SP}année|cette{SP}année(?:-là|{SP}là)|(?P<this>cette{SP}année)"
        rf"|l'année{SP}(?P<rel>suivante|précédente|dernière))"
    ),
    # la même année · l'année suivante · cette année-là · le mois suivant · la veille…
    "relative": (
        r"(?P<relative>"
        r"[Ll]a\s+même\s+année|[Cc]ette\s+même\s+année|[Cc]ette\s+année-là|[Cc]ette\s+année\s+là"
        r"|[Ll]'année\s+(?:suivante|précédente|d'après|d'avant|dernière|prochaine)"
        r"|[Ll]'an\s+(?:dernier|prochain|passé)|[Cc]ette\s+année"
        r"|[Ll]e\s+mois\s+(?:suivant|précédent|dernier|prochain)|[Cc]e\s+mois-ci|[Cc]e\s+mois-là"
        r"|[Ll]e\s+même\s+jour|[Ll]a\s+veille|[Ll]e\s+lendemain|[Cc]e\s+jour-là"
        r"|[Ll]e\s+même\s+mois|[Cc]e\s+même\s+mois"
        r"|(?:[Ll]a\s+)?(?:fin|début|mi-)\s*(?:de\s+)?l'année(?:\s+(?:dernière|prochaine|suivante|précédente))?"
        r")(?!\w)"
    ),
    # cette semaine · la semaine dernière · ce week-end · le week-end prochain
    "week": (
        rf"(?P<week>(?:[Cc]ette{SP}semaine|[Ll]a{SP}semaine{SP}(?P<which>{alternation(WEEK_DIRECTION_WORDS)})"
        rf"|[Cc]e{SP}(?P<weekend>week-end|weekend)|[Ll]e{SP}(?P<weekend2>week-end|weekend){SP}"
        rf"(?P<which2>{alternation(WEEK_DIRECTION_WORDS)})))(?![\w-])"
    ),
    # en 97 · en 2003 is a point: a two-digit year after « en », where the phrase ends with it
    "short_year": rf"(?<=\b[Ee]n )(?P<yy>{YEAR_2}|\d\d(?=[ \t]+\())",
    # d'ici la fin de l'année · jusqu'à la fin de l'année prochaine
    "open_end_relative": (
        r"(?P<bound>[Dd]'ici(?:\s+(?:à|a))?|[Jj]usqu'(?:à|a))\s+(?P<relative>(?:la\s+)?(?:fin|début)\s+de\s+l'année"
        r"(?:\s+(?:dernière|prochaine))?)(?!\w)"
    ),
    # hier · avant-hier · demain · aujourd'hui (vendredi)
    "deictic_day": rf"(?P<deictic>{DEICTIC_DAY})(?:,?{SP}(?P<weekday>{WEEKDAY}))?(?![\w'-])",
    # mardi · DIMANCHE · lundi dernier · vendredi prochain (a weekday alone)
    "weekday": (
        rf"(?P<weekday>{WEEKDAY_ANY_CASE})(?:{SP}(?P<which>{alternation(MONTH_DIRECTION_WORDS)}))?(?![\w-])"
    ),
    # printemps 2008 · l'automne 2003 (the article stays outside) · hiver 1999
    "season": rf"(?P<part>{PART_OF})?(?P<season>{SEASON}){SP}(?P<year>{YEAR})",
    # l'été dernier · cet hiver · l'automne prochain · à l'automne · au printemps
    "season_relative": (
        rf"(?:(?<![Àà] )(?P<article>[Ll]'|[Ll]e{SP}|[Cc]et{SP}|[Cc]e{SP})|(?<=\b[Àà] l')|(?<=\b[Aa]u ))"
        rf"(?P<season>{SEASON})(?:{SP}(?P<which>{alternation(MONTH_DIRECTION_WORDS)}))?(?![\w-])"
        rf"(?!{SP}(?:de|des|du|d')\b)"  # « le printemps de l'environnement »: an event's name
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
    # en juin (a bare month needs a preposition that makes it a date) · mois de juin
    # la rentrée de septembre · le rapport d'avril (a month in lower case after « de »)
    "bare_month": (
        rf"(?:(?<=\b[Ee]n )(?P<a_month>{MONTH})|{MONTH_NOUN}(?P<a_month_only>{MONTH})"
        rf"|(?<=\bde )(?P<a_month2>{alternation(MONTHS_FR)})|(?<=\bd')(?P<a_month3>{alternation(MONTHS_FR)}))"
        rf"(?!{SP}\d)"
    ),
    # début octobre · mi-mars · fin juin
    "part_month": rf"(?P<a_part>{PART_OF})(?P<a_month>{MONTH})(?!{SP}\d)",
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
    r"|tome|vol\.?|annexe|code|référence|réf\.|dossier|doc\.?|S/RES/|A/RES/)\s*$"
    r"|\b[A-Z]{1,6}(?:/[\w.-]+)+\s*\(\s*$"  # a document code's year: « S/RES/2719 (2023) »
    r"|\b\d{3,4}\s*\(\s*$)",  # a resolution's: « les résolutions 1718 (2006), 1874 (2009) »
    re.IGNORECASE,
)
NOT_A_YEAR_AFTER = re.compile(
    r"^(?:[ .]\d)|^\s*\(\s*(?:1[6-9]|20)\d\d\s*\)"  # « 1874 (2009) »: a resolution's number
    r"|^\s*(?:soldats|personnes|militaires|hommes|femmes|enfants|participants|réfugiés"
    r"|habitants|victimes|morts|blessés|euros?|dollars?|francs?|km|kilomètres|mètres|tonnes"
    r"|kg|€|\$|membres|délégués|officiers|policiers|observateurs|experts|projets|bourses"
    r"|heures|jours|ans|exemplaires|sièges|voix|votes)\b",
    re.IGNORECASE,
)

# What stands before a date on its line when it is an update date, not a publication date.
UPDATE_MARKER = re.compile(
    r"\b(?:mise?\s+à\s+jour|(?:last\s+)?updated|dernière\s+modification|modifié\s+le)\b", re.IGNORECASE
)
# What stands on a line that is a photo's caption or credit: its date is the photo's.
CAPTION_MARKER = re.compile(
    r"(?:©|\b(?:photos?|crédits?|credits?|légende|caption|copyright|image)\b)", re.IGNORECASE
)
# What stands before a date on its line when it is a dateline: « Addis Abeba, le ».
DATELINE_PREFIX = re.compile(r"^\s*[A-ZÀ-Ý][^\n,.:;]{1,40},\s*(?:le\s+)?$")
# What follows a date at the head of its line when it is a dateline: « 24 avr. 2020 ROME – ».
DATELINE_SUFFIX = re.compile(r"[ \t]*[-–—,]?[ \t]*[A-ZÀ-Ý][A-ZÀ-Ý' .-]{1,40}[ \t]*[-–—:]")

# A word right after a date that says which way it lies: « le 1er septembre prochain ».
DIRECTION_AFTER = re.compile(rf"\s+(?P<which>{alternation(DIRECTION_WORDS)})s?\b")
