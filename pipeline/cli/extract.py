"""``bulletins extract``: the records of one bulletin, as JSON on standard output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from bulletins.cli.console import CommandError, configure_logging, stdout
from bulletins.cli.options import ModelOption, ResourcesOption, VerboseOption, make_settings
from bulletins.schemas.settings import DEFAULT_MODEL

if TYPE_CHECKING:  # the extraction imports spaCy: only inside the command
    from bulletins.extraction.components.resolution.trail import Decision


def extract(
    file: Annotated[str, typer.Argument(help="A bulletin file, or - for standard input.")],
    date: Annotated[
        str | None, typer.Option("--date", help="The document's date (YYYY-MM-DD) when the text has none.")
    ] = None,
    model: ModelOption = DEFAULT_MODEL,
    resources: ResourcesOption = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Print what the resolver decided on each candidate span (kept, refused with the rule "
            "that refused it, lost an overlap) instead of the records.",
        ),
    ] = False,
    verbose: VerboseOption = False,
) -> None:
    """Print the records of one bulletin as JSON (or, with --explain, the resolver's decisions)."""
    from dataclasses import replace

    from pydantic import ValidationError

    from bulletins.extraction.extract import ExtractionError
    from bulletins.extraction.extract import explain as explain_decisions
    from bulletins.extraction.extract import extract as run_extract
    from bulletins.extraction.nlp import build_nlp
    from bulletins.inputs.corpus import BulletinMeta, bulletin_of_stream, read_bulletin

    configure_logging(verbose)
    if date is not None:
        try:
            BulletinMeta(date=date)
        except ValidationError as error:
            reason = error.errors()[0]["msg"].removeprefix("Value error, ")
            raise CommandError(f"--date {date!r} is refused: {reason}") from error
    if file == "-":
        bulletin = bulletin_of_stream(sys.stdin.buffer.read())
    else:
        path = Path(file)
        if path.is_dir():
            raise CommandError(
                f"{file} is a folder: extract reads one bulletin file; "
                f"for a folder, use bulletins run {file} --out DATASET"
            )
        if not path.exists() and not path.is_symlink():
            raise CommandError(f"{file}: no such file")
        bulletin = read_bulletin(path)
    if date is not None:
        bulletin = replace(bulletin, date=date, date_source="option")
    nlp = build_nlp(make_settings(model, resources=resources))
    if explain:
        stdout.print(_decisions_table(explain_decisions(nlp, bulletin)))
        return
    [(_, result)] = list(run_extract(nlp, [bulletin]))
    if isinstance(result, ExtractionError):
        raise CommandError(str(result))
    stdout.print_json(data=result.model_dump(mode="json"))


def _decisions_table(decisions: list[Decision]) -> Table:
    """One row per candidate span: where, what, which stage and rule, and the verdict."""
    table = Table(title="what the resolver decided, in text order")
    for column in ("start", "end", "text", "label", "stage", "rule", "verdict", "detail"):
        table.add_column(column, justify="right" if column in {"start", "end"} else "left")
    for d in decisions:
        row = (str(d.start), str(d.end), d.text, d.label, d.stage, d.rule, d.verdict, d.detail)
        table.add_row(*(Text(cell) for cell in row))  # Text: no markup is read in the bulletin's words
    return table
