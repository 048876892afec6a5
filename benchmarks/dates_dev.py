"""Benchmark of the date stage on a gold file, beside dateparser.search_dates.

    python benchmarks/dates_dev.py [../shared/gold/dev.jsonl]

Prints, for the pipeline and for ``dateparser.search_dates`` run on each whole document
(the peer to beat; our pipeline never does that), DATE span precision, recall and F1
(strict: same start and end), value accuracy on the matched spans, and end-to-end F1
(span and value both right). search_dates gives a datetime and its period; its value is
written at that period's precision.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from dateparser.search import search_dates

from bulletins.evaluation.evaluate import predict
from bulletins.extraction.dates.models import Point
from bulletins.extraction.dates.resolve import format_point
from bulletins.extraction.nlp import build_nlp
from bulletins.schemas.gold import GoldDocument, read_gold

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev.jsonl"


def _search_dates_spans(document: GoldDocument) -> list[tuple[int, int, str]]:
    found = search_dates(document.text, languages=["fr", "en"], add_period=True) or []
    spans, cursor = [], 0
    for item in found:
        written, moment, period = item[0], item[1], item[2] if len(item) > 2 else "day"
        start = document.text.find(written, cursor)
        if start < 0:
            continue
        cursor = start + len(written)
        point = Point(moment.year)
        if period in {"month", "day", "time"}:
            point = Point(moment.year, moment.month)
        if period in {"day", "time"}:
            point = Point(moment.year, moment.month, moment.day)
        spans.append((start, cursor, format_point(point)))
    return spans


def _scores(gold: list[GoldDocument], predicted: list[list[tuple[int, int, str]]]) -> dict[str, float]:
    span_hits = value_hits = n_gold = n_predicted = 0
    for document, spans in zip(gold, predicted, strict=True):
        expected = {(s.start, s.end): s.value for s in document.spans if s.label == "DATE"}
        n_gold += len(expected)
        n_predicted += len(spans)
        for start, end, value in spans:
            if (start, end) in expected:
                span_hits += 1
                value_hits += expected[(start, end)] == value

    def f1(hits: int) -> float:
        p = hits / n_predicted if n_predicted else 0.0
        r = hits / n_gold if n_gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    return {
        "precision": span_hits / n_predicted if n_predicted else 0.0,
        "recall": span_hits / n_gold if n_gold else 0.0,
        "span_f1": f1(span_hits),
        "value_accuracy": value_hits / span_hits if span_hits else 0.0,
        "end_to_end_f1": f1(value_hits),
    }


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_GOLD
    gold = read_gold(path)
    nlp = build_nlp()
    started = time.perf_counter()
    ours, _ = predict(nlp, gold)
    our_time = time.perf_counter() - started
    pipeline_dates = [[(s.start, s.end, s.value or "") for s in spans if s.label == "DATE"] for spans in ours]
    started = time.perf_counter()
    peer = [_search_dates_spans(d) for d in gold]
    peer_time = time.perf_counter() - started
    gold_dates = sum(1 for d in gold for s in d.spans if s.label == "DATE")
    print(f"{len(gold)} documents, {gold_dates} gold dates ({path})")
    print(f"{'system':<26}{'P':>7}{'R':>7}{'span F1':>9}{'value acc':>11}{'end-to-end F1':>15}{'seconds':>9}")
    for name, spans, seconds in (
        ("pipeline (full)", pipeline_dates, our_time),
        ("dateparser.search_dates", peer, peer_time),
    ):
        s = _scores(gold, spans)
        print(
            f"{name:<26}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['span_f1']:>9.3f}"
            f"{s['value_accuracy']:>11.3f}{s['end_to_end_f1']:>15.3f}{seconds:>9.1f}"
        )


if __name__ == "__main__":
    main()
