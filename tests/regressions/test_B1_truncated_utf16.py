"""B1: a UTF-16 file cut in the middle of a character is one error record, not a crash."""

from __future__ import annotations

from pathlib import Path

from bulletins.cli.app import app
from tests.regressions.inputs_batch import assert_one_error_among_good, corpus_with, run_batch, runner

CUT = b"\xff\xfeA\x00B"  # a UTF-16 byte order mark, then 3 bytes


def test_a_truncated_utf16_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    batch = run_batch(corpus_with(tmp_path, {"odd.txt": CUT}), tmp_path / "out")
    error = assert_one_error_among_good(batch, "odd.txt", "bad-encoding")
    assert "UTF-16" in error["detail"] and "cut in the middle of a character" in error["detail"]
    assert "re-save it as UTF-8" in error["detail"]


def test_extract_says_why_for_a_file_and_for_standard_input(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(CUT)
    for arguments, stdin in (([str(path)], None), (["-"], CUT)):
        result = runner.invoke(app, ["extract", *arguments], input=stdin)
        assert result.exit_code == 1, result.output
        assert not isinstance(result.exception, UnicodeError)
        assert "cut in the middle of a character" in result.output
