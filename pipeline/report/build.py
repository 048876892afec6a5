"""Reading a dataset for its report, and writing the report where asked."""

from __future__ import annotations

import os
from pathlib import Path

from bulletins.dataset.reader import DatasetError, read_dataset
from bulletins.errors import BulletinsError
from bulletins.report.summary import Summary, summarise


class ReportError(BulletinsError):
    """The report cannot be made or written; the message says why and what to do."""


def read_summary(directory: Path) -> Summary:
    """The summary of the dataset folder ``directory``, read and verified."""
    try:
        return summarise(read_dataset(directory))
    except DatasetError as error:
        raise ReportError(f"{directory} is not a complete dataset: {error}") from error


def check_output(output: Path) -> None:
    """Refuse, before any work, an ``--output`` that cannot be a file."""
    if output.is_dir():
        raise ReportError(f"--output {output} is a folder; give the name of a file, e.g. report.html")
    if not output.parent.is_dir():
        raise ReportError(f"--output {output}: the folder {output.parent} does not exist; create it first")


def write_text(output: Path, text: str) -> None:
    """Write ``text`` to ``output`` under a temporary name, then rename it into place."""
    check_output(output)
    temporary = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, output)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ReportError(
            f"--output {output} cannot be written ({error.strerror or error}); choose a writable place"
        ) from error
