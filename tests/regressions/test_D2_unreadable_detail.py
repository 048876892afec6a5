"""D2: an ``unreadable`` record gives the OS error and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletins.cli.app import app
from tests.regressions.inputs_batch import assert_one_error_among_good, corpus_with, run_batch, runner

PROC_MEM = Path("/proc/self/mem")  # reading it from offset 0 fails with EIO, even for root


@pytest.mark.skipif(not PROC_MEM.exists(), reason="needs Linux /proc")
def test_extract_gives_the_os_error_and_the_remedy(tmp_path: Path) -> None:
    link = tmp_path / "mem.txt"
    link.symlink_to(PROC_MEM)
    result = runner.invoke(app, ["extract", str(link)])
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "the file cannot be read: Input/output error (EIO)" in output
    assert "then run again" in output


@pytest.mark.skipif(not PROC_MEM.exists(), reason="needs Linux /proc")
def test_run_gives_the_os_error(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path)
    (corpus / "mem.txt").symlink_to(PROC_MEM)
    error = assert_one_error_among_good(run_batch(corpus, tmp_path / "out"), "mem.txt", "unreadable")
    assert "Input/output error (EIO)" in error["detail"]
