"""Running a corpus folder into a dataset folder: incremental, parallel, resumable.

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

import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bulletins.dataset.cache import CACHE_DIR, Outcome, RecordCache, entry_key
from bulletins.dataset.manifest import build_manifest, fingerprint_of
from bulletins.dataset.writer import DatasetWriter, publish, recover, staging_dir, verify
from bulletins.inputs.corpus import BulletinReadError, BulletinText, bulletin_id, list_corpus, read_bulletin
from bulletins.running.engines.base import Engine
from bulletins.running.engines.local import auto_jobs
from bulletins.running.outcomes import chunks
from bulletins.schemas.manifest import InputEntry, Manifest
from bulletins.schemas.records import ErrorRecord
from bulletins.schemas.settings import Settings

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
__all__ = ["RunSummary", "auto_jobs", "make_engine", "run_corpus"]


@dataclass(frozen=True)
class RunSummary:
    total: int
    processed: int
    skipped: int
    failed: int
    warnings: int  # bulletins extracted with a warning
    seconds: float
    stopped: bool
    manifest: Manifest | None

    @property
    def has_errors(self) -> bool:
        return self.failed > 0


@dataclass(frozen=True)
class _Input:
    path: Path
    source_path: str
    sha256: str | None  # None: the file could not be read at all
    key: str | None


def _hash_inputs(corpus: Path, fingerprint: str) -> list[_Input]:
    inputs = []
    for path in list_corpus(corpus):
        relative = path.relative_to(corpus).as_posix()
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            inputs.append(_Input(path, relative, None, None))
            continue
        inputs.append(_Input(path, relative, digest, entry_key(fingerprint, relative, digest)))
    return inputs


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
) -> RunSummary:
    """Bring the dataset ``out`` up to date with ``corpus`` (or ``rebuild`` it from nothing).

    ``engine`` is "local" (``jobs`` processes on this machine) or "dask" (the workers of
    the Dask cluster at ``scheduler``); both give the same bytes.
    """
    started = time.perf_counter()
    recover(out, CACHE_DIR)
    fingerprint = fingerprint_of(settings)
    inputs = _hash_inputs(corpus, fingerprint)
    if not rebuild and (current := _up_to_date(out, fingerprint, inputs)) is not None:
        if on_progress:
            on_progress(len(inputs), len(inputs))
        return RunSummary(
            total=len(inputs),
            processed=0,
            skipped=len(inputs),
            failed=sum(1 for i in current.inputs if i.outcome == "error"),
            warnings=sum(1 for i in current.inputs if i.outcome == "warning"),
            seconds=time.perf_counter() - started,
            stopped=False,
            manifest=current,
        )
    staging = staging_dir(out)
    cache_dir = staging / CACHE_DIR if rebuild else out / CACHE_DIR
    cache = RecordCache(cache_dir)
    pending = [i for i in inputs if i.key is not None and not cache.has(i.key)]
    done = len(inputs) - len(pending)
    failures = 0
    if on_progress:
        on_progress(done, len(inputs))

    def readable() -> Iterator[BulletinText]:
        nonlocal done, failures
        for item in pending:
            try:
                yield read_bulletin(item.path, corpus)
            except BulletinReadError as error:
                cache.put(item.key or "", Outcome(records=None, problems=[error.record]))
                failures += 1
                done += 1
                if on_progress:
                    on_progress(done, len(inputs))
                if max_errors is not None and failures > max_errors:
                    raise _MaxErrorsReached from error

    keys = {i.source_path: i.key for i in pending}
    jobs = jobs or auto_jobs(len(pending))
    stopped = False
    try:
        with make_engine(settings, engine, jobs, scheduler) as extractor:
            for source_path, outcome in extractor.extract(chunks(readable())):
                cache.put(keys[source_path] or "", outcome)
                failures += outcome.failed
                done += 1
                if on_progress:
                    on_progress(done, len(inputs))
                if max_errors is not None and failures > max_errors:
                    raise _MaxErrorsReached
    except _MaxErrorsReached:
        stopped = True
    if stopped:
        shutil.rmtree(staging, ignore_errors=True)
        return RunSummary(
            len(inputs), len(pending), len(inputs) - len(pending), failures, 0,
            time.perf_counter() - started, True, None,
        )  # fmt: skip
    manifest, warnings, failed = _assemble(out, staging, cache, inputs, settings)
    return RunSummary(
        total=len(inputs),
        processed=len(pending),
        skipped=len(inputs) - len(pending),
        failed=failed,
        warnings=warnings,
        seconds=time.perf_counter() - started,
        stopped=False,
        manifest=manifest,
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
    return (
        manifest
        if manifest.fingerprint == fingerprint and same_inputs and all(i.sha256 for i in inputs)
        else None
    )


def _assemble(
    out: Path, staging: Path, cache: RecordCache, inputs: list[_Input], settings: Settings
) -> tuple[Manifest, int, int]:
    """Write the dataset of the current corpus from the cache, bulletin by bulletin in the
    order of their ids, and swap it in."""
    writer = DatasetWriter(staging)
    entries: list[InputEntry] = []
    for item in sorted(inputs, key=lambda i: (bulletin_id(i.source_path), i.source_path)):
        data = cache.load(item.key) if item.key else None
        if data is None:  # unreadable now: an error that is not cached, it may pass
            reason = "unreadable" if item.sha256 is None else "cache-lost"
            problem = ErrorRecord(
                source_path=item.source_path,
                severity="error",
                reason=reason,
                detail="the file could not be read",
            )
            data = {"records": None, "problems": [problem.model_dump(mode="json")]}
        writer.add(data)
        records = data.get("records")
        severities = {p["severity"] for p in data["problems"]}
        outcome = "error" if not records else "warning" if "warning" in severities else "ok"
        entries.append(
            InputEntry(
                source_path=item.source_path,
                sha256=item.sha256 or "",
                bulletin_id=records["bulletin"]["id"] if records else None,
                outcome=outcome,
            )
        )
    manifest = writer.close(build_manifest(settings, entries))
    live_cache = cache.directory
    if live_cache != staging / CACHE_DIR and live_cache.exists():
        os.rename(live_cache, staging / CACHE_DIR)
    RecordCache(staging / CACHE_DIR).prune({i.key for i in inputs if i.key})
    publish(staging, out)
    warned = sum(1 for e in entries if e.outcome == "warning")
    return manifest, warned, sum(1 for e in entries if e.outcome == "error")
