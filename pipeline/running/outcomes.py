"""What every engine shares: chunks of bulletins in, ``(source path, Outcome)`` out.

An engine only decides *where* a chunk is extracted; the extraction itself is this
module's ``extract_outcomes``, so the records never depend on the engine.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from bulletins.dataset.cache import Outcome, RecordCache
from bulletins.inputs.corpus import BulletinText
from bulletins.schemas.records import ErrorRecord
from bulletins.schemas.settings import Settings

if TYPE_CHECKING:  # spaCy is imported only where a pipeline is built
    from spacy.language import Language

logger = logging.getLogger(__name__)

CHUNK_SIZE = 16  # bulletins sent to a worker at once (not the nlp.pipe batch size)
DEFAULT_TIME_LIMIT = 30 * 60.0  # seconds a bulletin of several pieces may take
Result = tuple[str, Outcome]


def pipeline_settings(settings: Settings) -> Settings:
    """The settings that shape the pipeline object: the batch size is not one of them, so
    runs that differ only by ``--batch-size`` share one loaded pipeline."""
    return settings.model_copy(update={"batch_size": Settings().batch_size})


def build_pipeline(settings: Settings) -> Language:
    """The full pipeline for ``settings`` (built once per process, then reused)."""
    from bulletins.extraction.nlp import build_nlp

    return build_nlp(pipeline_settings(settings))


def _outcome(bulletin: BulletinText, result: object) -> Outcome:
    from bulletins.extraction.extract import ExtractionError, pieces_warning

    problems = list(bulletin.warnings)
    if isinstance(result, ExtractionError):
        problems.append(
            ErrorRecord(
                source_path=bulletin.source_path,
                severity="error",
                reason="extraction-failed",
                detail=str(result),
            )
        )
        return Outcome(records=None, problems=problems)
    warning = pieces_warning(bulletin)
    if warning is not None:
        problems.append(warning)
    return Outcome(records=result, problems=problems)


def extract_outcomes(nlp: Language, bulletins: list[BulletinText], batch_size: int) -> list[Result]:
    """(source path, outcome) of each bulletin, extracted inside one memory zone, with
    ``batch_size`` documents per ``nlp.pipe`` batch."""
    from bulletins.extraction.extract import extract

    with nlp.memory_zone():
        return [(b.source_path, _outcome(b, r)) for b, r in extract(nlp, bulletins, batch_size=batch_size)]


def stream_outcome(
    nlp: Language, bulletin: BulletinText, cache: RecordCache, key: str, time_limit: float | None
) -> Outcome | None:
    """Extract a bulletin of several pieces straight into its cache entry, piece by piece
    (``extract_streaming``): None when it went through (its records are only in the
    entry, never all in memory), else the failed outcome, cached as well. Past
    ``time_limit`` seconds it fails with a ``time-limit`` error record, which is not
    cached: the next run tries the bulletin again."""
    from bulletins.extraction.extract import (
        ExtractionError,
        TimeLimitExceeded,
        extract_streaming,
        pieces_warning,
    )

    problems = list(bulletin.warnings)
    try:
        with cache.entry(key) as entry:
            dropped = extract_streaming(nlp, bulletin, entry, time_limit=time_limit)
            warning = pieces_warning(bulletin)
            for problem in [*problems, *dropped, *([warning] if warning else [])]:
                entry.problem(problem)
            entry.commit()
        return None
    except (ExtractionError, ValueError) as error:
        logger.warning("%s: %s", bulletin.source_path, error)
        timed_out = isinstance(error, TimeLimitExceeded)
        problems.append(
            ErrorRecord(
                source_path=bulletin.source_path,
                severity="error",
                reason="time-limit" if timed_out else "extraction-failed",
                detail=str(error),
            )
        )
        outcome = Outcome(records=None, problems=problems)
        if not timed_out:  # a time limit depends on the machine and the limit: never cached
            cache.put(key, outcome)
        return outcome


def chunks(items: Iterable[BulletinText], size: int = CHUNK_SIZE) -> Iterator[list[BulletinText]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    chunk: list[BulletinText] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
