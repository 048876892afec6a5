"""D3: UTF-16 text without a byte order mark is named as such, not called binary."""

from __future__ import annotations

from pathlib import Path

from tests.regressions.inputs_batch import GOOD, assert_one_error_among_good, corpus_with, run_batch


def test_utf16_without_a_mark_says_what_it_is_and_what_to_do(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path, {"sans-bom.txt": GOOD["otan.txt"].encode("utf-16-le")})
    error = assert_one_error_among_good(run_batch(corpus, tmp_path / "out"), "sans-bom.txt", "bad-encoding")
    assert "looks like UTF-16 (little-endian) text without a byte order mark" in error["detail"]
    assert "re-save it as UTF-8" in error["detail"]
