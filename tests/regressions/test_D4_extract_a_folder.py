"""D4: ``extract DIR`` says it is a folder and points to ``run`` (since issue 18 it also
extracts the folder's bulletins, one JSON document each)."""

from __future__ import annotations

import json
from pathlib import Path

from bulletins.cli.app import app
from tests.regressions.inputs_batch import corpus_with, runner


def test_extract_on_a_folder_says_to_use_run(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path)
    result = runner.invoke(app, ["extract", str(corpus)])
    assert result.exit_code == 0, result.output
    assert [r["bulletin"]["id"] for r in json.loads(result.stdout)] == ["osce", "otan"]
    assert "is a folder" in result.output and "bulletins run" in result.output
    assert "no such file" not in result.output
    missing = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "no such file" in missing.output
