"""The one place where the pipeline's spaCy output becomes validated records.

A bulletin longer than ``PIECE_CHARS`` goes through spaCy in pieces cut at paragraph
(else line, sentence or word) boundaries, so that spaCy's ``max_length`` is never hit;
the pieces' records are merged back with exact offsets into the whole text, and the
bulletin gets a warning that says so.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from bulletins.extraction.components.annotations import (
    DocumentDateInfo,
    EntityGroup,
    ResolvedMention,
    StageFailure,
)
from bulletins.extraction.components.resolution.trail import Decision
from bulletins.extraction.dates import document_date, find_dates
from bulletins.extraction.dates.models import Point
from bulletins.extraction.dates.resolve import HEADER_LENGTH, format_point
from bulletins.extraction.text import clean_for_nlp
from bulletins.inputs.corpus import BulletinText
from bulletins.schemas.bulletin import Bulletin, DocumentDate
from bulletins.schemas.records import BulletinRecords, Entity, ErrorRecord, Mention, Provenance

logger = logging.getLogger(__name__)

TITLE_LENGTH = 200
PIECE_CHARS = 100_000


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
    """A Doc of the cleaned text, with the document's date preset when it is imposed
    (``--date``), or when a sidecar gives one and the text's header states none."""
    text = clean_for_nlp(bulletin.text)
    doc = nlp.make_doc(text)
    if bulletin.imposed_date:
        doc._.document_date = DocumentDateInfo(
            _point_from_iso(bulletin.imposed_date), bulletin.date_source or "option"
        )
    elif bulletin.fallback_date and document_date(text, find_dates(text)) is None:
        doc._.document_date = DocumentDateInfo(_point_from_iso(bulletin.fallback_date), "sidecar")
    return doc


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot go through the pipeline, or None: a lone surrogate (« \\ud800 »)
    is no Unicode character, and spaCy's tokenizer cannot encode it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return (
            f"the text holds a lone surrogate (U+{ord(text[error.start]):04X} at character "
            f"{error.start}), which is not Unicode text; decode the input strictly or replace it"
        )
    return None


def dropped_warnings(bulletin: BulletinText, docs: list[tuple[int, Doc]]) -> list[ErrorRecord]:
    """One ``date-dropped`` warning for each date the resolver left out as meaningless:
    « "entre 2019 et 2012" (offset 812): its end is before its start »."""
    warnings = []
    for offset, doc in docs:
        for d in doc._.dropped or []:
            start = d.start + offset
            written = " ".join(bulletin.text[start : d.end + offset].split())
            warnings.append(
                ErrorRecord(
                    source_path=bulletin.source_path,
                    severity="warning",
                    reason="date-dropped",
                    detail=f'"{written}" (offset {start}): {d.detail}',
                )
            )
    return warnings


def piece_bounds(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of pieces of at most ``limit`` characters, cut where the text breaks best."""
    limit = limit or PIECE_CHARS
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        floor, ceiling = start + limit // 2, start + limit
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            found = text.rfind(separator, floor, ceiling)
            if found != -1:
                cut = found + len(separator)
                break
        cut = cut if cut > start else ceiling
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


@dataclass(frozen=True)
class _Piece:
    bulletin: BulletinText
    index: int
    count: int
    offset: int
    text: BulletinText  # the piece, as a bulletin of its own


def _pieces(bulletin: BulletinText) -> list[_Piece]:
    if len(bulletin.text) <= PIECE_CHARS:
        return [_Piece(bulletin, 0, 1, 0, bulletin)]
    bounds = piece_bounds(bulletin.text)
    date, source = bulletin.date, bulletin.date_source
    if bulletin.imposed_date is None:  # every piece resolves against the whole bulletin's header date
        header = clean_for_nlp(bulletin.text[: HEADER_LENGTH * 2])
        found = document_date(header, find_dates(header))
        if found is not None and found.first is not None:  # it wins over a sidecar's date
            date, source = format_point(replace(found.first, hour=None, minute=None)), "text"
    return [
        _Piece(
            bulletin,
            i,
            len(bounds),
            start,
            replace(bulletin, text=bulletin.text[start:end], date=date, date_source=source),
        )
        for i, (start, end) in enumerate(bounds)
    ]


def process(
    nlp: Language, bulletins: Iterable[BulletinText], batch_size: int = 16
) -> Iterator[tuple[BulletinText, list[tuple[int, Doc]] | None]]:
    """Run the pipeline over ``bulletins`` (``nlp.pipe``, streaming), in input order.

    Each bulletin comes out with its docs, one per piece with the piece's offset. spaCy's
    error handler drops a document on which one of our stages failed: such a bulletin
    comes out with ``None``, so that nothing is lost silently.
    """
    for bulletin, docs, _ in _process(nlp, bulletins, batch_size):
        yield bulletin, docs


def _process(
    nlp: Language, bulletins: Iterable[BulletinText], batch_size: int = 16
) -> Iterator[tuple[BulletinText, list[tuple[int, Doc]] | None, StageFailure | None]]:
    """``process``, with the failure of a bulletin whose docs are None (when it is known)."""
    waiting: deque[tuple[_Piece, Doc]] = deque()

    def feed() -> Iterator[tuple[Doc, _Piece]]:
        for bulletin in bulletins:
            for piece in _pieces(bulletin):
                doc = make_doc(nlp, piece.text)
                waiting.append((piece, doc))
                yield doc, piece

    collected: list[tuple[int, Doc]] = []
    failure: StageFailure | None = None
    failed = False

    def finish(
        piece: _Piece,
    ) -> Iterator[tuple[BulletinText, list[tuple[int, Doc]] | None, StageFailure | None]]:
        nonlocal collected, failed, failure
        if piece.index == piece.count - 1:
            yield piece.bulletin, None if failed else collected, failure if failed else None
            collected, failed, failure = [], False, None

    def drop(piece: _Piece, doc: Doc) -> None:
        nonlocal failed, failure
        failed = True
        failure = failure or doc._.failure  # noted by the pipeline's error handler

    for doc, piece in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
        while waiting and waiting[0][0] is not piece:
            drop(*waiting[0])
            yield from finish(waiting.popleft()[0])
        waiting.popleft()
        collected.append((piece.offset, doc))
        yield from finish(piece)
    while waiting:
        drop(*waiting[0])
        yield from finish(waiting.popleft()[0])


def failure_message(bulletin: BulletinText, failure: StageFailure | None) -> str:
    """« x.txt: a stage of the pipeline failed on it (the stage bulletins_resolver failed: …) »."""
    detail = f" ({failure.describe()})" if failure is not None else ""
    return f"{bulletin.source_path}: a stage of the pipeline failed on it{detail}"


def _document_date(info: DocumentDateInfo | None, offset: int = 0) -> DocumentDate | None:
    if info is None:
        return None
    day = replace(info.point, hour=None, minute=None)
    start = info.start + offset if info.start is not None else None
    end = info.end + offset if info.end is not None else None
    return DocumentDate(value=format_point(day), source=info.source, start=start, end=end)  # type: ignore[arg-type]


def _unique_keys(groups: list[EntityGroup]) -> list[EntityGroup]:
    """Two groups never share a key within a bulletin: the later one gets a suffix."""
    seen: dict[str, int] = {}
    unique = []
    for group in groups:
        count = seen.get(group.key, 0)
        seen[group.key] = count + 1
        unique.append(group if count == 0 else replace(group, key=f"{group.key}-{count + 1}"))
    return unique


def _mention(
    bulletin: BulletinText, m: ResolvedMention, entity: str | None, offset: int, sentence: int
) -> Mention:
    return Mention(
        bulletin_id=bulletin.id,
        label=m.label,  # type: ignore[arg-type]
        text=bulletin.text[m.start + offset : m.end + offset],
        start=m.start + offset,
        end=m.end + offset,
        sentence=m.sentence + sentence,
        provenance=Provenance(stage=m.stage, rule=m.rule),
        entity=entity,
        country=m.country,
        place_kind=m.place_kind,  # type: ignore[arg-type]
        value=m.date.value if m.date else None,
        granularity=m.date.granularity if m.date else None,
        earliest=m.date.earliest if m.date else None,
        latest=m.date.latest if m.date else None,
    )


def records_from_docs(bulletin: BulletinText, docs: list[tuple[int, Doc]]) -> BulletinRecords:
    """Turn the resolver's output on the docs of ``bulletin`` into its validated records."""
    mentions: list[Mention] = []
    entities: dict[str, Entity] = {}
    sentences = 0
    for offset, doc in docs:
        found: list[ResolvedMention] | None = doc._.mentions
        if found is None:
            raise ExtractionError(f"{bulletin.source_path}: the pipeline did not finish on this bulletin")
        groups = _unique_keys(list(doc._.entities or []))
        key_at = {start: group.key for group in groups for start in group.starts}
        mentions += [
            _mention(bulletin, m, key_at.get(m.start) if m.entity else None, offset, sentences) for m in found
        ]
        for g in groups:  # the same key in two pieces is the same entity
            starts = [s + offset for s in g.starts]
            known = entities.get(g.key)
            entities[g.key] = (
                known.model_copy(update={"mentions": [*known.mentions, *starts]})
                if known
                else Entity(
                    bulletin_id=bulletin.id,
                    key=g.key,
                    label=g.label,  # type: ignore[arg-type]
                    name=g.name,
                    acronym=g.acronym,
                    kb_id=g.kb_id,
                    kind=g.kind,
                    mentions=starts,
                )
            )
        sentences += len(list(doc.sents)) if doc.has_annotation("SENT_START") else 1
    first_offset, first_doc = docs[0]
    record = Bulletin(
        id=bulletin.id,
        source_path=bulletin.source_path,
        sha256=bulletin.sha256,
        title=title_of(bulletin.text),
        date=_document_date(first_doc._.document_date, first_offset),
        text=bulletin.text,
    )
    ordered = sorted(entities.values(), key=lambda e: (e.mentions[0], e.key))
    return BulletinRecords(bulletin=record, mentions=mentions, entities=ordered)


def pieces_warning(bulletin: BulletinText) -> ErrorRecord | None:
    count = len(piece_bounds(bulletin.text))
    if count == 1:
        return None
    return ErrorRecord(
        source_path=bulletin.source_path,
        severity="warning",
        reason="pieces",
        detail=f"{len(bulletin.text):,} characters, processed in {count} pieces of at most "
        f"{PIECE_CHARS:,}; an acronym defined in one piece is not seen in the others",
    )


def extract(
    nlp: Language, bulletins: Iterable[BulletinText], batch_size: int = 16
) -> Iterator[tuple[BulletinText, BulletinRecords | ExtractionError]]:
    """The records of each bulletin, or the error that stopped its extraction, in input order.

    A bulletin whose text the pipeline cannot take (a lone surrogate) is an error of its
    own, before spaCy sees it; the bulletin that comes out carries, in its ``warnings``,
    the dates the resolver dropped (``date-dropped``).
    """
    refused: deque[tuple[int, BulletinText, ExtractionError]] = deque()
    accepted: deque[int] = deque()

    def checked() -> Iterator[BulletinText]:
        for index, bulletin in enumerate(bulletins):
            problem = text_problem(bulletin.text)
            if problem is None:
                accepted.append(index)
                yield bulletin
            else:
                refused.append((index, bulletin, ExtractionError(f"{bulletin.source_path}: {problem}")))

    def refused_before(index: int | None) -> Iterator[tuple[BulletinText, ExtractionError]]:
        while refused and (index is None or refused[0][0] < index):
            _, bulletin, error = refused.popleft()
            logger.warning("%s", error)
            yield bulletin, error

    for bulletin, docs, failure in _process(nlp, checked(), batch_size):
        yield from refused_before(accepted.popleft())
        try:
            if docs is None:
                raise ExtractionError(failure_message(bulletin, failure))
            records = records_from_docs(bulletin, docs)
            warnings = tuple(dropped_warnings(bulletin, docs))
            yield replace(bulletin, warnings=bulletin.warnings + warnings) if warnings else bulletin, records
        except (ExtractionError, ValueError) as error:
            logger.warning("%s: %s", bulletin.source_path, error)
            yield bulletin, ExtractionError(str(error))
    yield from refused_before(None)


def explain(nlp: Language, bulletin: BulletinText | str) -> list[Decision]:
    """The resolver's decisions on one bulletin (or a text), in text order: the candidates
    it kept, those it refused with the rule that refused them, those that lost an overlap.

    « Le Secrétaire général s'est rendu à Paris. »: the model's « Secrétaire général » is
    refused by ``model-refused:role-word``, « Paris » is kept. Offsets and texts are the
    bulletin's own; a failing stage raises ``ExtractionError``.
    """
    if isinstance(bulletin, str):
        digest = hashlib.sha256(bulletin.encode("utf-8", "surrogatepass")).hexdigest()
        bulletin = BulletinText(id="text", source_path="<text>", sha256=digest, text=bulletin)
    problem = text_problem(bulletin.text)
    if problem is not None:
        raise ExtractionError(f"{bulletin.source_path}: {problem}")
    decisions: list[Decision] = []
    for _, docs, failure in _process(nlp, [bulletin]):
        if docs is None:
            raise ExtractionError(failure_message(bulletin, failure))
        for offset, doc in docs:
            for d in doc._.trail or []:
                start, end = d.start + offset, d.end + offset
                decisions.append(replace(d, start=start, end=end, text=bulletin.text[start:end]))
    return decisions
