"""Find the temporal expressions of a French text and say what each one means.

The rules of ``patterns.GRAMMAR`` find the spans; ``dateparser`` reads the calendar
points inside them (month names in French and English, numeric forms); this module
composes intervals, open intervals, decades, centuries and relative expressions.

>>> [(e.rule, e.kind) for e in find_dates("Depuis 1993, le pays participe…")]
[('open_start', 'open_start')]
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache

from dateparser.date import DateDataParser

from bulletins.extraction.dates import patterns
from bulletins.extraction.dates.models import DateExpression, Point, Relative, Unit, WeekdayRule
from bulletins.extraction.dates.vocabulary import (
    DAY_EVENT_NOUNS,
    DEICTIC_DAYS,
    DIRECTION_WORDS,
    MONTH_DIRECTION_WORDS,
    MONTHS,
    MONTHS_DASHED,
    NOT_ONE_DAY_BEFORE_WEEKDAY,
    NUMBER_WORDS,
    ROMAN,
    ROMAN_MONTHS,
    SEASONS,
    TENSED_DEICTIC_DAYS,
    TWO_DIGIT_YEAR_PIVOT,
    WEEK_DIRECTION_WORDS,
    WEEKDAY_FEASTS,
    WEEKDAYS,
)

logger = logging.getLogger(__name__)

# A fixed, leap reference year: a missing part is never filled with today's date, and
# « 29 février » without a year still parses. Parts the text lacks are dropped after.
_REFERENCE = datetime(2000, 1, 1)
_PARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RELATIVE_BASE": _REFERENCE,
    "RETURN_TIME_AS_PERIOD": True,
}


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    return DateDataParser(languages=["fr", "en"], settings=_PARSER_SETTINGS)


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> datetime | None:
    return _parser().get_date_data(text).date_obj


def parse_point(
    day: str | None,
    month: str | None,
    year: str | None,
    clock: str | None = None,
    weekday: str | None = None,
) -> Point | None:
    """Read a calendar point from its written parts, keeping only the parts given.

    >>> parse_point("13", "Oct.", "2023", "15:52")
    Point(year=2023, month=10, day=13, hour=15, minute=52, weekday=None, second=None)
    >>> parse_point(None, "avril", None)
    Point(year=None, month=4, day=None, hour=None, minute=None, weekday=None, second=None)
    """
    if month is None:
        return Point(year_number(year)) if year else None
    number = year_number(year) if year else None
    day_text = "1" if day and day.lower() in {"1er", "1re", "premier"} else day
    written = " ".join(part for part in (day_text, month, str(number or 2000), clock) if part)
    parsed = _dateparser(written)
    if parsed is None:
        logger.debug("dateparser could not read %r", written)
        return None
    hour, minute, second = _clock(clock)
    return Point(
        year=number,
        month=parsed.month,
        day=parsed.day if day else None,
        hour=hour,
        minute=minute,
        weekday=WEEKDAYS[weekday.lower()] if weekday else None,
        second=second,
    )


def year_number(written: str) -> int:
    """« 2019 » → 2019; a two-digit year after a month: « 98 » → 1998, « 05 » → 2005."""
    number = int(written)
    if len(written) == 2:
        number += 1900 if number >= TWO_DIGIT_YEAR_PIVOT else 2000
    return number


def _clock(clock: str | None) -> tuple[int | None, int | None, int | None]:
    """« 15:47 » → (15, 47, None); « 17:15:00 » → (17, 15, 0); « 20h15 » → (20, 15, None)."""
    if not clock:
        return None, None, None
    parts = [int(p) for p in re.split(r"[:h]", clock)]
    return parts[0], parts[1], parts[2] if len(parts) > 2 else None


def _calendar_point(day: str, month: int, year: str, clock: str | None = None) -> Point | None:
    """A point whose month the grammar already read (« 21-Sep-2001 », « 15.X.2012 »)."""
    hour, minute, second = _clock(clock)
    point = Point(int(year), month, int(day), hour, minute, second=second)
    return point if _valid(point) else None


def parse_numeric(text: str) -> Point | None:
    """12/03/2019, 3.4.2018, 2019-03-12 or 2018-01, read day first."""
    parsed = _dateparser(text)
    if parsed is None:
        return None
    if re.fullmatch(r"\d{4}-\d\d", text):
        return Point(parsed.year, parsed.month)
    return Point(parsed.year, parsed.month, parsed.day)


def _group(match: re.Match[str], name: str) -> str | None:
    groups = match.groupdict()
    return groups.get(name)


def _point_from(match: re.Match[str], prefix: str) -> Point | None:
    """The point written in the ``{prefix}_…`` groups of ``match``, in any of its forms."""

    def get(name: str) -> str | None:
        return _group(match, f"{prefix}_{name}")

    if (dday := get("dday")) and (dmonth := get("dmonth")) and (dyear := get("dyear")):
        return _calendar_point(
            dday, MONTHS_DASHED[dmonth[0].upper() + dmonth[1:].lower()], dyear, get("dtime")
        )
    if (rday := get("rday")) and (rmonth := get("rmonth")) and (ryear := get("ryear")):
        return _calendar_point(rday, ROMAN_MONTHS[rmonth], ryear)
    if get("nyear") or get("iyear"):
        if get("nyear"):
            text = f"{get('nday')}{get('sep')}{get('nmonth')}{get('sep')}{get('nyear')}"
        else:
            text = "-".join(p for p in (get("iyear"), get("imonth"), get("iday")) if p)
        point = parse_numeric(text)
        if point is not None and get("ntime"):
            hour, minute, second = _clock(get("ntime"))
            point = replace(point, hour=hour, minute=minute, second=second)
        return point
    if get("day"):
        return parse_point(get("day"), get("month"), get("year") or get("yy"), get("time"), get("weekday"))
    if get("month2"):
        return parse_point(None, get("month2"), get("year2") or get("yy2"))
    if get("month_only"):
        return parse_point(None, get("month_only"), None)
    if get("month"):
        return parse_point(None, get("month"), get("year"))
    year = get("year3") or get("year")
    return Point(int(year)) if year else None


def _inherit(first: Point, last: Point) -> Point:
    """« du 19 au 20 janvier 2016 »: the first point takes the parts it lacks from the last."""
    if first.month is None and first.day is not None:
        first = Point(first.year, last.month, first.day)
    if first.year is None and (first.month is not None or first.day is not None):
        first = _year_of(first, last)
    return first


def _year_of(first: Point, last: Point) -> Point:
    """The year of ``last`` for a year-less ``first``, or the year before when a later month
    comes first: « du 21 décembre au 5 janvier 2020 » starts in December 2019."""
    year = last.year
    crosses = first.month is not None and last.month is not None and first.month > last.month
    if year is not None and crosses:
        year -= 1
    return replace(first, year=year)


def _valid(point: Point | None) -> bool:
    if point is None:
        return False
    if point.day is None:
        return True
    try:
        date(point.year or 2000, point.month or 1, point.day)
    except ValueError:
        return False
    return True


def _interval(match: re.Match[str], rule: str) -> DateExpression | None:
    first, last = _point_from(match, "a"), _point_from(match, "b")
    if first is None or last is None:
        return None
    first = _inherit(first, last)
    if not (_valid(first) and _valid(last)):
        return None
    return DateExpression(match.start(), match.end(), rule, "interval", first, last)


def _day_range(match: re.Match[str], rule: str) -> DateExpression | None:
    month, year = match.group("month"), match.group("year")
    last = parse_point(match.group("b_day"), month, year)
    first = parse_point(match.group("a_day"), month, year)
    if not (_valid(first) and _valid(last)) or first is None or last is None:
        return None
    if first.day is not None and last.day is not None and first.day >= last.day:
        return None
    which = _group(match, "which")
    direction = MONTH_DIRECTION_WORDS[which] if which and year is None else None
    end = match.end() if which is None or direction else match.start("which")
    return DateExpression(match.start(), end, rule, "interval", first, last, direction=direction)


def _day_range_du_au(match: re.Match[str], rule: str) -> DateExpression | None:
    last = parse_point(match.group("b_day"), match.group("b_month"), match.group("b_year"))
    first_month = match.group("a_month") or match.group("b_month")
    first = parse_point(match.group("a_day"), first_month, match.group("a_year"))
    if not (_valid(first) and _valid(last)) or first is None or last is None:
        return None
    if first.year is None:
        first = _year_of(first, last)
        if not _valid(first):  # « du 29 février au 3 mars 2019 »
            return None
    return DateExpression(match.start(), match.end(), rule, "interval", first, last)


def _month_pair(match: re.Match[str], rule: str) -> DateExpression | None:
    """« mars-avril », « juin-juillet 2019 »: two months of one year."""
    year = match.group("year")
    first = parse_point(None, match.group("a_month_only"), year)
    last = parse_point(None, match.group("b_month_only"), year)
    if first is None or last is None or (first.month or 0) >= (last.month or 0):
        return None
    return DateExpression(match.start(), match.end(), rule, "interval", first, last)


def _bare_month(match: re.Match[str], rule: str) -> DateExpression | None:
    written = next(m for m in match.groups() if m)
    point = parse_point(None, written, None)
    return DateExpression(match.start(), match.end(), rule, "point", first=point) if point else None


def _year_span(match: re.Match[str], rule: str) -> DateExpression | None:
    first_year = int(match.group("a_year"))
    written = match.group("b_year")
    last_year = int(written) if len(written) == 4 else first_year // 100 * 100 + int(written)
    if last_year <= first_year or last_year - first_year > 100:
        return None
    return DateExpression(match.start(), match.end(), rule, "interval", Point(first_year), Point(last_year))


def _open_start(match: re.Match[str], rule: str) -> DateExpression | None:
    if match.group("decade"):
        decade = int(match.group("decade_year"))
        return DateExpression(match.start(), match.end(), rule, "open_start", Point(decade))
    point = _point_from(match, "a")
    if not _valid(point):
        return None
    since = match.group("bound").lower() == "depuis"  # « depuis janvier »: a month gone by
    return DateExpression(
        match.start(), match.end(), rule, "open_start", first=point, direction="past" if since else None
    )


def _open_end(match: re.Match[str], rule: str) -> DateExpression | None:
    point = _point_from(match, "b")
    if not _valid(point):
        return None
    # « Blair a donné jusqu'au 30 juin… »: a deadline lies ahead whatever the verb's tense
    return DateExpression(match.start(), match.end(), rule, "open_end", last=point, direction="future")


def _decade(match: re.Match[str], rule: str) -> DateExpression | None:
    written = match.group("decade_year")
    year = int(written) if written else 1900 + int(match.group("decade_short"))  # « années 90 »
    return DateExpression(match.start(), match.end(), rule, "decade", decade=year)


def _roman(numeral: str) -> int | None:
    values = [ROMAN[c] for c in numeral]
    total = 0
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return total if 1 <= total <= 21 else None


def _century(match: re.Match[str], rule: str) -> DateExpression | None:
    arabic = match.group("arabic")
    century = int(arabic) if arabic else _roman(match.group("roman"))
    if century is None:
        return None
    return DateExpression(match.start(), match.end(), rule, "century", century=century)


_RELATIVE_PHRASES: list[tuple[str, Relative]] = [
    (r"(?:la|cette) même année|cette année[- ]là", Relative("year", 0, "previous")),
    (r"l'année (?:suivante|d'après)", Relative("year", 1, "previous")),
    (r"l'année (?:précédente|d'avant)", Relative("year", -1, "previous")),
    (r"l'année dernière|l'an (?:dernier|passé)", Relative("year", -1, "document")),
    (r"l'année prochaine|l'an prochain", Relative("year", 1, "document")),
    (r"cette année", Relative("year", 0, "document")),
    (r"le mois suivant", Relative("month", 1, "previous")),
    (r"le mois précédent", Relative("month", -1, "previous")),
    (r"le mois dernier", Relative("month", -1, "document")),
    (r"le mois prochain", Relative("month", 1, "document")),
    (r"ce mois-ci", Relative("month", 0, "document")),
    (r"ce mois-là", Relative("month", 0, "previous")),
    (r"le même jour|ce jour-là", Relative("day", 0, "previous")),
    (r"(?:le|ce) même mois", Relative("month", 0, "previous")),
    (
        r"(?:la )?(?:fin|début|mi-) ?(?:de )?l'année(?: dernière| précédente)",
        Relative("year", -1, "document"),
    ),
    (r"(?:la )?(?:fin|début|mi-) ?(?:de )?l'année(?: prochaine| suivante)", Relative("year", 1, "document")),
    (r"(?:la )?(?:fin|début|mi-) ?(?:de )?l'année", Relative("year", 0, "document")),
    (r"la veille", Relative("day", -1, "previous")),
    (r"le lendemain", Relative("day", 1, "previous")),
]


def _relative(match: re.Match[str], rule: str) -> DateExpression | None:
    phrase = " ".join(match.group("relative").lower().split())
    for pattern, relative in _RELATIVE_PHRASES:
        if re.fullmatch(pattern, phrase):
            return DateExpression(match.start(), match.end(), rule, "relative", relative=relative)
    return None


def _month_number(written: str) -> int | None:
    """« janv. » → 1, « Sept » → 9: the value of a month the grammar matched."""
    return MONTHS.get(written.lower())


def _month_of_same_year(match: re.Match[str], rule: str) -> DateExpression | None:
    """« décembre de la même année », « 16 mars de cette année-là », « mars de l'année dernière »."""
    month = _month_number(match.group("month"))
    rel = match.group("rel") or ""
    offset = {"suivante": 1, "précédente": -1, "dernière": -1}.get(rel, 0)
    if month is None:
        return None
    day = parse_point(match.group("day"), match.group("month"), None) if match.group("day") else None
    if match.group("day") and (day is None or not _valid(day)):
        return None
    # « cette année », « l'année dernière »: the document's year; « cette année-là »: the text's
    of_document = rel == "dernière" or match.group("this") is not None
    relative = Relative(
        "year", offset, "document" if of_document else "previous", month=month, day=day.day if day else None
    )
    return DateExpression(match.start(), match.end(), rule, "relative", relative=relative)


def _years_later(match: re.Match[str], rule: str) -> DateExpression | None:
    count_text = match.group("count").lower()
    count = int(count_text) if count_text.isdigit() else NUMBER_WORDS[count_text]
    sign = -1 if match.group("direction").startswith(("plus tôt", "auparavant")) else 1
    unit: Unit = "month" if match.group("unit") == "mois" else "year"
    relative = Relative(unit, sign * count, "previous")
    return DateExpression(match.start(), match.end(), rule, "relative", relative=relative)


def _month_last_next(match: re.Match[str], rule: str) -> DateExpression | None:
    """« novembre dernier », « le 6 mai dernier », « les 6 et 13 avril prochains »."""
    point = parse_point(match.group("day"), match.group("month"), None, weekday=match.group("weekday"))
    if point is None or point.month is None:
        return None
    last = MONTH_DIRECTION_WORDS[match.group("which")] == "past"
    relative = Relative(
        "month", 0, "document", month=point.month, day=point.day, latest_past=last, next_future=not last
    )
    return DateExpression(match.start(), match.end(), rule, "relative", relative=relative)


def _this_weekday(match: re.Match[str], rule: str) -> DateExpression | None:
    weekday = WEEKDAYS[match.group("weekday").lower()]
    relative = Relative("day", 0, "document", weekday=weekday)
    return DateExpression(match.start(), match.end(), rule, "relative", relative=relative)


def _word_before(text: str, start: int) -> str:
    """The word before ``start``, in lower case: « le » in « le mardi »."""
    found = re.search(r"([\w'-]+)\W*$", text[max(0, start - 40) : start])
    return found.group(1).lower() if found else ""


def _words_before_de(text: str, start: int) -> set[str] | None:
    """The three words before « de » when « de » or « d' » stands right before ``start``
    (« les élections législatives d'aujourd'hui »), else None."""
    before = text[max(0, start - 40) : start]
    if not re.search(r"\b(?:de|d')\s*$", before, re.IGNORECASE):
        return None
    return set(re.findall(r"[\w-]+", before.lower())[-4:-1])


def _deictic_day(match: re.Match[str], rule: str) -> DateExpression | None:
    """« hier » (the day before the document's), « demain », « aujourd'hui (vendredi) ».

    After « de », only the day of an event (« notre édition d'hier », « les élections
    d'aujourd'hui »); after any other noun it is figurative (« les défis de demain »).
    """
    word = match.group("deictic").lower()
    nouns = _words_before_de(match.string, match.start())
    of_event = nouns is not None and bool(DAY_EVENT_NOUNS & nouns)
    if nouns is not None and not of_event:
        return None
    tensed = word in TENSED_DEICTIC_DAYS and match.group("weekday") is None and not of_event
    relative = Relative("day", DEICTIC_DAYS[word], "document", tensed=tensed)
    return DateExpression(match.start(), match.end(), rule, "relative", relative=relative)


def _weekday_alone(match: re.Match[str], rule: str) -> DateExpression | None:
    """« mardi » (resolved by the verb's tense), « lundi dernier », « vendredi prochain »."""
    text = match.string
    after = re.match(r"\s+(\w+)", text[match.end() : match.end() + 20])
    if after and after.group(1).lower() in WEEKDAY_FEASTS:  # « Vendredi saint »
        return None
    if _word_before(text, match.start()) in NOT_ONE_DAY_BEFORE_WEEKDAY:  # « le lundi »
        return None
    following = re.match(r"\s+(?:au|à)\s+(\w+)", text[match.end() : match.end() + 20])
    if following and following.group(1).lower() in WEEKDAYS:  # « du lundi au vendredi »
        return None
    which = match.group("which")
    rules: dict[str, WeekdayRule] = {"past": "last", "future": "next"}
    weekday_rule: WeekdayRule = rules[MONTH_DIRECTION_WORDS[which]] if which else "tense"
    relative = Relative(
        "day", 0, "document", weekday=WEEKDAYS[match.group("weekday").lower()], weekday_rule=weekday_rule
    )
    return DateExpression(match.start(), match.end(), rule, "relative", relative=relative)


def _week(match: re.Match[str], rule: str) -> DateExpression | None:
    """« cette semaine » (Monday to Sunday of the document's week), « ce week-end »."""
    which = (match.group("which") or match.group("which2") or "").lower()
    offset = {"past": -1, "future": 1}[WEEK_DIRECTION_WORDS[which]] if which else 0
    weekend = bool(match.group("weekend") or match.group("weekend2"))
    relative = Relative("week", offset, "document", weekend=weekend)
    return DateExpression(match.start(), match.end(), rule, "interval", relative=relative)


def _short_year(match: re.Match[str], rule: str) -> DateExpression | None:
    """« en 97 » → 1997: a two-digit year after « en », where the phrase ends with it."""
    return DateExpression(
        match.start(), match.end(), rule, "point", first=Point(year_number(match.group("yy")))
    )


def _open_end_relative(match: re.Match[str], rule: str) -> DateExpression | None:
    """« d'ici la fin de l'année » → ``../2019`` in a document of 2019."""
    phrase = " ".join(match.group("relative").lower().split())
    for pattern, relative in _RELATIVE_PHRASES:
        if re.fullmatch(pattern, phrase):
            return DateExpression(
                match.start(), match.end(), rule, "open_end", relative=relative, direction="future"
            )
    return None


def _season(match: re.Match[str], rule: str) -> DateExpression | None:
    """« printemps 2008 » → ``2008-21``, « l'automne 2003 » → ``2003-23`` (EDTF seasons)."""
    point = Point(int(match.group("year")), SEASONS[match.group("season").lower()])
    return DateExpression(match.start(), match.end(), rule, "point", first=point)


def _season_relative(match: re.Match[str], rule: str) -> DateExpression | None:
    """« l'été dernier », « cet hiver », « à l'automne » (the document's year)."""
    which = match.group("which")
    article = (match.group("article") or "").lower().strip()
    if article in {"l'", "le"} and not which:  # « l'automne » alone: a season in general
        return None
    if not article and not which and match.group("season")[0].isupper():  # « au Printemps arabe »
        return None
    direction = MONTH_DIRECTION_WORDS[which] if which else None
    relative = Relative(
        "month",
        0,
        "document",
        month=SEASONS[match.group("season").lower()],
        latest_past=direction == "past",
        next_future=direction == "future",
    )
    return DateExpression(match.start(), match.end(), rule, "relative", relative=relative)


def _point_rule(match: re.Match[str], rule: str) -> DateExpression | None:
    point = _point_from(match, "a")
    if not _valid(point):
        return None
    return DateExpression(match.start(), match.end(), rule, "point", first=point)


_READERS: dict[str, Callable[[re.Match[str], str], DateExpression | None]] = {
    "day_range_du_au": _day_range_du_au,
    "between": _interval,
    "from_until": _interval,
    "from_to": _interval,
    "day_pair": _day_range,
    "day_span": _day_range,
    "month_span": _interval,
    "year_span": _year_span,
    "open_start": _open_start,
    "open_end": _open_end,
    "decade": _decade,
    "century": _century,
    "month_of_same_year": _month_of_same_year,
    "relative": _relative,
    "years_later": _years_later,
    "month_last_next": _month_last_next,
    "this_weekday": _this_weekday,
    "deictic_day": _deictic_day,
    "week": _week,
    "short_year": _short_year,
    "open_end_relative": _open_end_relative,
    "weekday": _weekday_alone,
    "season": _season,
    "season_relative": _season_relative,
    "numeric": _point_rule,
    "point": _point_rule,
    "bare_month": _bare_month,
    "month_pair": _month_pair,
    "part_month": _point_rule,
}


_CHECKED_FOR_NUMBERS = {"numeric", "year_span"}


def _is_number_not_year(text: str, rule: str, match: re.Match[str]) -> bool:
    """« résolution 1325 », « 2019 participants », « n° 2019-03 », a phone number: a number
    that looks like a date but is an identifier, a count or an amount."""
    if rule not in _CHECKED_FOR_NUMBERS and not match.groupdict().get("a_year3"):
        return False
    before = text[max(0, match.start() - 30) : match.start()]
    after = text[match.end() : match.end() + 30]
    return bool(patterns.NOT_A_YEAR_BEFORE.search(before) or patterns.NOT_A_YEAR_AFTER.match(after))


def find_dates(text: str) -> list[DateExpression]:
    """Every temporal expression of ``text``, longest first where two compete, in text order."""
    candidates: list[tuple[int, int, int, str, re.Match[str]]] = []
    for order, (rule, pattern) in enumerate(patterns.GRAMMAR.items()):
        for match in pattern.finditer(text):
            if match.end() > match.start() and not _is_number_not_year(text, rule, match):
                candidates.append((match.end() - match.start(), -match.start(), -order, rule, match))
    candidates.sort(reverse=True)
    taken = _Taken()
    for _, _, _, rule, match in candidates:
        if taken.overlaps(match.start(), match.end()):
            continue
        expression = _READERS[rule](match, rule)
        if expression is not None:
            taken.add(_with_direction_word(text, expression, taken))
    return taken.in_order()


class _Taken:
    """The expressions kept so far, which never overlap, by their start: whether a new one
    overlaps them is two look-ups (``bisect``), not a pass over all of them."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.expressions: list[DateExpression] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i > 0 and self.expressions[i - 1].end > start:
            return True  # one that starts before and reaches into it
        return i < len(self.starts) and self.starts[i] < end  # one that starts inside it

    def starts_within(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end

    def add(self, expression: DateExpression) -> None:
        i = bisect.bisect_right(self.starts, expression.start)
        self.starts.insert(i, expression.start)
        self.expressions.insert(i, expression)

    def in_order(self) -> list[DateExpression]:
        return list(self.expressions)


def _with_direction_word(text: str, expression: DateExpression, taken: _Taken) -> DateExpression:
    """« le 1er septembre prochain »: the word after a year-less date joins it and says its way."""
    if not expression.needs_context or expression.relative is not None:
        return expression
    found = patterns.DIRECTION_AFTER.match(text, expression.end)
    if found is None or taken.starts_within(expression.end, found.end()):
        return expression
    direction = DIRECTION_WORDS[found.group("which")]
    return replace(expression, end=found.end(), direction=direction)
