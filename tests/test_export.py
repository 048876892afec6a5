"""Every export (SQLite, Parquet, CSV) read back with DuckDB: typed from the record schemas,
an empty table with all its columns, the entities index as a table, each format through the
command line."""

from __future__ import annotations

from pathlib import Path

import duckdb
import duckdb_ext
import pytest
from typer.testing import CliRunner

from bulletins.cli import app
from bulletins.review.export import PARQUET_MARKER, SCHEMAS, TABLES, columns_of
from tests.test_report import TEXTS, build_dataset

runner = CliRunner()
EXTENSIONS = (
    Path(next(iter(duckdb_ext.__path__))) / "extensions"
)  # DuckDB's SQLite reader, as a package ships it

# What DuckDB reads for each column type of the schemas, per export (SQLite has no boolean:
# its BOOLEAN columns hold 0 and 1; CSV has no types: DuckDB guesses them from the text).
EXPECTED = {
    "sqlite": {
        "text": "VARCHAR",
        "json": "VARCHAR",
        "integer": "BIGINT",
        "boolean": "BIGINT",
        "date": "DATE",
    },
    "parquet": {
        "text": "VARCHAR",
        "json": "VARCHAR",
        "integer": "BIGINT",
        "boolean": "BOOLEAN",
        "date": "DATE",
    },
}


@pytest.fixture
def duck() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(
        config={"extension_directory": str(EXTENSIONS), "autoinstall_known_extensions": False}
    )
    connection.execute("LOAD sqlite")
    return connection


def _export(dataset: Path, *options: str) -> None:
    result = runner.invoke(app, ["export", str(dataset), *options])
    assert result.exit_code == 0, result.output


def _read(duck: duckdb.DuckDBPyConnection, fmt: str, target: Path, table: str) -> duckdb.DuckDBPyRelation:
    if fmt == "sqlite":
        return duck.sql(f"SELECT * FROM sqlite_scan('{target}', '{table}')")
    if fmt == "parquet":
        return duck.sql(f"SELECT * FROM read_parquet('{target / (table + '.parquet')}')")
    return duck.sql(f"SELECT * FROM read_csv('{target / (table + '.csv')}', header = true)")


@pytest.mark.parametrize(
    ("fmt", "default"), [("sqlite", "ds.sqlite"), ("parquet", "ds-parquet"), ("csv", "ds-csv")]
)
def test_each_export_reads_back_in_duckdb_with_the_columns_of_the_schemas(
    fmt: str, default: str, tmp_path: Path, duck: duckdb.DuckDBPyConnection
) -> None:
    clean = build_dataset(tmp_path / "ds", failed=False)  # its errors table is empty
    _export(clean, "--format", fmt)
    target = tmp_path / default
    for table in TABLES:
        relation = _read(duck, fmt, target, table)
        columns = columns_of(SCHEMAS[table])
        assert relation.columns == [c.name for c in columns], table
        if fmt in EXPECTED:
            assert [str(t) for t in relation.types] == [EXPECTED[fmt][c.type] for c in columns], table
    assert _read(duck, fmt, target, "errors").fetchall() == []  # no rows, all the columns
    mentions = _read(duck, fmt, target, "mentions")
    assert mentions.filter("label = 'DATE' AND earliest IS NOT NULL").count("*").fetchone() == (2,)
    index = _read(duck, fmt, target, "entities_index").filter("key = 'OTAN'")
    assert index.project("bulletins, mentions, first_date, last_date").fetchall() == [
        (3, 3, "2019-03-03", "2022")
    ]
    bulletins = _read(duck, fmt, target, "bulletins").project("id, date_value")
    assert bulletins.fetchall() == [
        ("a-2019", "2019-03-03"),
        ("a-2021", "2021-05-05"),
        ("b-2022", "2022"),
    ]


def test_typed_values_come_back_as_their_types(tmp_path: Path, duck: duckdb.DuckDBPyConnection) -> None:
    dataset = build_dataset(tmp_path / "ds")
    _export(dataset, "--format", "parquet", "--output", str(tmp_path / "p"))
    row = duck.sql(
        f"SELECT earliest, start, known FROM read_parquet('{tmp_path / 'p' / 'mentions.parquet'}') m, "
        f"read_parquet('{tmp_path / 'p' / 'entities_index.parquet'}') i "
        "WHERE m.text = '3 mars 2019' AND i.key = 'OTAN'"
    ).fetchone()
    assert row is not None and (row[0].isoformat(), row[1], row[2]) == (
        "2019-03-03",
        TEXTS["a-2019"].index("3 mars"),
        True,
    )
    errors = duck.sql(f"SELECT reason FROM read_parquet('{tmp_path / 'p' / 'errors.parquet'}')").fetchall()
    assert errors == [("empty",)]


def test_csv_export_is_a_folder_of_its_own(tmp_path: Path) -> None:
    dataset = build_dataset(tmp_path / "ds")
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = runner.invoke(app, ["export", str(dataset), "--format", "csv", "--output", str(folder)])
    assert refused.exit_code == 1 and "not a CSV export of this tool" in refused.output
    _export(dataset, "--format", "csv", "--output", str(folder), "--force")
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n" and (
        folder / PARQUET_MARKER
    ).is_file()
    header = (folder / "mentions.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(c.name for c in columns_of(SCHEMAS["mentions"]))
    assert (
        (folder / "errors.csv").read_text(encoding="utf-8").startswith("detail,reason,severity,source_path")
    )
    file = tmp_path / "file.csv"
    file.write_text("x\n", encoding="utf-8")
    onto_file = runner.invoke(app, ["export", str(dataset), "--format", "csv", "--output", str(file)])
    assert onto_file.exit_code == 1 and "a CSV export is a folder" in onto_file.output
