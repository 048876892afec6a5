"""Scoring the pipeline against a gold file of GUIDELINES.md.

Span scores are strict (same start, end and label), computed by nervaluate. On the
strictly matched spans we add what nervaluate does not know: DATE value accuracy,
PLACE country accuracy, and linking (pairwise, within a document, over ORGANISATION
and PROGRAMME mentions found by both sides: do both sides put the pair in the same
entity?). The raw model's own ORG/LOC entities, mapped to ORGANISATION/PLACE, are
scored beside the pipeline in the same run.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from nervaluate import Evaluator
from pydantic import BaseModel
from spacy.language import Language

from bulletins.dataset.writer import canonical_json
from bulletins.errors import BulletinsError
from bulletins.extraction.components.publish import MODEL_KEY
from bulletins.extraction.extract import ExtractionError, process, records_from_docs
from bulletins.inputs.corpus import BulletinText
from bulletins.schemas.gold import GoldDocument, GoldSpan
from bulletins.schemas.records import LABELS, NAME_LABELS, BulletinRecords
from bulletins.schemas.vocabulary import MODEL_LABELS


class Score(BaseModel):
    precision: float
    recall: float
    f1: float
    correct: int
    predicted: int
    gold: int


class SystemScores(BaseModel):
    labels: dict[str, Score]
    micro: Score


class Accuracy(BaseModel):
    accuracy: float | None
    correct: int
    total: int


class EvaluationReport(BaseModel):
    documents: int
    model: str
    pipeline: SystemScores
    baseline: SystemScores
    date_values: Accuracy
    countries: Accuracy
    linking: Score


def _score(correct: int, predicted: int, gold: int) -> Score:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4),
        correct=correct, predicted=predicted, gold=gold,
    )  # fmt: skip


def _as_dicts(spans: Iterable[GoldSpan]) -> list[dict[str, object]]:
    # nervaluate compares ``end`` as given; both sides use the same exclusive end.
    return [{"label": s.label, "start": s.start, "end": s.end} for s in spans]


SPANS_PER_PART = 200


def _parts(
    gold: Sequence[GoldSpan], predicted: Sequence[GoldSpan], size: int = SPANS_PER_PART
) -> Iterator[tuple[list[GoldSpan], list[GoldSpan]]]:
    """A document's gold and predicted spans in parts of about ``size`` spans, cut where no
    span of either side crosses, so that each pair of overlapping spans stays together.

    nervaluate compares every prediction with every gold span of a document: on a document
    of 100,000 mentions that is quadratic; on parts of a few hundred it is linear, and the
    counts are the same (a span is matched only with spans it overlaps).
    """
    events = sorted([*((s.start, s.end, 0, s) for s in gold), *((s.start, s.end, 1, s) for s in predicted)],
                    key=lambda e: (e[0], e[1], e[2]))  # fmt: skip
    part: tuple[list[GoldSpan], list[GoldSpan]] = ([], [])
    reach = -1
    for start, end, side, span in events:
        if start >= reach and len(part[0]) + len(part[1]) >= size:
            yield part
            part = ([], [])
        part[side].append(span)
        reach = max(reach, end)
    if part[0] or part[1] or not events:
        yield part


def span_scores(gold: Sequence[GoldDocument], predicted: Sequence[Sequence[GoldSpan]]) -> SystemScores:
    """Strict per-label and micro precision, recall and F1, by nervaluate.

    Documents without spans (on either side, or both) count as they should: nothing to
    find, or only wrong guesses. nervaluate is told the input's shape, since it guesses it
    from the first gold span and fails when the first document has none. Long documents go
    to it in parts (``_parts``), so that its time stays linear.
    """
    parts = [
        part
        for document, spans in zip(gold, predicted, strict=True)
        for part in _parts(document.spans, spans)
    ]
    evaluator = Evaluator(
        [_as_dicts(g) for g, _ in parts],
        [_as_dicts(p) for _, p in parts],
        tags=list(LABELS),
        loader="dict",
    )
    results = evaluator.evaluate()

    def convert(result: object) -> Score:
        return _score(result.correct, result.actual, result.possible)  # type: ignore[attr-defined]

    per_label = results["entities"]
    labels = {
        label: convert(per_label[label]["strict"]) if label in per_label else _score(0, 0, 0)
        for label in LABELS
    }
    return SystemScores(labels=labels, micro=convert(results["overall"]["strict"]))


def _matched(gold: GoldDocument, predicted: Sequence[GoldSpan]) -> list[tuple[GoldSpan, GoldSpan]]:
    by_span = {(s.start, s.end, s.label): s for s in predicted}
    return [(g, by_span[key]) for g in gold.spans if (key := (g.start, g.end, g.label)) in by_span]


def value_accuracy(
    gold: Sequence[GoldDocument], predicted: Sequence[Sequence[GoldSpan]], label: str, field: str
) -> Accuracy:
    """Share of strictly matched ``label`` spans whose ``field`` is the same on both sides."""
    correct = total = 0
    for document, spans in zip(gold, predicted, strict=True):
        for g, p in _matched(document, spans):
            if g.label == label:
                total += 1
                correct += getattr(g, field) == getattr(p, field)
    return Accuracy(accuracy=round(correct / total, 4) if total else None, correct=correct, total=total)


def linking_score(gold: Sequence[GoldDocument], predicted: Sequence[Sequence[GoldSpan]]) -> Score:
    """Pairwise linking over ORGANISATION and PROGRAMME mentions found by both sides.

    The pairs are counted, not listed: two mentions are a gold pair when they share a gold
    entity, a predicted pair when they share a predicted one, and both when they share
    both, so each count is a sum of « n choose 2 » over groups (linear in the mentions).
    """
    both = predicted_pairs = gold_pairs = 0
    for document, spans in zip(gold, predicted, strict=True):
        matched = [(g.entity, p.entity) for g, p in _matched(document, spans) if g.label in NAME_LABELS]
        gold_pairs += _pairs(Counter(g for g, _ in matched))
        predicted_pairs += _pairs(Counter(p for _, p in matched))
        both += _pairs(Counter(matched))
    return _score(both, predicted_pairs, gold_pairs)


def _pairs(groups: Counter[Any]) -> int:
    return sum(n * (n - 1) // 2 for n in groups.values())


def prediction_spans(records: BulletinRecords) -> list[GoldSpan]:
    """The pipeline's mentions in the gold format of the guidelines."""
    return [
        GoldSpan(
            start=m.start,
            end=m.end,
            label=m.label,
            text=m.text,
            entity=m.entity,
            country=m.country,
            value=m.value,
        )
        for m in records.mentions
    ]


def as_gold_document(document: GoldDocument, spans: list[GoldSpan]) -> GoldDocument:
    return GoldDocument(id=document.id, text=document.text, meta=document.meta, spans=spans)


def predict(
    nlp: Language, gold: Sequence[GoldDocument], batch_size: int = 16
) -> tuple[list[list[GoldSpan]], list[list[GoldSpan]]]:
    """(pipeline spans, raw model spans) for each gold document's text."""
    pipeline_spans: list[list[GoldSpan]] = []
    baseline_spans: list[list[GoldSpan]] = []
    bulletins = [
        BulletinText(
            id=d.id,
            source_path=f"{d.id}.txt",
            sha256=hashlib.sha256(d.text.encode("utf-8")).hexdigest(),
            text=d.text,
        )
        for d in gold
    ]
    for bulletin, docs in process(nlp, bulletins, batch_size):
        if docs is None:
            raise ExtractionError(f"the pipeline failed on gold document {bulletin.id!r}")
        pipeline_spans.append(prediction_spans(records_from_docs(bulletin, docs)))
        baseline_spans.append(
            [
                GoldSpan(
                    start=offset + e.start_char,
                    end=offset + e.end_char,
                    label=MODEL_LABELS[e.label_],
                    text=bulletin.text[offset + e.start_char : offset + e.end_char],
                )
                for offset, doc in docs
                for e in doc.spans.get(MODEL_KEY, [])  # the raw model's entities, kept by the publish stage
                if e.label_ in MODEL_LABELS
            ]
        )
    return pipeline_spans, baseline_spans


def evaluate(
    nlp: Language, gold: Sequence[GoldDocument], model: str
) -> tuple[EvaluationReport, list[list[GoldSpan]]]:
    """Score the pipeline and the raw model on ``gold``; also return the pipeline's spans."""
    pipeline_spans, baseline_spans = predict(nlp, gold)
    report = EvaluationReport(
        documents=len(gold),
        model=model,
        pipeline=span_scores(gold, pipeline_spans),
        baseline=span_scores(gold, baseline_spans),
        date_values=value_accuracy(gold, pipeline_spans, "DATE", "value"),
        countries=value_accuracy(gold, pipeline_spans, "PLACE", "country"),
        linking=linking_score(gold, pipeline_spans),
    )
    return report, pipeline_spans


class PredictionsTargetError(BulletinsError):
    """A ``--predictions`` path that cannot be written: found before the pipeline runs."""


def check_predictions_target(path: Path) -> None:
    """Refuse a predictions path whose folder is missing or which is a folder itself.

    Checked before the evaluation, so that a typo does not throw away minutes of work.
    """
    folder = path.parent
    if path.is_dir():
        raise PredictionsTargetError(
            f"{path}: is a folder; give the path of a file to write the predictions to, "
            f"such as {path / 'predictions.jsonl'}"
        )
    if not folder.is_dir():
        raise PredictionsTargetError(
            f"{path}: the folder {folder} does not exist; create it first or choose another "
            "path for the predictions"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PredictionsTargetError(
            f"{path}: the folder {folder} cannot be written to; choose another path for the predictions"
        )


def write_predictions(
    path: Path, gold: Sequence[GoldDocument], predicted: Sequence[Sequence[GoldSpan]]
) -> None:
    """Write the predictions in the gold format, one document a line, atomically.

    The file is written beside ``path`` and renamed over it, so that a reader never sees
    half a file, and a failure leaves the previous file as it was.
    """
    lines = [
        canonical_json(as_gold_document(document, list(spans)))
        for document, spans in zip(gold, predicted, strict=True)
    ]
    check_predictions_target(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # os.open, unlike mkstemp, gives the file the permissions the umask says
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write("".join(f"{line}\n" for line in lines))
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise PredictionsTargetError(
            f"{path}: the predictions cannot be written ({error.strerror or error}); choose another path"
        ) from error
