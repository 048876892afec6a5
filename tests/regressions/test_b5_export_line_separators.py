"""B5/X10: a bulletin text holding U+2028 or U+0085 (written raw by the tool itself) broke
``export`` (``str.splitlines``); it must export, the text intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from bulletins.cli.app import app
from tests.regressions.datasets import small_dataset

runner = CliRunner()
TEXT = "Relations avec la Suisse\u2028Mis à jour\u0085 : le Conseil de l'OTAN à Bruxelles le 3 mars 2019.\n"


def test_export_keeps_the_separators(tmp_path: Path) -> None:
    dataset = small_dataset(tmp_path / "dls", TEXT)
    assert "\u2028".encode() in (dataset / "bulletins.jsonl").read_bytes()  # written raw
    result = runner.invoke(app, ["export", str(dataset)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "dls.sqlite") as connection:
        assert connection.execute("SELECT text FROM bulletins").fetchone()[0] == TEXT
        assert connection.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 3
    result = runner.invoke(app, ["export", str(dataset), "--format", "parquet"])
    assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "dls-parquet" / "bulletins.parquet").column("text").to_pylist() == [TEXT]
