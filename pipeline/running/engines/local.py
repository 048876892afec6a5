"""The local engine: chunks extracted on this machine, in this process or in worker processes.

- One job: the pipeline is built in this process at the first chunk, so a run with
  nothing left to extract never loads the model.
- N jobs: a spawn ``ProcessPoolExecutor`` started at the first chunk, fed through one
  bounded window of submitted chunks (``CHUNKS_IN_FLIGHT_PER_WORKER`` per worker), never
  the whole corpus at once. Each worker loads the pipeline once, and dies with this
  process (Linux ``PR_SET_PDEATHSIG``), so a killed run leaves no worker behind.
- ``jobs`` is capped at the cores this process may use: more workers than cores only
  adds model loads (about 450 MB each). By default (``auto_jobs``) it is the cores that
  are free: those this process may use, less the machine's load.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING

from bulletins.inputs.corpus import BulletinText
from bulletins.running.engines.base import CHUNKS_IN_FLIGHT_PER_WORKER, Engine
from bulletins.running.outcomes import Result, build_pipeline, extract_outcomes
from bulletins.schemas.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

# Measured on 2 cores (benchmarks/): with model loads counted, 2 processes beat 1 from a
# few dozen bulletins on (200 bulletins: 13.0 s against 14.9 s); below, one load is cheaper.
AUTO_PARALLEL_FROM = 64
_PR_SET_PDEATHSIG = 1


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), not all the machine's."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def free_cores(load: float | None = None) -> int:
    """The usable cores that other processes leave free: the usable cores less the load of
    the last minute (``os.getloadavg``; ``load`` to give it). At least 1.

    >>> free_cores(load=0.0) == usable_cores()
    True
    >>> free_cores(load=50.0)
    1
    """
    cores = usable_cores()
    if load is None:
        try:
            load = os.getloadavg()[0]
        except OSError:  # not available here: count the cores only
            return cores
    return max(1, min(cores, cores - int(load)))


def auto_jobs(pending: int, load: float | None = None) -> int:
    """The number of worker processes that is fastest for ``pending`` bulletins here: one
    below ``AUTO_PARALLEL_FROM`` bulletins, else one per free core (a second process on a
    core that another program keeps busy only adds its model load)."""
    if pending < AUTO_PARALLEL_FROM:
        return 1
    jobs = free_cores(load)
    if jobs < usable_cores():
        logger.info("%d of the %d usable core(s) are free: %d worker process(es)", jobs, usable_cores(), jobs)
    return jobs


def capped_jobs(jobs: int) -> int:
    """``jobs``, at most the usable cores (with a log line when it is lowered)."""
    cores = usable_cores()
    if jobs > cores:
        logger.warning(
            "--jobs %d is more than the %d core(s) this process may use: %d worker process(es)",
            jobs,
            cores,
            cores,
        )
        return cores
    return jobs


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when the process that started it dies (Linux)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


_worker_nlp: Language | None = None
_worker_batch_size = Settings().batch_size


def _start_worker(settings: Settings, parent: int) -> None:
    global _worker_nlp, _worker_batch_size
    _die_with_parent(parent)
    _worker_nlp = build_pipeline(settings)
    _worker_batch_size = settings.batch_size


def _work(bulletins: list[BulletinText]) -> list[Result]:
    assert _worker_nlp is not None, "the worker was not initialised"
    return extract_outcomes(_worker_nlp, bulletins, _worker_batch_size)


class LocalEngine(Engine):
    """``jobs`` processes on this machine (1: this process only)."""

    def __init__(self, settings: Settings, jobs: int) -> None:
        self.settings = settings
        self.jobs = capped_jobs(max(1, jobs))
        self._nlp: Language | None = None
        self._pool: ProcessPoolExecutor | None = None

    def _pipeline(self) -> Language:
        if self._nlp is None:
            logger.info("loading the pipeline %s in this process", self.settings.model)
            self._nlp = build_pipeline(self.settings)
        return self._nlp

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            logger.info("starting %d worker processes", self.jobs)
            self._pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.settings, os.getpid()),
            )
        return self._pool

    def extract(self, chunks: Iterable[list[BulletinText]]) -> Iterator[Result]:
        if self.jobs == 1:
            for chunk in chunks:
                yield from extract_outcomes(self._pipeline(), chunk, self.settings.batch_size)
            return
        window = self.jobs * CHUNKS_IN_FLIGHT_PER_WORKER
        pending = iter(chunks)
        running: set[Future[list[Result]]] = set()

        def fill() -> None:
            while len(running) < window and (chunk := next(pending, None)) is not None:
                running.add(self._executor().submit(_work, chunk))

        fill()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            running.difference_update(done)
            fill()
            for future in done:
                yield from future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
