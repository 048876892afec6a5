"""The record cache of a dataset: one file per bulletin, so that a run only processes new
and changed bulletins, and a killed run resumes where it stopped.

An entry is keyed on the pipeline fingerprint, the bulletin's path in the corpus and the
sha256 of its bytes. It holds the bulletin's records (or none, when it could not be
read or extracted) and the problems met on the way, as the canonical JSON the dataset
files are made of. Entries are written atomically, each as soon as its bulletin is done.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bulletins.schemas.records import BulletinRecords, ErrorRecord

CACHE_DIR = ".cache"


class Outcome(BaseModel):
    """What became of one bulletin: its records, and its errors or warnings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    records: BulletinRecords | None = None
    problems: list[ErrorRecord] = Field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.records is None


def entry_key(fingerprint: str, source_path: str, sha256: str) -> str:
    """The cache key of one bulletin's bytes; a path with bytes that are not UTF-8 (kept as
    surrogates by ``os.fsdecode``) is keyed on those bytes, as ``os.fsencode`` gives them."""
    key = f"{fingerprint}\0{source_path}\0{sha256}".encode("utf-8", "surrogateescape")
    return hashlib.sha256(key).hexdigest()


class RecordCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def load(self, key: str) -> dict[str, Any] | None:
        """The entry as the JSON data it was written from, or None if absent or unreadable."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and "problems" in data else None

    def put(self, key: str, outcome: Outcome) -> None:
        content = json.dumps(outcome.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(content)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def prune(self, keep: set[str]) -> None:
        """Remove the entries of bulletins that left the corpus or changed, and leftovers."""
        for path in self.directory.glob("*/*"):
            if path.suffix == ".tmp" or path.stem not in keep:
                path.unlink(missing_ok=True)
