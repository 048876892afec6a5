"""A4: a corpus file edited or deleted during a run left records cached under the old hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bulletins.running import batch
from tests.regressions.runs import TEXTS, bulletins, corpus

EDITED = "Le 9 juin 2020, la Commission européenne a reçu le ministre."


def _bulletin(out: Path, name: str) -> dict:
    for line in (out / "bulletins.jsonl").read_text(encoding="utf-8").split("\n"):
        if line and json.loads(line)["source_path"] == name:
            return json.loads(line)
    raise AssertionError(f"{name} is not in the dataset")


def test_the_bytes_extracted_are_the_bytes_hashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    real_read = batch.read_bulletin

    def edited_meanwhile(path: Path, root: Path | None = None):  # another program saves the file now
        if path.name == "a.txt":
            path.write_text(EDITED, encoding="utf-8")
        return real_read(path, root)

    monkeypatch.setattr(batch, "read_bulletin", edited_meanwhile)
    assert bulletins("run", source, "--out", out).exit_code == 0
    monkeypatch.undo()
    record = _bulletin(out, "a.txt")
    assert record["text"] == EDITED
    assert record["sha256"] == hashlib.sha256(EDITED.encode()).hexdigest()
    manifest = json.loads((out / "manifest.json").read_text())
    assert {i["source_path"]: i["sha256"] for i in manifest["inputs"]}["a.txt"] == record["sha256"]
    (source / "a.txt").write_text(TEXTS["a.txt"], encoding="utf-8")  # back to the original bytes
    assert bulletins("run", source, "--out", out).exit_code == 0
    assert _bulletin(out, "a.txt")["text"] == TEXTS["a.txt"]


def test_a_file_deleted_during_a_run_is_read_again_once_restored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    real_read = batch.read_bulletin

    def deleted_meanwhile(path: Path, root: Path | None = None):
        if path.name == "b.txt":
            path.unlink()
        return real_read(path, root)

    monkeypatch.setattr(batch, "read_bulletin", deleted_meanwhile)
    assert bulletins("run", source, "--out", out).exit_code == 3
    monkeypatch.undo()
    assert "b.txt" in (out / "errors.jsonl").read_text()
    (source / "b.txt").write_text(TEXTS["b.txt"], encoding="utf-8")
    assert bulletins("run", source, "--out", out).exit_code == 0
    assert _bulletin(out, "b.txt")["text"] == TEXTS["b.txt"]
    assert (out / "errors.jsonl").read_text() == ""
