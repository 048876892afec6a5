"""D1: a month 13 or a year 0 in a sidecar or --date is named as such, not "a stage failed"."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletins.cli.app import app
from tests.regressions.inputs_batch import assert_one_error_among_good, corpus_with, run_batch, runner

TEXT = "Le Conseil de l'OTAN s'est réuni à Bruxelles le 3 mars.".encode()


@pytest.mark.parametrize("date", ["2019-13-01", "0000-01-01"])
def test_a_sidecar_with_an_impossible_date_names_the_sidecar(tmp_path: Path, date: str) -> None:
    sidecar = f'{{"date": "{date}"}}'.encode()
    corpus = corpus_with(tmp_path, {"nodate.txt": TEXT, "nodate.meta.json": sidecar})
    error = assert_one_error_among_good(run_batch(corpus, tmp_path / "out"), "nodate.txt", "bad-sidecar")
    assert "nodate.meta.json is not valid" in error["detail"] and "not a calendar date" in error["detail"]


def test_extract_names_the_date_option(tmp_path: Path) -> None:
    path = tmp_path / "nodate.txt"
    path.write_bytes(TEXT)
    result = runner.invoke(app, ["extract", str(path), "--date", "2019-13-01"])
    assert result.exit_code == 1, result.output
    assert "--date '2019-13-01' is refused" in result.output and "month must be in 1..12" in result.output
    assert "stage of the pipeline" not in result.output
