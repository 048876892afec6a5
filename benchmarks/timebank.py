"""The date stage on real French news nobody here wrote: French TimeBank 1.1.

    python benchmarks/timebank.py [../shared/external/fr-timebank/Data] [--tags lexicon]

Each article's ``<DCT>`` is given to the pipeline as the document's date. The pipeline's
DATE mentions are compared with ALL the ``type="DATE"`` TIMEX3 expressions, deictic ones
(« hier », « mardi », « aujourd'hui ») included, as HeidelTime is scored: overlap matching
(one to one), then value accuracy on the matched pairs.

TimeML conventions differ from ours (see the corpus README), and the figures say how:

- it keeps « depuis », « de … à » outside and splits an interval into two expressions, so
  a value counts as right when it equals the gold value or one end of our interval; the
  « intervals whole » line also lets one interval of ours match both of its ends;
- it writes seasons ``1999-FA`` where EDTF writes ``1999-23``, and weeks ``1999-W27`` where
  we write the week's days (``1999-07-05/1999-07-11``); each pair is the same value;
- a day with its time of day (« hier soir », « mardi après-midi ») is a ``type="TIME"``
  expression there and a DATE of day precision here: the « TIME not counted » lines leave
  a DATE of ours that overlaps such an expression out of the precision, instead of
  counting it as a false DATE.
"""

from __future__ import annotations

import argparse
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bulletins.extraction.extract import extract
from bulletins.extraction.nlp import build_nlp
from bulletins.inputs.corpus import BulletinText
from bulletins.schemas.settings import DEFAULT_TAGS, Settings

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
    type: str = "DATE"


def read_tml(path: Path) -> tuple[str, str, list[Timex]]:
    """(text, document date, DATE expressions) of one TimeML file."""
    text, document_date, found = read_all_timex(path)
    return text, document_date, [t for t in found if t.type == "DATE"]


def read_all_timex(path: Path) -> tuple[str, str, list[Timex]]:
    """(text, document date, every TIMEX3 expression of the text) of one TimeML file."""
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
        if element.tag == "TIMEX3":
            end = sum(len(p) for p in parts)
            text = "".join(parts)[start:end]
            found.append(Timex(start, end, text, element.get("value", ""), element.get("type", "")))

    if body is not None:
        walk(body)
    return "".join(parts), document_date[:10], found


# TimeML's season codes and EDTF's season numbers: « l'automne 1999 » is 1999-FA or 1999-23.
TIMEML_SEASONS = {"SP": "21", "SU": "22", "FA": "23", "WI": "24"}
# A TIMEX3 of type TIME that names a day with its time of day: « hier soir » (1999-05-20TEV).
DAY_WITH_TIME = re.compile(r"\d{4}-\d\d-\d\dT")


TIMEML_WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d\d)(?P<weekend>-WE)?")


def _edtf_of(timeml: str) -> str:
    """The EDTF value of a TimeML value: ``1999-FA`` is ``1999-23``; ISO week ``1999-W27``
    is its Monday to Sunday, ``1999-07-05/1999-07-11``, and ``-WE`` its Saturday and Sunday."""
    year, _, season = timeml.partition("-")
    if season in TIMEML_SEASONS:
        return f"{year}-{TIMEML_SEASONS[season]}"
    week = TIMEML_WEEK.fullmatch(timeml)
    if week:
        start_day = 6 if week["weekend"] else 1
        first = date.fromisocalendar(int(week["year"]), int(week["week"]), start_day)
        last = date.fromisocalendar(int(week["year"]), int(week["week"]), 7)
        return f"{first.isoformat()}/{last.isoformat()}"
    return timeml


def _value_right(gold: str, ours: str) -> bool:
    gold = _edtf_of(gold)
    return gold == ours or gold in ours.split("/")


Predicted = tuple[int, int, str]


def score(
    pairs: list[tuple[list[Timex], list[Predicted]]],
    *,
    not_counted: list[list[Timex]] | None = None,
    intervals_whole: bool = False,
) -> dict[str, float]:
    """Overlap precision, recall, F1 and value accuracy of ``pairs`` (gold, predicted).

    ``not_counted``: per document, the expressions a prediction may overlap without being
    counted (TIME of a day); ``intervals_whole``: an interval of ours may match several gold
    expressions (its two ends, written apart by TimeML).
    """
    matched = value_right = n_gold = n_predicted = hits = 0
    for index, (gold, predicted) in enumerate(pairs):
        others = not_counted[index] if not_counted else []
        n_gold += len(gold)
        used: set[Predicted] = set()
        for timex in gold:
            overlapping = [p for p in predicted if p[0] < timex.end and timex.start < p[1]]
            free = [p for p in overlapping if p not in used]
            hit = next(iter(free), None)
            if hit is None and intervals_whole:
                hit = next((p for p in overlapping if "/" in p[2]), None)
            if hit is None:
                continue
            used.add(hit)
            matched += 1
            value_right += _value_right(timex.value, hit[2])
        hits += len(used)
        for p in predicted:
            if p in used or not any(p[0] < t.end and t.start < p[1] for t in others):
                n_predicted += 1
    precision = hits / n_predicted if n_predicted else 0.0
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
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--tags", choices=["model", "lexicon"], default=DEFAULT_TAGS, help="parts of speech from"
    )
    args = parser.parse_args()
    folder = args.data
    files = sorted(folder.glob("*.tml"))
    articles = [(path.stem, *read_all_timex(path)) for path in files]
    bulletins = [
        BulletinText(
            id=name, source_path=f"{name}.tml", sha256="0" * 64, text=text, date=dct, date_source="option"
        )
        for name, text, dct, _ in articles
    ]
    nlp = build_nlp(Settings(tags=args.tags))
    predictions = {
        bulletin.id: [(m.start, m.end, m.value or "") for m in records.mentions if m.label == "DATE"]
        for bulletin, records in extract(nlp, bulletins)
        if not isinstance(records, Exception)
    }
    everything = [
        ([t for t in found if t.type == "DATE"], predictions[name]) for name, _, _, found in articles
    ]
    times = [
        [t for t in found if t.type == "TIME" and DAY_WITH_TIME.match(t.value)] for *_, found in articles
    ]
    print(f"French TimeBank: {len(articles)} articles ({folder})")
    print(
        f"{'DATE expressions':<52}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'overlap F1':>12}{'value acc':>11}"
    )
    lines: list[tuple[str, list[list[Timex]] | None, bool]] = [
        ("all, one to one", None, False),
        ("all, TIME of a day not counted", times, False),
        ("all, TIME not counted, intervals whole", times, True),
    ]
    for name, not_counted, whole in lines:
        s = score(everything, not_counted=not_counted, intervals_whole=whole)
        print(
            f"{name:<52}{s['gold']:>6}{s['predicted']:>6}{s['precision']:>7.3f}{s['recall']:>7.3f}"
            f"{s['overlap_f1']:>12.3f}{s['value_accuracy']:>11.3f}"
        )
    reference = f"overlap F1 {HEIDELTIME['overlap_f1']}, value accuracy {HEIDELTIME['value_accuracy']}"
    print(f"HeidelTime (reference, all): {reference}")


if __name__ == "__main__":
    main()
