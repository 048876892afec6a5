"""A10: UTF-32 with a byte order mark is decoded as UTF-32, not saved as UTF-16 garbage."""

from __future__ import annotations

import codecs
from pathlib import Path

from tests.regressions.inputs_batch import GOOD, corpus_with, run_batch

TEXT = GOOD["otan.txt"]


def test_utf32_files_with_either_mark_are_read_as_their_text(tmp_path: Path) -> None:
    corpus = corpus_with(
        tmp_path,
        {"le.txt": TEXT.encode("utf-32"), "be.txt": codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be")},
    )
    batch = run_batch(corpus, tmp_path / "out")
    assert batch.result.exit_code == 0, batch.result.output
    texts = {b["id"]: b["text"] for b in batch.bulletins}
    assert texts["le"] == texts["be"] == TEXT
    warnings = {(e["source_path"], e["reason"], e["detail"]) for e in batch.errors}
    assert warnings == {
        (name, "encoding", "decoded as UTF-32 (byte order mark)") for name in ("le.txt", "be.txt")
    }
