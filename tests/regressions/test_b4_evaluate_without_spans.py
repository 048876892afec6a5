"""B4: `evaluate` crashed (IndexError in nervaluate) when the first gold document had no
span, and on empty, white-space or control-character texts (cases E1–E6). Such documents
are scored now, and the predictions are written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.evaluation.evaluate import span_scores
from bulletins.schemas.gold import GoldDocument, GoldSpan

runner = CliRunner()
TEXT = "L'OTAN et l'UE, en 2003 à Tachkent."
OTAN = {"start": 2, "end": 6, "label": "ORGANISATION", "text": "OTAN", "entity": "OTAN"}


def _document(id: str, text: str = TEXT, spans: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": id, "text": text, "spans": spans or []}


CASES = {
    "E1-first-without-spans": [_document("a"), _document("b", spans=[OTAN])],
    "E2-single-without-spans": [_document("a")],
    "E3-all-without-spans": [_document("a"), _document("b", "Le Conseil s'est réuni à Bruxelles.")],
    "E4-first-empty-text": [_document("a", ""), _document("b", spans=[OTAN])],
    "E5-first-white-space": [_document("a", " \n\t  "), _document("b", spans=[OTAN])],
    "E6-first-control-and-emoji": [_document("a", "\x01\x02\x07 😀 \x1b\u200b"), _document("b")],
}


def _write(path: Path, documents: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_documents_without_spans_are_scored(tmp_path: Path, case: str) -> None:
    documents = CASES[case]
    gold = _write(tmp_path / "gold.jsonl", documents)
    predictions = tmp_path / "predictions.jsonl"
    result = runner.invoke(app, ["evaluate", str(gold), "--json", "--predictions", str(predictions)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    assert report["documents"] == len(documents)
    written = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in written] == [d["id"] for d in documents]
    assert [d["text"] for d in written] == [d["text"] for d in documents]
    micro = report["pipeline"]["micro"]
    assert micro["gold"] == sum(len(d["spans"]) for d in documents)
    assert micro["predicted"] == sum(len(d["spans"]) for d in written)
    if micro["gold"] == 0:
        assert (micro["correct"], micro["recall"], micro["f1"]) == (0, 0.0, 0.0)


def test_nothing_to_score_prints_a_table_of_zeros(tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.jsonl", [_document("a", "")])
    result = runner.invoke(app, ["evaluate", str(gold)])
    assert result.exit_code == 0, result.output
    micro = next(line for line in result.stdout.splitlines() if "micro" in line)
    assert "0.000" in micro and "Traceback" not in result.output


def _span(start: int, end: int, label: str) -> GoldSpan:
    return GoldSpan(start=start, end=end, label=label, text=TEXT[start:end])  # type: ignore[arg-type]


def test_empty_documents_count_as_nothing_to_find_or_wrong_guesses() -> None:
    gold = [
        GoldDocument(id="a", text=TEXT, spans=[]),
        GoldDocument(id="b", text=TEXT, spans=[_span(2, 6, "ORGANISATION"), _span(19, 23, "DATE")]),
        GoldDocument(id="c", text="", spans=[]),
    ]
    predicted = [[_span(2, 6, "ORGANISATION")], [_span(2, 6, "ORGANISATION")], []]
    scores = span_scores(gold, predicted)
    # the guess in « a » is wrong, the one in « b » right; « b »'s DATE is missed
    assert (scores.micro.correct, scores.micro.predicted, scores.micro.gold) == (1, 2, 2)
    assert (scores.labels["DATE"].gold, scores.labels["DATE"].predicted) == (1, 0)
    nothing = span_scores(gold[:1], [[]])
    assert (nothing.micro.precision, nothing.micro.recall, nothing.micro.f1) == (0.0, 0.0, 0.0)
