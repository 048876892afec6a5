"""D10: a symbolic link ``*.txt`` whose target is missing is one error record, not skipped."""

from __future__ import annotations

from pathlib import Path

from tests.regressions.inputs_batch import assert_one_error_among_good, corpus_with, run_batch


def _corpus(tmp_path: Path) -> Path:
    corpus = corpus_with(tmp_path)
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    return corpus


def test_a_dangling_symlink_is_one_unreadable_record(tmp_path: Path) -> None:
    assert_one_error_among_good(run_batch(_corpus(tmp_path), tmp_path / "out"), "dangling.txt", "unreadable")


def test_the_record_says_it_is_a_dangling_link(tmp_path: Path) -> None:
    batch = run_batch(_corpus(tmp_path), tmp_path / "out")
    error = assert_one_error_among_good(batch, "dangling.txt", "unreadable")
    assert error["detail"].startswith("a symbolic link whose target does not exist:")
