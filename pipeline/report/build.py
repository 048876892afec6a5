"""Reading a dataset for its report, and writing the report where asked."""

from __future__ import annotations

from pathlib import Path

from bulletins.dataset.output_file import check_output_file, write_output_file
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
    check_output_file(output, ReportError)


def write_text(output: Path, text: str) -> None:
    """Write ``text`` to ``output`` under a temporary name, then rename it into place."""
    write_output_file(output, text, ReportError)
