"""D11: the sidecar gives the document's date only when the text states none (README)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletins.inputs.corpus import read_bulletin
from tests.regressions.inputs_batch import corpus_with, run_batch

DATED = "Bruxelles, le 24 octobre 2019\n\nLe Conseil de l'OTAN s'est réuni le 3 mars.".encode()
SIDECAR = b'{"date": "2006-10-04"}'


def test_the_sidecar_date_is_kept_as_a_fallback(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path, {"dated.txt": DATED, "dated.meta.json": SIDECAR})
    bulletin = read_bulletin(corpus / "dated.txt", corpus)
    assert bulletin.fallback_date == "2006-10-04" and bulletin.imposed_date is None


@pytest.mark.xfail(
    strict=True,
    reason="extraction presets bulletin.date whatever its source; it is to preset only "
    "imposed_date and use fallback_date when the header states no date (extract.py, another helper)",
)
def test_the_text_date_wins_over_the_sidecar(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path, {"dated.txt": DATED, "dated.meta.json": SIDECAR})
    batch = run_batch(corpus, tmp_path / "out")
    assert batch.result.exit_code == 0, batch.result.output
    dated = next(b for b in batch.bulletins if b["id"] == "dated")
    assert dated["date"]["value"] == "2019-10-24" and dated["date"]["source"] == "text"
