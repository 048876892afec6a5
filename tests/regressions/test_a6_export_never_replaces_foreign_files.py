"""A6/X2/X3: ``export --output`` deleted and replaced any file, even one of the dataset.
Now it never writes inside the dataset, replaces only its own exports unless --force, and
writes under a temporary name before renaming."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.review.export import APPLICATION_ID, PARQUET_MARKER
from tests.regressions.datasets import small_dataset

runner = CliRunner()


def _export(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["export", *args])
    assert isinstance(result.exception, SystemExit) or result.exception is None, result.exception
    return result.exit_code, result.output


def test_a_foreign_file_is_kept_unless_force(tmp_path: Path) -> None:
    dataset = small_dataset(tmp_path / "ds")
    precious = tmp_path / "precious.db"
    precious.write_text("precious\n", encoding="utf-8")
    code, output = _export(str(dataset), "--output", str(precious))
    assert code == 1 and "not an export of this tool" in output and "--force" in output
    assert precious.read_text(encoding="utf-8") == "precious\n"
    assert _export(str(dataset), "--output", str(precious), "--force")[0] == 0
    with sqlite3.connect(precious) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 3
    assert _export(str(dataset), "--output", str(precious))[0] == 0  # its own export: replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "precious.db"]  # no temporary left


def test_another_sqlite_file_is_not_taken_for_an_export(tmp_path: Path) -> None:
    dataset = small_dataset(tmp_path / "ds")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE mine (x)")
    before = other.read_bytes()
    assert _export(str(dataset), "--output", str(other))[0] == 1
    assert other.read_bytes() == before


def test_never_inside_the_dataset(tmp_path: Path) -> None:
    dataset = small_dataset(tmp_path / "ds")
    before = {p.name: p.read_bytes() for p in dataset.iterdir()}
    for target, fmt in (
        (dataset / "mentions.jsonl", "sqlite"),
        (dataset / "new.sqlite", "sqlite"),
        (dataset, "parquet"),
        (dataset / "pq", "parquet"),
    ):
        code, output = _export(str(dataset), "--format", fmt, "--output", str(target), "--force")
        assert code == 1 and "inside the dataset" in output
    assert {p.name: p.read_bytes() for p in dataset.iterdir()} == before


def test_parquet_folder_of_other_files_is_kept_unless_force(tmp_path: Path) -> None:
    dataset = small_dataset(tmp_path / "ds")
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, output = _export(str(dataset), "--format", "parquet", "--output", str(folder))
    assert code == 1 and "not a Parquet export" in output and not (folder / "mentions.parquet").exists()
    assert _export(str(dataset), "--format", "parquet", "--output", str(folder), "--force")[0] == 0
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (folder / PARQUET_MARKER).is_file() and (folder / "mentions.parquet").is_file()
    fresh = tmp_path / "fresh"
    assert _export(str(dataset), "--format", "parquet", "--output", str(fresh))[0] == 0
    assert _export(str(dataset), "--format", "parquet", "--output", str(fresh))[0] == 0  # its own export
    assert sorted(p.name for p in fresh.iterdir()) == sorted(
        [
            PARQUET_MARKER,
            "bulletins.parquet",
            "entities.parquet",
            "entities_index.parquet",
            "errors.parquet",
            "mentions.parquet",
        ]
    )
