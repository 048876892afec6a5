"""Writing a dataset: canonical JSON Lines, one file per record type, the entities index
(``entities_index.jsonl``: each entity across the bulletins) and a manifest.

Canonical means: UTF-8, keys sorted, no spaces between tokens, one record a line, lines
in a stable order (bulletin id, then offset). The same records always give the same
bytes, so two runs can be compared with ``cmp``.

A new dataset is written whole into a staging folder beside the old one, then swapped
in with one atomic rename (``renameat2(RENAME_EXCHANGE)``): a reader sees the old
dataset or the new one, never a mix, and a run killed at any moment leaves the old one
as it was.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bulletins.dataset.cache import Line, Outcome, outcome_lines
from bulletins.dataset.canonical import canonical, canonical_chunks
from bulletins.dataset.guard import MARKER_FILE, write_marker
from bulletins.dataset.index import EntitiesIndex, Tally
from bulletins.schemas.manifest import Manifest, OutputEntry
from bulletins.schemas.records import ErrorRecord

BULLETINS_FILE = "bulletins.jsonl"
MENTIONS_FILE = "mentions.jsonl"
ENTITIES_FILE = "entities.jsonl"
ERRORS_FILE = "errors.jsonl"
INDEX_FILE = "entities_index.jsonl"
MANIFEST_FILE = "manifest.json"
DATASET_FILES = (BULLETINS_FILE, MENTIONS_FILE, ENTITIES_FILE, ERRORS_FILE, INDEX_FILE, MANIFEST_FILE)
RECORD_FILES = (BULLETINS_FILE, MENTIONS_FILE, ENTITIES_FILE)
_FILE_OF = {"bulletin": BULLETINS_FILE, "mention": MENTIONS_FILE, "entity": ENTITIES_FILE}
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def canonical_json(model: BaseModel) -> str:
    return canonical(model.model_dump(mode="json"))


class DatasetWriter:
    """Writes a dataset file by file as bulletins come, in the order they come (callers
    give them sorted by bulletin id), so that memory does not grow with the corpus."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.streams = {name: (directory / name).open("wb") for name in RECORD_FILES}
        self.hashes = {name: hashlib.sha256() for name in (*RECORD_FILES, ERRORS_FILE, INDEX_FILE)}
        self.counts = dict.fromkeys((*RECORD_FILES, ERRORS_FILE, INDEX_FILE), 0)
        self.problems: list[dict[str, Any]] = []
        self.index = EntitiesIndex()

    def _write(self, name: str, record: dict[str, Any]) -> None:
        stream, digest = self.streams[name], self.hashes[name]
        for chunk in canonical_chunks(record):  # a long text a slice at a time, never whole
            stream.write(chunk)
            digest.update(chunk)
        self.counts[name] += 1

    def add(self, outcome: Outcome) -> None:
        """One bulletin's outcome, as cached: its records and its problems."""
        self.add_lines(outcome_lines(outcome))

    def add_lines(self, lines: Iterable[Line]) -> tuple[str | None, list[ErrorRecord]]:
        """One bulletin's records as they come (a cache entry read line by line), with its
        bulletin id (None: it failed) and its problems. When ``lines`` stops on an error,
        what they wrote is taken back and the error raised: the files stay as they were."""
        marks = {
            name: (stream.tell(), self.hashes[name].copy(), self.counts[name])
            for name, stream in self.streams.items()
        }
        bulletin_id: str | None = None
        problems: list[ErrorRecord] = []
        tally = Tally()
        try:
            for kind, record in lines:
                if kind == "problem":
                    problems.append(record)  # type: ignore[arg-type]
                    continue
                if kind == "bulletin":
                    bulletin_id = record.id  # type: ignore[attr-defined]
                tally.see(kind, record)
                self._write(_FILE_OF[kind], record.model_dump(mode="json"))
        except BaseException:
            for name, (position, digest, count) in marks.items():
                self.streams[name].seek(position)
                self.streams[name].truncate()
                self.hashes[name], self.counts[name] = digest, count
            raise
        self.problems.extend(p.model_dump(mode="json") for p in problems)
        self.index.add(tally)
        return bulletin_id, problems

    def close(self, manifest_without_outputs: Manifest) -> Manifest:
        """Finish every file, then write the manifest that lists their hashes."""
        problems = sorted(self.problems, key=lambda p: (p["source_path"], p["severity"], p["reason"]))
        errors = "".join(canonical(p) + "\n" for p in problems).encode("utf-8")
        self.hashes[ERRORS_FILE].update(errors)
        self.counts[ERRORS_FILE] = len(problems)
        _write(self.directory / ERRORS_FILE, errors)
        index = "".join(canonical_json(entry) + "\n" for entry in self.index.records()).encode("utf-8")
        self.hashes[INDEX_FILE].update(index)
        self.counts[INDEX_FILE] = len(self.index.entries)
        _write(self.directory / INDEX_FILE, index)
        for name, stream in self.streams.items():
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
            os.chmod(self.directory / name, 0o644)
        outputs = [
            OutputEntry(file=name, sha256=self.hashes[name].hexdigest(), records=self.counts[name])
            for name in (*RECORD_FILES, ERRORS_FILE, INDEX_FILE)
        ]
        manifest = manifest_without_outputs.model_copy(update={"outputs": outputs})
        text = json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, indent=2)
        _write(self.directory / MANIFEST_FILE, (text + "\n").encode("utf-8"))
        return manifest


def _write(path: Path, content: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, 0o644)


def staging_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.staging-{os.getpid()}"


def _old_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.old-{os.getpid()}"


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where it is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result != 0:
        errno = ctypes.get_errno()
        if errno in {22, 38, 95}:  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot do it
            return False
        raise OSError(errno, os.strerror(errno), str(first))
    return True


def publish(staging: Path, out: Path, keep: int = 3, run: dict[str, Any] | None = None) -> None:
    """Replace the dataset folder ``out`` by ``staging`` in one step; the old one goes to the
    history (``bulletins.dataset.history``: the ``keep`` most recent are kept, ``run`` is
    what the run log records of this run).

    What a user added to a dataset folder (a README, a .gitignore, a folder of notes) is
    carried over as it is, symbolic links as links; the dataset's own files are replaced.
    """
    from bulletins.dataset import history

    write_marker(staging)
    replaced = history.begin(staging, out, run)
    if out.exists():
        for entry in os.scandir(out):
            target = staging / entry.name
            if entry.name in DATASET_FILES or entry.name == MARKER_FILE or target.exists():
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.copytree(entry.path, target, symlinks=True)
            else:
                shutil.copy2(entry.path, target, follow_symlinks=False)
        if _exchange(staging, out):
            history.keep_previous(staging, out, replaced, keep)
            return
        old = _old_dir(out)
        os.rename(out, old)
        os.rename(staging, out)
        history.keep_previous(old, out, replaced, keep)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, out)


def recover(out: Path, cache_name: str) -> None:
    """Clean what a killed run left beside ``out``: put the old dataset back if it was away,
    and keep the record cache and the history a staging folder had taken (its entries
    stay valid; the history's log lists only the datasets that are there).

    Call it only while holding the dataset's lock: then no live run owns these folders.
    Symbolic links are removed as links, never followed.
    """
    if not out.parent.exists():
        return
    olds = sorted(p for p in out.parent.glob(f".{out.name}.old-*") if not p.is_symlink())
    if not out.exists() and olds:
        os.rename(olds.pop(), out)
    for staging in sorted(out.parent.glob(f".{out.name}.staging-*")):
        if staging.is_symlink():
            staging.unlink()
            continue
        for name in (cache_name, ".history"):
            taken = staging / name
            if taken.is_dir() and not taken.is_symlink() and out.is_dir() and not (out / name).exists():
                os.rename(taken, out / name)
        shutil.rmtree(staging, ignore_errors=True)
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)
