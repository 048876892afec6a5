"""Running the real pipeline on a short text, for the stage tests."""

from __future__ import annotations

import hashlib

from spacy.language import Language

from bulletins.extraction.extract import ExtractionError, extract
from bulletins.inputs.corpus import BulletinText
from bulletins.schemas.records import BulletinRecords


def run_text(nlp: Language, text: str, date: str | None = None) -> BulletinRecords:
    bulletin = BulletinText(
        id="test",
        source_path="test.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        date=date,
        date_source="option" if date else None,
    )
    [(_, records)] = list(extract(nlp, [bulletin]))
    assert not isinstance(records, ExtractionError), records
    return records
