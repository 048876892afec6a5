"""C6: --max-errors did not count files that could not be read when hashed."""

from __future__ import annotations

import os
from pathlib import Path

from tests.regressions.runs import bulletins, corpus, tree


def test_a_file_unreadable_at_hashing_counts(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert bulletins("run", source, "--out", out).exit_code == 0
    before = tree(out)
    os.symlink("/proc/self/mem", source / "zz.txt")  # reading it fails with EIO, even as root
    result = bulletins("run", source, "--out", out, "--max-errors", "0")
    assert result.exit_code == 4
    assert tree(out) == before
    published = bulletins("run", source, "--out", out)
    assert published.exit_code == 3
    errors = (out / "errors.jsonl").read_text()
    assert "zz.txt" in errors and "unreadable" in errors
