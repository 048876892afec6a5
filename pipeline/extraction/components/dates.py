"""The date stage: finds the temporal expressions of a bulletin and its own date.

The expressions are kept on ``doc._.date_expressions`` (with exact character offsets)
and, where they fall on token boundaries, as spans under ``doc.spans["dates"]``. The
document's date is read from the header unless the caller set ``doc._.document_date``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from bulletins.extraction.components.annotations import DATES_KEY, DocumentDateInfo
from bulletins.extraction.dates import document_date, find_dates


class DateStage:
    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        expressions = find_dates(text)
        doc._.date_expressions = expressions
        spans = []
        for expression in expressions:
            span = doc.char_span(expression.start, expression.end, label="DATE")
            if span is not None:
                spans.append(span)
        doc.spans[DATES_KEY] = spans
        if doc._.document_date is None:
            found = document_date(text, expressions)
            if found is not None and found.first is not None:
                doc._.document_date = DocumentDateInfo(found.first, "text", found.start, found.end)
        return doc


@Language.factory(
    "bulletins_dates_v1",
    requires=[],
    assigns=["doc.spans", "doc._.date_expressions", "doc._.document_date"],
)
def make_dates(nlp: Language, name: str) -> DateStage:
    """Date expressions on ``doc._.date_expressions`` and ``doc.spans["dates"]``, the bulletin's date."""
    return DateStage()
