"""What a run shows while it works, on standard error.

On a terminal: a bar with the phase (« checking the corpus », « loading the model »,
« extracting », « writing »), the bulletins done out of all, the counts of processed /
unchanged / failed (they add up to the bulletins done) and the true rates, in bulletins/s
and words/s of the bulletins extracted now (taken from the first result on, so that
neither the model load nor the unchanged bulletins inflate or deflate them).

Elsewhere (cron, CI, a pipe): no bar, but one line per phase and one every
``log_every`` seconds, each a fixed set of ``key=value`` fields that ``grep`` and CI read::

    bulletins: phase=extracting done=12/32 processed=10 unchanged=0 failed=2 bulletins_per_s=3.10 …
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from bulletins.running.batch import EXTRACTING, RunProgress


class Rates:
    """Bulletins/s and words/s of the bulletins extracted, from the first result on."""

    def __init__(self) -> None:
        self._start: tuple[float, int, int] | None = None  # time, processed, words at the first result
        self.per_second: tuple[float, float] | None = None

    def update(self, progress: RunProgress, now: float) -> None:
        if progress.phase != EXTRACTING and self._start is None:
            return
        if self._start is None:
            self._start = (now, progress.processed, progress.words)
            return
        started, processed, words = self._start
        elapsed = now - started
        if elapsed > 0.2 and progress.processed > processed:
            self.per_second = ((progress.processed - processed) / elapsed, (progress.words - words) / elapsed)

    def text(self) -> str:
        if self.per_second is None:
            return ""
        bulletins, words = self.per_second
        return f"{bulletins:.1f} bulletins/s, {words:,.0f} words/s"


def counts_text(progress: RunProgress) -> str:
    return f"{progress.processed} processed, {progress.unchanged} unchanged, {progress.failed} failed"


def log_line(progress: RunProgress, rates: Rates) -> str:
    """One grep-friendly line: ``bulletins: phase=… done=N/M processed=… …``."""
    fields = [
        f"phase={progress.phase.replace(' ', '-')}",
        f"done={progress.done}/{progress.total}",
        f"processed={progress.processed}",
        f"unchanged={progress.unchanged}",
        f"failed={progress.failed}",
    ]
    if rates.per_second is not None:
        fields += [f"bulletins_per_s={rates.per_second[0]:.2f}", f"words_per_s={rates.per_second[1]:.0f}"]
    return "bulletins: " + " ".join(fields)


class ProgressView:
    """``with ProgressView(console, mode) as view: run_corpus(..., on_progress=view)``;
    ``mode`` is "bar", "log" or "quiet"."""

    def __init__(self, console: Console, mode: str, log_every: float = 10.0) -> None:
        self.console = console
        self.mode = mode
        self.log_every = log_every
        self.rates = Rates()
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._phase: str | None = None
        self._logged = 0.0

    def __enter__(self) -> Self:
        if self.mode == "bar":
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}"),
                TextColumn("{task.fields[rates]}"),
                TimeElapsedColumn(),
                console=self.console,
                transient=False,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("starting", total=None, counts="", rates="")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, traceback)

    def __call__(self, progress: RunProgress) -> None:
        now = time.monotonic()
        self.rates.update(progress, now)
        if self._bar is not None and self._task is not None:
            self._bar.update(
                self._task,
                description=progress.phase,
                completed=progress.done,
                total=progress.total or None,
                counts=counts_text(progress),
                rates=self.rates.text(),
            )
        elif self.mode == "log" and (progress.phase != self._phase or now - self._logged >= self.log_every):
            self.console.print(log_line(progress, self.rates), markup=False, highlight=False, soft_wrap=True)
            self._logged = now
        self._phase = progress.phase
