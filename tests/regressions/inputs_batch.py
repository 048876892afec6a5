"""A tiny corpus with one bad file among good ones, run through the real command line."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from bulletins.cli.app import app

runner = CliRunner()
GOOD = {
    "otan.txt": "Le Conseil de l'OTAN s'est réuni à Bruxelles le 3 mars 2019.",
    "osce.txt": "L'OSCE a ouvert un bureau à Vienne en avril 2010.",
}


@dataclass(frozen=True)
class Batch:
    result: Result
    bulletins: list[dict[str, Any]]
    errors: list[dict[str, Any]]

    def ids(self) -> set[str]:
        return {b["id"] for b in self.bulletins}


def corpus_with(tmp_path: Path, bad: dict[str | bytes, bytes] | None = None) -> Path:
    """The good bulletins, plus ``bad`` (file names as text or as raw bytes)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in GOOD.items():
        (corpus / name).write_text(text, encoding="utf-8")
    for name, data in (bad or {}).items():
        (corpus / (os.fsdecode(name) if isinstance(name, bytes) else name)).write_bytes(data)
    return corpus


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run_batch(corpus: Path, out: Path) -> Batch:
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out)])
    return Batch(result, _jsonl(out / "bulletins.jsonl"), _jsonl(out / "errors.jsonl"))


def assert_one_error_among_good(batch: Batch, source_path: str, reason: str) -> dict[str, Any]:
    """The good bulletins are published and ``source_path`` is one error record; it is returned."""
    assert batch.result.exception is None or isinstance(batch.result.exception, SystemExit), (
        batch.result.output
    )
    assert batch.result.exit_code == 3, batch.result.output  # some inputs failed, the rest published
    assert {"otan", "osce"} <= batch.ids()
    errors = [e for e in batch.errors if e["severity"] == "error"]
    assert [(e["source_path"], e["reason"]) for e in errors] == [(source_path, reason)], errors
    return errors[0]
