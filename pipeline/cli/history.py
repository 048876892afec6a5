"""``bulletins log``: the runs of a dataset, and the previous datasets it keeps."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from bulletins.cli.console import CommandError, stdout
from bulletins.cli.options import ConfigOption, FormatOption, OutputFormat
from bulletins.config import load_project


def log(
    dataset: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help="A dataset folder; by default the out of bulletins.toml."),
    ] = None,
    config: ConfigOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """List the runs of a dataset kept under DIR/.history/, oldest first, with their addresses."""
    from bulletins.dataset.guard import is_dataset
    from bulletins.dataset.history import runs

    folder = dataset or Path(load_project(config).settings.out or "outputs")
    if not folder.is_dir() or not is_dataset(folder):
        raise CommandError(f"{folder} is not a dataset folder: give one written by `bulletins run`")
    kept = runs(folder)
    if output_format is OutputFormat.json:
        data = [
            {**run.record.model_dump(mode="json"), "address": _address(folder, i, len(kept), run.record.run)}
            for i, run in enumerate(kept)
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return
    table = Table(title=Text(f"runs of {folder}, oldest first"))
    for column in ("run", "date (UTC)", "inputs", "failed", "mentions", "address"):
        table.add_column(
            column, justify="right" if column in {"run", "inputs", "failed", "mentions"} else "left"
        )
    for i, run in enumerate(kept):
        record = run.record
        cells = (str(record.run), record.date, str(record.inputs), str(record.failed), str(record.mentions))
        table.add_row(*(Text(cell) for cell in (*cells, _address(folder, i, len(kept), record.run))))
    stdout.print(table)


def _address(folder: Path, index: int, count: int, number: int) -> str:
    if index == count - 1:
        return str(folder)
    if index == count - 2:
        return f"{folder}@previous"
    return f"{folder}@{number}"
