"""The size of the knowledge base by family, and the share of gold mentions it knows.

    python benchmarks/knowledge_base.py [../shared/gold/dev.jsonl]

A gold ORGANISATION, PROGRAMME or PLACE mention is « known » when its text, folded (case,
accents, apostrophes), is a name, an acronym or a short form of the resources, or a
country name of CLDR. Prints a Markdown table for the README.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bulletins.extraction.resources import (
    CITIES_FILE,
    PLACES_FILE,
    RESOURCE_DIR,
    WORLD_CITIES_FILE,
    fold,
    kb_paths,
    load_resources,
)
from bulletins.schemas.gold import read_gold

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "dev.jsonl"
LABELS = ("ORGANISATION", "PROGRAMME", "PLACE")


def _lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def main() -> None:
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_GOLD
    resources = load_resources(RESOURCE_DIR)
    print("| family file | label | entries |\n| --- | --- | ---: |")
    for path, label in kb_paths(RESOURCE_DIR):
        print(f"| `{path.relative_to(RESOURCE_DIR).as_posix()}` | {label} | {_lines(path):,} |")
    for name in (PLACES_FILE, CITIES_FILE, WORLD_CITIES_FILE):
        print(f"| `{name}` | PLACE | {_lines(RESOURCE_DIR / name):,} |")
    labels = Counter(e.label for e in resources.entities.values())
    countries = len({p.country for p in resources.place_forms if p.kind == "country"})
    print(
        f"\n{labels['ORGANISATION']:,} organisations, {labels['PROGRAMME']:,} programmes, "
        f"{countries} countries and territories (CLDR), {len(resources.place_forms):,} place names; "
        f"{len(resources.ambiguous)} names shared by several entries"
    )
    known = {fold(f.text) for f in resources.name_forms} | {fold(p.text) for p in resources.place_forms}
    seen: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for document in read_gold(gold):
        for span in document.spans:
            if span.label in LABELS:
                seen[span.label] += 1
                found[span.label] += fold(span.text) in known
    print("\n| gold mentions | known to the knowledge base |\n| --- | ---: |")
    for label in LABELS:
        print(f"| {label} ({seen[label]:,}) | {found[label] / seen[label]:.1%} |")
    total = sum(seen.values())
    print(f"| all ({total:,}) | {sum(found.values()) / total:.1%} |")


if __name__ == "__main__":
    main()
