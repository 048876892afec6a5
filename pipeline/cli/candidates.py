"""``bulletins candidates``: the names a dataset holds that the knowledge base does not know."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from bulletins.cli.console import EXIT_USAGE, CommandError, note, stdout
from bulletins.cli.options import ResourcesOption


class CandidateFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class CandidateLabel(StrEnum):
    ORGANISATION = "ORGANISATION"
    PROGRAMME = "PROGRAMME"
    PLACE = "PLACE"


TABLE_CONTEXT = 30  # characters each side of a name in the table

# where the lines of each label go in a resources folder
RESOURCE_FILES = {
    CandidateLabel.ORGANISATION: "organisations/*.jsonl",
    CandidateLabel.PROGRAMME: "programmes/*.jsonl",
    CandidateLabel.PLACE: "places.jsonl",
}


def candidates(
    dataset: Annotated[Path, typer.Argument(help="A dataset folder written by `bulletins run`.")],
    output_format: Annotated[
        CandidateFormat,
        typer.Option(
            "--format",
            help="table (the terminal), json (every candidate with its counts and contexts) or jsonl "
            "(resource lines to fix and load with --resources; needs --label).",
        ),
    ] = CandidateFormat.table,
    label: Annotated[
        CandidateLabel | None,
        typer.Option("--label", help="Only ORGANISATION, PROGRAMME or PLACE candidates."),
    ] = None,
    min_bulletins: Annotated[
        int, typer.Option("--min-bulletins", min=1, help="Only names found in at least this many bulletins.")
    ] = 1,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many candidates.")] = None,
    resources: ResourcesOption = None,
) -> None:
    """List the names the dataset holds that the knowledge base does not know, most widespread first.

    They are the organisations, programmes and places that the name grammar, the model
    or an acronym pair « Long nom (ACR) » found, grouped by their folded name and ranked
    by the number of bulletins, then of mentions. Names already in the resources (by
    default those the dataset was made with; --resources for others) are left out.
    """
    from bulletins.dataset.reader import read_dataset
    from bulletins.review.candidates import (
        CURATED_LABELS,
        dataset_resources,
        find_candidates,
        resource_lines,
    )

    if output_format is CandidateFormat.jsonl and label is None:
        files = ", ".join(f"{k.value} ({v})" for k, v in RESOURCE_FILES.items())
        raise CommandError(
            f"--format jsonl writes the lines of one resource file: give --label, one of {files}",
            EXIT_USAGE,
        )
    if resources is not None and not resources.is_dir():
        raise CommandError(f"--resources {resources}: no such folder")
    data = read_dataset(dataset)
    known = dataset_resources(data, resources)
    labels = [label.value] if label is not None else list(CURATED_LABELS)
    found = find_candidates(data, known, labels, min_bulletins, limit)  # type: ignore[arg-type]
    if output_format is CandidateFormat.jsonl and label is not None:
        for line in resource_lines(found, known):
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        target = RESOURCE_FILES[label]
        note(f"{len(found)} line(s) for {target}: give each its kind, then load them with --resources")
    elif output_format is CandidateFormat.json:
        report = {"candidates": [c.model_dump(mode="json") for c in found]}
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        table = Table(title=f"{len(found)} name(s) the knowledge base does not know", show_lines=True)
        table.add_column("label")
        table.add_column("name (acronym)", ratio=1)
        table.add_column("bulletins", justify="right")
        table.add_column("mentions", justify="right")
        table.add_column("two contexts", ratio=2)
        for candidate in found:
            acronym = f" ({candidate.acronym})" if candidate.acronym else ""
            contexts = "\n".join(f"{c.bulletin_id}: {c.line(TABLE_CONTEXT)}" for c in candidate.contexts)
            table.add_row(
                candidate.label,
                escape(candidate.name + acronym),
                str(candidate.bulletins),
                str(candidate.mentions),
                escape(contexts),
            )
        stdout.print(table)
