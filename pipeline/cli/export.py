"""``bulletins export``: a dataset as SQLite, Parquet or CSV tables, for analysts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bulletins.cli.console import note


class ExportFormat(StrEnum):
    sqlite = "sqlite"
    parquet = "parquet"
    csv = "csv"


def export(
    dataset: Annotated[Path, typer.Argument(help="A dataset folder written by `bulletins run`.")],
    export_format: Annotated[
        ExportFormat, typer.Option("--format", help="sqlite, parquet or csv.")
    ] = ExportFormat.sqlite,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="Where to write (default, beside the dataset: DATASET.sqlite, DATASET-parquet/, -csv/).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace --output even when it is not an export of this tool.")
    ] = False,
) -> None:
    """Export a dataset for analysts: one table per record type and the entities index,
    with the columns and types of the record schemas."""
    from bulletins.review.export import export_csv, export_parquet, export_sqlite

    if export_format is ExportFormat.sqlite:
        target = output or dataset.with_name(f"{dataset.name}.sqlite")
        writer = export_sqlite
    elif export_format is ExportFormat.parquet:
        target = output or dataset.with_name(f"{dataset.name}-parquet")
        writer = export_parquet
    else:
        target = output or dataset.with_name(f"{dataset.name}-csv")
        writer = export_csv
    counts = writer(dataset, target, force=force)
    rows = ", ".join(f"{table} {count}" for table, count in counts.items())
    note(f"{target}: {rows}")
