"""D6: a gold file that is a JSON array, on one line or pretty-printed (cases E29, E30),
got messages that did not say that JSON Lines is expected. Both say it now."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import EXIT_FATAL, app

runner = CliRunner()
DOCUMENTS = [{"id": "a", "text": "L'OTAN.", "spans": []}, {"id": "b", "text": "L'UE.", "spans": []}]


@pytest.mark.parametrize(("case", "indent"), [("E29-one-line", None), ("E30-pretty-printed", 2)])
def test_a_json_array_is_refused_with_a_json_lines_hint(
    tmp_path: Path, case: str, indent: int | None
) -> None:
    gold = tmp_path / f"{case}.json"
    gold.write_text(json.dumps(DOCUMENTS, indent=indent) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold)])
    assert result.exit_code == EXIT_FATAL, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    output = " ".join(result.output.split())
    assert f"{case}.json:1: " in output
    assert "the file must be JSON Lines, one JSON object a line" in output
