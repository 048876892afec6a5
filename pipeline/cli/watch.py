"""``bulletins watch``: keep a dataset up to date with a corpus folder, the model kept loaded.

Its options are resolved as ``bulletins run`` resolves them (the same code): the command
line, then ``bulletins.toml`` (or ``--config FILE``), then the defaults. Of the file, all
but ``jobs``, ``engine`` and ``scheduler`` apply: a watch is one warm process.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

from bulletins.cli.console import configure_logging, note
from bulletins.cli.options import (
    AllowShrinkOption,
    ConfigOption,
    CorpusArgument,
    MaxErrorsOption,
    OutOption,
    ResourcesOption,
    RunModelOption,
    RunTagsOption,
    TimeLimitOption,
    VerboseOption,
)
from bulletins.cli.run import plan


def watch(
    corpus: CorpusArgument = None,
    out: OutOption = None,
    config: ConfigOption = None,
    max_errors: MaxErrorsOption = None,
    model: RunModelOption = None,
    tags: RunTagsOption = None,
    resources: ResourcesOption = None,
    allow_shrink: AllowShrinkOption = False,
    time_limit: TimeLimitOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Keep the dataset up to date with CORPUS: the model stays loaded, and each bulletin added,
    changed or removed is published within seconds, with the bytes `run` gives. Ctrl-C (or
    SIGTERM) stops it once the current update is published.

    With no argument, the corpus, the dataset and the options come from bulletins.toml.
    """
    from bulletins.running.watch import Update, watch_corpus

    configure_logging(verbose)
    options = {
        "max_errors": max_errors,
        "model": model,
        "tags": tags,
        "resources": resources,
        "time_limit": time_limit,
    }
    chosen = plan("watch", corpus, out, config, options)
    project, out_dir = chosen.project, chosen.out
    record = {
        "command": "watch",
        "config": str(chosen.source) if chosen.source else None,
        **project.model_dump(mode="json", by_alias=True),
        "out": str(out_dir),
    }
    stop = threading.Event()

    def on_signal(number: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}

    def on_ready() -> None:
        note(f"watching {chosen.corpus} → {out_dir} (Ctrl-C to stop)")

    def on_update(update: Update) -> None:
        if update.refused is not None:
            note(f"not updated: {update.refused}", "yellow")
            return
        summary = update.summary
        assert summary is not None
        if summary.stopped:
            note(
                f"not updated: more than {project.max_errors} input(s) failed; {out_dir} was left as it was",
                "red",
            )
            return
        note(
            f"{summary.total} bulletin(s): {summary.processed} processed, {summary.failed} failed, "
            f"in {update.seconds:.1f} s → {out_dir}"
        )

    try:
        updates = watch_corpus(
            chosen.corpus, out_dir, chosen.settings, stop=stop, on_update=on_update, on_ready=on_ready,
            allow_shrink=allow_shrink, max_errors=project.max_errors, time_limit=project.time_limit,
            keep=project.keep, run=record,
        )  # fmt: skip
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    note(f"stopped after {updates} update(s); {out_dir} is up to date with what was seen")
