"""C3 (case E27): `evaluate` on one gold document of 120,000 spans took 839 s, nervaluate
comparing every prediction with every gold span. It now gets each document in parts cut
where no span crosses: the same counts, in linear time."""

from __future__ import annotations

import time

from nervaluate import Evaluator

from bulletins.evaluation.evaluate import _as_dicts, span_scores
from bulletins.schemas.gold import GoldDocument, GoldSpan

SENTENCE = "Le 4 octobre 2006, l'OTAN a reçu la délégation de la Serbie à Bruxelles. "
PARTS = (("4 octobre 2006", "DATE"), ("OTAN", "ORGANISATION"), ("Serbie", "PLACE"), ("Bruxelles", "PLACE"))


def _document(repeats: int) -> tuple[GoldDocument, list[GoldSpan]]:
    text = SENTENCE * repeats
    gold, predicted = [], []
    for i in range(repeats):
        for n, (words, label) in enumerate(PARTS):
            start = i * len(SENTENCE) + SENTENCE.index(words)
            span = GoldSpan(start=start, end=start + len(words), label=label, text=words)
            gold.append(span)
            if (i + n) % 7 == 0:  # a miss
                continue
            if (i + n) % 11 == 0:  # a wrong boundary, overlapping the gold span
                predicted.append(
                    GoldSpan(start=start, end=start + len(words) - 1, label=label, text=words[:-1])
                )
            elif (i + n) % 13 == 0:  # a wrong label
                predicted.append(span.model_copy(update={"label": "PROGRAMME"}))
            else:
                predicted.append(span)
    return GoldDocument(id="huge", text=text, spans=gold), predicted


def test_the_counts_are_nervaluate_s_on_the_whole_document() -> None:
    document, predicted = _document(300)
    whole = Evaluator(
        [_as_dicts(document.spans)],
        [_as_dicts(predicted)],
        tags=["ORGANISATION", "PROGRAMME", "PLACE", "DATE"],
        loader="dict",
    ).evaluate()
    scores = span_scores([document], [predicted])
    strict = whole["overall"]["strict"]
    assert (scores.micro.correct, scores.micro.predicted, scores.micro.gold) == (
        strict.correct,
        strict.actual,
        strict.possible,
    )
    for label in ("ORGANISATION", "PLACE", "DATE"):
        by_label = whole["entities"][label]["strict"]
        assert (scores.labels[label].correct, scores.labels[label].gold) == (
            by_label.correct,
            by_label.possible,
        )


def test_a_document_of_120000_spans_is_scored_in_seconds() -> None:
    document, predicted = _document(30_000)
    started = time.perf_counter()
    scores = span_scores([document], [predicted])
    assert time.perf_counter() - started < 60
    assert scores.micro.gold == 120_000


def test_linking_counts_the_pairs_without_listing_them() -> None:
    from itertools import combinations

    from bulletins.evaluation.evaluate import linking_score

    document, predicted = _document(40)
    gold = [
        s.model_copy(update={"entity": s.text if s.label == "ORGANISATION" else None}) for s in document.spans
    ]
    spans = [
        s.model_copy(update={"entity": f"E{s.start % 3}" if s.label == "ORGANISATION" else None})
        for s in predicted
    ]
    document = document.model_copy(update={"spans": gold})
    by_span = {(s.start, s.end, s.label): s for s in spans}
    matched = [
        (g, by_span[k])
        for g in gold
        if (k := (g.start, g.end, g.label)) in by_span and g.label == "ORGANISATION"
    ]
    pairs = list(combinations(matched, 2))
    score = linking_score([document], [spans])
    assert score.gold == sum(a.entity == b.entity for (a, _), (b, _) in pairs)
    assert score.predicted == sum(a.entity == b.entity for (_, a), (_, b) in pairs)
    assert score.correct == sum(
        g1.entity == g2.entity and p1.entity == p2.entity for (g1, p1), (g2, p2) in pairs
    )
    huge, huge_predicted = _document(30_000)
    started = time.perf_counter()
    linking_score([huge], [huge_predicted])
    assert time.perf_counter() - started < 30
