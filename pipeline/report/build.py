"""Reading a dataset for its report, and writing the report where asked."""

from __future__ import annotations

import re
from pathlib import Path

from bulletins.dataset.output_file import GENERATOR_META, check_output_file, has_signature, write_output_file
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


SIGNATURES = (
    re.compile(re.escape(GENERATOR_META)),  # the HTML page
    re.compile(r"\A.+: \d+ bulletins \(\d+ inputs: [^\n]*\)\n\nBy source:\n"),  # the text summary
)


def is_report(path: Path) -> bool:
    """True when ``path`` is a report this tool wrote (HTML or text), which may be replaced."""
    return has_signature(path, SIGNATURES)


def check_output(output: Path, force: bool = False) -> None:
    """Refuse, before any work, an ``--output`` that cannot be a file, or a file of the
    user's (not a report of this tool) unless ``force``."""
    check_output_file(output, ReportError, ours=is_report, force=force, what="a report of this tool")


def write_text(output: Path, text: str) -> None:
    """Write ``text`` to ``output`` under a temporary name, then rename it into place."""
    write_output_file(output, text, ReportError)
