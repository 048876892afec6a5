"""Writing a dataset: canonical JSON Lines, one file per record type, and a manifest.

Canonical means: UTF-8, keys sorted, no spaces between tokens, one record a line, lines
in a stable order (bulletin id, then offset). The same records always give the same
bytes, so two runs can be compared with ``cmp``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from schemas.manifest import Manifest, OutputEntry
from schemas.records import BulletinRecords, ErrorRecord

BULLETINS_FILE = "bulletins.jsonl"
MENTIONS_FILE = "mentions.jsonl"
ENTITIES_FILE = "entities.jsonl"
ERRORS_FILE = "errors.jsonl"
MANIFEST_FILE = "manifest.json"
DATASET_FILES = (BULLETINS_FILE, MENTIONS_FILE, ENTITIES_FILE, ERRORS_FILE)


def canonical_json(model: BaseModel) -> str:
    """One record as canonical JSON (no trailing newline)."""
    return json.dumps(
        model.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


@dataclass
class Dataset:
    """The records of a run, sorted the same way whatever order they came in."""

    documents: list[BulletinRecords] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)

    def lines(self) -> dict[str, list[str]]:
        documents = sorted(self.documents, key=lambda d: d.bulletin.id)
        return {
            BULLETINS_FILE: [canonical_json(d.bulletin) for d in documents],
            MENTIONS_FILE: [canonical_json(m) for d in documents for m in d.mentions],
            ENTITIES_FILE: [canonical_json(e) for d in documents for e in d.entities],
            ERRORS_FILE: [
                canonical_json(e) for e in sorted(self.errors, key=lambda e: (e.source_path, e.reason))
            ],
        }


def _write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` next to ``path`` and rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a dataset is for reading
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _joined(lines: Iterable[str]) -> bytes:
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def write_dataset(directory: Path, dataset: Dataset, manifest_without_outputs: Manifest) -> Manifest:
    """Write every dataset file and then the manifest that lists their hashes."""
    directory.mkdir(parents=True, exist_ok=True)
    outputs = []
    for name, lines in dataset.lines().items():
        content = _joined(lines)
        _write_atomically(directory / name, content)
        outputs.append(OutputEntry(file=name, sha256=hashlib.sha256(content).hexdigest(), records=len(lines)))
    manifest = manifest_without_outputs.model_copy(update={"outputs": outputs})
    text = json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, indent=2)
    _write_atomically(directory / MANIFEST_FILE, (text + "\n").encode("utf-8"))
    return manifest
