"""Regression: an ``extraction-failed`` error record names the stage that failed and its error
(it said only « a stage of the pipeline failed on it »).

The reversed interval that made the resolver fail (A7) now drops that expression alone, with
a warning that names it; no known input makes a stage fail any more, so the failure is
caused here by a date grammar that raises on one bulletin.
"""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.extraction.components import dates as date_stage

runner = CliRunner()
REVERSED = "Les exercices ont eu lieu entre 2019 et 2012."
FAILING = "Ce texte fait échouer la grammaire des dates."
FINE = "L'OTAN a reçu le ministre le 4 octobre 2006."


def _errors(out: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


def test_run_records_the_stage_and_the_message(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "failing.txt").write_text(FAILING, encoding="utf-8")
    (corpus / "fine.txt").write_text(FINE, encoding="utf-8")
    real = date_stage.find_dates

    def find_dates(text: str):  # type: ignore[no-untyped-def]
        if "échouer" in text:
            raise RuntimeError("the grammar broke on 'échouer'")
        return real(text)

    out = tmp_path / "out"
    with mock.patch.object(date_stage, "find_dates", find_dates):
        result = runner.invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 3, result.output
    [error] = [e for e in _errors(out) if e["reason"] == "extraction-failed"]
    assert error["source_path"] == "failing.txt"
    assert "the stage bulletins_dates failed: RuntimeError(" in error["detail"]
    assert "the grammar broke on 'échouer'" in error["detail"]


def test_a_reversed_interval_no_longer_fails_a_stage(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "reversed.txt").write_text(REVERSED, encoding="utf-8")
    (corpus / "fine.txt").write_text(FINE, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [(e["source_path"], e["severity"], e["reason"], e["detail"]) for e in _errors(out)] == [
        (
            "reversed.txt",
            "warning",
            "date-dropped",
            '"entre 2019 et 2012" (offset 26): its end is before its start',
        )
    ]
