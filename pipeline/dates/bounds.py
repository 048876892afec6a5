"""Calendar bounds of an EDTF value, so that users can filter by range without parsing EDTF.

The ``edtf`` package parses and checks the value; an open end gives no bound, and so does
a year the text does not give (``XXXX-10-04``).

>>> date_bounds("2013/2017")
(datetime.date(2013, 1, 1), datetime.date(2017, 12, 31))
>>> date_bounds("1993/..")
(datetime.date(1993, 1, 1), None)
"""

from __future__ import annotations

import time
from datetime import date

from edtf import parse_edtf


class InvalidEDTF(ValueError):
    """A value that is not EDTF: a bug of the date stage, never of the input."""


def _as_date(moment: object) -> date | None:
    if not isinstance(moment, time.struct_time) or not 1 <= moment.tm_year <= 9998:
        return None  # an open end (infinity) or an unknown year
    return date(moment.tm_year, moment.tm_mon, moment.tm_mday)


def _open(part: str) -> tuple[date | None, date | None]:
    if part == "..":
        return None, None
    return date_bounds(part)


def date_bounds(value: str) -> tuple[date | None, date | None]:
    """(earliest, latest) day that ``value`` can mean; None where it is open or unknown."""
    try:
        parsed = parse_edtf(value)
    except Exception as error:  # the edtf parser raises its own exception types
        raise InvalidEDTF(f"{value!r} is not a valid EDTF value") from error
    if "/" in value and ".." in value:  # the edtf package cannot bound an open interval
        first, last = value.split("/")
        return _open(first)[0], _open(last)[1]
    return _as_date(parsed.lower_strict()), _as_date(parsed.upper_strict())
