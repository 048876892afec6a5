"""The Dask engine: chunks of bulletins extracted on the workers of an existing Dask
cluster (``distributed``), through the same ``extract_outcomes`` as the local engine, so
the dataset is byte-identical.

Each worker process loads the pipeline once (a cached loader) and keeps it. A worker
that dies costs only its chunk: Dask runs it again elsewhere; a chunk that keeps killing
workers is split, and a bulletin that kills workers on its own ends in ``errors.jsonl``.
At most ``CHUNKS_IN_FLIGHT_PER_WORKER`` chunks per worker are submitted at once.

Install with ``pip install 'bulletins[dask]'``.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from bulletins.dataset.cache import Outcome
from bulletins.errors import BulletinsError
from bulletins.inputs.corpus import BulletinText
from bulletins.running.engines.base import CHUNKS_IN_FLIGHT_PER_WORKER, Engine
from bulletins.running.outcomes import Result, build_pipeline, extract_outcomes
from bulletins.schemas.records import ErrorRecord
from bulletins.schemas.settings import Settings

if TYPE_CHECKING:
    from distributed import Client

logger = logging.getLogger(__name__)

SCHEDULER_VARIABLE = "BULLETINS_DASK_SCHEDULER"
CONNECT_TIMEOUT = "10s"


class DaskUnavailable(BulletinsError, RuntimeError):
    """The Dask engine cannot run here; the message says what to do."""


_chunks_extracted = 0  # in a worker process: the chunks this module extracted there


def chunks_extracted() -> int:
    """How many chunks this process extracted for the Dask engine (run it on a worker)."""
    return _chunks_extracted


def extract_chunk(bulletins: list[BulletinText], settings: Settings) -> list[Result]:
    """Runs on a Dask worker: the outcomes of one chunk of bulletins."""
    global _chunks_extracted
    results = extract_outcomes(build_pipeline(settings), bulletins, settings.batch_size)
    _chunks_extracted += 1
    return results


def scheduler_address(option: str | None) -> str:
    """``--scheduler``, else ``BULLETINS_DASK_SCHEDULER``; an error that says so if neither."""
    address = option or os.environ.get(SCHEDULER_VARIABLE)
    if not address:
        raise DaskUnavailable(
            f"--engine dask needs the address of a Dask scheduler: --scheduler tcp://HOST:8786, "
            f"or the environment variable {SCHEDULER_VARIABLE}"
        )
    return address


def connect(address: str) -> Client:
    """A client of the scheduler at ``address``, or an error that says what to do."""
    try:
        from distributed import Client
    except ImportError as error:
        raise DaskUnavailable(
            "--engine dask needs the distributed package: pip install 'bulletins[dask]'"
        ) from error
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        raise DaskUnavailable(
            f"cannot reach the Dask scheduler at {address} ({error}): start one there "
            f"(dask scheduler, then dask worker {address}) or give its address with --scheduler"
        ) from error


def _killed(source_path: str, error: BaseException) -> Result:
    detail = f"this bulletin kills the Dask workers that extract it ({type(error).__name__}: {error})"
    problem = ErrorRecord(source_path=source_path, severity="error", reason="killed-worker", detail=detail)
    return source_path, Outcome(records=None, problems=[problem])


class DaskEngine(Engine):
    """The workers of the Dask cluster whose scheduler is at ``scheduler`` (or
    ``BULLETINS_DASK_SCHEDULER``); connects at once, so a wrong address fails early."""

    def __init__(self, settings: Settings, scheduler: str | None) -> None:
        self.settings = settings
        self.address = scheduler_address(scheduler)
        self.client: Any = connect(self.address)

    def extract(self, chunks: Iterable[list[BulletinText]]) -> Iterator[Result]:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        logger.info("extracting on %d Dask worker(s) at %s", workers, self.address)
        window = workers * CHUNKS_IN_FLIGHT_PER_WORKER
        pending = iter(chunks)
        running = as_completed()
        sent: dict[str, list[BulletinText]] = {}
        retried: deque[BulletinText] = deque()

        def submit(chunk: list[BulletinText]) -> None:
            future = self.client.submit(extract_chunk, chunk, self.settings, pure=False)
            sent[future.key] = chunk
            running.add(future)

        for chunk in pending:
            submit(chunk)
            if len(sent) >= window:
                break
        for future in running:
            chunk = sent.pop(future.key)
            try:
                results = future.result()
            except KilledWorker as error:
                if len(chunk) == 1:
                    logger.error("%s killed the workers that extracted it", chunk[0].source_path)
                    results = [_killed(chunk[0].source_path, error)]
                else:  # find the bulletin that kills: each of the chunk on its own
                    retried.extend(chunk)
                    results = []
            while retried:
                submit([retried.popleft()])
            next_chunk = next(pending, None)
            if next_chunk is not None:
                submit(next_chunk)
            yield from results

    def close(self) -> None:
        self.client.close()
