"""B2: a file name with bytes that are not UTF-8 never crashes; its id shows them as ``\\xff``."""

from __future__ import annotations

import json
import os
from pathlib import Path

from bulletins.cli.app import app
from tests.regressions.inputs_batch import GOOD, corpus_with, run_batch, runner

NAME = b"bad\xff.txt"


def test_extract_reads_it_and_gives_a_printable_id(tmp_path: Path) -> None:
    path = tmp_path / os.fsdecode(NAME)
    path.write_text(GOOD["otan.txt"], encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["bulletin"]["id"] == "bad\\xff"


def test_run_publishes_it_with_the_others(tmp_path: Path) -> None:
    batch = run_batch(corpus_with(tmp_path, {NAME: GOOD["otan.txt"].encode()}), tmp_path / "out")
    assert batch.result.exit_code == 0, batch.result.output
    assert batch.ids() == {"otan", "osce", "bad\\xff"}
