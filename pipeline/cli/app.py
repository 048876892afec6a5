"""The ``bulletins`` command line: thin Typer commands over the library's functions.

Exit codes: 0 success; 1 a fatal error (missing model, unreadable gold or corpus, bad
resource); 2 a usage error; 3 the run finished, but some inputs failed (see errors.jsonl);
4 the run stopped at --max-errors, and the previous dataset was left as it was.
Heavy imports (spaCy) happen inside the commands, so ``--help`` and ``schema`` are fast.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from bulletins.schemas.settings import DEFAULT_MODEL, Settings

if TYPE_CHECKING:  # the evaluation module imports spaCy: not at start-up
    from bulletins.evaluation.evaluate import EvaluationReport

EXIT_FATAL = 1
EXIT_INPUTS_FAILED = 3
EXIT_STOPPED = 4

app = typer.Typer(
    name="bulletins",
    help="French institutional bulletins → validated records of organisations, programmes, places and dates.",
    no_args_is_help=True,
    add_completion=False,
)
stderr = Console(stderr=True)
stdout = Console()

ModelOption = Annotated[str, typer.Option("--model", help="Installed spaCy French pipeline.")]
BatchOption = Annotated[int, typer.Option("--batch-size", min=1, help="Documents per nlp.pipe batch.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log what the stages do.")]
ResourcesOption = Annotated[
    Path | None,
    typer.Option(
        "--resources", help="Folder of resource files (gazetteers) to use instead of the packaged ones."
    ),
]


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _fail(message: str) -> typer.Exit:
    stderr.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_FATAL)


def _load(settings: Settings):
    from bulletins.extraction.nlp import ModelNotInstalledError, build_nlp
    from bulletins.extraction.resources import ResourceError

    try:
        return build_nlp(settings)
    except (ModelNotInstalledError, ResourceError) as error:
        raise _fail(str(error)) from error


JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes, each loading the model once [default: as fast as measured].",
    ),
]
MaxErrorsOption = Annotated[
    int | None,
    typer.Option("--max-errors", min=0, help="Stop cleanly once more inputs than this have failed."),
]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Dataset folder to write.")]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


EngineOption = Annotated[
    Engine,
    typer.Option("--engine", help="local: --jobs processes here; dask: the workers of a Dask cluster."),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler", help="Dask scheduler address (or BULLETINS_DASK_SCHEDULER), with --engine dask."
    ),
]
CorpusArgument = Annotated[Path, typer.Argument(help="Folder of bulletins (*.txt).")]


def _settings(model: str, batch_size: int = 16, resources: Path | None = None) -> Settings:
    if resources is not None and not resources.is_dir():
        raise _fail(f"--resources {resources}: no such folder")
    return Settings(model=model, batch_size=batch_size, resources=str(resources) if resources else None)


def _rate_column():
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Bulletins per second, once there is a rate to show."""

        def render(self, task) -> Text:
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

    from bulletins.extraction.nlp import ModelNotInstalledError
    from bulletins.extraction.resources import ResourceError
    from bulletins.running.batch import run_corpus

    if not corpus.is_dir():
        raise _fail(f"{corpus} is not a folder: give the folder that holds the bulletins")
    columns = (
        TextColumn("rebuilding" if rebuild else "extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _rate_column(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr, transient=False) as progress:
        task = progress.add_task("bulletins", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
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
            )
        except (ModelNotInstalledError, ResourceError) as error:
            raise _fail(str(error)) from error
    rate = summary.processed / summary.seconds if summary.seconds else 0.0
    stderr.print(
        f"{summary.total} bulletin(s): {summary.processed} processed, {summary.skipped} unchanged, "
        f"{summary.failed} failed, {summary.warnings} warning(s), in {summary.seconds:.1f} s "
        f"({rate:.1f} processed/s)",
        highlight=False,
        soft_wrap=True,
    )
    if summary.stopped:
        stderr.print(
            f"[red]stopped: more than {max_errors} input(s) failed; {out} was left as it was[/]",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_STOPPED)
    stderr.print(f"dataset → {out}", highlight=False, soft_wrap=True)
    if summary.has_errors:
        stderr.print(
            f"[yellow]some inputs failed: see {out / 'errors.jsonl'}[/]", highlight=False, soft_wrap=True
        )
        raise typer.Exit(EXIT_INPUTS_FAILED)


@app.command()
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
    verbose: VerboseOption = False,
) -> None:
    """Bring the dataset up to date with CORPUS: only new and changed bulletins are processed."""
    _configure_logging(verbose)
    _run(corpus, out, _settings(model, batch_size, resources), jobs, False, max_errors, engine, scheduler)


@app.command()
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
    verbose: VerboseOption = False,
) -> None:
    """Regenerate the whole dataset from CORPUS, ignoring what earlier runs computed."""
    _configure_logging(verbose)
    _run(corpus, out, _settings(model, batch_size, resources), jobs, True, max_errors, engine, scheduler)


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A bulletin file, or - for standard input.")],
    date: Annotated[
        str | None, typer.Option("--date", help="The document's date (YYYY-MM-DD) when the text has none.")
    ] = None,
    model: ModelOption = DEFAULT_MODEL,
    resources: ResourcesOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Print the records of one bulletin as JSON."""
    from dataclasses import replace

    from bulletins.extraction.extract import ExtractionError
    from bulletins.extraction.extract import extract as run_extract
    from bulletins.inputs.corpus import (
        BulletinMeta,
        BulletinReadError,
        BulletinText,
        decode_bulletin,
        read_bulletin,
    )

    _configure_logging(verbose)
    if date is not None:
        try:
            BulletinMeta(date=date)
        except ValueError as error:
            raise _fail(f"--date {date!r} is not a date like 2019-10-24, 2019-10 or 2019") from error
    try:
        if file == "-":
            import hashlib

            data = sys.stdin.buffer.read()
            text = decode_bulletin(data, "<stdin>")
            bulletin = BulletinText("stdin", "<stdin>", hashlib.sha256(data).hexdigest(), text)
        else:
            path = Path(file)
            if not path.is_file():
                raise _fail(f"{file}: no such file")
            bulletin = read_bulletin(path)
    except BulletinReadError as error:
        raise _fail(error.record.detail if file == "-" else str(error)) from error
    if date is not None:
        bulletin = replace(bulletin, date=date, date_source="option")
    nlp = _load(_settings(model, resources=resources))
    [(_, result)] = list(run_extract(nlp, [bulletin]))
    if isinstance(result, ExtractionError):
        raise _fail(str(result))
    stdout.print_json(data=result.model_dump(mode="json"))


def _score_table(report: EvaluationReport) -> Table:
    table = Table(title=f"strict span scores on {report.documents} documents ({report.model})")
    for column in ("label", "P", "R", "F1", "gold", "predicted", "raw model F1"):
        table.add_column(column, justify="left" if column == "label" else "right")
    rows = [*report.pipeline.labels.items(), ("micro", report.pipeline.micro)]
    baseline = {**report.baseline.labels, "micro": report.baseline.micro}
    for label, score in rows:
        raw = baseline[label]
        table.add_row(
            label,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.gold),
            str(score.predicted),
            f"{raw.f1:.3f}" if raw.predicted else "—",
        )
    return table


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file (JSON Lines, GUIDELINES.md format).")],
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="Write the predictions there, in the gold format.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    model: ModelOption = DEFAULT_MODEL,
    resources: ResourcesOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Score the pipeline (and the raw model beside it) against a gold file."""
    from bulletins.evaluation.evaluate import (
        PredictionsTargetError,
        check_predictions_target,
        write_predictions,
    )
    from bulletins.evaluation.evaluate import evaluate as run_evaluation
    from bulletins.schemas.gold import GoldFileError, read_gold

    _configure_logging(verbose)
    try:
        documents = read_gold(gold)
        if predictions is not None:
            check_predictions_target(predictions)
    except (GoldFileError, PredictionsTargetError) as error:
        raise _fail(str(error)) from error
    nlp = _load(_settings(model, resources=resources))
    report, spans = run_evaluation(nlp, documents, model)
    write_error = None
    if predictions is not None:
        try:
            write_predictions(predictions, documents, spans)
        except PredictionsTargetError as error:
            write_error = error  # the scores are printed first, then the error
    _print_evaluation(report, as_json)
    if write_error is not None:
        raise _fail(str(write_error)) from write_error


def _print_evaluation(report: EvaluationReport, as_json: bool) -> None:
    if as_json:
        stdout.print_json(data=report.model_dump(mode="json"))
        return
    stdout.print(_score_table(report))
    dates, countries, linking = report.date_values, report.countries, report.linking
    stdout.print(f"DATE value accuracy: {dates.accuracy} ({dates.correct}/{dates.total})")
    stdout.print(f"PLACE country accuracy: {countries.accuracy} ({countries.correct}/{countries.total})")
    stdout.print(
        f"linking (pairwise, ORGANISATION+PROGRAMME): P={linking.precision:.3f} "
        f"R={linking.recall:.3f} F1={linking.f1:.3f}"
    )


class ExportFormat(StrEnum):
    sqlite = "sqlite"
    parquet = "parquet"


@app.command()
def export(
    dataset: Annotated[Path, typer.Argument(help="A dataset folder written by `bulletins run`.")],
    export_format: Annotated[
        ExportFormat, typer.Option("--format", help="sqlite or parquet.")
    ] = ExportFormat.sqlite,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="Where to write (default: beside the dataset, DATASET.sqlite or DATASET-parquet/).",
        ),
    ] = None,
) -> None:
    """Export a dataset for analysts: one table per record type."""
    from bulletins.review.export import ExportError, export_parquet, export_sqlite

    if export_format is ExportFormat.sqlite:
        target = output or dataset.with_name(f"{dataset.name}.sqlite")
        writer = export_sqlite
    else:
        target = output or dataset.with_name(f"{dataset.name}-parquet")
        writer = export_parquet
    try:
        counts = writer(dataset, target)
    except ExportError as error:
        raise _fail(str(error)) from error
    rows = ", ".join(f"{table} {count}" for table, count in counts.items())
    stderr.print(f"{target}: {rows}", highlight=False, soft_wrap=True)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


EXIT_DIFF_ERROR = 2
DIFF_KINDS = ("added", "removed", "changed")


@app.command()
def diff(
    old: Annotated[Path | None, typer.Argument(help="The old dataset (with --gold: the dataset).")] = None,
    new: Annotated[Path | None, typer.Argument(help="The new dataset.")] = None,
    gold: Annotated[
        Path | None, typer.Option("--gold", help="Compare a gold file with the dataset instead.")
    ] = None,
    diff_format: Annotated[
        DiffFormat, typer.Option("--format", help="text, json or html.")
    ] = DiffFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report there.")] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are differences, 0 when there are none.")
    ] = False,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Which changes count for --exit-code: added,removed,changed.")
    ] = ",".join(DIFF_KINDS),
) -> None:
    """Compare two datasets mention by mention (or a gold file and a dataset, with --gold).

    Exit codes: 0, or with --exit-code 0 when nothing differs and 1 when something does;
    2 on an error (an unreadable dataset, another schema version), in every mode.
    """
    from bulletins.review.diff import DiffInputError, compare, read_dataset, read_gold_side
    from bulletins.review.views import html_view, terminal_view

    def refuse(message: str) -> typer.Exit:
        stderr.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
        return typer.Exit(EXIT_DIFF_ERROR)

    kinds = {k.strip() for k in fail_on.split(",") if k.strip()}
    if not kinds <= set(DIFF_KINDS):
        raise refuse(f"--fail-on takes {', '.join(DIFF_KINDS)}, not {fail_on!r}")
    if (gold is None and (old is None or new is None)) or (
        gold is not None and (old is None or new is not None)
    ):
        raise refuse("give OLD_DIR NEW_DIR, or --gold GOLD.jsonl DIR")
    if diff_format is DiffFormat.html and output is None:
        raise refuse("--format html needs --output report.html")
    try:
        if gold is not None:
            before, after = read_gold_side(gold), read_dataset(old)  # type: ignore[arg-type]
        else:
            before, after = read_dataset(old), read_dataset(new)  # type: ignore[arg-type]
    except DiffInputError as error:
        raise refuse(str(error)) from error
    report = compare(before, after, "gold" if gold is not None else "datasets")
    if diff_format is DiffFormat.text:
        if output is None:
            stdout.print(terminal_view(report))
        else:
            with output.open("w", encoding="utf-8") as stream:
                Console(file=stream, width=160, no_color=True).print(terminal_view(report))
    elif diff_format is DiffFormat.json:
        text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
    else:
        title = f"Extraction diff: {gold.name if gold else old.name} → {(old if gold else new).name}"  # type: ignore[union-attr]
        output.write_text(html_view(report, before, after, title), encoding="utf-8")  # type: ignore[union-attr]
    if exit_code:
        counted = report.summary.mentions["total"]
        differs = (
            any(getattr(counted, kind) for kind in kinds)
            or ("added" in kinds and report.summary.bulletins_added)
            or ("removed" in kinds and report.summary.bulletins_removed)
            or ("changed" in kinds and report.summary.bulletins_text_changed)
        )
        raise typer.Exit(1 if differs else 0)


class RecordName(StrEnum):
    document = "document"
    bulletin = "bulletin"
    mention = "mention"
    entity = "entity"
    error = "error"
    manifest = "manifest"
    gold = "gold"
    diff = "diff"


@app.command()
def schema(
    record: Annotated[
        RecordName | None, typer.Argument(help="One record type; all of them when omitted.")
    ] = None,
) -> None:
    """Print the JSON Schema of the records."""
    from bulletins.schemas.bulletin import Bulletin
    from bulletins.schemas.diff import DiffReport
    from bulletins.schemas.gold import GoldDocument
    from bulletins.schemas.manifest import Manifest
    from bulletins.schemas.records import BulletinRecords, Entity, ErrorRecord, Mention

    models = {
        "document": BulletinRecords,
        "bulletin": Bulletin,
        "mention": Mention,
        "entity": Entity,
        "error": ErrorRecord,
        "manifest": Manifest,
        "gold": GoldDocument,
        "diff": DiffReport,
    }
    if record is not None:
        data = models[record.value].model_json_schema()
    else:
        data = {name: model.model_json_schema() for name, model in models.items()}
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def main() -> None:  # pragma: no cover - console script entry
    app()
