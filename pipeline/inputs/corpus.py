"""A corpus folder: listing its bulletins, their ids and sidecars, reading each one.

A bulletin is a ``.txt`` file; its id is its path inside the corpus without the suffix
(``nato/2019/armenie``). Its bytes are decoded by ``formats.text`` (UTF-8 expected; byte
order marks, UTF-16/32 and other encodings handled there) and HTML is stripped by
``formats.html``, each with a warning that says so. A sidecar ``NAME.meta.json`` may give
the document's date when the text states none: ``{"date": "2019-10-24"}``.

Every problem with one file is a ``BulletinReadError`` whose record names that file, so
that a batch goes on with the others.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bulletins.inputs.formats import html as html_format
from bulletins.inputs.formats import text as text_format
from bulletins.inputs.problems import BulletinReadError, read_error
from bulletins.schemas.records import ErrorRecord

__all__ = [
    "BULLETIN_SUFFIXES",
    "SIDECAR_SUFFIX",
    "BulletinMeta",
    "BulletinReadError",
    "BulletinText",
    "bulletin_from_bytes",
    "bulletin_id",
    "check_date",
    "decode_bulletin",
    "list_corpus",
    "printable_name",
    "read_bulletin",
    "read_input",
    "read_text",
    "sidecar_of",
    "source_path_of",
]

BULLETIN_SUFFIXES = (".txt",)
SIDECAR_SUFFIX = ".meta.json"
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def check_date(value: str) -> str:
    """``value`` when it is a day, month or year of the calendar, else a ``ValueError``.

    >>> check_date("2019-02-30")
    Traceback (most recent call last):
    ValueError: '2019-02-30' is not a calendar date (day is out of range for month); ...
    """
    if not _DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date like 2019-10-24, 2019-10 or 2019")
    parts = [int(part) for part in value.split("-")]
    year, month, day = [*parts, 1, 1][:3]
    try:
        datetime.date(year, month, day)
    except ValueError as error:
        raise ValueError(
            f"{value!r} is not a calendar date ({error}); give a real one like 2019-10-24, 2019-10 or 2019"
        ) from None
    return value


class BulletinMeta(BaseModel):
    """What a sidecar file (or the ``--date`` option) may say about its bulletin."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: str | None = None

    @field_validator("date")
    @classmethod
    def _calendar_date(cls, value: str | None) -> str | None:
        return None if value is None else check_date(value)


@dataclass(frozen=True)
class BulletinText:
    """A bulletin read and decoded, ready for the pipeline.

    ``sha256`` is the hash of exactly the bytes that were decoded into ``text``.
    """

    id: str
    source_path: str
    sha256: str
    text: str
    date: str | None = None  # the document's date when a sidecar or the command line gives it
    date_source: str | None = None  # "sidecar" or "option"
    warnings: tuple[ErrorRecord, ...] = ()  # what was done to read it (encoding, HTML)

    @property
    def imposed_date(self) -> str | None:
        """The date given on the command line: it is the document's date, whatever the text says."""
        return self.date if self.date_source != "sidecar" else None

    @property
    def fallback_date(self) -> str | None:
        """The sidecar's date: the document's date only when the text states none."""
        return self.date if self.date_source == "sidecar" else None


def list_corpus(root: Path) -> list[Path]:
    """The bulletin files under ``root``, in a stable order (sorted relative paths).

    Symbolic links whose target is missing are listed too, so that reading them gives an
    error record instead of silence; hidden files and folders are left out.
    """
    files = [
        p
        for p in root.rglob("*")
        if p.suffix in BULLETIN_SUFFIXES
        and (p.is_file() or (p.is_symlink() and not p.exists()))
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def printable_name(name: str) -> str:
    """A file name as text that can be written anywhere: bytes that are not UTF-8 read ``\\xff``.

    >>> printable_name("bad\\udcff.txt")
    'bad\\\\xff.txt'
    """
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def source_path_of(path: Path, root: Path | None = None) -> str:
    """The path of a bulletin in its corpus (its name alone without ``root``), as printable text.

    This is the ``source_path`` of its records and errors: use it, not ``relative_to``, for
    cache keys and manifests, so that a name with bytes that are not UTF-8 can be written.
    """
    return printable_name(path.relative_to(root).as_posix() if root else path.name)


def bulletin_id(relative: str) -> str:
    """``nato/armenie.txt`` → ``nato/armenie``."""
    for suffix in BULLETIN_SUFFIXES:
        if relative.endswith(suffix):
            return relative[: -len(suffix)]
    return relative


def sidecar_of(path: Path) -> Path:
    """``nato/armenie.txt`` → ``nato/armenie.meta.json``."""
    return path.with_name(path.name.removesuffix(path.suffix) + SIDECAR_SUFFIX)


def read_text(data: bytes, source_path: str) -> tuple[str, list[ErrorRecord]]:
    """(text, warnings) of a bulletin file's bytes; a ``BulletinReadError`` when it has no text."""
    if not data:
        raise read_error(source_path, "empty", "the file is empty: there is no text to extract from")
    decoded = text_format.read(data, source_path)
    stripped = html_format.read(decoded.text, source_path)
    if not stripped.text.strip():
        raise read_error(source_path, "whitespace-only", "the file holds only white space")
    return stripped.text, [*decoded.warnings, *stripped.warnings]


def decode_bulletin(data: bytes, source_path: str) -> str:
    """The text of a bulletin file, or a ``BulletinReadError`` that says what is wrong."""
    return read_text(data, source_path)[0]


def _sidecar_date(path: Path, source_path: str) -> str | None:
    sidecar = sidecar_of(path)
    name = printable_name(sidecar.name)
    try:
        raw = sidecar.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:  # no file can have that name: there is no sidecar
            return None
        detail = f"{name} cannot be read: {error.strerror or error}; fix it or remove it"
        raise read_error(source_path, "bad-sidecar", detail) from error
    try:
        meta = BulletinMeta.model_validate(json.loads(raw.decode("utf-8-sig")))
    except UnicodeDecodeError as error:
        detail = f"{name} is not UTF-8 (byte {error.start}); re-save it as UTF-8"
        raise read_error(source_path, "bad-sidecar", detail) from error
    except json.JSONDecodeError as error:
        detail = f'{name} is not valid JSON ({error}); write {{"date": "2019-10-24"}}'
        raise read_error(source_path, "bad-sidecar", detail) from error
    except ValidationError as error:
        reasons = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or 'the file'}: {e['msg']}" for e in error.errors()
        )
        detail = f'{name} is not valid: {reasons}; write {{"date": "2019-10-24"}}'
        raise read_error(source_path, "bad-sidecar", detail) from error
    return meta.date


def _unreadable(path: Path, source_path: str, error: OSError) -> BulletinReadError:
    if error.errno == errno.ELOOP:
        detail = "a symbolic link that leads back to itself (a loop); fix the link or remove it"
    elif path.is_symlink() and not path.exists():
        target = printable_name(os.readlink(path))
        detail = f"a symbolic link whose target does not exist: {target}; fix the link or remove it"
    else:
        cause = error.strerror or str(error)
        code = errno.errorcode.get(error.errno or 0, "")
        detail = (
            f"the file cannot be read: {cause}{f' ({code})' if code else ''}; check that it is a "
            f"regular file you may read (and that nothing else is writing it), then run again"
        )
    return read_error(source_path, "unreadable", detail)


def read_input(path: Path, root: Path | None = None) -> bytes:
    """The bytes of a bulletin file, or a ``BulletinReadError`` (``unreadable``) with the OS error."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise _unreadable(path, source_path_of(path, root), error) from error


def bulletin_from_bytes(data: bytes, path: Path, root: Path | None = None) -> BulletinText:
    """The bulletin of bytes already read from ``path`` (its sidecar is read now).

    The bytes a caller hashed are the bytes decoded: ``sha256`` is theirs. A
    ``BulletinReadError`` carries that hash too.
    """
    source_path = source_path_of(path, root)
    digest = hashlib.sha256(data).hexdigest()
    try:
        text, warnings = read_text(data, source_path)
        date = _sidecar_date(path, source_path)
    except BulletinReadError as error:
        error.sha256 = digest
        raise
    return BulletinText(
        id=bulletin_id(source_path),
        source_path=source_path,
        sha256=digest,
        text=text,
        date=date,
        date_source="sidecar" if date else None,
        warnings=tuple(warnings),
    )


def read_bulletin(path: Path, root: Path | None = None) -> BulletinText:
    """Read one bulletin file; ``root`` makes its id relative to the corpus folder."""
    return bulletin_from_bytes(read_input(path, root), path, root)
