"""Values of the date stage: what an expression says, before and after resolution."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from bulletins.schemas.vocabulary import Granularity

Kind = Literal["point", "interval", "open_start", "open_end", "decade", "century", "relative"]
Unit = Literal["year", "month", "day"]
RelativeUnit = Literal["year", "month", "week", "day"]  # « cette semaine » counts in weeks
# How a weekday resolves: « ce mardi » in the document's week; « mardi » alone by the verb's
# tense; « mardi dernier » strictly before the document's day, « mardi prochain » after.
WeekdayRule = Literal["this_week", "tense", "last", "next"]


@dataclass(frozen=True)
class Point:
    """A calendar point with the parts the text gives; a missing part is None.

    « 4 octobre » is ``Point(None, 10, 4)``: its year comes from resolution.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    weekday: int | None = field(default=None, compare=False)  # 0 = lundi, as written
    second: int | None = None

    @property
    def granularity(self) -> Granularity:
        return "time" if self.hour is not None else self.unit

    @property
    def unit(self) -> Unit:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"


@dataclass(frozen=True)
class Relative:
    """« l'année suivante »: ``Relative("year", 1, "previous")``; « cette année »: anchored on
    the document's date; ``month`` is set by « décembre de la même année » (an EDTF season,
    21 to 24, by « l'été dernier »); « hier » is ``Relative("day", -1, "document")``."""

    unit: RelativeUnit
    offset: int
    anchor: Literal["previous", "document"]
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    latest_past: bool = False  # « novembre dernier »: the last such month before the anchor
    next_future: bool = False  # « juin prochain »
    weekday_rule: WeekdayRule = "this_week"
    tensed: bool = False  # « aujourd'hui »: a date only when its verb is in the past or the future
    weekend: bool = False  # « ce week-end »: the Saturday and Sunday of the week


@dataclass(frozen=True)
class DateExpression:
    """One temporal expression found in a text, with its character range."""

    start: int
    end: int
    rule: str
    kind: Kind
    first: Point | None = None
    last: Point | None = None
    decade: int | None = None
    century: int | None = None
    relative: Relative | None = None
    direction: Literal["past", "future"] | None = None  # « depuis », « jusqu'au », « prochain »

    @property
    def needs_context(self) -> bool:
        """True when the value depends on the document's date or a preceding date."""
        points = [p for p in (self.first, self.last) if p is not None]
        return self.relative is not None or any(p.year is None for p in points)


@dataclass(frozen=True)
class ResolvedDate:
    """An expression with its EDTF value, its calendar bounds and its granularity.

    ``anchor`` says what the value was resolved against: "document", "previous", or
    None when the text gave it all.
    """

    expression: DateExpression
    value: str
    granularity: Granularity
    earliest: date | None
    latest: date | None
    anchor: str | None = None


@dataclass(frozen=True)
class DroppedDate:
    """An expression that resolution left out because it makes no sense or could not be read.

    « entre 2019 et 2012 »: ``code`` is ``"reversed-interval"``, ``reason`` « its end is
    before its start ».
    """

    expression: DateExpression
    code: str  # "reversed-interval", "unresolvable"
    reason: str
