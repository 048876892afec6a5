"""``bulletins watch``: keep a dataset up to date with a corpus folder, the model kept loaded."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

from bulletins.cli.console import CommandError, configure_logging, note
from bulletins.cli.options import (
    DEFAULT_TAGS_OPTION,
    AllowShrinkOption,
    CorpusArgument,
    MaxErrorsOption,
    ModelOption,
    OutOption,
    ResourcesOption,
    TagsOption,
    TimeLimitOption,
    VerboseOption,
    make_settings,
)
from bulletins.running.outcomes import DEFAULT_TIME_LIMIT
from bulletins.schemas.settings import DEFAULT_MODEL


def watch(
    corpus: CorpusArgument = None,
    out: OutOption = None,
    max_errors: MaxErrorsOption = None,
    model: ModelOption = DEFAULT_MODEL,
    tags: TagsOption = DEFAULT_TAGS_OPTION,
    resources: ResourcesOption = None,
    allow_shrink: AllowShrinkOption = False,
    time_limit: TimeLimitOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Keep the dataset up to date with CORPUS: the model stays loaded, and each bulletin added,
    changed or removed is published within seconds, with the bytes `run` gives. Ctrl-C (or
    SIGTERM) stops it once the current update is published."""
    from bulletins.running.watch import Update, watch_corpus

    configure_logging(verbose)
    if corpus is None:
        raise CommandError("give the corpus folder to watch: bulletins watch CORPUS --out DIR", exit_code=2)
    out = out or Path("outputs")
    time_limit = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
    if not corpus.is_dir():
        raise CommandError(f"{corpus} is not a folder: give the folder that holds the bulletins")
    settings = make_settings(model, resources=resources, tags=tags)
    stop = threading.Event()

    def on_signal(number: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}

    def on_ready() -> None:
        note(f"watching {corpus} → {out} (Ctrl-C to stop)")

    def on_update(update: Update) -> None:
        if update.refused is not None:
            note(f"not updated: {update.refused}", "yellow")
            return
        summary = update.summary
        assert summary is not None
        if summary.stopped:
            note(f"not updated: more than {max_errors} input(s) failed; {out} was left as it was", "red")
            return
        note(
            f"{summary.total} bulletin(s): {summary.processed} processed, {summary.failed} failed, "
            f"in {update.seconds:.1f} s → {out}"
        )

    try:
        updates = watch_corpus(
            corpus, out, settings, stop=stop, on_update=on_update, on_ready=on_ready,
            allow_shrink=allow_shrink, max_errors=max_errors, time_limit=time_limit,
        )  # fmt: skip
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    note(f"stopped after {updates} update(s); {out} is up to date with what was seen")
