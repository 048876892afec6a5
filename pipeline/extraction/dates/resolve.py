"""Resolve temporal expressions against the document's date and the dates before them,
and write their values in EDTF (ISO 8601-2).

« la même année » after « En avril 2003 » is ``2003``; « 4 octobre » in a bulletin dated
4 October 2006 is ``2006-10-04``; with no date to be had it stays ``XXXX-10-04``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Literal

from bulletins.extraction.dates.models import (
    DateExpression,
    DroppedDate,
    Granularity,
    Point,
    Relative,
    ResolvedDate,
)
from bulletins.extraction.dates.patterns import (
    CAPTION_MARKER,
    DATELINE_PREFIX,
    DATELINE_SUFFIX,
    UPDATE_MARKER,
)
from bulletins.extraction.dates.vocabulary import SEASON_MONTHS
from bulletins.schemas.edtf import date_bounds

logger = logging.getLogger(__name__)

Tense = Literal["past", "future", "unknown"]

HEADER_LENGTH = 600
HALF_YEAR = 183
HEADER_LINE_EXTRA = 30


def format_point(point: Point) -> str:
    """EDTF of a point; unknown parts are ``X`` (``XXXX-10-04``)."""
    year = f"{point.year:04d}" if point.year is not None else "XXXX"
    if point.month is None:
        return year
    text = f"{year}-{point.month:02d}"
    if point.day is None:
        return text
    text += f"-{point.day:02d}"
    if point.hour is not None:
        text += f"T{point.hour:02d}:{point.minute or 0:02d}:{point.second or 0:02d}"
    return text


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def _weekday_day(relative: Relative, anchor: date, tense: Tense) -> date:
    """The day a weekday names from ``anchor``: « ce mardi » in its week; « mardi » on or
    before it in the past, on or after it in the future, the nearest one otherwise;
    « mardi dernier » strictly before it, « mardi prochain » strictly after it."""
    weekday = relative.weekday or 0
    back = (anchor.weekday() - weekday) % 7  # days back to the same weekday, 0 on that day
    ahead = (weekday - anchor.weekday()) % 7
    rule = relative.weekday_rule
    if rule == "this_week":
        return anchor + timedelta(days=weekday - anchor.weekday())
    if rule == "last":
        return anchor - timedelta(days=back or 7)
    if rule == "next":
        return anchor + timedelta(days=ahead or 7)
    if tense == "past" or (tense == "unknown" and back <= ahead):
        return anchor - timedelta(days=back)
    return anchor + timedelta(days=ahead)


def _week_days(relative: Relative, anchor: Point, tense: Tense = "unknown") -> tuple[Point, Point] | None:
    """Monday and Sunday of the week ``relative`` names (« cette semaine »), or its Saturday
    and Sunday (« ce week-end »)."""
    if anchor.year is None or anchor.month is None or anchor.day is None:
        return None
    day = date(anchor.year, anchor.month, anchor.day)
    if relative.weekend and relative.offset == 0:  # « ce week-end »: its Saturday, by the tense
        saturday = _weekday_day(Relative("day", 0, "document", weekday=5, weekday_rule="tense"), day, tense)
        start, sunday = saturday, saturday + timedelta(days=1)
    else:
        monday = day - timedelta(days=day.weekday()) + timedelta(weeks=relative.offset)
        start = monday + timedelta(days=5 if relative.weekend else 0)
        sunday = monday + timedelta(days=6)
    return Point(start.year, start.month, start.day), Point(sunday.year, sunday.month, sunday.day)


def _month_order(month: int) -> int:
    """A month or an EDTF season (21–24) as the month it starts with, for comparing."""
    return SEASON_MONTHS[month][0] if month in SEASON_MONTHS else month


def _apply(relative: Relative, anchor: Point, tense: Tense = "unknown") -> Point | None:
    """The point that ``relative`` names, counted from ``anchor``."""
    if anchor.year is None:
        return None
    if relative.weekday is not None:
        if anchor.month is None or anchor.day is None:
            return None
        target = _weekday_day(relative, date(anchor.year, anchor.month, anchor.day), tense)
        return Point(target.year, target.month, target.day)
    if relative.month is not None and relative.unit == "month":  # « le 6 mai dernier »
        year = anchor.year
        here = (_month_order(relative.month), relative.day or 0)
        there = (anchor.month or 0, (anchor.day or 0) if relative.day else 0)
        if relative.month in SEASON_MONTHS and anchor.month is not None:  # « l'été dernier »
            there = (_month_order(_season_of(anchor.month)), 0)
        if relative.latest_past and here >= there:
            year -= 1
        if relative.next_future and here <= there:
            year += 1
        return Point(year, relative.month, relative.day)
    if relative.unit == "year":
        return Point(anchor.year + relative.offset, relative.month, relative.day)
    if relative.unit == "month":
        if anchor.month is None:
            return None
        year, month = _shift_month(anchor.year, anchor.month, relative.offset)
        return Point(year, month)
    if anchor.month is None or anchor.day is None:
        return None
    day = date(anchor.year, anchor.month, anchor.day) + timedelta(days=relative.offset)
    return Point(day.year, day.month, day.day)


def _season_of(month: int) -> int:
    """The EDTF season a month falls in: 7 → 22 (été)."""
    return next((s for s, (a, b) in SEASON_MONTHS.items() if a <= month <= b), 24)


def _complete_year(point: Point, reference: Point | None, tense: Tense) -> Point:
    """Give a year-less point the year of the document's date.

    It moves a year back when it would fall after the document's date and the text
    speaks of the past, or when it would fall more than half a year after it (« le 15
    décembre » in a bulletin of 10 January); a year forward in the mirror cases. Days
    are compared only as far as the document's date is precise.
    """
    if point.year is not None or reference is None or reference.year is None:
        return point
    year = reference.year
    if reference.month is None or point.month is None:
        return replace(point, year=year)
    if reference.day is None or point.day is None:
        delta = 30 * (point.month - reference.month)
    else:
        delta = (
            date(2001, point.month, min(point.day, 28)) - date(2001, reference.month, min(reference.day, 28))
        ).days
    if delta > 0 and (tense == "past" or (delta > HALF_YEAR and tense != "future")):
        year -= 1
    elif delta < 0 and (tense == "future" or (-delta > HALF_YEAR and tense != "past")):
        year += 1
    if point.weekday is not None and point.day is not None:  # « jeudi 16 septembre »: its year
        for candidate in (year, reference.year, reference.year - 1, reference.year + 1):
            if _weekday(candidate, point.month, point.day) == point.weekday:
                return replace(point, year=candidate)
    return replace(point, year=year)


def _weekday(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).weekday()
    except ValueError:
        return None


def _edtf(expression: DateExpression, first: Point | None, last: Point | None) -> str:
    kind = expression.kind
    if kind == "decade" and expression.decade is not None:
        return f"{expression.decade // 10:03d}X"
    if kind == "century" and expression.century is not None:
        return f"{expression.century - 1:02d}XX"
    if kind == "interval" and first and last:
        return f"{format_point(first)}/{format_point(last)}"
    if kind == "open_start" and first:
        return f"{format_point(first)}/.."
    if kind == "open_end" and last:
        return f"../{format_point(last)}"
    if first:
        return format_point(first)
    raise ValueError(f"expression {expression.rule} at {expression.start} has no value")


def _granularity(expression: DateExpression, first: Point | None, last: Point | None) -> Granularity:
    if expression.kind == "decade":
        return "decade"
    if expression.kind == "century":
        return "century"
    point = first or last
    return point.granularity if point is not None else "year"


def _last_point(resolved: ResolvedDate, first: Point | None, last: Point | None) -> Point | None:
    """The point a later relative expression counts from: the end of an interval."""
    return last or first


class ReversedInterval(ValueError):
    """« du 15 au 3 mars 2019 », « entre 2019 et 2012 »: an interval whose end is before its start."""


def _ends_before_it_starts(first: Point, last: Point) -> bool:
    """True when ``last`` is before ``first``, as far as their written parts tell.

    Two year-less points are compared only within one month (« du 15 au 3 mars »):
    « du 21 décembre au 5 janvier » crosses a new year.
    """
    if first.year is None or last.year is None:
        same_month = first.year == last.year and first.month == last.month
        return same_month and first.day is not None and last.day is not None and first.day > last.day
    earliest = date_bounds(format_point(replace(first, hour=None, minute=None)))[0]
    latest = date_bounds(format_point(replace(last, hour=None, minute=None)))[1]
    return earliest is not None and latest is not None and earliest > latest


def resolve_dates(
    expressions: Sequence[DateExpression],
    document: Point | None,
    tenses: Sequence[Tense] | None = None,
    dropped: list[DroppedDate] | None = None,
) -> list[ResolvedDate]:
    """EDTF values for ``expressions`` (in text order), with ``document`` as the bulletin's date.

    ``tenses`` says, for each expression, whether its sentence speaks of the past or the
    future; a day without a year moves to the year before or after accordingly. An
    expression with nothing to resolve against is left out; one that makes no sense
    (« entre 2019 et 2012 ») or fails to resolve is left out too, and goes to ``dropped``
    with the reason: the others are resolved all the same.

    >>> from bulletins.extraction.dates import find_dates
    >>> dropped = []
    >>> [r.value for r in resolve_dates(find_dates("entre 2019 et 2012, puis en 2014"), None, None, dropped)]
    ['2014']
    >>> [(d.expression.start, d.reason) for d in dropped]
    [(0, 'its end is before its start')]
    """
    results: list[ResolvedDate] = []
    previous: list[Point] = []
    coordinated: tuple[int, Tense] | None = None  # (end, way) of the last weekday resolved
    for index, expression in enumerate(expressions):
        tense: Tense = expression.direction or (
            tenses[index] if tenses and needs_tense(expression) else "unknown"
        )
        joined = coordinated is not None and expression.start - coordinated[0] <= COORDINATION_GAP
        if coordinated is not None and joined and tense == "unknown" and _is_tensed_weekday(expression):
            tense = coordinated[1]  # « jeudi et vendredi »
        try:
            found = _resolve(expression, document, tense, previous)
        except ReversedInterval:
            if dropped is not None:
                dropped.append(DroppedDate(expression, "reversed-interval", "its end is before its start"))
            continue
        except Exception as error:  # one expression never costs the bulletin its other dates
            logger.warning(
                "date expression %s at %d not resolved: %r", expression.rule, expression.start, error
            )
            if dropped is not None:
                dropped.append(
                    DroppedDate(expression, "unresolvable", f"it could not be resolved ({error!r})")
                )
            continue
        if found is None:
            continue
        resolved, first, last = found
        results.append(resolved)
        if _is_tensed_weekday(expression) and document is not None and resolved.earliest is not None:
            coordinated = (expression.end, _way(resolved.earliest, document))
        anchor_point = _last_point(resolved, first, last)
        if anchor_point is not None and anchor_point.year is not None:
            point = first if expression.kind == "relative" else anchor_point
            if point is not None:
                previous.append(point)
    return results


def needs_tense(expression: DateExpression) -> bool:
    """Whether the sentence's tense can change the value: a relative expression (« jeudi »,
    « la semaine prochaine ») or a day without its year (« le 4 octobre »); « le 4 octobre
    2021 » needs none, so its sentence's verbs are never looked at.

    >>> from bulletins.extraction.dates import find_dates
    >>> [needs_tense(e) for e in find_dates("le 4 octobre 2021, puis le 5 octobre et jeudi")]
    [False, True, True]
    """
    if expression.relative is not None:
        return True
    return any(point is not None and point.year is None for point in (expression.first, expression.last))


COORDINATION_GAP = 5  # « jeudi et vendredi », « lundi, mardi »: one way for both


def _is_tensed_weekday(expression: DateExpression) -> bool:
    relative = expression.relative
    return relative is not None and relative.weekday is not None and relative.weekday_rule == "tense"


def _way(day: date, document: Point) -> Tense:
    """Whether ``day`` lies after the document's day (future), before it (past), or is it."""
    if document.year is None or document.month is None or document.day is None:
        return "unknown"
    today = date(document.year, document.month, document.day)
    return "future" if day > today else "past" if day < today else "unknown"


def _resolve(
    expression: DateExpression, document: Point | None, tense: Tense, previous: list[Point]
) -> tuple[ResolvedDate, Point | None, Point | None] | None:
    """One expression resolved (with its two points), or None when nothing resolves it."""
    first, last = expression.first, expression.last
    anchor_name: str | None = None
    if expression.relative is not None:
        relative = expression.relative
        needed = relative.unit if relative.month is None else "year"
        anchor = None
        if relative.anchor == "previous":
            anchor = next((p for p in reversed(previous) if _has(p, needed)), None)
            anchor_name = "previous"
        if anchor is None and document is not None:
            anchor, anchor_name = document, "document"
        if relative.tensed and tense == "unknown":
            return None  # « l'OTAN compte aujourd'hui 32 membres »: nowadays, no day
        if relative.unit == "week":
            week = _week_days(relative, anchor, tense) if anchor is not None else None
            if week is None:
                return None
            first, last = week
        else:
            point = _apply(relative, anchor, tense) if anchor is not None else None
            if point is None:
                return None
            first, last = (None, point) if expression.kind == "open_end" else (point, None)
    else:
        if first is not None and last is not None and _ends_before_it_starts(first, last):
            raise ReversedInterval(expression.rule)
        if first is not None and first.year is None:
            first, anchor_name = _complete_year(first, document, tense), "document"
        if last is not None and last.year is None:
            if first is not None and first.year is not None:  # « du 21 au 25 septembre »
                wraps = (last.month or 0, last.day or 0) < (first.month or 0, first.day or 0)
                last = replace(last, year=first.year + wraps)
            else:
                last, anchor_name = _complete_year(last, document, tense), "document"
        if expression.kind in {"open_start", "open_end"} and any(
            p is not None and p.year is None for p in (first, last)
        ):
            return None  # « jusqu'au 30 juin » with no year to be had: ``../XXXX-06-30`` says nothing
        if first is not None and last is not None and _ends_before_it_starts(first, last):
            raise ReversedInterval(expression.rule)
    value = _edtf(expression, first, last)
    earliest, latest = date_bounds(value)
    resolved = ResolvedDate(
        expression, value, _granularity(expression, first, last), earliest, latest, anchor_name
    )
    return resolved, first, last


def _has(point: Point, unit: str) -> bool:
    if point.year is None:
        return False
    if unit == "month":
        return point.month is not None
    if unit == "day":
        return point.day is not None
    return True


CAPTION_LINES = 4
CAPTION_CHARS = 1_000  # read no further: a page of many dates stays linear


def _paragraph_from(text: str, line_start: int) -> str:
    """The line at ``line_start`` and the next ones of its paragraph (a caption's credit
    often ends it: « … à Kinshasa.⏎Photo: … »), at most ``CAPTION_LINES`` lines."""
    block = text[line_start : line_start + CAPTION_CHARS].split("\n\n", 1)[0]
    return "\n".join(block.split("\n")[:CAPTION_LINES])


def document_date(text: str, expressions: Sequence[DateExpression]) -> DateExpression | None:
    """The bulletin's own date, read from its header or its dateline.

    The first dated point (a day or a month, with its year): a date standing almost
    alone on a line of the header wins over an update date (« Mis à jour le: … », « Last
    updated: 21-Sep-2001 16:27 »), which wins over a date inside a sentence; a dateline
    (« Addis Abeba, le 30 décembre 2018 – », « 24 avr. 2020 ROME – ») is taken where the
    header has no date of its own. A photo's caption or credit never gives it.
    """
    dated = [
        e
        for e in expressions
        if e.kind == "point"
        and e.first is not None
        and e.first.year
        and e.first.month
        and e.first.month <= 12
    ]
    header: list[DateExpression] = []
    updates: list[DateExpression] = []
    datelines: list[DateExpression] = []
    inline: list[DateExpression] = []
    for expression in dated:  # in text order
        in_header = expression.start < HEADER_LENGTH
        if not in_header and (header or datelines):
            break  # past the header only the first dateline counts, and a header date wins
        # a line is read at most HEADER_LENGTH characters either side: longer, it is no
        # header line nor dateline, and a page of many dates stays linear
        window_start = max(0, expression.start - HEADER_LENGTH)
        line_start = text.rfind("\n", window_start, expression.start) + 1 or window_start
        window_end = min(len(text), expression.end + HEADER_LENGTH)
        line_end = text.find("\n", expression.end, window_end)
        line = text[line_start : line_end if line_end != -1 else window_end]
        before = text[line_start : expression.start]
        dateline = bool(DATELINE_PREFIX.match(before)) or (
            not before.strip(" \t•-") and DATELINE_SUFFIX.match(text, expression.end) is not None
        )
        if not (in_header or dateline) or CAPTION_MARKER.search(_paragraph_from(text, line_start)):
            continue
        if dateline:
            datelines.append(expression)
        if not in_header:
            continue
        if UPDATE_MARKER.search(before):
            updates.append(expression)
        elif len(line.strip()) - (expression.end - expression.start) <= HEADER_LINE_EXTRA:
            header.append(expression)  # a line that is little more than the date
        else:
            inline.append(expression)
    for group in (header, updates, datelines, inline):
        if group:
            return group[0]
    return None
