"""The record cache of a dataset: one file per bulletin, so that a run only processes new
and changed bulletins, and a killed run resumes where it stopped.

An entry is keyed on the pipeline fingerprint, the bulletin's path in the corpus and the
sha256 of its bytes. It holds the bulletin's records (or none, when it could not be
read or extracted) and the problems met on the way, as the canonical JSON the dataset
files are made of. Entries are written atomically, each as soon as its bulletin is done.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

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
    """The cache key of one bulletin's bytes under one pipeline fingerprint; a path with bytes
    that are not UTF-8 (kept as surrogates by ``os.fsdecode``) is keyed on those bytes."""
    key = f"{fingerprint}\0{source_path}\0{sha256}".encode("utf-8", "surrogateescape")
    return hashlib.sha256(key).hexdigest()


_KEY = re.compile(r"[0-9a-f]{64}")


class RecordCache:
    """Entries under ``DIR/.cache/ab/abcd….json``: a first line with the key and the sha256
    of the second line, the outcome's JSON. An entry that does not check out (damaged,
    edited, moved to another key, of another shape) is never trusted: ``load`` gives None
    and the bulletin is extracted again. Nothing is followed through a symbolic link."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def load(self, key: str) -> Outcome | None:
        """The entry, validated, or None when it is absent or does not check out."""
        path = self._path(key)
        try:
            if path.is_symlink() or path.parent.is_symlink() or self.directory.is_symlink():
                return None
            content = path.read_bytes()
        except OSError:
            return None
        head, _, body = content.partition(b"\n")
        if head != f"{key} {hashlib.sha256(body).hexdigest()}".encode():
            return None
        try:
            return Outcome.model_validate_json(body)
        except ValueError:
            return None

    def has(self, key: str) -> bool:
        """True when the entry is there and checks out."""
        return self.load(key) is not None

    def put(self, key: str, outcome: Outcome) -> None:
        body = json.dumps(outcome.model_dump(mode="json"), ensure_ascii=False, sort_keys=True).encode()
        content = f"{key} {hashlib.sha256(body).hexdigest()}\n".encode() + body
        path = self._path(key)
        _real_directory(self.directory)
        _real_directory(path.parent)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def prune(self, keep: set[str]) -> None:
        """Remove the entries of bulletins that left the corpus or changed, and leftovers.

        Only this cache's own files are removed: a symbolic link found inside is unlinked
        (never followed), and files of other shapes are left alone.
        """
        if self.directory.is_symlink() or not self.directory.is_dir():
            return
        for shard in os.scandir(self.directory):
            if shard.is_symlink():
                os.unlink(shard.path)
                continue
            if not shard.is_dir(follow_symlinks=False) or len(shard.name) != 2:
                continue
            for entry in os.scandir(shard.path):
                if entry.is_symlink():
                    os.unlink(entry.path)
                    continue
                if not entry.is_file(follow_symlinks=False):
                    continue
                stem, _, suffix = entry.name.partition(".")
                leftover = entry.name.endswith(".tmp")
                stale = suffix == "json" and _KEY.fullmatch(stem) is not None and stem not in keep
                if leftover or stale:
                    os.unlink(entry.path)
            with contextlib.suppress(OSError):
                os.rmdir(shard.path)  # only when it is empty


def _real_directory(path: Path) -> None:
    """Make ``path`` a real folder: a symbolic link in its place is removed, never followed."""
    if path.is_symlink():
        path.unlink()
    path.mkdir(parents=True, exist_ok=True)
