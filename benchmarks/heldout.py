"""How the rules do on names the knowledge base does not know.

    python benchmarks/heldout.py [../shared/gold/dev.jsonl] [--errors] [--tags lexicon]

The dev set is split in two halves (even and odd lines). For each half, every resource
entry (organisation, programme, place, city) whose names occur in that half's gold and
in no document of the other half is removed, as if nobody had read these bulletins; the
half is then scored with that reduced copy of the resources. Country names from CLDR stay.

After the ablation, each name mention (gold or found) is « known » when its text is a
name the reduced resources still list, else « unknown »; precision and recall are given
for each part, per label and over all three name labels. ``--errors`` lists the unknown
names missed and the unknown ones found wrongly.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from bulletins.evaluation.evaluate import evaluate
from bulletins.extraction.nlp import build_nlp
from bulletins.extraction.resources import RESOURCE_DIR, fold, load_resources
from bulletins.schemas.gold import GoldDocument, GoldSpan, read_gold
from bulletins.schemas.settings import DEFAULT_TAGS, Settings

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev.jsonl"
NAME_LABELS = ("ORGANISATION", "PROGRAMME", "PLACE")
PARTS = ("known", "unknown")


def _surfaces(documents: list[GoldDocument]) -> set[str]:
    return {fold(s.text) for d in documents for s in d.spans if s.label in NAME_LABELS}


def _entry_names(entry: dict[str, object]) -> set[str]:
    names: list[str] = []
    for field in ("fr", "en", "de", "it", "nl", "names", "short"):
        names += entry.get(field, [])  # type: ignore[arg-type]
    acronyms = entry.get("acronyms", [])
    if isinstance(acronyms, dict):
        acronyms = [a for values in acronyms.values() for a in values]
    names += acronyms  # type: ignore[arg-type]
    for former in entry.get("former", []):  # type: ignore[attr-defined]
        for field in ("fr", "en", "acronyms"):
            names += former.get(field, [])
    if "name" in entry:
        names.append(entry["name"])  # type: ignore[arg-type]
    return {fold(n) for n in names}


def reduced_resources(folder: Path, seen_only_here: set[str], seen_elsewhere: set[str]) -> int:
    """Copy the resources into ``folder`` without the entries only this half knows (in the
    single files and in the family folders, ``organisations/*.jsonl``)."""
    shutil.copytree(RESOURCE_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    files: dict[Path, list[dict[str, object] | None]] = {}  # None: a blank line
    removed: set[object] = set()  # the ids of the entries left out
    dropped = 0
    for path in sorted(folder.rglob("*.jsonl")):
        entries: list[dict[str, object] | None] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line) if line.strip() else None
            names = _entry_names(entry) if entry else set()
            if (
                entry
                and names & seen_only_here
                and not names & seen_elsewhere
                and entry.get("kind") != "country"
            ):
                removed.add(entry.get("id"))
                dropped += 1
                continue
            entries.append(entry)
        files[path] = entries
    for path, entries in files.items():  # a body whose parent is gone keeps no parent
        kept = [
            None if e is None else {k: v for k, v in e.items() if k != "parent" or v not in removed}
            for e in entries
        ]
        lines = ["" if e is None else json.dumps(e, ensure_ascii=False) for e in kept]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dropped


class Split:
    """Correct, found and gold counts of name mentions, by (label, known or unknown)."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str, str]] = Counter()  # (label, part, what)
        self.missed: list[tuple[str, str, str]] = []  # (document, label, text)
        self.wrong: list[tuple[str, str, str]] = []

    def add(self, document: GoldDocument, found: list[GoldSpan], known: set[str]) -> None:
        def part(span: GoldSpan) -> str:
            return "known" if fold(span.text) in known else "unknown"

        gold = {(s.start, s.end, s.label): s for s in document.spans if s.label in NAME_LABELS}
        predicted = {(s.start, s.end, s.label): s for s in found if s.label in NAME_LABELS}
        for key, span in gold.items():
            self.counts[span.label, part(span), "gold"] += 1
            if key in predicted:
                self.counts[span.label, part(span), "correct"] += 1
            elif part(span) == "unknown":
                self.missed.append((document.id, span.label, span.text))
        for key, span in predicted.items():
            self.counts[span.label, part(span), "found"] += 1
            if key not in gold and part(span) == "unknown":
                self.wrong.append((document.id, span.label, span.text))

    def score(self, labels: tuple[str, ...], part: str) -> tuple[float, float, int]:
        """(precision, recall, gold count) over ``labels`` for one part."""
        correct = sum(self.counts[label, part, "correct"] for label in labels)
        found = sum(self.counts[label, part, "found"] for label in labels)
        gold = sum(self.counts[label, part, "gold"] for label in labels)
        return (correct / found if found else 0.0, correct / gold if gold else 0.0, gold)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--errors", action="store_true", help="list the unknown names missed or wrong")
    parser.add_argument(
        "--tags", choices=["model", "lexicon"], default=DEFAULT_TAGS, help="parts of speech from"
    )
    args = parser.parse_args()
    documents = read_gold(args.gold)
    work = Path(tempfile.mkdtemp(prefix="bulletins-heldout-"))
    split = Split()
    try:
        for half in (0, 1):
            scored = [d for i, d in enumerate(documents) if i % 2 == half]
            other = [d for i, d in enumerate(documents) if i % 2 != half]
            elsewhere = _surfaces(other)
            folder = work / f"resources-{half}"
            dropped = reduced_resources(folder, _surfaces(scored) - elsewhere, elsewhere)
            reduced = load_resources(folder.resolve())
            known = {fold(f.text) for f in reduced.name_forms} | {fold(p.text) for p in reduced.place_forms}
            nlp = build_nlp(Settings(resources=str(folder), tags=args.tags))
            report, found = evaluate(nlp, scored, "fr_core_news_md")
            for document, spans in zip(scored, found, strict=True):
                split.add(document, spans, known)
            labels = ", ".join(f"{label} {score.f1:.3f}" for label, score in report.pipeline.labels.items())
            print(
                f"half {half}: {len(scored)} documents, {dropped} resource entries removed: "
                f"micro F1 {report.pipeline.micro.f1:.3f} ({labels}); linking F1 {report.linking.f1:.3f}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n| label | known P | known R | known n | unknown P | unknown R | unknown n |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, labels in [*((label, (label,)) for label in NAME_LABELS), ("all names", NAME_LABELS)]:
        cells = []
        for part in PARTS:
            precision, recall, gold = split.score(labels, part)
            cells += [f"{precision:.3f}", f"{recall:.3f}", str(gold)]
        print(f"| {name} | {' | '.join(cells)} |")
    if args.errors:
        for title, rows in (("missed", split.missed), ("wrong", split.wrong)):
            print(f"\nunknown names {title}:")
            for document, label, text in rows:
                print(f"  {document}  {label:12} {text!r}")


if __name__ == "__main__":
    main()
