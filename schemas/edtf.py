"""Check the EDTF values we write and give their calendar bounds, so that users can filter
by range without parsing EDTF.

The values are the subset of EDTF (ISO 8601-2) that the date stage writes: a point
(``1995``, ``2003-04``, ``2006-10-04``, ``2023-10-13T15:52:00``, the season ``2003-23``),
with unknown digits as ``X`` (``XXXX-10-04``, ``199X``, ``19XX``), or an interval of two
of them where either end may be open (``2013/2017``, ``1993/..``, ``../2017``). Reading them takes a regular
expression, not a grammar: the ``edtf`` package parses them a thousand times slower.
The tests check, value by value, that both agree.

>>> date_bounds("2013/2017")
(datetime.date(2013, 1, 1), datetime.date(2017, 12, 31))
>>> date_bounds("1993/..")
(datetime.date(1993, 1, 1), None)
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_POINT = re.compile(
    r"(?P<year>\d{4}|\d{3}X|\d{2}XX|XXXX)"
    r"(?:-(?P<season>2[1-4])|-(?P<month>0[1-9]|1[0-2])"
    r"(?:-(?P<day>0[1-9]|[12]\d|3[01])(?:T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)?)?)?"
)
# EDTF seasons (21 spring … 24 winter) and the months they cover, as the ``edtf`` package reads them.
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}

Bounds = tuple[date | None, date | None]


class InvalidEDTF(ValueError):
    """A value that is not EDTF: a bug of the date stage, never of the input."""


def _point_bounds(value: str) -> Bounds:
    match = _POINT.fullmatch(value)
    if match is None:
        raise InvalidEDTF(f"{value!r} is not an EDTF date")
    year, month, day = match["year"], match["month"], match["day"]
    if match["season"] is not None:
        if not year.isdigit():
            raise InvalidEDTF(f"{value!r} gives a season to an unknown year")
        first, last = _SEASON_MONTHS[int(match["season"])]
        return date(int(year), first, 1), date(int(year), last, calendar.monthrange(int(year), last)[1])
    if year == "XXXX":
        if month is None:
            raise InvalidEDTF(f"{value!r} says nothing")
        return None, None
    if "X" in year:
        if month is not None:
            raise InvalidEDTF(f"{value!r} gives a month to an unknown year")
        low, high = int(year.replace("X", "0")), int(year.replace("X", "9"))
        return date(low, 1, 1), date(high, 12, 31)
    number = int(year)
    if month is None:
        return date(number, 1, 1), date(number, 12, 31)
    month_number = int(month)
    if day is None:
        return date(number, month_number, 1), date(
            number, month_number, calendar.monthrange(number, month_number)[1]
        )
    try:
        day_date = date(number, month_number, int(day))
    except ValueError as error:
        raise InvalidEDTF(f"{value!r} is no day of the calendar") from error
    return day_date, day_date


def date_bounds(value: str) -> Bounds:
    """(earliest, latest) day that ``value`` can mean; None where it is open or unknown."""
    if "/" not in value:
        return _point_bounds(value)
    first, _, last = value.partition("/")
    if first == last == ".." or "/" in last:
        raise InvalidEDTF(f"{value!r} is not an EDTF interval")
    earliest = None if first == ".." else _point_bounds(first)[0]
    latest = None if last == ".." else _point_bounds(last)[1]
    if earliest and latest and earliest > latest:
        raise InvalidEDTF(f"{value!r} ends before it starts")
    return earliest, latest
