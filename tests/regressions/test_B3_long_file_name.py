"""B3: a file name too long for its sidecar's name is read; the batch goes on."""

from __future__ import annotations

from pathlib import Path

from tests.regressions.inputs_batch import GOOD, corpus_with, run_batch

LONG = "L" * 251 + ".txt"  # 255 bytes: NAME.meta.json would be 261


def test_a_251_byte_name_is_a_bulletin_without_sidecar(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path, {LONG: GOOD["otan.txt"].encode()})
    batch = run_batch(corpus, tmp_path / "out")
    assert batch.result.exit_code == 0, batch.result.output
    assert batch.ids() == {"otan", "osce", "L" * 251}
    assert batch.errors == []
