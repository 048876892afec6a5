"""Running a corpus folder into a dataset folder: incremental, parallel, resumable, safe.

- Before anything is read or loaded, the output folder must be new, empty or a dataset of
  ours (``bulletins.dataset.guard``); the run holds the dataset's lock until it publishes,
  and refuses an empty or much shrunk corpus unless asked.
- Only new and changed bulletins are processed: each result is cached under the pipeline
  fingerprint, the bulletin's path and the hash of its bytes (``bulletins.dataset.cache``), as soon
  as it is done. Bulletins that left the corpus leave the dataset.
- ``rebuild`` ignores the cache and computes everything again.
- One bad file never stops the batch: it becomes a record of ``errors.jsonl``;
  ``max_errors`` stops a run cleanly (nothing published) past that many failures.
- An engine extracts the chunks of bulletins (``bulletins.running.engines``): "local"
  (``jobs`` processes here) or "dask" (the workers of a cluster). This module only picks
  one; each loads the model only once there is something to extract.
- The dataset is assembled from the cache in a fixed order and swapped in atomically
  (``bulletins.dataset.writer``): the bytes never depend on order, chunking or process count.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bulletins.dataset.cache import CACHE_DIR, DamagedEntry, Outcome, RecordCache, entry_key, outcome_lines
from bulletins.dataset.guard import (
    check_out,
    check_shrink,
    dataset_lock,
    is_dataset,
    resolve_out,
    write_marker,
)
from bulletins.dataset.manifest import build_manifest, fingerprint_of
from bulletins.dataset.reader import verify
from bulletins.dataset.writer import DatasetWriter, publish, recover, staging_dir
from bulletins.errors import BulletinsError
from bulletins.inputs.corpus import (
    BulletinReadError,
    BulletinText,
    CorpusListing,
    bulletin_id,
    check_language,
    read_bulletin,
    read_input,
    source_path_of,
    survey_corpus,
)
from bulletins.running.engines.base import Engine
from bulletins.running.engines.local import auto_jobs
from bulletins.running.outcomes import DEFAULT_TIME_LIMIT, build_pipeline, chunks, stream_outcome
from bulletins.schemas.manifest import InputEntry, Manifest
from bulletins.schemas.records import ErrorRecord
from bulletins.schemas.settings import DEFAULT_KEEP, Settings

logger = logging.getLogger(__name__)


class DatasetWriteError(BulletinsError):
    """The dataset could not be written (a full disk, a read-only file system)."""


CHECKING, LOADING, EXTRACTING, WRITING = "checking the corpus", "loading the model", "extracting", "writing"
__all__ = ["RunProgress", "RunSummary", "auto_jobs", "make_engine", "run_corpus"]


@dataclass
class RunProgress:
    """Where a run is, given to ``on_progress`` at each phase and each bulletin done.

    ``processed`` were extracted by this run, ``unchanged`` taken from earlier runs, and
    ``failed`` failed, in this run or an earlier one: the three add up to ``done``.
    ``words`` are those of the bulletins extracted by this run; ``extracting_since`` is
    when the first bulletin went to the engine (``time.perf_counter``), None before.
    """

    phase: str
    total: int = 0
    processed: int = 0
    unchanged: int = 0
    failed: int = 0
    words: int = 0
    extracting_since: float | None = None

    @property
    def done(self) -> int:
        return self.processed + self.unchanged + self.failed


Progress = Callable[[RunProgress], None]


@dataclass(frozen=True)
class RunSummary:
    total: int
    processed: int  # bulletins looked at by this run (extracted, or failed in it)
    skipped: int  # bulletins whose result came from an earlier run (or unreadable now)
    failed: int  # bulletins that failed, in this run or an earlier one
    warnings: int  # bulletins extracted with a warning
    seconds: float
    stopped: bool
    manifest: Manifest | None
    extracted: int = 0  # extracted by this run without an error
    unchanged: int = 0  # taken from an earlier run, without an error: extracted + unchanged + failed = total
    words: int = 0  # words of the bulletins extracted by this run
    extract_seconds: float = 0.0  # from the first bulletin sent to the engine to the last result
    listing: CorpusListing | None = None  # the files found by format, and those skipped and why

    @property
    def has_errors(self) -> bool:
        return self.failed > 0


@dataclass(frozen=True)
class _Input:
    path: Path
    source_path: str
    sha256: str | None  # None: the file could not be read at all
    key: str | None
    problem: ErrorRecord | None = None  # why it could not be read, when it could not


def _hash_inputs(corpus: Path, fingerprint: str, files: list[Path]) -> list[_Input]:
    inputs = []
    ids: dict[str, str] = {}
    for path in files:
        relative = source_path_of(path, corpus)
        first = ids.setdefault(bulletin_id(relative), relative)
        if first != relative:  # « a.txt » and « a.html » would be one bulletin « a »
            detail = (
                f"{first} and {relative} would both be bulletin {bulletin_id(relative)!r}; "
                "rename one of them (or move it to another folder)"
            )
            problem = ErrorRecord(source_path=relative, severity="error", reason="same-id", detail=detail)
            inputs.append(_Input(path, relative, None, None, problem))
            continue
        try:
            digest = hashlib.sha256(read_input(path, corpus)).hexdigest()
        except BulletinReadError as error:
            inputs.append(_Input(path, relative, None, None, error.record))
            continue
        inputs.append(_Input(path, relative, digest, entry_key(fingerprint, relative, digest)))
    return inputs


def _cached_failure(cache: RecordCache, key: str) -> bool | None:
    """Whether the entry of ``key`` is a failure (it holds no bulletin); None when there is
    no usable entry. Read through once, as ``RecordCache.has`` does."""
    failed = True
    try:
        for kind, _ in cache.read(key):
            failed = failed and kind != "bulletin"
    except DamagedEntry:
        return None
    return failed


def _words(text: str) -> int:
    return len(text.split())


def _several_pieces(bulletin: BulletinText) -> bool:
    """True when the bulletin goes through spaCy in pieces (imported here: spaCy is
    imported only by a run that extracts something)."""
    from bulletins.extraction.extract import several_pieces

    return several_pieces(bulletin)


class _MaxErrorsReached(Exception):
    pass


def make_engine(settings: Settings, engine: str, jobs: int, scheduler: str | None) -> Engine:
    """The engine named ``engine``: "local" (``jobs`` processes) or "dask" (``scheduler``)."""
    if engine == "dask":
        from bulletins.running.engines.dask import DaskEngine

        return DaskEngine(settings, scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: local or dask")
    from bulletins.running.engines.local import LocalEngine

    return LocalEngine(settings, jobs)


def run_corpus(
    corpus: Path,
    out: Path,
    settings: Settings,
    *,
    jobs: int | None = 1,
    rebuild: bool = False,
    max_errors: int | None = None,
    on_progress: Progress | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    allow_shrink: bool = False,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    keep: int = DEFAULT_KEEP,
    run: dict[str, Any] | None = None,
    lock_held: bool = False,
) -> RunSummary:
    """Bring the dataset ``out`` up to date with ``corpus`` (or ``rebuild`` it from nothing).

    ``engine`` is "local" (``jobs`` processes on this machine) or "dask" (the workers of
    the Dask cluster at ``scheduler``); both give the same bytes. Before anything is read
    or loaded, ``out`` must be new, empty or a dataset of ours; the run then holds the
    dataset's lock until it is published. An empty corpus, or one that lost more than
    half of its bulletins since the last run, is refused unless ``allow_shrink``.

    A bulletin of several pieces (longer than ``PIECE_CHARS``) is extracted here, piece by
    piece straight into its cache entry, whatever the engine, so that memory does not
    grow with its size; past ``time_limit`` seconds it ends as a ``time-limit`` error.

    ``max_errors`` counts every failure of the run, those taken from the cache included.
    The dataset replaced goes to ``out/.history/`` (the ``keep`` most recent are kept), and
    the run log records ``run`` (the resolved options). ``on_progress`` is given a
    ``RunProgress`` at each phase and each bulletin done.

    ``lock_held``: the caller holds the dataset's lock already (``bulletins watch``).
    """
    started = time.perf_counter()
    report = on_progress or (lambda _: None)
    out = resolve_out(out)
    check_out(out, corpus)
    with contextlib.nullcontext() if lock_held else dataset_lock(out):
        report(RunProgress(CHECKING))
        recover(out, CACHE_DIR)
        fingerprint = fingerprint_of(settings)
        listing = survey_corpus(corpus)
        inputs = _hash_inputs(corpus, fingerprint, listing.files)
        check_shrink(_previous_input_count(out), len(inputs), allow_shrink)
        try:
            summary = _run_locked(
                corpus, out, settings, inputs, fingerprint, started,
                jobs=jobs, rebuild=rebuild, max_errors=max_errors, report=report,
                engine=engine, scheduler=scheduler, time_limit=time_limit, keep=keep, run=run,
            )  # fmt: skip
        finally:
            _mark_a_cache_folder(out)
        return replace(summary, listing=listing)


def _mark_a_cache_folder(out: Path) -> None:
    """A run that ended before it published (stopped by ``max_errors``, interrupted) may
    have made ``out`` to hold its record cache: the folder is marked as ours, so that the
    next run takes it as a dataset folder (and the cache's entries are used)."""
    with contextlib.suppress(OSError):
        if (out / CACHE_DIR).is_dir() and not is_dataset(out):
            write_marker(out)


def _previous_input_count(out: Path) -> int:
    try:
        return len(verify(out).inputs)
    except (OSError, ValueError):
        return 0


def _run_locked(
    corpus: Path,
    out: Path,
    settings: Settings,
    inputs: list[_Input],
    fingerprint: str,
    started: float,
    *,
    jobs: int | None,
    rebuild: bool,
    max_errors: int | None,
    report: Progress,
    engine: str,
    scheduler: str | None,
    time_limit: float | None,
    keep: int,
    run: dict[str, Any] | None,
) -> RunSummary:
    if not rebuild and (current := _up_to_date(out, fingerprint, inputs)) is not None:
        failed = sum(1 for i in current.inputs if i.outcome == "error")
        report(RunProgress(WRITING, len(inputs), 0, len(inputs) - failed, failed))
        return RunSummary(
            total=len(inputs),
            processed=0,
            skipped=len(inputs),
            failed=failed,
            warnings=sum(1 for i in current.inputs if i.outcome == "warning"),
            seconds=time.perf_counter() - started,
            stopped=max_errors is not None and failed > max_errors,
            manifest=current,
            unchanged=len(inputs) - failed,
        )
    staging = staging_dir(out)
    try:
        staging.mkdir()
    except OSError as error:
        raise DatasetWriteError(f"cannot write beside {out}: {error.strerror}") from error
    cache_dir = staging / CACHE_DIR if rebuild else out / CACHE_DIR
    cache = RecordCache(cache_dir)
    unreadable = [i for i in inputs if i.key is None]
    cached = {i.source_path: _cached_failure(cache, i.key) for i in inputs if i.key is not None}
    pending = [i for i in inputs if i.key is not None and cached[i.source_path] is None]
    from_cache = {path for path, failed in cached.items() if failed is False}
    progress = RunProgress(
        LOADING if pending else WRITING,
        total=len(inputs),
        unchanged=len(from_cache),
        failed=len(unreadable) + sum(1 for failed in cached.values() if failed),
    )
    failures = progress.failed
    words: dict[str, int] = {}  # source path → words, of the bulletins sent to the engine
    read_now: dict[str, _Input] = {}  # source path → the input as it was when extracted

    def extracted(source_path: str, failed: bool) -> None:
        """One bulletin done by this run: the counts, then the progress report."""
        nonlocal failures
        failures += failed
        progress.failed += failed
        count = words.pop(source_path, 0)
        if not failed:
            progress.processed += 1
            progress.words += count
        if progress.phase == LOADING:
            progress.phase = EXTRACTING
        report(progress)
        if max_errors is not None and failures > max_errors:
            raise _MaxErrorsReached

    def readable() -> Iterator[BulletinText]:
        if progress.extracting_since is None:
            progress.extracting_since = time.perf_counter()
        for item in pending:
            try:
                bulletin = read_bulletin(item.path, corpus)
                check_language(bulletin, settings.languages)
            except BulletinReadError as error:
                if error.sha256 is not None:  # the content is at fault: cache it with its bytes
                    key = entry_key(fingerprint, item.source_path, error.sha256)
                    cache.put(key, Outcome(records=None, problems=[error.record]))
                    read_now[item.source_path] = _Input(item.path, item.source_path, error.sha256, key)
                else:  # the file could not be read now: an error that may pass, never cached
                    read_now[item.source_path] = _Input(item.path, item.source_path, None, None, error.record)
                extracted(item.source_path, True)
                continue
            # the bytes extracted are the bytes hashed: a file changed since the listing is
            # cached under the hash of what was read
            key = entry_key(fingerprint, item.source_path, bulletin.sha256)
            read_now[item.source_path] = _Input(item.path, item.source_path, bulletin.sha256, key)
            words[item.source_path] = _words(bulletin.text)
            if not _several_pieces(bulletin):
                yield bulletin
                continue
            outcome = stream_outcome(build_pipeline(settings), bulletin, cache, key, time_limit)
            del bulletin
            if outcome is not None and not cache.has(key):  # a time limit: tried again next run
                read_now[item.source_path] = _Input(item.path, item.source_path, item.sha256, None,
                                                    outcome.problems[-1])  # fmt: skip
            extracted(item.source_path, outcome is not None)

    report(progress)
    stopped = max_errors is not None and failures > max_errors
    try:
        if not stopped and pending:
            with make_engine(settings, engine, jobs or auto_jobs(len(pending)), scheduler) as extractor:
                for source_path, outcome in extractor.extract(chunks(readable())):
                    cache.put(read_now[source_path].key or "", outcome)
                    extracted(source_path, outcome.failed)
    except _MaxErrorsReached:
        stopped = True
    except OSError as error:  # the cache could not be written: a full disk, a read-only file system
        shutil.rmtree(staging, ignore_errors=True)
        raise DatasetWriteError(
            f"could not write the record cache of {out}: {error.strerror or error}; the previous dataset "
            "was left as it was, and what was done is kept for the next run"
        ) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    extract_seconds = time.perf_counter() - progress.extracting_since if progress.extracting_since else 0.0
    if stopped:
        shutil.rmtree(staging, ignore_errors=True)
        return RunSummary(
            len(inputs), len(pending), len(inputs) - len(pending), failures, 0,
            time.perf_counter() - started, True, None,
            progress.processed, progress.unchanged, progress.words, extract_seconds,
        )  # fmt: skip
    progress.phase = WRITING
    report(progress)
    as_read = [read_now.get(i.source_path, i) for i in inputs]
    try:
        manifest, warnings, failed = _assemble(out, staging, cache, as_read, settings, keep, run)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise DatasetWriteError(
            f"could not write the dataset {out}: {error.strerror or error}; the previous dataset was left "
            "as it was"
        ) from error
    failed_paths = {e.source_path for e in manifest.inputs if e.outcome == "error"}
    unchanged = len(from_cache - failed_paths)
    return RunSummary(
        total=len(inputs),
        processed=len(pending),
        skipped=len(inputs) - len(pending),
        failed=failed,
        warnings=warnings,
        seconds=time.perf_counter() - started,
        stopped=False,
        manifest=manifest,
        extracted=len(inputs) - unchanged - failed,
        unchanged=unchanged,
        words=progress.words,
        extract_seconds=extract_seconds,
    )


def _up_to_date(out: Path, fingerprint: str, inputs: list[_Input]) -> Manifest | None:
    """The dataset's manifest when it already holds exactly these inputs under this fingerprint."""
    try:
        manifest = verify(out)
    except (OSError, ValueError):
        return None
    same_inputs = [(i.source_path, i.sha256) for i in manifest.inputs] == [
        (i.source_path, i.sha256 or "") for i in inputs
    ]
    if manifest.fingerprint != fingerprint or not same_inputs or not all(i.sha256 for i in inputs):
        return None
    # a failure that was not cached (a time limit, a file unreadable for a moment) is tried again
    cache = RecordCache(out / CACHE_DIR)
    errors = {e.source_path for e in manifest.inputs if e.outcome == "error"}
    if any(i.key is None or not cache.has(i.key) for i in inputs if i.source_path in errors):
        return None
    return manifest


def _lost(item: _Input) -> ErrorRecord:
    """The error record of a bulletin whose result is not to be had now."""
    if item.problem is not None:
        return item.problem
    if item.sha256 is None:
        reason, detail = (
            "unreadable",
            "the file could not be read during this run; it is tried again at the next run",
        )
    else:
        reason, detail = (
            "cache-lost",
            "its result was lost from the dataset's cache during this run (another process?); "
            "run `bulletins run` again",
        )
    return ErrorRecord(source_path=item.source_path, severity="error", reason=reason, detail=detail)


def _assemble(
    out: Path,
    staging: Path,
    cache: RecordCache,
    inputs: list[_Input],
    settings: Settings,
    keep: int = DEFAULT_KEEP,
    run: dict[str, Any] | None = None,
) -> tuple[Manifest, int, int]:
    """Write the dataset of the current corpus from the cache, bulletin by bulletin in the
    order of their ids, and swap it in."""
    writer = DatasetWriter(staging)
    entries: list[InputEntry] = []
    for item in sorted(inputs, key=lambda i: (bulletin_id(i.source_path), i.source_path)):
        try:  # streamed from the entry into the dataset files, record by record
            if item.key is None:
                raise DamagedEntry("no entry")
            bulletin, problems = writer.add_lines(cache.read(item.key))
        except DamagedEntry:
            bulletin, problems = writer.add_lines(outcome_lines(Outcome(problems=[_lost(item)])))
        severities = {p.severity for p in problems}
        label = "error" if bulletin is None else "warning" if "warning" in severities else "ok"
        entries.append(
            InputEntry(
                source_path=item.source_path, sha256=item.sha256 or "", bulletin_id=bulletin, outcome=label
            )
        )
    manifest = writer.close(build_manifest(settings, entries))
    live_cache = cache.directory
    if live_cache != staging / CACHE_DIR and live_cache.exists():
        os.rename(live_cache, staging / CACHE_DIR)
    RecordCache(staging / CACHE_DIR).prune({i.key for i in inputs if i.key})
    publish(staging, out, keep, run)
    warned = sum(1 for e in entries if e.outcome == "warning")
    return manifest, warned, sum(1 for e in entries if e.outcome == "error")
