"""A first run stopped by --max-errors (nothing published) left its record cache in a new
dataset folder without marking the folder as a dataset: every later run refused the
folder as « not a dataset written by bulletins ». Now the folder is marked when the cache
is made in it, and the next run publishes."""

from __future__ import annotations

from pathlib import Path

from tests.regressions.runs import bulletins, corpus


def test_a_run_stopped_on_a_new_folder_may_be_run_again(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    (source / "vide.txt").write_bytes(b"")  # an empty file fails
    out = tmp_path / "out"
    stopped = bulletins("run", source, "--out", out, "--max-errors", "0")
    assert stopped.exit_code == 4, stopped.output
    assert not (out / "manifest.json").exists()  # nothing published
    (source / "vide.txt").unlink()
    again = bulletins("run", source, "--out", out, "--max-errors", "0")
    assert again.exit_code == 0, again.output
    assert (out / "manifest.json").exists()
