"""The one place where the pipeline's spaCy output becomes validated records.

A bulletin longer than ``PIECE_CHARS`` goes through spaCy in pieces cut at paragraph
(else line, sentence or word) boundaries, so that spaCy's ``max_length`` is never hit;
the pieces' records are merged back with exact offsets into the whole text, and the
bulletin gets a warning that says so.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Protocol

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
from bulletins.extraction.windows import needs_windows, run_in_windows
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
    (``--date``), or when the page's metadata or a sidecar gives one and the text's
    header states none."""
    text = clean_for_nlp(bulletin.text)
    doc = nlp.make_doc(text)
    if bulletin.imposed_date:
        doc._.document_date = DocumentDateInfo(
            _point_from_iso(bulletin.imposed_date), bulletin.date_source or "option"
        )
    elif bulletin.fallback_date and document_date(text, find_dates(text)) is None:
        source = bulletin.date_source or "sidecar"
        doc._.document_date = DocumentDateInfo(_point_from_iso(bulletin.fallback_date), source)
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

    @property
    def last(self) -> bool:
        return self.index == self.count - 1


def several_pieces(bulletin: BulletinText) -> bool:
    """True when ``bulletin`` is longer than ``PIECE_CHARS``: spaCy sees it in pieces."""
    return len(bulletin.text) > PIECE_CHARS


def _pieces(bulletin: BulletinText) -> Iterator[_Piece]:
    """The pieces of ``bulletin``, each cut from its text only when it is needed."""
    if not several_pieces(bulletin):
        yield _Piece(bulletin, 0, 1, 0, bulletin)
        return
    bounds = piece_bounds(bulletin.text)
    date, source = bulletin.date, bulletin.date_source
    if bulletin.imposed_date is None:  # every piece resolves against the whole bulletin's header date
        header = clean_for_nlp(bulletin.text[: HEADER_LENGTH * 2])
        found = document_date(header, find_dates(header))
        if found is not None and found.first is not None:  # it wins over a sidecar's date
            date, source = format_point(replace(found.first, hour=None, minute=None)), "text"
    for i, (start, end) in enumerate(bounds):
        text = replace(bulletin, text=bulletin.text[start:end], date=date, date_source=source)
        yield _Piece(bulletin, i, len(bounds), start, text)


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


def _piece_docs(
    nlp: Language, pieces: Iterable[_Piece], batch_size: int = 16
) -> Iterator[tuple[_Piece, Doc, bool]]:
    """Each piece with its doc as it leaves the pipeline, in input order, and whether the
    pipeline kept it (False: a stage failed on it, the doc is the one made for it).

    Pieces go through ``nlp.pipe`` in batches; a piece longer than ``MODEL_WINDOW``
    characters goes through on its own, the model's stages window by window
    (``bulletins.extraction.windows``), so that memory does not grow with it.
    """
    batch: list[_Piece] = []
    for piece in pieces:
        if not needs_windows(piece.text.text):
            batch.append(piece)
            if len(batch) < batch_size:
                continue
        yield from _pipe_batch(nlp, batch, batch_size)
        batch = []
        if needs_windows(piece.text.text):
            made = make_doc(nlp, piece.text)
            doc = run_in_windows(nlp, made)
            yield (piece, doc, True) if doc is not None else (piece, made, False)
    yield from _pipe_batch(nlp, batch, batch_size)


def _pipe_batch(nlp: Language, pieces: list[_Piece], batch_size: int) -> Iterator[tuple[_Piece, Doc, bool]]:
    """The pieces through ``nlp.pipe``; those dropped by the error handler come out as not kept."""
    waiting: deque[tuple[_Piece, Doc]] = deque()

    def feed() -> Iterator[tuple[Doc, _Piece]]:
        for piece in pieces:
            doc = make_doc(nlp, piece.text)
            waiting.append((piece, doc))
            yield doc, piece

    for doc, piece in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
        while waiting and waiting[0][0] is not piece:
            dropped, made = waiting.popleft()
            yield dropped, made, False
        waiting.popleft()
        yield piece, doc, True
    while waiting:
        dropped, made = waiting.popleft()
        yield dropped, made, False


def _all_pieces(bulletins: Iterable[BulletinText]) -> Iterator[_Piece]:
    for bulletin in bulletins:
        yield from _pieces(bulletin)


def _process(
    nlp: Language, bulletins: Iterable[BulletinText], batch_size: int = 16
) -> Iterator[tuple[BulletinText, list[tuple[int, Doc]] | None, StageFailure | None]]:
    """``process``, with the failure of a bulletin whose docs are None (when it is known)."""
    collected: list[tuple[int, Doc]] = []
    failure: StageFailure | None = None
    failed = False
    for piece, doc, kept in _piece_docs(nlp, _all_pieces(bulletins), batch_size):
        if kept:
            collected.append((piece.offset, doc))
        else:
            failed = True
            failure = failure or doc._.failure  # noted by the pipeline's error handler
        if piece.last:
            yield piece.bulletin, None if failed else collected, failure if failed else None
            collected, failed, failure = [], False, None


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
    return DocumentDate(value=format_point(day), source=info.source, start=start, end=end)


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
        label=m.label,
        text=bulletin.text[m.start + offset : m.end + offset],
        start=m.start + offset,
        end=m.end + offset,
        sentence=m.sentence + sentence,
        provenance=Provenance(stage=m.stage, rule=m.rule),
        entity=entity,
        country=m.country if m.place_kind == "country" else None,
        place_kind=(m.place_kind or "other") if m.label == "PLACE" else None,
        in_country=m.country if m.place_kind == "city" else None,
        value=m.date.value if m.date else None,
        granularity=m.date.granularity if m.date else None,
        earliest=m.date.earliest if m.date else None,
        latest=m.date.latest if m.date else None,
    )


class RecordSink(Protocol):
    """Where one bulletin's records go as they are made: its ``Bulletin`` first (once the
    first piece is done), then its mentions in text order, then its entities."""

    def bulletin(self, record: Bulletin) -> None: ...

    def mention(self, record: Mention) -> None: ...

    def entity(self, record: Entity) -> None: ...


class _ListSink:
    """Keeps the records, for a ``BulletinRecords`` of the whole bulletin."""

    def __init__(self) -> None:
        self.record: Bulletin | None = None
        self.mentions: list[Mention] = []
        self.entities: list[Entity] = []

    def bulletin(self, record: Bulletin) -> None:
        self.record = record

    def mention(self, record: Mention) -> None:
        self.mentions.append(record)

    def entity(self, record: Entity) -> None:
        self.entities.append(record)

    def records(self) -> BulletinRecords:
        assert self.record is not None, "no piece was added"
        return BulletinRecords(bulletin=self.record, mentions=self.mentions, entities=self.entities)


class _Assembler:
    """Turns the docs of one bulletin's pieces, in order, into its records as they come:
    mentions go to the sink at once (offsets into the whole text), entity groups are
    merged by key across pieces (the same key in two pieces is the same entity) and go
    to the sink at the end. Only the groups' starts are kept, never a doc."""

    def __init__(self, bulletin: BulletinText, sink: RecordSink) -> None:
        self.source = bulletin
        self.sink = sink
        self.groups: dict[str, tuple[EntityGroup, list[int]]] = {}
        self.sentences = 0
        self.started = False
        self.dropped: list[ErrorRecord] = []  # the dates the resolver left out, as warnings

    def add(self, offset: int, doc: Doc) -> None:
        bulletin = self.source
        found: list[ResolvedMention] | None = doc._.mentions
        if found is None:
            raise ExtractionError(f"{bulletin.source_path}: the pipeline did not finish on this bulletin")
        if not self.started:
            self.sink.bulletin(
                Bulletin(
                    id=bulletin.id,
                    source_path=bulletin.source_path,
                    sha256=bulletin.sha256,
                    title=(bulletin.title or "")[:TITLE_LENGTH] or title_of(bulletin.text),
                    date=_document_date(doc._.document_date, offset),
                    text=bulletin.text,
                    format=bulletin.format,
                    url=bulletin.url,
                    site=bulletin.site,
                    published=bulletin.published,
                    language=bulletin.language,
                    extractor=bulletin.extractor,
                )
            )
            self.started = True
        groups = _unique_keys(list(doc._.entities or []))
        key_at = {start: group.key for group in groups for start in group.starts}
        for m in found:
            self.sink.mention(
                _mention(bulletin, m, key_at.get(m.start) if m.entity else None, offset, self.sentences)
            )
        for g in groups:
            starts = [s + offset for s in g.starts]
            known = self.groups.get(g.key)
            if known is None:
                self.groups[g.key] = (g, starts)
            else:
                known[1].extend(starts)
        self.sentences += len(list(doc.sents)) if doc.has_annotation("SENT_START") else 1
        self.dropped.extend(dropped_warnings(bulletin, [(offset, doc)]))

    def finish(self) -> None:
        entities = [
            Entity(
                bulletin_id=self.source.id,
                key=g.key,
                label=g.label,
                name=g.name,
                acronym=g.acronym,
                kb_id=g.kb_id,
                kind=g.kind,
                parent=g.parent,
                mentions=starts,
            )
            for g, starts in self.groups.values()
        ]
        self.groups = {}
        for entity in sorted(entities, key=lambda e: (e.mentions[0], e.key)):
            self.sink.entity(entity)


def records_from_docs(bulletin: BulletinText, docs: list[tuple[int, Doc]]) -> BulletinRecords:
    """Turn the resolver's output on the docs of ``bulletin`` into its validated records."""
    sink = _ListSink()
    assembler = _Assembler(bulletin, sink)
    for offset, doc in docs:
        assembler.add(offset, doc)
    assembler.finish()
    return sink.records()


class TimeLimitExceeded(ExtractionError):
    """A bulletin took longer than its time limit; what was done of it is dropped.

    « big.txt took more than 1,800 s (12 of 48 pieces done); split the file into smaller
    files and run again »
    """

    def __init__(self, bulletin: BulletinText, limit: float, done: int, count: int) -> None:
        super().__init__(
            f"{bulletin.source_path} took more than {limit:,g} s ({done} of {count} pieces done); "
            "split the file into smaller files and run again"
        )


def extract_streaming(
    nlp: Language,
    bulletin: BulletinText,
    sink: RecordSink,
    *,
    time_limit: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[ErrorRecord]:
    """Extract one bulletin piece by piece into ``sink``: each piece goes through the
    pipeline on its own, inside its own memory zone, and its doc is turned into records
    and released before the next piece is made, so memory does not grow with the text.

    Past ``time_limit`` seconds (checked between pieces) it raises ``TimeLimitExceeded``;
    a failing stage raises ``ExtractionError``. The records are those ``extract`` gives;
    the warnings it returns are those ``extract`` adds to the bulletin (``date-dropped``).
    """
    if (problem := text_problem(bulletin.text)) is not None:
        raise ExtractionError(f"{bulletin.source_path}: {problem}")
    started = clock()
    assembler = _Assembler(bulletin, sink)
    for piece in _pieces(bulletin):
        if piece.index and time_limit is not None and clock() - started > time_limit:
            raise TimeLimitExceeded(bulletin, time_limit, piece.index, piece.count)
        _add_piece(nlp, piece, assembler)
    assembler.finish()
    return assembler.dropped


def _add_piece(nlp: Language, piece: _Piece, assembler: _Assembler) -> None:
    """One piece through the pipeline in its own memory zone; its doc dies on return."""
    with nlp.memory_zone():
        for _, doc, kept in _piece_docs(nlp, [piece], batch_size=1):
            if not kept:
                raise ExtractionError(failure_message(piece.bulletin, doc._.failure))
            assembler.add(piece.offset, doc)


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

    Each piece's doc becomes records as soon as it leaves the pipeline and is released. A
    bulletin whose text the pipeline cannot take (a lone surrogate) is an error of its own,
    before spaCy sees it; the bulletin that comes out carries, in its ``warnings``, the
    dates the resolver dropped (``date-dropped``).
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

    sink, assembler = _ListSink(), None
    error: Exception | None = None
    dropped, failure = False, None
    for piece, doc, kept in _piece_docs(nlp, _all_pieces(checked()), batch_size):
        if piece.index == 0:
            yield from refused_before(accepted.popleft())
            sink = _ListSink()
            assembler = _Assembler(piece.bulletin, sink)
            error, dropped, failure = None, False, None
        assert assembler is not None
        if not kept:
            dropped = True
            failure = failure or doc._.failure  # noted by the pipeline's error handler
        elif error is None and not dropped:
            try:
                assembler.add(piece.offset, doc)
            except (ExtractionError, ValueError) as problem:
                error = problem
        del doc
        if not piece.last:
            continue
        bulletin = piece.bulletin
        try:
            if dropped:
                raise ExtractionError(failure_message(bulletin, failure))
            if error is not None:
                raise error
            assembler.finish()
            warnings = tuple(assembler.dropped)
            yield (
                replace(bulletin, warnings=bulletin.warnings + warnings) if warnings else bulletin,
                sink.records(),
            )
        except (ExtractionError, ValueError) as problem:
            logger.warning("%s: %s", bulletin.source_path, problem)
            yield bulletin, ExtractionError(str(problem))
        sink, assembler = _ListSink(), None
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
