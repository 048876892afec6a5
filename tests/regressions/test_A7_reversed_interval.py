"""A7: one reversed interval (« du 15 au 3 mars 2019 », « entre 2019 et 2012 ») made the resolver
raise, and the whole bulletin was lost; now that expression alone is dropped, with a warning."""

from __future__ import annotations

import json
from pathlib import Path

from tests.regressions.inputs_batch import corpus_with, run_batch

TEXT = (
    "Bruxelles, le 4 octobre 2006 – Le Conseil de l'OTAN a reçu la Serbie.\n\n"
    "Les exercices ont eu lieu entre 2019 et 2012, puis du 15 au 3 mars 2019 à Genève.\n"
    "L'OSCE a ouvert un bureau à Tachkent en avril 2010."
)


def test_a_reversed_interval_costs_its_expression_only(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path, {"reversed.txt": TEXT.encode()})
    out = tmp_path / "out"
    batch = run_batch(corpus, out)
    assert batch.result.exit_code == 0, batch.result.output
    assert {"otan", "osce", "reversed"} <= batch.ids()
    mentions = [
        json.loads(line) for line in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    kept = {(m["text"], m["value"]) for m in mentions if m["bulletin_id"] == "reversed"}
    assert {
        ("4 octobre 2006", "2006-10-04"),
        ("avril 2010", "2010-04"),
        ("Conseil de l'OTAN", None),
        ("OSCE", None),
    } <= kept
    assert not any(text.startswith(("entre 2019", "du 15", "2019", "2012")) for text, _ in kept)
    between, du_au = TEXT.index("entre 2019"), TEXT.index("du 15 au")
    assert [(e["source_path"], e["severity"], e["reason"], e["detail"]) for e in batch.errors] == [
        (
            "reversed.txt",
            "warning",
            "date-dropped",
            f'"entre 2019 et 2012" (offset {between}): its end is before its start',
        ),
        (
            "reversed.txt",
            "warning",
            "date-dropped",
            f'"du 15 au 3 mars 2019" (offset {du_au}): its end is before its start',
        ),
    ]
