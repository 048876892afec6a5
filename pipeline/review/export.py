"""Exports of a dataset for analysts: SQLite (standard library) or Parquet (pyarrow, with
``pip install '.[parquet]'``), one table per record type, derived from the JSONL files.

Nested fields are flattened with underscores (``provenance_stage``, ``date_value``); lists
become JSON text. Column order and row order follow the JSONL files, so an export of the
same dataset is the same table.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from bulletins.dataset.writer import BULLETINS_FILE, ENTITIES_FILE, ERRORS_FILE, MENTIONS_FILE, verify
from bulletins.errors import BulletinsError

TABLES = {
    "bulletins": BULLETINS_FILE,
    "mentions": MENTIONS_FILE,
    "entities": ENTITIES_FILE,
    "errors": ERRORS_FILE,
}


class ExportError(BulletinsError, RuntimeError):
    """The dataset cannot be exported; the message says why and what to do."""


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}_"))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


def _rows(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    rows = [_flatten(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    return columns, rows


def _read(dataset: Path) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    try:
        verify(dataset)
    except (OSError, ValueError) as error:
        raise ExportError(
            f"{dataset} is not a complete dataset ({error}); run `bulletins run` first"
        ) from error
    return {table: _rows(dataset / file) for table, file in TABLES.items()}


def export_sqlite(dataset: Path, output: Path) -> dict[str, int]:
    """Write one SQLite table per record type; returns the row counts."""
    tables = _read(dataset)
    output.unlink(missing_ok=True)
    counts = {}
    with sqlite3.connect(output) as connection:
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
            counts[table] = len(rows)
    return counts


def export_parquet(dataset: Path, output: Path) -> dict[str, int]:
    """Write one Parquet file per record type into the folder ``output``."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ExportError("Parquet export needs pyarrow: pip install '.[parquet]'") from error
    tables = _read(dataset)
    output.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, (columns, rows) in tables.items():
        data = {c: [row.get(c) for row in rows] for c in columns}
        pq.write_table(pa.table(data), output / f"{table}.parquet")
        counts[table] = len(rows)
    return counts
