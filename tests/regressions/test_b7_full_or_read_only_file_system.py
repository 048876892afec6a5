"""B7 (cases O8, O10): a full disk or a read-only file system gave a traceback; the old
dataset must stay, and the message must say what happened. Needs `mount` (root); skipped
where the test may not mount a small file system of its own."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.regressions.runs import bulletins, corpus, tree


@pytest.fixture
def small_file_system(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "fs"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mount_point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_full_disk_keeps_the_old_dataset(small_file_system: Path, tmp_path: Path) -> None:
    out = small_file_system / "ds"
    assert bulletins("run", corpus(tmp_path / "small"), "--out", out).exit_code == 0
    before = tree(out)
    big = tmp_path / "big"
    big.mkdir()
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        (big / path.name).write_bytes(path.read_bytes())
    result = bulletins("run", big, "--out", out, "--allow-shrink")
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "left as it was" in result.output
    assert "Traceback" not in result.output
    assert {k: v for k, v in tree(out).items() if not k.startswith(".cache/")} == {
        k: v for k, v in before.items() if not k.startswith(".cache/")
    }
    assert [p.name for p in small_file_system.iterdir()] == ["ds"]


def test_a_read_only_file_system_is_refused_before_the_work(small_file_system: Path, tmp_path: Path) -> None:
    source = corpus(tmp_path / "small")
    out = small_file_system / "ds"
    assert bulletins("run", source, "--out", out).exit_code == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_file_system)], check=True)
    (source / "d.txt").write_text("La Serbie a rejoint le Partenariat pour la paix en 2006.")
    result = bulletins("run", source, "--out", out)
    assert result.exit_code == 1
    assert "not writable" in result.output and "Traceback" not in result.output
    fresh = bulletins("run", source, "--out", small_file_system / "new")
    assert fresh.exit_code == 1 and "cannot create a folder" in fresh.output
