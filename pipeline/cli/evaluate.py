"""``bulletins evaluate``: score the pipeline against a gold file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from bulletins.cli.console import CommandError, configure_logging, say, stdout
from bulletins.cli.options import (
    DEFAULT_TAGS_OPTION,
    FormatOption,
    ModelOption,
    OutputFormat,
    ResourcesOption,
    TagsOption,
    VerboseOption,
    make_settings,
)
from bulletins.schemas.settings import DEFAULT_MODEL

if TYPE_CHECKING:  # the evaluation module imports spaCy: not at start-up
    from bulletins.evaluation.evaluate import EvaluationReport


def _score_table(report: EvaluationReport) -> Table:
    title = f"strict span scores on {report.documents} documents ({report.model})"
    table = Table(title=escape(title))
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


def evaluate(
    gold: Annotated[
        Path, typer.Argument(metavar="GOLD", help="Gold file (JSON Lines, GUIDELINES.md format).")
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions", metavar="FILE", help="Write the predictions there, in the gold format."
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.text,
    as_json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
    model: ModelOption = DEFAULT_MODEL,
    tags: TagsOption = DEFAULT_TAGS_OPTION,
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
    from bulletins.extraction.nlp import build_nlp
    from bulletins.schemas.gold import read_gold

    configure_logging(verbose)
    if not gold.exists() and not gold.is_symlink():
        raise CommandError(f"{gold}: cannot be read: no such file; give the path of a gold file (JSON Lines)")
    if gold.is_symlink() and not gold.exists():
        raise CommandError(f"{gold}: cannot be read: a symbolic link to a file that is missing")
    if gold.is_dir():
        raise CommandError(f"{gold}: cannot be read: a folder, not a gold file (JSON Lines)")
    documents = read_gold(gold)
    if predictions is not None:
        check_predictions_target(predictions)  # before the pipeline runs, not after
    nlp = build_nlp(make_settings(model, resources=resources, tags=tags))
    report, spans = run_evaluation(nlp, documents, model)
    write_error = None
    if predictions is not None:
        try:
            write_predictions(predictions, documents, spans)
        except PredictionsTargetError as error:
            write_error = error  # the scores are printed first, then the error
    _print_evaluation(report, as_json or output_format is OutputFormat.json)
    if write_error is not None:
        raise write_error


def _print_evaluation(report: EvaluationReport, as_json: bool) -> None:
    if as_json:
        stdout.print_json(data=report.model_dump(mode="json"))
        return
    stdout.print(_score_table(report))
    dates, countries, linking = report.date_values, report.countries, report.linking
    say(f"DATE value accuracy: {dates.accuracy} ({dates.correct}/{dates.total})")
    say(f"PLACE country accuracy: {countries.accuracy} ({countries.correct}/{countries.total})")
    say(
        f"linking (pairwise, ORGANISATION+PROGRAMME): P={linking.precision:.3f} "
        f"R={linking.recall:.3f} F1={linking.f1:.3f}"
    )
