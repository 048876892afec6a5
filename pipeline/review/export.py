"""Exports of a dataset for analysts: SQLite (standard library) or Parquet (pyarrow, with
``pip install '.[parquet]'``), one table per record type, read from the verified dataset.

Nested fields are flattened with underscores (``provenance_stage``, ``date_value``); lists
become JSON text. Columns follow the keys of the dataset's canonical JSON (sorted) and rows
the order of its files, so an export of the same dataset is the same table.

An export never writes inside the dataset folder, and never replaces a file that is not an
export of this tool (an SQLite file carries ``PRAGMA application_id`` and a
``bulletins_export`` table; a Parquet folder carries the file ``.bulletins-export``) unless
``force`` is given. Files are written under a temporary name, then renamed into place.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bulletins.dataset.reader import Dataset, DatasetError, read_dataset
from bulletins.errors import BulletinsError

APPLICATION_ID = 0x42554C4C  # « BULL », in the SQLite header at offset 68
PARQUET_MARKER = ".bulletins-export"
_SQLITE_MAGIC = b"SQLite format 3\x00"
TABLES = ("bulletins", "mentions", "entities", "errors")


class ExportError(BulletinsError):
    """The dataset cannot be exported there; the message says why and what to do."""


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key in sorted(record):
        value, name = record[key], f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}_"))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


def _rows(records: Sequence[BaseModel]) -> tuple[list[str], list[dict[str, Any]]]:
    rows = [_flatten(record.model_dump(mode="json")) for record in records]
    columns: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for column in row:
            if column not in seen:
                seen.add(column)
                columns.append(column)
    return columns, rows


def _tables(dataset: Dataset) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    records: dict[str, Sequence[BaseModel]] = {
        "bulletins": dataset.bulletins,
        "mentions": dataset.mentions,
        "entities": dataset.entities,
        "errors": dataset.errors,
    }
    return {table: _rows(records[table]) for table in TABLES}


def _read(dataset: Path) -> Dataset:
    try:
        return read_dataset(dataset)
    except DatasetError as error:
        raise ExportError(f"{dataset} is not a complete dataset: {error}") from error


def is_sqlite_export(path: Path) -> bool:
    """True when ``path`` is an SQLite file that this tool wrote (its header says so)."""
    try:
        with path.open("rb") as stream:
            header = stream.read(100)
    except OSError:
        return False
    return header[:16] == _SQLITE_MAGIC and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def is_parquet_export(path: Path) -> bool:
    """True when the folder ``path`` holds the marker file of a Parquet export of this tool."""
    return (path / PARQUET_MARKER).is_file()


def _check_target(dataset: Path, output: Path, force: bool, parquet: bool) -> None:
    """Refuse, before any work, a target that cannot or must not be written."""
    target, folder = output.resolve(), dataset.resolve()
    if target == folder or folder in target.parents:
        raise ExportError(f"--output {output} is inside the dataset {dataset}; write the export elsewhere")
    if not output.parent.is_dir():
        raise ExportError(f"--output {output}: the folder {output.parent} does not exist; create it first")
    if parquet:
        if output.exists() and not output.is_dir():
            raise ExportError(
                f"--output {output} is a file; a Parquet export is a folder: give a folder's name"
            )
        if output.is_dir() and any(output.iterdir()) and not is_parquet_export(output) and not force:
            raise ExportError(
                f"--output {output} is a folder of other files, not a Parquet export of this tool; "
                "give another folder, or --force to write the tables into it"
            )
        return
    if output.is_dir():
        raise ExportError(f"--output {output} is a folder; give the name of an SQLite file")
    if output.exists() and not is_sqlite_export(output) and not force:
        raise ExportError(
            f"--output {output} exists and is not an export of this tool; "
            "give another name, or --force to replace it"
        )


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write ``path`` under a temporary name beside it, then rename it into place."""
    temporary = _temporary(path)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_sqlite(tables: dict[str, tuple[list[str], list[dict[str, Any]]]], path: Path) -> None:
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute('CREATE TABLE "bulletins_export" ("key", "value")')
            connection.execute(
                'INSERT INTO "bulletins_export" VALUES (?, ?)', ("written_by", "bulletins export")
            )
            for table, (columns, rows) in tables.items():
                if not columns:
                    columns = ["source_path"] if table == "errors" else ["id"]
                quoted = ", ".join(f'"{c}"' for c in columns)
                connection.execute(f'CREATE TABLE "{table}" ({quoted})')
                placeholders = ", ".join("?" for _ in columns)
                connection.executemany(
                    f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})',
                    [[row.get(c) for c in columns] for row in rows],
                )
    finally:
        connection.close()


def _unwritable(output: Path, error: OSError | sqlite3.Error) -> ExportError:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return ExportError(f"--output {output} cannot be written ({reason}); choose a writable place")


def export_sqlite(dataset: Path, output: Path, force: bool = False) -> dict[str, int]:
    """Write one SQLite table per record type; returns the row counts."""
    _check_target(dataset, output, force, parquet=False)
    tables = _tables(_read(dataset))
    try:
        _atomic(output, lambda path: _write_sqlite(tables, path))
    except (OSError, sqlite3.Error) as error:
        raise _unwritable(output, error) from error
    return {table: len(rows) for table, (_, rows) in tables.items()}


def export_parquet(dataset: Path, output: Path, force: bool = False) -> dict[str, int]:
    """Write one Parquet file per record type into the folder ``output``.

    Only the table files and the marker are written there; other files are left alone.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ExportError("Parquet export needs pyarrow: pip install '.[parquet]'") from error
    _check_target(dataset, output, force, parquet=True)
    tables = _tables(_read(dataset))
    try:
        output.mkdir(exist_ok=True)
        for table, (columns, rows) in tables.items():
            data = {c: [row.get(c) for row in rows] for c in columns}

            def write_table(path: Path, data: dict[str, list[Any]] = data) -> None:
                pq.write_table(pa.table(data), path)

            _atomic(output / f"{table}.parquet", write_table)
        _atomic(output / PARQUET_MARKER, lambda path: path.write_text("bulletins export\n", encoding="utf-8"))
    except OSError as error:
        raise _unwritable(output, error) from error
    return {table: len(rows) for table, (_, rows) in tables.items()}
