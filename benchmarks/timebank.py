"""The date stage on real French news nobody here wrote: French TimeBank 1.1.

    python benchmarks/timebank.py [../shared/external/fr-timebank/Data]

Each article's ``<DCT>`` is given to the pipeline as the document's date. The pipeline's
DATE mentions are compared with the ``type="DATE"`` TIMEX3 expressions: overlap matching
(one to one), then value accuracy on the matched pairs. TimeML conventions differ from
ours (see the corpus README): it splits an interval into two expressions and keeps
« depuis », « de … à » outside, so a value counts as right when it equals the gold value
or one end of our interval. It also annotates deictic references (« hier », « mardi »,
« ce soir ») that our guidelines leave out; the second line scores the expressions that
hold a digit or a month name, where the guidelines do annotate.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from bulletins.extraction.extract import extract
from bulletins.extraction.nlp import build_nlp
from bulletins.inputs.corpus import BulletinText

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "external" / "fr-timebank" / "Data"
MONTHS = re.compile(
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre", re.I
)
HEIDELTIME = {"overlap_f1": 0.92, "value_accuracy": 0.88}


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    value: str


def read_tml(path: Path) -> tuple[str, str, list[Timex]]:
    """(text, document date, DATE expressions) of one TimeML file."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    document_date = dct.get("value", "") if dct is not None else ""
    body = root.find("TEXT")
    parts: list[str] = []
    found: list[Timex] = []

    def walk(element: ET.Element) -> None:
        start = sum(len(p) for p in parts)
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if element.tag == "TIMEX3" and element.get("type") == "DATE":
            end = sum(len(p) for p in parts)
            text = "".join(parts)[start:end]
            found.append(Timex(start, end, text, element.get("value", "")))

    if body is not None:
        walk(body)
    return "".join(parts), document_date[:10], found


def _value_right(gold: str, ours: str) -> bool:
    return gold == ours or gold in ours.split("/")


def score(pairs: list[tuple[list[Timex], list[tuple[int, int, str]]]]) -> dict[str, float]:
    matched = value_right = n_gold = n_predicted = 0
    for gold, predicted in pairs:
        n_gold += len(gold)
        n_predicted += len(predicted)
        free = list(predicted)
        for timex in gold:
            hit = next((p for p in free if p[0] < timex.end and timex.start < p[1]), None)
            if hit is None:
                continue
            free.remove(hit)
            matched += 1
            value_right += _value_right(timex.value, hit[2])
    precision = matched / n_predicted if n_predicted else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": n_gold,
        "predicted": n_predicted,
        "precision": precision,
        "recall": recall,
        "overlap_f1": f1,
        "value_accuracy": value_right / matched if matched else 0.0,
    }


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    files = sorted(folder.glob("*.tml"))
    articles = [(path.stem, *read_tml(path)) for path in files]
    bulletins = [
        BulletinText(
            id=name, source_path=f"{name}.tml", sha256="0" * 64, text=text, date=dct, date_source="option"
        )
        for name, text, dct, _ in articles
    ]
    nlp = build_nlp()
    predictions = {
        bulletin.id: [(m.start, m.end, m.value or "") for m in records.mentions if m.label == "DATE"]
        for bulletin, records in extract(nlp, bulletins)
        if not isinstance(records, Exception)
    }
    everything = [(gold, predictions[name]) for name, _, _, gold in articles]
    annotated_by_us = [
        ([t for t in gold if re.search(r"\d", t.text) or MONTHS.search(t.text)], predicted)
        for gold, predicted in everything
    ]
    print(f"French TimeBank: {len(articles)} articles ({folder})")
    print(
        f"{'DATE expressions':<44}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'overlap F1':>12}{'value acc':>11}"
    )
    for name, pairs in (("all", everything), ("with a digit or a month name", annotated_by_us)):
        s = score(pairs)
        print(
            f"{name:<44}{s['gold']:>6}{s['predicted']:>6}{s['precision']:>7.3f}{s['recall']:>7.3f}"
            f"{s['overlap_f1']:>12.3f}{s['value_accuracy']:>11.3f}"
        )
    reference = f"overlap F1 {HEIDELTIME['overlap_f1']}, value accuracy {HEIDELTIME['value_accuracy']}"
    print(f"HeidelTime (reference, all): {reference}")


if __name__ == "__main__":
    main()
