"""The one place where the pipeline's spaCy output becomes validated records."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.annotations import DocumentDateInfo, EntityGroup, ResolvedMention
from pipeline.corpus import BulletinText
from pipeline.dates.models import Point
from pipeline.dates.resolve import format_point
from pipeline.text import clean_for_nlp
from schemas.bulletin import Bulletin, DocumentDate
from schemas.records import BulletinRecords, Entity, Mention, Provenance

logger = logging.getLogger(__name__)

TITLE_LENGTH = 200


class ExtractionError(RuntimeError):
    """The pipeline failed on one bulletin; the batch goes on without it."""


def title_of(text: str) -> str:
    """The first non-empty line, cut to a reasonable length."""
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())[:TITLE_LENGTH]
    return ""


def _point_from_iso(value: str) -> Point:
    parts = [int(p) for p in value.split("-")]
    return Point(*parts)


def make_doc(nlp: Language, bulletin: BulletinText) -> Doc:
    """A Doc of the cleaned text, with the document's date preset when it is given."""
    doc = nlp.make_doc(clean_for_nlp(bulletin.text))
    if bulletin.date:
        doc._.document_date = DocumentDateInfo(
            _point_from_iso(bulletin.date), bulletin.date_source or "option"
        )
    return doc


def _document_date(info: DocumentDateInfo | None) -> DocumentDate | None:
    if info is None:
        return None
    day = replace(info.point, hour=None, minute=None)
    return DocumentDate(value=format_point(day), source=info.source, start=info.start, end=info.end)  # type: ignore[arg-type]


def _unique_keys(groups: list[EntityGroup]) -> list[EntityGroup]:
    """Two groups never share a key within a bulletin: the later one gets a suffix."""
    seen: dict[str, int] = {}
    unique = []
    for group in groups:
        count = seen.get(group.key, 0)
        seen[group.key] = count + 1
        unique.append(group if count == 0 else replace(group, key=f"{group.key}-{count + 1}"))
    return unique


def records_from_doc(bulletin: BulletinText, doc: Doc) -> BulletinRecords:
    """Turn the resolver's output on ``doc`` into validated records of ``bulletin``."""
    mentions_found: list[ResolvedMention] | None = doc._.mentions
    if mentions_found is None:
        raise ExtractionError(f"{bulletin.source_path}: the pipeline did not finish on this bulletin")
    text = bulletin.text
    groups = _unique_keys(list(doc._.entities or []))
    key_at = {start: group.key for group in groups for start in group.starts}
    mentions = [
        Mention(
            bulletin_id=bulletin.id,
            label=m.label,  # type: ignore[arg-type]
            text=text[m.start : m.end],
            start=m.start,
            end=m.end,
            sentence=m.sentence,
            provenance=Provenance(stage=m.stage, rule=m.rule),
            entity=key_at.get(m.start) if m.entity else None,
            country=m.country,
            place_kind=m.place_kind,  # type: ignore[arg-type]
            value=m.date.value if m.date else None,
            granularity=m.date.granularity if m.date else None,
            earliest=m.date.earliest if m.date else None,
            latest=m.date.latest if m.date else None,
        )
        for m in mentions_found
    ]
    entities = [
        Entity(
            bulletin_id=bulletin.id,
            key=g.key,
            label=g.label,  # type: ignore[arg-type]
            name=g.name,
            acronym=g.acronym,
            kb_id=g.kb_id,
            kind=g.kind,
            mentions=list(g.starts),
        )
        for g in groups
    ]
    record = Bulletin(
        id=bulletin.id,
        source_path=bulletin.source_path,
        sha256=bulletin.sha256,
        title=title_of(text),
        date=_document_date(doc._.document_date),
        text=text,
    )
    return BulletinRecords(bulletin=record, mentions=mentions, entities=entities)


def process(
    nlp: Language, bulletins: Iterable[BulletinText], batch_size: int = 16
) -> Iterator[tuple[BulletinText, Doc | None]]:
    """Run the pipeline over ``bulletins`` (``nlp.pipe``, streaming), in input order.

    spaCy's error handler drops a document on which one of our stages failed; such a
    bulletin comes out with ``None`` instead of a Doc, so that nothing is lost silently.
    """
    waiting: deque[BulletinText] = deque()

    def feed() -> Iterator[tuple[Doc, BulletinText]]:
        for bulletin in bulletins:
            waiting.append(bulletin)
            yield make_doc(nlp, bulletin), bulletin

    for doc, bulletin in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
        while waiting and waiting[0] is not bulletin:
            yield waiting.popleft(), None
        waiting.popleft()
        yield bulletin, doc
    while waiting:
        yield waiting.popleft(), None


def extract(
    nlp: Language, bulletins: Iterable[BulletinText], batch_size: int = 16
) -> Iterator[tuple[BulletinText, BulletinRecords | ExtractionError]]:
    """The records of each bulletin, or the error that stopped its extraction, in input order."""
    for bulletin, doc in process(nlp, bulletins, batch_size):
        try:
            if doc is None:
                raise ExtractionError(f"{bulletin.source_path}: a stage of the pipeline failed on it")
            yield bulletin, records_from_doc(bulletin, doc)
        except (ExtractionError, ValueError) as error:
            logger.warning("%s: %s", bulletin.source_path, error)
            yield bulletin, ExtractionError(str(error))
