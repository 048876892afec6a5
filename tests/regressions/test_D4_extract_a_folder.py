"""D4: ``extract DIR`` says it is a folder and points to ``run``."""

from __future__ import annotations

from pathlib import Path

from bulletins.cli.app import app
from tests.regressions.inputs_batch import corpus_with, runner


def test_extract_on_a_folder_says_to_use_run(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path)
    result = runner.invoke(app, ["extract", str(corpus)])
    assert result.exit_code == 1, result.output
    assert "is a folder" in result.output and "bulletins run" in result.output
    assert "no such file" not in result.output
    missing = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "no such file" in missing.output
