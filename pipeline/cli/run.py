"""``bulletins run`` and ``bulletins rebuild``: bring a dataset up to date with a corpus."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bulletins.cli.console import EXIT_INPUTS_FAILED, EXIT_STOPPED, CommandError, configure_logging, note
from bulletins.cli.console import stderr as stderr_console
from bulletins.cli.options import (
    AllowShrinkOption,
    BatchOption,
    CorpusArgument,
    Engine,
    EngineOption,
    JobsOption,
    LanguagesOption,
    MaxErrorsOption,
    ModelOption,
    OutOption,
    ResourcesOption,
    SchedulerOption,
    TimeLimitOption,
    VerboseOption,
    make_settings,
)
from bulletins.running.outcomes import DEFAULT_TIME_LIMIT
from bulletins.schemas.settings import DEFAULT_MODEL, Settings

if TYPE_CHECKING:
    from rich.progress import ProgressColumn


def _rate_column() -> ProgressColumn:
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Bulletins per second, once there is a rate to show."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} bulletins/s" if speed else "", style="progress.data.speed")

    return RateColumn()


def _run(
    corpus: Path,
    out: Path,
    settings: Settings,
    jobs: int | None,
    rebuild: bool,
    max_errors: int | None,
    engine: Engine = Engine.local,
    scheduler: str | None = None,
    allow_shrink: bool = False,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> None:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from bulletins.running.batch import run_corpus

    if not corpus.is_dir():
        raise CommandError(f"{corpus} is not a folder: give the folder that holds the bulletins")
    columns = (
        TextColumn("rebuilding" if rebuild else "extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _rate_column(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr_console, transient=False) as progress:
        task = progress.add_task("bulletins", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        summary = run_corpus(
            corpus,
            out,
            settings,
            jobs=jobs,
            rebuild=rebuild,
            max_errors=max_errors,
            on_progress=on_progress,
            engine=engine.value,
            scheduler=scheduler,
            allow_shrink=allow_shrink,
            time_limit=time_limit,
        )
    rate = summary.processed / summary.seconds if summary.seconds else 0.0
    if summary.listing is not None:
        note(f"corpus: {summary.listing.summary()}")
    note(
        f"{summary.total} bulletin(s): {summary.processed} processed, {summary.skipped} unchanged, "
        f"{summary.failed} failed, {summary.warnings} warning(s), in {summary.seconds:.1f} s "
        f"({rate:.1f} processed/s)"
    )
    if summary.stopped:
        note(f"stopped: more than {max_errors} input(s) failed; {out} was left as it was", "red")
        raise typer.Exit(EXIT_STOPPED)
    note(f"dataset → {out}")
    if summary.has_errors:
        note(f"some inputs failed: see {out / 'errors.jsonl'}", "yellow")
        raise typer.Exit(EXIT_INPUTS_FAILED)


def run(
    corpus: CorpusArgument,
    out: OutOption = Path("outputs"),
    jobs: JobsOption = None,
    max_errors: MaxErrorsOption = None,
    model: ModelOption = DEFAULT_MODEL,
    batch_size: BatchOption = 16,
    resources: ResourcesOption = None,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    allow_shrink: AllowShrinkOption = False,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
    languages: LanguagesOption = "fr",
    verbose: VerboseOption = False,
) -> None:
    """Bring the dataset up to date with CORPUS: only new and changed bulletins are processed."""
    configure_logging(verbose)
    settings = make_settings(model, batch_size, resources, languages)
    _run(corpus, out, settings, jobs, False, max_errors, engine, scheduler, allow_shrink, time_limit)


def rebuild(
    corpus: CorpusArgument,
    out: OutOption = Path("outputs"),
    jobs: JobsOption = None,
    max_errors: MaxErrorsOption = None,
    model: ModelOption = DEFAULT_MODEL,
    batch_size: BatchOption = 16,
    resources: ResourcesOption = None,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    allow_shrink: AllowShrinkOption = False,
    time_limit: TimeLimitOption = DEFAULT_TIME_LIMIT,
    languages: LanguagesOption = "fr",
    verbose: VerboseOption = False,
) -> None:
    """Regenerate the whole dataset from CORPUS, ignoring what earlier runs computed."""
    configure_logging(verbose)
    settings = make_settings(model, batch_size, resources, languages)
    _run(corpus, out, settings, jobs, True, max_errors, engine, scheduler, allow_shrink, time_limit)
