"""Exports of a dataset for analysts: SQLite (standard library), Parquet (pyarrow, with
``pip install '.[parquet]'``) or CSV, one table per record type and one for the entities
index, read from the verified dataset.

The columns and their types come from the record schemas, never from the data: an empty
table (the ``errors`` of a clean run) still has all its columns, typed. Nested fields are
flattened with underscores (``provenance_stage``, ``date_value``); lists become JSON text.
Columns are sorted by name and rows follow the order of the dataset's files, so an export
of the same dataset is the same table.

An export never writes inside the dataset folder, and never replaces a file that is not an
export of this tool (an SQLite file carries ``PRAGMA application_id`` and a
``bulletins_export`` table; a Parquet or CSV folder carries the file ``.bulletins-export``) unless
``force`` is given. Files are written under a temporary name, then renamed into place.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from bulletins.dataset.output_file import check_not_foreign
from bulletins.dataset.reader import Dataset, DatasetError, read_dataset
from bulletins.errors import BulletinsError
from bulletins.schemas.bulletin import Bulletin
from bulletins.schemas.index import IndexEntry
from bulletins.schemas.records import Entity, ErrorRecord, Mention

APPLICATION_ID = 0x42554C4C  # « BULL », in the SQLite header at offset 68
PARQUET_MARKER = ".bulletins-export"
_SQLITE_MAGIC = b"SQLite format 3\x00"
TABLES = ("bulletins", "mentions", "entities", "errors", "entities_index")


class ExportError(BulletinsError):
    """The dataset cannot be exported there; the message says why and what to do."""


ColumnType = Literal["text", "integer", "boolean", "date", "json"]
_SQLITE_TYPES: dict[ColumnType, str] = {
    "text": "TEXT",
    "integer": "INTEGER",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "json": "TEXT",
}


@dataclass(frozen=True)
class Column:
    """One column of an export: its name, where its value lies in a record, its type."""

    name: str
    path: tuple[str, ...]
    type: ColumnType


def _scalar_type(annotation: Any) -> ColumnType | type[BaseModel]:
    """The column type of a field's annotation, once ``None`` is taken out of it."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    origin = get_origin(annotation)
    if origin in (Union, UnionType):
        return _scalar_type(args[0])
    if origin is Literal:
        return "boolean" if all(isinstance(a, bool) for a in args) else "text"
    if origin in (list, dict, tuple):
        return "json"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    known: dict[Any, ColumnType] = {str: "text", int: "integer", bool: "boolean", date: "date"}
    if annotation not in known:
        raise TypeError(f"no column type for {annotation!r}")
    return known[annotation]


def columns_of(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[Column]:
    """The columns of a record type, read from its schema, sorted by name; nested models are
    flattened with underscores (``provenance_stage``, ``date_value``), lists are JSON text.

    >>> [(c.name, c.type) for c in columns_of(ErrorRecord)]
    [('detail', 'text'), ('reason', 'text'), ('severity', 'text'), ('source_path', 'text')]
    """
    columns: list[Column] = []
    for name, info in model.model_fields.items():
        kind = _scalar_type(info.annotation)
        if isinstance(kind, str):
            path = (*prefix, name)
            columns.append(Column("_".join(path), path, kind))
        else:
            columns.extend(columns_of(kind, (*prefix, name)))
    return sorted(columns, key=lambda c: c.name)


SCHEMAS: dict[str, type[BaseModel]] = {
    "bulletins": Bulletin,
    "mentions": Mention,
    "entities": Entity,
    "errors": ErrorRecord,
    "entities_index": IndexEntry,
}


@dataclass(frozen=True)
class Table:
    columns: list[Column]
    rows: list[list[Any]]


def _value(record: dict[str, Any], column: Column) -> Any:
    value: Any = record
    for key in column.path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    if column.type == "json" and value is not None:
        return json.dumps(value, ensure_ascii=False)
    return value


def _table(model: type[BaseModel], records: Sequence[BaseModel]) -> Table:
    columns = columns_of(model)
    dumped = (record.model_dump(mode="json") for record in records)
    return Table(columns, [[_value(record, column) for column in columns] for record in dumped])


def _tables(dataset: Dataset) -> dict[str, Table]:
    records: dict[str, Sequence[BaseModel]] = {
        "bulletins": dataset.bulletins,
        "mentions": dataset.mentions,
        "entities": dataset.entities,
        "errors": dataset.errors,
        "entities_index": dataset.index,
    }
    return {table: _table(SCHEMAS[table], records[table]) for table in TABLES}


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
    """True when the folder ``path`` holds the marker file of a Parquet or CSV export of this tool."""
    return (path / PARQUET_MARKER).is_file()


def _check_target(dataset: Path, output: Path, force: bool, folder_kind: str | None) -> None:
    """Refuse, before any work, a target that cannot or must not be written; ``folder_kind``
    names a folder export (« Parquet », « CSV »), None an SQLite file."""
    target, folder = output.resolve(), dataset.resolve()
    if target == folder or folder in target.parents:
        raise ExportError(f"--output {output} is inside the dataset {dataset}; write the export elsewhere")
    if not output.parent.is_dir():
        raise ExportError(f"--output {output}: the folder {output.parent} does not exist; create it first")
    if folder_kind is not None:
        if output.exists() and not output.is_dir():
            raise ExportError(
                f"--output {output} is a file; a {folder_kind} export is a folder: give a folder's name"
            )
        if output.is_dir() and any(output.iterdir()) and not is_parquet_export(output) and not force:
            raise ExportError(
                f"--output {output} is a folder of other files, not a {folder_kind} export of this tool; "
                "give another folder, or --force to write the tables into it"
            )
        return
    if output.is_dir():
        raise ExportError(f"--output {output} is a folder; give the name of an SQLite file")
    check_not_foreign(output, ExportError, is_sqlite_export, force, what="an export of this tool")


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


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _write_sqlite(tables: dict[str, Table], path: Path) -> None:
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute('CREATE TABLE "bulletins_export" ("key" TEXT, "value" TEXT)')
            connection.execute(
                'INSERT INTO "bulletins_export" VALUES (?, ?)', ("written_by", "bulletins export")
            )
            for name, table in tables.items():
                declared = ", ".join(f"{_quoted(c.name)} {_SQLITE_TYPES[c.type]}" for c in table.columns)
                connection.execute(f"CREATE TABLE {_quoted(name)} ({declared})")
                placeholders = ", ".join("?" for _ in table.columns)
                connection.executemany(f"INSERT INTO {_quoted(name)} VALUES ({placeholders})", table.rows)
    finally:
        connection.close()


def _unwritable(output: Path, error: OSError | sqlite3.Error) -> ExportError:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return ExportError(f"--output {output} cannot be written ({reason}); choose a writable place")


def _counts(tables: dict[str, Table]) -> dict[str, int]:
    return {name: len(table.rows) for name, table in tables.items()}


def export_sqlite(dataset: Path, output: Path, force: bool = False) -> dict[str, int]:
    """Write one SQLite table per record type, its columns typed; returns the row counts."""
    _check_target(dataset, output, force, folder_kind=None)
    tables = _tables(_read(dataset))
    try:
        _atomic(output, lambda path: _write_sqlite(tables, path))
    except (OSError, sqlite3.Error) as error:
        raise _unwritable(output, error) from error
    return _counts(tables)


def _write_folder(
    output: Path, tables: dict[str, Table], suffix: str, write: Callable[[Table, Path], None]
) -> None:
    try:
        output.mkdir(exist_ok=True)
        for name, table in tables.items():
            _atomic(output / f"{name}{suffix}", lambda path, table=table: write(table, path))  # type: ignore[misc]
        _atomic(output / PARQUET_MARKER, lambda path: path.write_text("bulletins export\n", encoding="utf-8"))
    except OSError as error:
        raise _unwritable(output, error) from error


def export_parquet(dataset: Path, output: Path, force: bool = False) -> dict[str, int]:
    """Write one Parquet file per record type into the folder ``output``, typed from the
    record schemas (an empty table has its columns too).

    Only the table files and the marker are written there; other files are left alone.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ExportError("Parquet export needs pyarrow: pip install '.[parquet]'") from error
    _check_target(dataset, output, force, folder_kind="Parquet")
    tables = _tables(_read(dataset))
    arrow_types = {
        "text": pa.string(),
        "json": pa.string(),
        "integer": pa.int64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }

    def write(table: Table, path: Path) -> None:
        arrays = []
        for index, column in enumerate(table.columns):
            values = [row[index] for row in table.rows]
            if column.type == "date":  # ISO texts in the records
                arrays.append(pa.array(values, type=pa.string()).cast(pa.date32()))
            else:
                arrays.append(pa.array(values, type=arrow_types[column.type]))
        schema = pa.schema([pa.field(c.name, arrow_types[c.type]) for c in table.columns])
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path)

    _write_folder(output, tables, ".parquet", write)
    return _counts(tables)


def _csv_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def export_csv(dataset: Path, output: Path, force: bool = False) -> dict[str, int]:
    """Write one CSV file per record type into the folder ``output``: UTF-8, a header line,
    the columns of the record schemas; dates ISO, booleans ``true``/``false``, nothing for None.
    """
    _check_target(dataset, output, force, folder_kind="CSV")
    tables = _tables(_read(dataset))

    def write(table: Table, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow([c.name for c in table.columns])
            writer.writerows([_csv_text(v) for v in row] for row in table.rows)

    _write_folder(output, tables, ".csv", write)
    return _counts(tables)
