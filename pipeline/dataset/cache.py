"""The record cache of a dataset: one file per bulletin, so that a run only processes new
and changed bulletins, and a killed run resumes where it stopped.

An entry is keyed on the pipeline fingerprint, the bulletin's path in the corpus and the
sha256 of its bytes. It holds the bulletin's records (or none, when it could not be
read or extracted) and the problems met on the way, as JSON Lines, one record a line:

    {"header":{"key":"…","version":3}}
    {"bulletin":{…,"text_bytes":N}}       (absent when the bulletin failed)
    N bytes: the bulletin's text in UTF-8, then a newline
    {"mention":{…}}                       (one a line, in text order)
    {"entity":{…}}
    {"problem":{…}}
    {"trailer":{"sha256":"…"}}            (of every line before it)

so that a bulletin of any size is written and read one record at a time, never whole;
the text, the one field that grows with the bulletin, is written in slices and read back
as raw bytes decoded once, never through a JSON string of its own.
Entries are written to a temporary file, then renamed, each as soon as its bulletin is done.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from pydantic import BaseModel, ConfigDict, Field

from bulletins.dataset.canonical import TEXT_SLICE, canonical_line
from bulletins.schemas.bulletin import Bulletin
from bulletins.schemas.records import NAME_LABELS, BulletinRecords, Entity, ErrorRecord, Mention

CACHE_DIR = ".cache"
ENTRY_VERSION = 3
ENTRY_SUFFIX = ".json"  # JSON Lines inside; an entry of an earlier format fails its header


class Outcome(BaseModel):
    """What became of one bulletin: its records, and its errors or warnings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    records: BulletinRecords | None = None
    problems: list[ErrorRecord] = Field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.records is None


Line = tuple[str, BaseModel]  # ("bulletin" | "mention" | "entity" | "problem", the record)


def outcome_lines(outcome: Outcome) -> Iterator[Line]:
    """The records of ``outcome`` in the order of an entry's lines."""
    if outcome.records is not None:
        yield "bulletin", outcome.records.bulletin
        for mention in outcome.records.mentions:
            yield "mention", mention
        for entity in outcome.records.entities:
            yield "entity", entity
    for problem in outcome.problems:
        yield "problem", problem


def entry_key(fingerprint: str, source_path: str, sha256: str) -> str:
    """The cache key of one bulletin's bytes under one pipeline fingerprint; a path with bytes
    that are not UTF-8 (kept as surrogates by ``os.fsdecode``) is keyed on those bytes."""
    key = f"{fingerprint}\0{source_path}\0{sha256}".encode("utf-8", "surrogateescape")
    return hashlib.sha256(key).hexdigest()


_KEY = re.compile(r"[0-9a-f]{64}")


class DamagedEntry(ValueError):
    """A cache entry that is absent or does not check out; its bulletin is extracted again."""


class RecordCheck:
    """The checks of ``BulletinRecords``, one record at a time: every mention is its
    bulletin's text at its offsets, mentions come in order without overlapping, and every
    entity points to mentions. Holds the text and the starts of the names, nothing else."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.previous_end = 0
        self.name_starts = array("q")  # increasing, as mentions come in order

    def bulletin(self, record: Bulletin) -> None:
        if self.text is not None:
            raise ValueError("a second bulletin in one entry")
        self.text = record.text

    def mention(self, record: Mention) -> None:
        if self.text is None:
            raise ValueError("a mention before its bulletin")
        if self.text[record.start : record.end] != record.text:
            raise ValueError(
                f"mention {record.text!r} at {record.start}-{record.end} does not match the text there"
            )
        if record.start < self.previous_end:
            raise ValueError(f"mention at {record.start} overlaps or is out of order")
        self.previous_end = record.end
        if record.label in NAME_LABELS:
            self.name_starts.append(record.start)

    def entity(self, record: Entity) -> None:
        if self.text is None:
            raise ValueError("an entity before its bulletin")
        starts = self.name_starts
        missing = [
            s for s in record.mentions if (i := bisect_left(starts, s)) == len(starts) or starts[i] != s
        ]
        if missing:
            raise ValueError(f"entity {record.key} points to no mention at {missing}")


def _json_line(kind: str, data: Any) -> bytes:
    return canonical_line({kind: data})


def _utf8_length(text: str) -> int:
    """len(text.encode("utf-8")), a slice at a time."""
    return sum(len(text[i : i + TEXT_SLICE].encode("utf-8")) for i in range(0, len(text), TEXT_SLICE))


_MODELS: dict[str, type[BaseModel]] = {
    "bulletin": Bulletin,
    "mention": Mention,
    "entity": Entity,
    "problem": ErrorRecord,
}
_RANK = {"header": 0, "bulletin": 1, "mention": 2, "entity": 3, "problem": 4, "trailer": 5}


class EntryWriter:
    """One entry being written, record by record, into a temporary file that ``commit``
    renames into place; leaving the ``with`` block without ``commit`` drops it. Records
    are checked as they come (``RecordCheck``): a bad one raises ``ValueError``."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        self.temporary = Path(temporary)
        self.stream: IO[bytes] = os.fdopen(handle, "wb")
        self.digest = hashlib.sha256()
        self.check = RecordCheck()
        self.done = False
        self._write("header", {"key": key, "version": ENTRY_VERSION})

    def _write(self, kind: str, data: Any) -> None:
        line = _json_line(kind, data)
        self.stream.write(line)
        self.digest.update(line)

    def bulletin(self, record: Bulletin) -> None:
        self.check.bulletin(record)
        text = record.text
        data = record.model_dump(mode="json", exclude={"text"})
        self._write("bulletin", {**data, "text_bytes": _utf8_length(text)})
        for i in range(0, len(text), TEXT_SLICE):
            self._raw(text[i : i + TEXT_SLICE].encode("utf-8"))
        self._raw(b"\n")

    def _raw(self, data: bytes) -> None:
        self.stream.write(data)
        self.digest.update(data)

    def mention(self, record: Mention) -> None:
        self.check.mention(record)
        self._write("mention", record.model_dump(mode="json"))

    def entity(self, record: Entity) -> None:
        self.check.entity(record)
        self._write("entity", record.model_dump(mode="json"))

    def problem(self, record: ErrorRecord) -> None:
        self._write("problem", record.model_dump(mode="json"))

    def commit(self) -> None:
        self.stream.write(_json_line("trailer", {"sha256": self.digest.hexdigest()}))
        self.stream.close()
        os.replace(self.temporary, self.path)
        self.done = True

    def abort(self) -> None:
        self.stream.close()
        self.temporary.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if not self.done:
            self.abort()


class RecordCache:
    """Entries under ``DIR/.cache/ab/abcd….json`` (see the module's docstring). An entry
    that does not check out (damaged, edited, moved to another key, of another shape) is
    never trusted: ``read`` raises ``DamagedEntry``, ``load`` gives None, and the bulletin
    is extracted again. Nothing is followed through a symbolic link."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}{ENTRY_SUFFIX}"

    def read(self, key: str) -> Iterator[Line]:
        """The entry's records, each validated as it is read; ``DamagedEntry`` as soon as
        something is off, at the latest after the last record (the checksum): a caller
        trusts what it got only once the iteration ended without it."""
        path = self._path(key)
        try:
            if path.is_symlink() or path.parent.is_symlink() or self.directory.is_symlink():
                raise DamagedEntry(f"{path}: a symbolic link")
            stream = path.open("rb")
        except OSError as error:
            raise DamagedEntry(f"{path}: {error.strerror}") from error
        with stream:
            yield from _read_lines(stream, key)

    def load(self, key: str) -> Outcome | None:
        """The whole entry, validated, or None when it is absent or does not check out."""
        records: dict[str, list[Any]] = {kind: [] for kind in _MODELS}
        try:
            for kind, record in self.read(key):
                records[kind].append(record)
            bulletin = records["bulletin"]
            return Outcome(
                records=BulletinRecords(
                    bulletin=bulletin[0], mentions=records["mention"], entities=records["entity"]
                )
                if bulletin
                else None,
                problems=records["problem"],
            )
        except ValueError:
            return None

    def has(self, key: str) -> bool:
        """True when the entry is there and checks out (read through, never held whole)."""
        try:
            for _ in self.read(key):
                pass
        except DamagedEntry:
            return False
        return True

    def entry(self, key: str) -> EntryWriter:
        """A new entry for ``key``, written record by record: ``with cache.entry(key) as e:``,
        then ``e.bulletin(…)``, ``e.mention(…)``…, ``e.commit()``."""
        path = self._path(key)
        _real_directory(self.directory)
        _real_directory(path.parent)
        return EntryWriter(path, key)

    def put(self, key: str, outcome: Outcome) -> None:
        with self.entry(key) as entry:
            for kind, record in outcome_lines(outcome):
                getattr(entry, kind)(record)
            entry.commit()

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
                stale = f".{suffix}" == ENTRY_SUFFIX and _KEY.fullmatch(stem) is not None and stem not in keep
                if leftover or stale:
                    os.unlink(entry.path)
            with contextlib.suppress(OSError):
                os.rmdir(shard.path)  # only when it is empty


def _real_directory(path: Path) -> None:
    """Make ``path`` a real folder: a symbolic link in its place is removed, never followed."""
    if path.is_symlink():
        path.unlink()
    path.mkdir(parents=True, exist_ok=True)


def _read_lines(stream: IO[bytes], key: str) -> Iterator[Line]:
    """The records of an entry's lines (see ``RecordCache.read``)."""
    digest = hashlib.sha256()
    check = RecordCheck()
    previous = "start"
    for line in iter(stream.readline, b""):
        try:
            data = json.loads(line) if line.endswith(b"\n") else None
        except ValueError as error:
            raise DamagedEntry(f"not JSON: {error}") from error
        if not isinstance(data, dict) or len(data) != 1:
            raise DamagedEntry("a line that is not one record, or cut short")
        [(kind, value)] = data.items()
        if not _may_follow(previous, kind):
            raise DamagedEntry(f"a {kind!r} line after a {previous!r} line")
        previous = kind
        if kind == "header":
            if value != {"key": key, "version": ENTRY_VERSION}:
                raise DamagedEntry("the header is of another key or version")
        elif kind == "trailer":
            if value != {"sha256": digest.hexdigest()}:
                raise DamagedEntry("the checksum does not match")
            continue
        else:
            try:
                if kind == "bulletin":
                    digest.update(line)
                    line = b""
                    value = _with_text(value, stream, digest)
                record = _MODELS[kind].model_validate(value)
                if kind != "problem":
                    getattr(check, kind)(record)
            except ValueError as error:
                raise DamagedEntry(f"a bad {kind}: {error}") from error
            digest.update(line)
            yield kind, record
            continue
        digest.update(line)
    if previous != "trailer":
        raise DamagedEntry("no trailer (cut short?)")


def _with_text(value: Any, stream: IO[bytes], digest: Any) -> Any:
    """The bulletin line's data with its text, read from the raw bytes after the line."""
    if (
        not isinstance(value, dict)
        or not isinstance(length := value.pop("text_bytes", None), int)
        or length < 0
    ):
        raise ValueError("a bulletin line without its text's length")
    data = stream.read(length + 1)
    if len(data) != length + 1 or data[-1:] != b"\n":
        raise ValueError("the text is cut short")
    digest.update(data)
    with memoryview(data) as view:
        text = str(view[:length], "utf-8")
    del data
    return {**value, "text": text}


def _may_follow(previous: str, kind: str) -> bool:
    """Lines come header, bulletin, mentions, entities, problems, trailer; the header
    first, the trailer last, a bulletin at most once, mentions and entities after it."""
    if previous == "start" or kind == "header":
        return previous == "start" and kind == "header"
    if previous == "trailer" or kind not in _RANK:
        return False
    if kind in ("mention", "entity") and previous == "header":
        return False
    return _RANK[kind] > _RANK[previous] or (kind == previous and kind in ("mention", "entity", "problem"))
