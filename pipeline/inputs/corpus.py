"""Reading bulletins from a corpus folder: bytes in, text or a clear error out.

A bulletin is a ``.txt`` file; its id is its path inside the corpus without the suffix
(``nato/2019/armenie``). UTF-8 is expected; another encoding is detected (charset-normalizer)
and decoded, and HTML is stripped to its text, each with a warning that says so. A sidecar
``NAME.meta.json`` may give the document's date when the text states none:
``{"date": "2019-10-24"}``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bulletins.errors import BulletinsError
from bulletins.inputs.formats.html import html_to_text, looks_like_html
from bulletins.schemas.records import ErrorRecord

BULLETIN_SUFFIXES = (".txt",)
SIDECAR_SUFFIX = ".meta.json"
_CONTROL_BYTES = set(range(0, 9)) | {11, 12} | set(range(14, 32))
_BINARY_SHARE = 0.05


class BulletinMeta(BaseModel):
    """What a sidecar file may say about its bulletin."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class BulletinText:
    """A bulletin read and decoded, ready for the pipeline."""

    id: str
    source_path: str
    sha256: str
    text: str
    date: str | None = None  # the document's date when a sidecar or the command line gives it
    date_source: str | None = None  # "sidecar" or "option"
    warnings: tuple[ErrorRecord, ...] = ()  # what was done to read it (encoding, HTML)


class BulletinReadError(BulletinsError, ValueError):
    """A file that cannot be a bulletin; ``record`` says why, for errors.jsonl."""

    def __init__(self, record: ErrorRecord, sha256: str | None = None) -> None:
        super().__init__(f"{record.source_path}: {record.detail}")
        self.record = record
        self.sha256 = sha256


def list_corpus(root: Path) -> list[Path]:
    """The bulletin files under ``root``, in a stable order (sorted relative paths)."""
    files = [
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix in BULLETIN_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _error(source_path: str, reason: str, detail: str) -> BulletinReadError:
    return BulletinReadError(
        ErrorRecord(source_path=source_path, severity="error", reason=reason, detail=detail)
    )


def _warning(source_path: str, reason: str, detail: str) -> ErrorRecord:
    return ErrorRecord(source_path=source_path, severity="warning", reason=reason, detail=detail)


def _decode(data: bytes, source_path: str) -> tuple[str, list[ErrorRecord]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), [
            _warning(source_path, "encoding", "decoded as UTF-16 (byte order mark)")
        ]
    if b"\x00" in data:
        raise _error(source_path, "binary", "the file holds NUL bytes: it is binary, not a text bulletin")
    if sum(byte in _CONTROL_BYTES for byte in data[:4096]) > _BINARY_SHARE * min(len(data), 4096):
        raise _error(source_path, "binary", "the file is mostly control bytes: it is not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        guess = charset_normalizer.from_bytes(data).best()
        if guess is None or guess.encoding is None:
            raise _error(
                source_path,
                "not-utf8",
                f"the file is not UTF-8 (byte {error.start} cannot be decoded) and its encoding "
                f"cannot be recognised; re-save it as UTF-8",
            ) from error
        detail = f"not UTF-8 (byte {error.start}); decoded as {guess.encoding}: check its accents"
        return str(guess), [_warning(source_path, "encoding", detail)]


def decode_bulletin(data: bytes, source_path: str) -> str:
    """The text of a bulletin file, or a ``BulletinReadError`` that says what is wrong."""
    return read_text(data, source_path)[0]


def read_text(data: bytes, source_path: str) -> tuple[str, list[ErrorRecord]]:
    """(text, warnings) of a bulletin file's bytes; a ``BulletinReadError`` when it has no text."""
    if not data:
        raise _error(source_path, "empty", "the file is empty: there is no text to extract from")
    text, warnings = _decode(data, source_path)
    if looks_like_html(text):
        text = html_to_text(text)
        warnings.append(_warning(source_path, "html", "the file is HTML: its markup was stripped"))
    if not text.strip():
        raise _error(source_path, "whitespace-only", "the file holds only white space")
    return text, warnings


def _sidecar_date(path: Path, source_path: str) -> str | None:
    sidecar = path.with_name(path.name.removesuffix(path.suffix) + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return None
    try:
        return BulletinMeta.model_validate(json.loads(sidecar.read_text(encoding="utf-8"))).date
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as error:
        raise _error(source_path, "bad-sidecar", f"{sidecar.name} is not valid: {error}") from error


def bulletin_id(relative: str) -> str:
    """``nato/armenie.txt`` → ``nato/armenie``."""
    for suffix in BULLETIN_SUFFIXES:
        if relative.endswith(suffix):
            return relative[: -len(suffix)]
    return relative


def read_bulletin(path: Path, root: Path | None = None) -> BulletinText:
    """Read one bulletin file; ``root`` makes its id relative to the corpus folder."""
    relative = path.relative_to(root).as_posix() if root else path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _error(relative, "unreadable", f"the file cannot be read: {error.strerror}") from error
    digest = hashlib.sha256(data).hexdigest()
    try:
        text, warnings = read_text(data, relative)
        date = _sidecar_date(path, relative)
    except BulletinReadError as error:
        error.sha256 = digest
        raise
    return BulletinText(
        id=bulletin_id(relative),
        source_path=relative,
        sha256=digest,
        text=text,
        date=date,
        date_source="sidecar" if date else None,
        warnings=tuple(warnings),
    )


def read_corpus(root: Path) -> Iterator[BulletinText | BulletinReadError]:
    """Every bulletin of the corpus, or the error that says why it cannot be read."""
    for path in list_corpus(root):
        try:
            yield read_bulletin(path, root)
        except BulletinReadError as error:
            yield error
