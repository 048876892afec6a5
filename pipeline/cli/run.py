"""``bulletins run`` and ``bulletins rebuild``: bring a dataset up to date with a corpus.

Every option may come from the project file (``bulletins.toml``, or ``--config FILE``);
one given on the command line wins. ``bulletins run`` with no argument in a project
folder does the weekly job.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from bulletins.cli.console import EXIT_INPUTS_FAILED, EXIT_STOPPED, CommandError, configure_logging, note
from bulletins.cli.console import stderr as stderr_console
from bulletins.cli.options import (
    AllowShrinkOption,
    BatchOption,
    ConfigOption,
    CorpusArgument,
    Engine,
    EngineOption,
    FormatOption,
    JobsOption,
    KeepOption,
    LanguagesOption,
    LogEveryOption,
    MaxErrorsOption,
    OutOption,
    OutputFormat,
    QuietOption,
    ResourcesOption,
    RunModelOption,
    RunTagsOption,
    SchedulerOption,
    Tags,
    TimeLimitOption,
    VerboseOption,
    make_settings,
    parse_languages,
)
from bulletins.config import load_project
from bulletins.schemas.settings import ProjectSettings, Settings


def _first(*values: Any) -> Any:
    """The first value that is not None: the command line, then the project file."""
    return next((value for value in values if value is not None), None)


def resolve_options(config: Path | None, given: dict[str, Any]) -> tuple[Path | None, ProjectSettings]:
    """The project file read (None: none) and the settings of the run: each option given on
    the command line (``given``, None when absent) over the file's value, over the default."""
    project = load_project(config)
    chosen = {
        key: str(value) if isinstance(value, Path | Engine | Tags) else value
        for key, value in given.items()
        if value is not None
    }
    merged = ProjectSettings.model_validate({**project.settings.model_dump(), **chosen})
    return project.path, merged


@dataclass(frozen=True)
class Plan:
    """What a ``run``, ``rebuild`` or ``watch`` is to do, its options resolved: the project
    file read (``source``, None: none), the merged settings, the corpus and dataset
    folders, and the pipeline's settings."""

    source: Path | None
    project: ProjectSettings
    corpus: Path
    out: Path
    settings: Settings


def plan(
    command: str, corpus: Path | None, out: Path | None, config: Path | None, options: dict[str, Any]
) -> Plan:
    """Resolve the options of ``bulletins COMMAND`` (command line over ``bulletins.toml``
    over the defaults) and check the corpus and the resources before anything is loaded."""
    source, project = resolve_options(config, {"corpus": corpus, "out": out, **options})
    if project.corpus is None:
        raise CommandError(
            f"give the corpus folder (bulletins {command} CORPUS), or write `corpus = …` in bulletins.toml "
            "(`bulletins init` writes one)",
            exit_code=2,
        )
    corpus_dir, out_dir = Path(project.corpus), Path(project.out or "outputs")
    if not corpus_dir.is_dir():
        raise CommandError(f"{corpus_dir} is not a folder: give the folder that holds the bulletins")
    settings = make_settings(
        project.model,
        project.batch_size,
        Path(project.resources) if project.resources else None,
        ",".join(project.languages),
        project.tags,
    )
    return Plan(source, project, corpus_dir, out_dir, settings)


def _progress_mode(quiet: bool) -> str:
    if quiet:
        return "quiet"
    return "bar" if stderr_console.is_terminal else "log"


def _summary_data(summary: Any, out: Path, rebuild: bool) -> dict[str, Any]:
    rate = summary.extracted / summary.extract_seconds if summary.extract_seconds else 0.0
    words = summary.words / summary.extract_seconds if summary.extract_seconds else 0.0
    return {
        "out": str(out),
        "rebuild": rebuild,
        "total": summary.total,
        "processed": summary.extracted,
        "unchanged": summary.unchanged,
        "failed": summary.failed,
        "warnings": summary.warnings,
        "words": summary.words,
        "seconds": round(summary.seconds, 3),
        "bulletins_per_second": round(rate, 2),
        "words_per_second": round(words, 1),
        "stopped": summary.stopped,
    }


def _run(
    rebuild: bool,
    corpus: Path | None,
    out: Path | None,
    config: Path | None,
    options: dict[str, Any],
    allow_shrink: bool,
    quiet: bool,
    verbose: bool,
    log_every: float,
    output_format: OutputFormat,
) -> None:
    from bulletins.cli.progress import ProgressView
    from bulletins.running.batch import run_corpus

    configure_logging(verbose)
    chosen = plan("rebuild" if rebuild else "run", corpus, out, config, options)
    source, project, corpus_dir, out_dir, settings = (
        chosen.source, chosen.project, chosen.corpus, chosen.out, chosen.settings
    )  # fmt: skip
    record = {
        "command": "rebuild" if rebuild else "run",
        "config": str(source) if source else None,
        **project.model_dump(mode="json", by_alias=True),
        "out": str(out_dir),
    }
    with ProgressView(stderr_console, _progress_mode(quiet), log_every) as view:
        summary = run_corpus(
            corpus_dir,
            out_dir,
            settings,
            jobs=project.jobs,
            rebuild=rebuild,
            max_errors=project.max_errors,
            on_progress=view,
            engine=project.engine,
            scheduler=project.scheduler,
            allow_shrink=allow_shrink,
            time_limit=project.time_limit,
            keep=project.keep,
            run=record,
        )
    data = _summary_data(summary, out_dir, rebuild)
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
    elif not quiet:
        if summary.listing is not None:
            note(f"corpus: {summary.listing.summary()}")
        note(
            f"{summary.total} bulletin(s): {summary.extracted} processed, {summary.unchanged} unchanged, "
            f"{summary.failed} failed ({summary.warnings} with warnings), in {summary.seconds:.1f} s; "
            f"extraction {data['bulletins_per_second']:.1f} bulletins/s, {data['words_per_second']:,.0f} "
            "words/s (model load included)"
        )
    if summary.stopped:
        note(f"stopped: more than {project.max_errors} input(s) failed; {out_dir} was left as it was", "red")
        raise typer.Exit(EXIT_STOPPED)
    if not quiet:
        note(f"dataset → {out_dir}")
    if summary.has_errors:
        if not quiet:
            note(f"some inputs failed: see {out_dir / 'errors.jsonl'}", "yellow")
        raise typer.Exit(EXIT_INPUTS_FAILED)


def run(
    corpus: CorpusArgument = None,
    out: OutOption = None,
    config: ConfigOption = None,
    jobs: JobsOption = None,
    max_errors: MaxErrorsOption = None,
    keep: KeepOption = None,
    model: RunModelOption = None,
    tags: RunTagsOption = None,
    batch_size: BatchOption = None,
    resources: ResourcesOption = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    allow_shrink: AllowShrinkOption = False,
    time_limit: TimeLimitOption = None,
    languages: LanguagesOption = None,
    output_format: FormatOption = OutputFormat.text,
    log_every: LogEveryOption = 10.0,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Bring the dataset up to date with CORPUS: only new and changed bulletins are processed.

    With no argument, the corpus, the dataset and the options come from bulletins.toml.
    """
    options = {"jobs": jobs, "max_errors": max_errors, "keep": keep, "model": model, "tags": tags,
               "batch_size": batch_size, "resources": resources, "engine": engine,
               "scheduler": scheduler, "time_limit": time_limit,
               "languages": list(parse_languages(languages)) if languages else None}  # fmt: skip
    _run(False, corpus, out, config, options, allow_shrink, quiet, verbose, log_every, output_format)


def rebuild(
    corpus: CorpusArgument = None,
    out: OutOption = None,
    config: ConfigOption = None,
    jobs: JobsOption = None,
    max_errors: MaxErrorsOption = None,
    keep: KeepOption = None,
    model: RunModelOption = None,
    tags: RunTagsOption = None,
    batch_size: BatchOption = None,
    resources: ResourcesOption = None,
    engine: EngineOption = None,
    scheduler: SchedulerOption = None,
    allow_shrink: AllowShrinkOption = False,
    time_limit: TimeLimitOption = None,
    languages: LanguagesOption = None,
    output_format: FormatOption = OutputFormat.text,
    log_every: LogEveryOption = 10.0,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Regenerate the whole dataset from CORPUS, ignoring what earlier runs computed."""
    options = {"jobs": jobs, "max_errors": max_errors, "keep": keep, "model": model, "tags": tags,
               "batch_size": batch_size, "resources": resources, "engine": engine,
               "scheduler": scheduler, "time_limit": time_limit,
               "languages": list(parse_languages(languages)) if languages else None}  # fmt: skip
    _run(True, corpus, out, config, options, allow_shrink, quiet, verbose, log_every, output_format)
