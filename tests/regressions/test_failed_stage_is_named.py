"""Regression: an ``extraction-failed`` error record names the stage that failed and its error
(it said only « a stage of the pipeline failed on it »)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import app

runner = CliRunner()
# A reversed interval makes the resolver fail (a bug another change fixes): any failing
# text will do here, this one is the known one.
FAILING = "Les exercices ont eu lieu entre 2019 et 2012."


def test_run_records_the_stage_and_the_message(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "reversed.txt").write_text(FAILING, encoding="utf-8")
    (corpus / "fine.txt").write_text("L'OTAN a reçu le ministre le 4 octobre 2006.", encoding="utf-8")
    out = tmp_path / "out"
    runner.invoke(app, ["run", str(corpus), "--out", str(out)])
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    [error] = [e for e in errors if e["reason"] == "extraction-failed"]
    assert error["source_path"] == "reversed.txt"
    assert "the stage bulletins_resolver failed: InvalidEDTF(" in error["detail"]
    assert "2019/2012" in error["detail"]
