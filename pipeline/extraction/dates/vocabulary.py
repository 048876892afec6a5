"""The words of the date grammar, each vocabulary written once as a table from surface
form to value: ``patterns`` builds its regular expressions from the forms, the grammar
looks the values up (« janv. » → 1, « mardi » → 1, « quinze » → 15).

The order of a table is the order of the alternatives in its regular expression: a form
that must win over a shorter one (« Sept. » over « Sept ») comes first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

# Written with a capital or not: « Lundi », « lundi ». 0 = lundi, as ``date.weekday()``.
WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
}  # fmt: skip

# French month names, with a capital or not, with or without their accents.
MONTHS_FR: dict[str, int] = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
# French abbreviations, always with their full stop.
MONTHS_FR_ABBR: dict[str, int] = {
    "janv.": 1, "févr.": 2, "fév.": 2, "fevr.": 2, "fev.": 2, "avr.": 4, "juil.": 7,
    "sept.": 9, "sep.": 9, "oct.": 10, "nov.": 11, "déc.": 12, "dec.": 12,
}  # fmt: skip
# English names and abbreviations, written as here (with their capital).
MONTHS_EN: dict[str, int] = {
    "January": 1, "February": 2, "March": 3, "April": 4, "June": 6, "July": 7, "August": 8,
    "September": 9, "October": 10, "November": 11, "December": 12,
    "Jan.": 1, "Jan": 1, "Feb.": 2, "Feb": 2, "Mar.": 3, "Apr.": 4, "Apr": 4, "May.": 5, "May": 5,
    "Jun.": 6, "Jun": 6, "Jul.": 7, "Jul": 7, "Aug.": 8, "Aug": 8,
    "Sept.": 9, "Sept": 9, "Sep.": 9, "Sep": 9, "Oct.": 10, "Oct": 10, "Nov.": 11, "Nov": 11,
    "Dec.": 12, "Dec": 12,
}  # fmt: skip
MONTHS: dict[str, int] = {
    form.lower(): value for table in (MONTHS_FR_ABBR, MONTHS_FR, MONTHS_EN) for form, value in table.items()
}
# Three-letter months of dashed page headers, « 21-Sep-2001 », « 10-Mar-2008 15:47 »; only
# there, between two dashes, is « Mar » or « Jan » a month.
MONTHS_DASHED: dict[str, int] = {
    "Jan": 1, "Feb": 2, "Fév": 2, "Fev": 2, "Mar": 3, "Apr": 4, "Avr": 4, "May": 5, "Mai": 5,
    "Jun": 6, "Jul": 7, "Aug": 8, "Aoû": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
    "Déc": 12,
}  # fmt: skip
# « 15.X.2012 »: a month as a Roman numeral, longest first.
ROMAN_MONTHS: dict[str, int] = {
    "XII": 12, "XI": 11, "IX": 9, "X": 10, "VIII": 8, "VII": 7, "VI": 6, "IV": 4, "V": 5,
    "III": 3, "II": 2, "I": 1,
}  # fmt: skip

# EDTF seasons: « l'automne 2003 » is ``2003-23``. Written with or without a capital.
SEASONS: dict[str, int] = {
    "printemps": 21, "été": 22, "eté": 22, "automne": 23, "hiver": 24,
}  # fmt: skip
# The months each season covers, as EDTF (and the ``edtf`` package) reads them.
SEASON_MONTHS: dict[int, tuple[int, int]] = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}

# A day named from the document's own day: « hier » is the day before it.
DEICTIC_DAYS: dict[str, int] = {
    "avant-hier": -2, "hier": -1, "aujourd'hui": 0, "après-demain": 2, "demain": 1,
}  # fmt: skip
# « aujourd'hui » names a day only with a verb in the past or the future (« a adopté
# aujourd'hui »); in the present it means nowadays (« l'OTAN compte aujourd'hui 32 membres »).
TENSED_DEICTIC_DAYS: frozenset[str] = frozenset({"aujourd'hui"})
# « les défis de demain », « l'Europe d'hier »: after « de » a deictic day is figurative,
# unless the noun before it names one day's event or issue (« notre édition d'hier »).
DAY_EVENT_NOUNS: frozenset[str] = frozenset({
    "édition", "numéro", "séance", "réunion", "audience", "match", "scrutin", "vote", "votes",
    "élection", "élections", "journée", "rencontre", "sommet", "conférence", "déclaration",
    "annonce", "communiqué", "manifestation", "attentat", "attaque", "session",
})  # fmt: skip
# « Vendredi saint », « Mardi gras »: a weekday that is a feast's name, not a date.
WEEKDAY_FEASTS: frozenset[str] = frozenset({"saint", "gras", "noir", "fou"})
# « le lundi », « chaque mardi », « tous les jeudis », « du lundi au vendredi », « le premier
# dimanche du mois »: a weekday after these words is a habit or a rank, not the day it names.
NOT_ONE_DAY_BEFORE_WEEKDAY: frozenset[str] = frozenset({
    "le", "les", "chaque", "du", "au", "un", "premier", "première", "deuxième", "second",
    "troisième", "quatrième", "dernier", "prochain",
})  # fmt: skip

# « début octobre », « fin 2014 », « mi-mars », « courant 2005 »: the date's span takes the
# word, its value keeps the date's own precision (EDTF has no « early » or « late »).
PART_OF_PERIOD: dict[str, str] = {
    "début": "start", "fin": "end", "mi-": "middle", "courant": "during",
}  # fmt: skip

# « trois ans plus tard », « Deux ans plus tard »: counts written in words (the pattern
# takes a capital first letter too).
NUMBER_WORDS: dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
}  # fmt: skip

# « XXIe siècle »: the letters of a century's Roman numeral.
ROMAN: dict[str, int] = {"I": 1, "V": 5, "X": 10}

Direction = Literal["past", "future"]
# A word right after a date that says which way it lies: « le 1er septembre prochain ».
DIRECTION_WORDS: dict[str, Direction] = {
    "prochain": "future", "prochaine": "future", "dernier": "past", "dernière": "past",
}  # fmt: skip
# The same after a month: « novembre dernier », « juin prochains ».
MONTH_DIRECTION_WORDS: dict[str, Direction] = {"dernier": "past", "prochain": "future"}
# After « la semaine », « le week-end »: « la semaine dernière », « le week-end prochain ».
WEEK_DIRECTION_WORDS: dict[str, Direction] = {
    **DIRECTION_WORDS, "passée": "past", "passé": "past",
}  # fmt: skip
# Two-digit years after a month or « en » (« octobre 98 », « le 10 novembre 93 »): from
# this number on, the year is of the 1900s.
TWO_DIGIT_YEAR_PIVOT = 50


def alternation(forms: Iterable[str], *, any_case_initial: bool = False, upper: bool = False) -> str:
    """A non-capturing group matching ``forms`` in their order; ``any_case_initial``
    lets the first letter be a capital or not: ``(?:[Ll]undi|[Mm]ardi)``; ``upper`` also
    takes the form in capitals, as headlines write it (« DIMANCHE »)."""
    forms = list(forms)
    parts = []
    for form in forms:
        head, rest = form[:1], re.escape(form[1:])
        if any_case_initial and head.lower() != head.upper():
            parts.append(f"[{head.upper()}{head.lower()}]{rest}")
        else:
            parts.append(re.escape(head) + rest)
    if upper:
        parts.extend(re.escape(form.upper()) for form in forms if form.upper() != form)
    return f"(?:{'|'.join(parts)})"
