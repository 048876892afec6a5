"""How the rules do on names the knowledge base does not know.

    python benchmarks/heldout.py [../shared/gold/dev.jsonl]

The dev set is split in two halves (even and odd lines). For each half, every resource
entry (organisation, programme, place, city) whose names occur in that half's gold and
in no document of the other half is removed, as if nobody had read these bulletins; the
half is then scored with that reduced copy of the resources. Country names from CLDR stay.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from bulletins.evaluation.evaluate import evaluate
from bulletins.extraction.nlp import build_nlp
from bulletins.extraction.resources import RESOURCE_DIR, fold
from bulletins.schemas.gold import GoldDocument, read_gold
from bulletins.schemas.settings import Settings

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev.jsonl"
NAME_LABELS = {"ORGANISATION", "PROGRAMME", "PLACE"}


def _surfaces(documents: list[GoldDocument]) -> set[str]:
    return {fold(s.text) for d in documents for s in d.spans if s.label in NAME_LABELS}


def _entry_names(entry: dict[str, object]) -> set[str]:
    names: list[str] = []
    for field in ("fr", "en", "acronyms", "names"):
        names += entry.get(field, [])  # type: ignore[arg-type]
    if "name" in entry:
        names.append(entry["name"])  # type: ignore[arg-type]
    return {fold(n) for n in names}


def reduced_resources(folder: Path, seen_only_here: set[str], seen_elsewhere: set[str]) -> int:
    """Copy the resources into ``folder`` without the entries only this half knows."""
    shutil.copytree(RESOURCE_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    dropped = 0
    for name in ("organisations.jsonl", "programmes.jsonl", "places.jsonl", "cities.jsonl"):
        kept = []
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            names = _entry_names(entry)
            if names & seen_only_here and not names & seen_elsewhere and entry.get("kind") != "country":
                dropped += 1
                continue
            kept.append(line)
        (folder / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return dropped


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_GOLD
    documents = read_gold(path)
    work = Path(tempfile.mkdtemp(prefix="bulletins-heldout-"))
    try:
        for half in (0, 1):
            scored = [d for i, d in enumerate(documents) if i % 2 == half]
            other = [d for i, d in enumerate(documents) if i % 2 != half]
            elsewhere = _surfaces(other)
            folder = work / f"resources-{half}"
            dropped = reduced_resources(folder, _surfaces(scored) - elsewhere, elsewhere)
            nlp = build_nlp(Settings(resources=str(folder)))
            report, _ = evaluate(nlp, scored, "fr_core_news_md")
            labels = ", ".join(f"{label} {score.f1:.3f}" for label, score in report.pipeline.labels.items())
            print(
                f"half {half}: {len(scored)} documents, {dropped} resource entries removed: "
                f"micro F1 {report.pipeline.micro.f1:.3f} ({labels}); linking F1 {report.linking.f1:.3f}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
