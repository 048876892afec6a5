"""``bulletins extract``: the records of bulletins, as JSON on standard output.

Warnings (an encoding guessed, HTML stripped, a date left out) go to standard error;
with several inputs, one that fails is an error line there and the others are printed.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from bulletins.cli.console import EXIT_INPUTS_FAILED, CommandError, configure_logging, error, note, stdout
from bulletins.cli.options import (
    DEFAULT_TAGS_OPTION,
    ModelOption,
    ResourcesOption,
    TagsOption,
    VerboseOption,
    make_settings,
)
from bulletins.schemas.settings import DEFAULT_MODEL

if TYPE_CHECKING:  # the extraction imports spaCy: only inside the command
    from bulletins.extraction.components.resolution.trail import Decision
    from bulletins.inputs.corpus import BulletinText


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


def extract(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE", help="Bulletin files, folders of bulletins (*.txt), or - for standard input."
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The document's date when the text has none."),
    ] = None,
    output_format: Annotated[
        ExtractFormat,
        typer.Option(
            "--format",
            "-f",
            help="json: one JSON document (a list with several bulletins); jsonl: one line per bulletin.",
        ),
    ] = ExtractFormat.json,
    model: ModelOption = DEFAULT_MODEL,
    tags: TagsOption = DEFAULT_TAGS_OPTION,
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
    """Print the records of bulletins as JSON (or, with --explain, the resolver's decisions)."""
    from dataclasses import replace

    from pydantic import ValidationError

    from bulletins.extraction.extract import explain as explain_decisions
    from bulletins.extraction.nlp import build_nlp
    from bulletins.inputs.corpus import BulletinMeta, BulletinReadError
    from bulletins.running.outcomes import extract_outcomes

    configure_logging(verbose)
    if date is not None:
        try:
            BulletinMeta(date=date)
        except ValidationError as refused:
            reason = refused.errors()[0]["msg"].removeprefix("Value error, ")
            raise CommandError(f"--date {date!r} is refused: {reason}") from refused
    paths = _inputs(files)
    single = len(paths) == 1 and not Path(files[0]).is_dir()
    if explain and not single:
        raise CommandError("--explain takes one bulletin file", exit_code=2)
    bulletins: list[BulletinText] = []
    failed = 0
    for path, base in paths:
        try:
            bulletin = _read(path, base)
        except BulletinReadError as unreadable:
            if single:
                raise
            error(str(unreadable))
            failed += 1
            continue
        bulletins.append(replace(bulletin, date=date, date_source="option") if date is not None else bulletin)
    nlp = build_nlp(make_settings(model, resources=resources, tags=tags)) if bulletins else None
    if explain and nlp is not None:
        stdout.print(_decisions_table(explain_decisions(nlp, bulletins[0])))
        return
    printed = []
    for source_path, outcome in extract_outcomes(nlp, bulletins, 16) if nlp is not None else []:
        for problem in outcome.problems:
            if outcome.records is None and problem.severity == "error":
                if single:
                    raise CommandError(problem.detail)
                error(f"{source_path}: {problem.detail}")
            else:
                note(f"{problem.severity}: {source_path}: {problem.reason}: {problem.detail}", "yellow")
        if outcome.records is None:
            failed += 1
            continue
        printed.append(outcome.records.model_dump(mode="json"))
    if output_format is ExtractFormat.jsonl:
        sys.stdout.write("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in printed))
    elif single:
        if printed:
            stdout.print_json(data=printed[0])
    else:
        sys.stdout.write(json.dumps(printed, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    if failed:
        raise typer.Exit(EXIT_INPUTS_FAILED)


def _inputs(files: list[str]) -> list[tuple[str, Path | None]]:
    """Each file to read, with the folder it was found in (its id is its path there)."""
    from bulletins.inputs.corpus import list_corpus

    found: list[tuple[str, Path | None]] = []
    for name in files:
        path = Path(name)
        if name == "-":
            found.append((name, None))
        elif path.is_dir():
            listed = list_corpus(path)
            if not listed:
                raise CommandError(f"{name} is a folder with no bulletin (text, web page or PDF) in it")
            found.extend((str(p), path) for p in listed)
            note(f"{name} is a folder: the records of its {len(listed)} bulletin(s) follow; for a dataset, "
                 f"use bulletins run {name} --out DATASET")  # fmt: skip
        elif not path.exists() and not path.is_symlink():
            raise CommandError(f"{name}: no such file")
        else:
            found.append((name, None))
    return found


def _read(name: str, base: Path | None) -> BulletinText:
    from bulletins.inputs.corpus import bulletin_of_stream, read_bulletin

    if name == "-":
        return bulletin_of_stream(sys.stdin.buffer.read())
    return read_bulletin(Path(name), base) if base is not None else read_bulletin(Path(name))


def _decisions_table(decisions: list[Decision]) -> Table:
    """One row per candidate span: where, what, which stage and rule, and the verdict."""
    table = Table(title="what the resolver decided, in text order")
    for column in ("start", "end", "text", "label", "stage", "rule", "verdict", "detail"):
        table.add_column(column, justify="right" if column in {"start", "end"} else "left")
    for d in decisions:
        row = (str(d.start), str(d.end), d.text, d.label, d.stage, d.rule, d.verdict, d.detail)
        table.add_row(*(Text(cell) for cell in row))  # Text: no markup is read in the bulletin's words
    return table
