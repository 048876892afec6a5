"""C1 / C2 (time): a per-bulletin time limit, set with --time-limit, ends a long bulletin as a
clear error record while the batch goes on; the limit is not cached, so the next run with
more time extracts it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bulletins.extraction import extract as extract_module
from tests.regressions.runs import bulletins, corpus

LONG = "\n\n".join(
    f"Le {day} mars 2019, le Conseil de l'Atlantique Nord a reçu à Bruxelles la délégation de la Serbie."
    for day in [*range(1, 29)] * 36
)  # about 1,000 pieces of 400 characters: several seconds of work even for the fastest
# pipeline (12 times the days took under a second once parts of speech came from the lexicon)


def test_a_long_bulletin_past_the_limit_is_one_error_and_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract_module, "PIECE_CHARS", 400)  # a bulletin of several pieces, quickly
    source = corpus(tmp_path / "corpus", {"long.txt": LONG, "short.txt": "L'OTAN a reçu la Serbie en 2006."})
    out = tmp_path / "out"
    limited = bulletins("run", source, "--out", out, "--time-limit", "1", "--batch-size", "1")
    assert limited.exit_code == 3, limited.output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [(e["source_path"], e["reason"]) for e in errors if e["severity"] == "error"] == [
        ("long.txt", "time-limit")
    ]
    detail = next(e["detail"] for e in errors if e["reason"] == "time-limit")
    assert "took more than 1 s" in detail and "pieces done" in detail and "split the file" in detail
    ids = [json.loads(line)["id"] for line in (out / "bulletins.jsonl").read_text().splitlines()]
    assert ids == ["short"]
    again = bulletins("run", source, "--out", out)
    assert again.exit_code == 0, again.output
    ids = [json.loads(line)["id"] for line in (out / "bulletins.jsonl").read_text().splitlines()]
    assert ids == ["long", "short"]


def test_the_limit_must_be_positive(tmp_path: Path) -> None:
    result = bulletins("run", corpus(tmp_path / "corpus"), "--out", tmp_path / "out", "--time-limit", "0")
    assert result.exit_code == 2
