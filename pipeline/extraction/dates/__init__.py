"""French temporal expressions: find them, parse them, resolve them, write them as EDTF.

Pure Python, testable with strings: ``find_dates`` gives the expressions of a text,
``resolve_dates`` turns them into EDTF values against the document's date.
"""

from bulletins.extraction.dates.grammar import find_dates
from bulletins.extraction.dates.models import DateExpression, DroppedDate, Point, ResolvedDate
from bulletins.extraction.dates.resolve import document_date, resolve_dates

__all__ = [
    "DateExpression",
    "DroppedDate",
    "Point",
    "ResolvedDate",
    "document_date",
    "find_dates",
    "resolve_dates",
]
