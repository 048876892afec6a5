"""D5: a sidecar saved with a UTF-8 byte order mark (as Windows editors do) is accepted."""

from __future__ import annotations

import codecs
from pathlib import Path

from tests.regressions.inputs_batch import corpus_with, run_batch


def test_a_sidecar_with_a_utf8_mark_gives_its_date(tmp_path: Path) -> None:
    corpus = corpus_with(
        tmp_path,
        {
            "sans-date.txt": "Le Conseil de l'OTAN s'est réuni à Bruxelles.".encode(),
            "sans-date.meta.json": codecs.BOM_UTF8 + b'{"date": "2019-10-24"}',
        },
    )
    batch = run_batch(corpus, tmp_path / "out")
    assert batch.result.exit_code == 0, batch.result.output
    assert batch.errors == []
    bulletin = next(b for b in batch.bulletins if b["id"] == "sans-date")
    assert bulletin["date"]["value"] == "2019-10-24" and bulletin["date"]["source"] == "sidecar"
