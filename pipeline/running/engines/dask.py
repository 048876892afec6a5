"""The Dask engine: chunks of bulletins extracted on the workers of an existing Dask
cluster (``distributed``), results written by the same code as the local engine, so the
dataset is byte-identical.

Each worker process loads the pipeline once (a cached loader) and keeps it. A worker
that dies costs only its chunk: Dask runs it again elsewhere; a chunk that keeps killing
workers is split, and a bulletin that kills workers on its own ends in ``errors.jsonl``.

Install with ``pip install '.[dask]'``.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language

from bulletins.dataset.cache import Outcome
from bulletins.errors import BulletinsError
from bulletins.inputs.corpus import BulletinText
from bulletins.schemas.records import ErrorRecord
from bulletins.schemas.settings import Settings

logger = logging.getLogger(__name__)

SCHEDULER_VARIABLE = "BULLETINS_DASK_SCHEDULER"
CHUNKS_IN_FLIGHT_PER_WORKER = 2


class DaskUnavailable(BulletinsError, RuntimeError):
    """The Dask engine cannot run here; the message says what to do."""


@lru_cache(maxsize=2)
def _pipeline(settings: Settings) -> Language:
    """The pipeline of this worker process, built at its first chunk and kept."""
    from bulletins.extraction.nlp import build_nlp

    return build_nlp(settings)


def extract_chunk(bulletins: list[BulletinText], settings: Settings) -> list[tuple[str, Outcome]]:
    """Runs on a Dask worker: the outcomes of one chunk of bulletins."""
    from bulletins.running.batch import extract_outcomes

    return extract_outcomes(_pipeline(settings), bulletins)


def scheduler_address(option: str | None) -> str:
    address = option or os.environ.get(SCHEDULER_VARIABLE)
    if not address:
        raise DaskUnavailable(
            f"--engine dask needs the address of a Dask scheduler: --scheduler tcp://HOST:8786, "
            f"or the environment variable {SCHEDULER_VARIABLE}"
        )
    return address


def _client(address: str):
    try:
        from distributed import Client
    except ImportError as error:
        raise DaskUnavailable("the Dask engine needs distributed: pip install '.[dask]'") from error
    try:
        return Client(address, timeout="30s")
    except OSError as error:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {address}: {error}") from error


def _killed(source_path: str, error: BaseException) -> tuple[str, Outcome]:
    detail = f"this bulletin kills the Dask workers that extract it ({type(error).__name__}: {error})"
    problem = ErrorRecord(source_path=source_path, severity="error", reason="killed-worker", detail=detail)
    return source_path, Outcome(records=None, problems=[problem])


def extract_with_dask(
    settings: Settings, chunks: Iterable[list[BulletinText]], address: str | None
) -> Iterator[tuple[str, Outcome]]:
    """The outcomes of every chunk, extracted on the cluster, as they come back."""
    client = _client(scheduler_address(address))
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = workers * CHUNKS_IN_FLIGHT_PER_WORKER
        pending = iter(chunks)
        running = as_completed()
        sent: dict[str, list[BulletinText]] = {}
        retried: deque[BulletinText] = deque()

        def submit(chunk: list[BulletinText]) -> None:
            future = client.submit(extract_chunk, chunk, settings, pure=False)
            sent[future.key] = chunk
            running.add(future)

        for chunk in pending:
            submit(chunk)
            if len(sent) >= window:
                break
        for future in running:
            chunk = sent.pop(future.key)
            try:
                yield from future.result()
            except KilledWorker as error:
                if len(chunk) == 1:
                    logger.error("%s killed the workers that extracted it", chunk[0].source_path)
                    yield _killed(chunk[0].source_path, error)
                else:  # find the bulletin that kills: each of the chunk on its own
                    retried.extend(chunk)
            while retried:
                submit([retried.popleft()])
            next_chunk = next(pending, None)
            if next_chunk is not None:
                submit(next_chunk)
    finally:
        client.close()
