"""B11: `evaluate --predictions` to a folder that does not exist crashed after the whole
evaluation (FileNotFoundError) and the scores were lost (case E43). The target is checked
before the pipeline runs now, and the file is written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import EXIT_FATAL, app

runner = CliRunner()
DOCUMENT = {
    "id": "a",
    "text": "L'OTAN en 2003.",
    "spans": [{"start": 2, "end": 6, "label": "ORGANISATION", "text": "OTAN", "entity": "OTAN"}],
}


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(DOCUMENT) + "\n", encoding="utf-8")
    return path


def _refused(gold: Path, target: Path) -> str:
    result = runner.invoke(app, ["evaluate", str(gold), "--predictions", str(target)])
    assert result.exit_code == EXIT_FATAL, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    output = " ".join(result.output.split())
    assert "strict span scores" not in output  # refused before the evaluation
    return output


def test_a_missing_folder_is_refused_before_the_pipeline_runs(gold: Path, tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "p.jsonl"
    output = _refused(gold, target)
    assert f"the folder {target.parent} does not exist; create it first" in output
    assert not target.parent.exists()


def test_a_folder_as_target_is_refused(gold: Path, tmp_path: Path) -> None:
    output = _refused(gold, tmp_path)
    assert f"{tmp_path}: is a folder; give the path of a file" in output


def test_the_predictions_replace_an_old_file_in_one_step(gold: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "p.jsonl"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "--json", "--predictions", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pipeline"]["micro"]["gold"] == 1
    (written,) = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert written["id"] == "a" and written["text"] == DOCUMENT["text"]
    assert [p.name for p in target.parent.iterdir()] == ["p.jsonl"]  # no temporary file left
