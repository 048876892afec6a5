"""Datasets for the regression tests, written by the real dataset writer from records built
in Python (no model needed), and a helper to re-hash a dataset edited by a test."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bulletins.dataset.cache import Outcome
from bulletins.dataset.writer import MANIFEST_FILE, DatasetWriter
from bulletins.schemas import SCHEMA_VERSION
from bulletins.schemas.bulletin import Bulletin
from bulletins.schemas.manifest import InputEntry, Manifest, ModelInfo
from bulletins.schemas.records import Entity, Mention, Provenance
from bulletins.schemas.settings import Settings

PROVENANCE = Provenance(stage="test", rule="test")


def mention(
    bulletin_id: str, text: str, start: int, end: int, label: str = "PLACE", **fields: str
) -> Mention:
    """A mention of ``text[start:end]``; DATE mentions get a day granularity."""
    extra: dict[str, object] = dict(fields)
    if label == "DATE":
        extra.setdefault("value", "2019-03-03")
        extra.setdefault("granularity", "day")
    if label in ("ORGANISATION", "PROGRAMME"):
        extra.setdefault("entity", text[start:end])
    if label == "PLACE":
        extra.setdefault("place_kind", "city")
    return Mention(
        bulletin_id=bulletin_id,
        label=label,  # type: ignore[arg-type]
        text=text[start:end],
        start=start,
        end=end,
        sentence=0,
        provenance=PROVENANCE,
        **extra,  # type: ignore[arg-type]
    )


def bulletin(bulletin_id: str, text: str) -> Bulletin:
    return Bulletin(
        id=bulletin_id,
        source_path=f"{bulletin_id}.txt",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=text.split("\n", 1)[0][:80],
        text=text,
    )


def write_dataset(directory: Path, documents: list[tuple[Bulletin, list[Mention]]]) -> Path:
    """A dataset folder of these bulletins and mentions, with the entities of the names."""
    writer = DatasetWriter(directory)
    inputs = []
    for document, mentions in sorted(documents, key=lambda d: d[0].id):
        entities: dict[str, list[Mention]] = {}
        for item in mentions:
            if item.entity is not None:
                entities.setdefault(item.entity, []).append(item)
        records = {
            "bulletin": document.model_dump(mode="json"),
            "mentions": [m.model_dump(mode="json") for m in sorted(mentions, key=lambda m: m.start)],
            "entities": [
                Entity(
                    bulletin_id=document.id,
                    key=key,
                    label=group[0].label,  # type: ignore[arg-type]
                    name=group[0].text,
                    mentions=[m.start for m in group],
                ).model_dump(mode="json")
                for key, group in sorted(entities.items())
            ],
        }
        writer.add(Outcome.model_validate({"records": records, "problems": []}))
        inputs.append(
            InputEntry(
                source_path=document.source_path,
                sha256=document.sha256,
                bulletin_id=document.id,
                outcome="ok",
            )
        )
    manifest = Manifest(
        schema_version=SCHEMA_VERSION,
        pipeline_version="test",
        fingerprint="0" * 64,
        code="0" * 64,
        spacy_version="test",
        model=ModelInfo(name="fr_core_news_md", version="test"),
        resources={},
        versions={},
        settings=Settings(),
        inputs=inputs,
        outputs=[],
    )
    writer.close(manifest)
    return directory


def rehash(directory: Path) -> None:
    """Make the manifest of an edited dataset list its files' new hashes and line counts,
    as a careful forger would: the dataset then verifies, and only its content is wrong."""
    path = directory / MANIFEST_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["outputs"]:
        content = (directory / entry["file"]).read_bytes()
        entry["sha256"] = hashlib.sha256(content).hexdigest()
        entry["records"] = sum(1 for line in content.split(b"\n") if line.strip())
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def edit_lines(path: Path, edit: object) -> None:
    """Rewrite a JSON Lines file, each parsed line passed through ``edit(index, value)``."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]
    edited = [edit(index, value) for index, value in enumerate(lines)]  # type: ignore[operator]
    path.write_text("".join(json.dumps(v, ensure_ascii=False) + "\n" for v in edited), encoding="utf-8")


TEXT = "Le Conseil de l'OTAN s'est réuni à Bruxelles le 3 mars 2019 avec l'UNESCO.\n"


def small_dataset(directory: Path, text: str = TEXT, bulletin_id: str = "b1") -> Path:
    """One bulletin with an organisation, a place and a date."""
    otan = text.index("OTAN")
    place = text.index("Bruxelles")
    date = text.index("3 mars 2019")
    return write_dataset(
        directory,
        [
            (
                bulletin(bulletin_id, text),
                [
                    mention(bulletin_id, text, otan, otan + 4, "ORGANISATION"),
                    mention(bulletin_id, text, place, place + 9),
                    mention(bulletin_id, text, date, date + 11, "DATE"),
                ],
            )
        ],
    )
