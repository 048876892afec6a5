"""A11: a sidecar or --date that is no day of the calendar is refused, naming where it came from."""

from __future__ import annotations

from pathlib import Path

from bulletins.cli.app import app
from tests.regressions.inputs_batch import assert_one_error_among_good, corpus_with, run_batch, runner

TEXT = "Le Conseil de l'OTAN s'est réuni à Bruxelles le 3 mars.".encode()


def test_a_sidecar_dated_30_february_is_one_error_naming_the_sidecar(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path, {"a.txt": TEXT, "a.meta.json": b'{"date": "2019-02-30"}'})
    error = assert_one_error_among_good(run_batch(corpus, tmp_path / "out"), "a.txt", "bad-sidecar")
    assert error["detail"].startswith("a.meta.json is not valid: date:")
    assert "'2019-02-30' is not a calendar date" in error["detail"]


def test_extract_refuses_date_30_february(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT)
    result = runner.invoke(app, ["extract", str(path), "--date", "2019-02-30"])
    assert result.exit_code == 1, result.output
    assert "--date '2019-02-30' is refused" in result.output
    assert "not a calendar date" in result.output
