"""B9/T12/D5: ``diff`` on malformed mention lines, a bulletin without text, or an unusable
``-o`` showed a traceback and exit 1 (« differences » under --exit-code): now a message and
exit 2, with ``-o`` checked before any work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import app
from tests.regressions.datasets import edit_lines, rehash, small_dataset

runner = CliRunner()


def _refused(*args: str) -> str:
    result = runner.invoke(app, ["diff", *args, "--exit-code"])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.output


@pytest.mark.parametrize(("first_line", "expected"), [({}, "mentions.jsonl:1"), (5, "mentions.jsonl:1")])
def test_a_malformed_mention_line(tmp_path: Path, first_line: object, expected: str) -> None:
    clean = small_dataset(tmp_path / "clean")
    broken = tmp_path / "broken"
    shutil.copytree(clean, broken)
    edit_lines(broken / "mentions.jsonl", lambda i, value: first_line if i == 0 else value)
    rehash(broken)  # the manifest agrees: only the content is wrong
    assert expected in _refused(str(clean), str(broken))


def test_a_bulletin_without_text(tmp_path: Path) -> None:
    clean = small_dataset(tmp_path / "clean")
    broken = tmp_path / "broken"
    shutil.copytree(clean, broken)
    edit_lines(broken / "bulletins.jsonl", lambda i, value: {k: v for k, v in value.items() if k != "text"})
    rehash(broken)
    output = _refused(str(broken), str(clean))
    assert "bulletins.jsonl:1: text" in output


def test_output_in_a_missing_folder_or_a_folder(tmp_path: Path) -> None:
    clean = small_dataset(tmp_path / "clean")
    missing = tmp_path / "nowhere" / "r.json"
    assert "does not exist" in _refused(str(clean), str(clean), "--format", "json", "-o", str(missing))
    assert "is a folder" in _refused(str(clean), str(clean), "--format", "json", "-o", str(tmp_path))
    # checked before the work: a bad -o is named even when a side is not a dataset
    output = _refused(str(clean), str(tmp_path / "not-a-dataset"), "-o", str(missing))
    assert "does not exist" in output and "manifest" not in output
    html = tmp_path / "report.html"
    assert (
        runner.invoke(app, ["diff", str(clean), str(clean), "--format", "html", "-o", str(html)]).exit_code
        == 0
    )
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
