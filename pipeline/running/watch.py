"""A warm worker: the pipeline stays loaded, and the dataset follows the corpus folder.

``watch_corpus`` brings the dataset up to date once, then waits for files of the corpus
to be added, changed or removed (``watchfiles``) and brings it up to date again after
each burst of changes: only the new and changed bulletins go through the pipeline, which
is built once for the life of the watch, so a new bulletin costs its own extraction and
the writing of the dataset, never a model load. Each update is a ``run_corpus`` and
publishes the same bytes as ``bulletins run`` would.

The dataset's lock is held from the start to the end: no ``run`` can write the same
dataset meanwhile. ``stop`` (a ``threading.Event``, set by the command's SIGINT and
SIGTERM handlers) ends the watch between two updates: an update under way is finished and
published, never cut in the middle.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bulletins.dataset.guard import check_out, dataset_lock, resolve_out
from bulletins.errors import BulletinsError
from bulletins.running.batch import RunSummary, run_corpus
from bulletins.running.outcomes import DEFAULT_TIME_LIMIT, build_pipeline
from bulletins.schemas.settings import DEFAULT_KEEP, Settings

logger = logging.getLogger(__name__)

DEBOUNCE_MS = 200  # changes closer than this are one update (a copy of many files)
STEP_MS = 50  # how often the watcher looks for changes and for ``stop``


@dataclass(frozen=True)
class Update:
    """One update of the dataset: what set it off, and the run's summary (or the error that
    refused it: « the corpus holds 0 bulletins… », after which the watch goes on)."""

    changed: int  # files of the corpus seen changed (0: the first update, at start)
    summary: RunSummary | None
    refused: BulletinsError | None
    seconds: float


def _corpus_changes(corpus: Path, out: Path, stop: threading.Event) -> Callable[[], int | None]:
    """A function that waits for the next burst of changes in ``corpus`` and gives how many
    paths changed, or None once ``stop`` is set. Changes inside ``out`` do not count."""
    from watchfiles import watch

    changes = watch(
        corpus,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        rust_timeout=STEP_MS * 10,
        yield_on_timeout=True,
        raise_interrupt=False,
    )

    def wait() -> int | None:
        for batch in changes:
            if stop.is_set():
                return None
            relevant = [p for _, p in batch if not Path(p).is_relative_to(out)]
            if relevant:
                return len(relevant)
        return None

    return wait


def watch_corpus(
    corpus: Path,
    out: Path,
    settings: Settings,
    *,
    stop: threading.Event,
    on_update: Callable[[Update], None] | None = None,
    on_ready: Callable[[], None] | None = None,
    allow_shrink: bool = False,
    max_errors: int | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    keep: int = DEFAULT_KEEP,
    run: dict[str, Any] | None = None,
) -> int:
    """Keep ``out`` up to date with ``corpus`` until ``stop`` is set; the number of updates.

    ``on_ready`` is called once the pipeline is loaded and the watcher started, before the
    first update; ``on_update`` after each update. A refused update (a corpus that was
    emptied, more errors than ``max_errors``) leaves the dataset as it was, and the watch
    goes on. ``keep`` and ``run`` are those of ``run_corpus``: the previous datasets kept
    under ``out/.history/``, and the resolved options the run log records.
    """
    out = resolve_out(out)
    check_out(out, corpus)
    corpus = Path(corpus).resolve()
    updates = 0
    with dataset_lock(out):
        build_pipeline(settings)  # warm: the one model load of the watch
        next_changes = _corpus_changes(corpus, out, stop)
        if on_ready is not None:
            on_ready()
        changed: int | None = 0
        while changed is not None and not stop.is_set():
            started = time.perf_counter()
            summary: RunSummary | None = None
            refused: BulletinsError | None = None
            try:
                summary = run_corpus(
                    corpus, out, settings, jobs=1, max_errors=max_errors,
                    allow_shrink=allow_shrink, time_limit=time_limit, keep=keep, run=run, lock_held=True,
                )  # fmt: skip
            except BulletinsError as error:  # the dataset was left as it was
                logger.warning("update refused: %s", error)
                refused = error
            updates += 1
            if on_update is not None:
                on_update(Update(changed, summary, refused, time.perf_counter() - started))
            changed = next_changes()
    return updates
