"""What reading an input can go wrong with: one error or warning record per file."""

from __future__ import annotations

from bulletins.errors import BulletinsError
from bulletins.schemas.records import ErrorRecord


class BulletinReadError(BulletinsError, ValueError):
    """A file that cannot be a bulletin; ``record`` says why, for errors.jsonl."""

    def __init__(self, record: ErrorRecord, sha256: str | None = None) -> None:
        super().__init__(f"{record.source_path}: {record.detail}")
        self.record = record
        self.sha256 = sha256


def read_error(source_path: str, reason: str, detail: str) -> BulletinReadError:
    """The error that makes ``source_path`` one record of errors.jsonl."""
    return BulletinReadError(
        ErrorRecord(source_path=source_path, severity="error", reason=reason, detail=detail)
    )


def read_warning(source_path: str, reason: str, detail: str) -> ErrorRecord:
    """A warning about how ``source_path`` was read (its bulletin is kept)."""
    return ErrorRecord(source_path=source_path, severity="warning", reason=reason, detail=detail)
