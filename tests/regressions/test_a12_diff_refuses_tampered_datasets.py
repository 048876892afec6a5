"""A12/T3: ``diff`` used a truncated or edited dataset silently (hundreds of « removed »
mentions, exit 1 under --exit-code); it must refuse it with exit 2 and say what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import app
from tests.regressions.datasets import small_dataset

runner = CliRunner()


def test_a_truncated_mentions_file_is_refused(tmp_path: Path) -> None:
    clean = small_dataset(tmp_path / "clean")
    cut = tmp_path / "cut"
    shutil.copytree(clean, cut)
    content = (cut / "mentions.jsonl").read_bytes()
    (cut / "mentions.jsonl").write_bytes(content[: content.index(b"\n") + 1])  # cut at a line boundary
    result = runner.invoke(app, ["diff", str(clean), str(cut), "--exit-code"])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "mentions.jsonl does not match its manifest entry" in result.output
    assert "bulletins run" in result.output


def test_an_edited_bulletin_is_refused_on_either_side(tmp_path: Path) -> None:
    clean = small_dataset(tmp_path / "clean")
    edited = tmp_path / "edited"
    shutil.copytree(clean, edited)
    path = edited / "bulletins.jsonl"
    path.write_text(path.read_text(encoding="utf-8").replace("Bruxelles", "Bruxellez"), encoding="utf-8")
    for args in ([str(clean), str(edited)], [str(edited), str(clean)]):
        result = runner.invoke(app, ["diff", *args, "--format", "json"])
        assert result.exit_code == 2 and "bulletins.jsonl does not match" in result.output
    assert runner.invoke(app, ["diff", str(clean), str(clean), "--exit-code"]).exit_code == 0
