"""A3: two runs on the same --out deleted each other's staging folder and cache (no lock)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from bulletins.dataset.guard import dataset_lock, lock_path
from tests.conftest import ROOT
from tests.regressions.runs import bulletins, corpus, tree


def test_a_second_run_is_refused_while_the_dataset_is_locked(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert bulletins("run", source, "--out", out).exit_code == 0
    before = tree(out)
    with dataset_lock(out):
        (source / "d.txt").write_text("La Serbie a rejoint le Partenariat pour la paix en 2006.")
        result = bulletins("run", source, "--out", out)
    assert result.exit_code == 1
    assert "another run" in result.output
    assert tree(out) == before
    assert bulletins("run", source, "--out", out).exit_code == 0  # the lock is gone with its holder
    assert not lock_path(out).exists()  # and nothing is left beside the dataset


@pytest.mark.slow
def test_two_processes_never_publish_a_damaged_dataset(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus", {f"n{i}.txt": (ROOT / "corpus" / name).read_text() for i, name in
                                          enumerate(sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))[:12])})  # fmt: skip
    out = tmp_path / "out"
    command = [sys.executable, "-m", "bulletins", "rebuild", str(source), "--out", str(out), "--jobs", "1"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        lock_path(out).exists() and lock_path(out).read_text().strip()
    ):
        time.sleep(0.05)
    second = subprocess.run(command, capture_output=True, text=True, timeout=120)
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert second.returncode == 1
    assert "another run" in second.stderr
    assert len((out / "bulletins.jsonl").read_text().splitlines()) == 12
