"""Where a report of ``bulletins diff`` goes: checked before the work, written atomically."""

from __future__ import annotations

from pathlib import Path

from bulletins.dataset.output_file import check_output_file, write_output_file
from bulletins.review.diff import DiffInputError


def check_output(output: Path) -> None:
    """Refuse, before any work, an ``--output`` that cannot be a file."""
    check_output_file(output, DiffInputError, "-o")


def write_report(output: Path, text: str) -> None:
    """Write ``text`` to ``output`` under a temporary name, then rename it into place."""
    write_output_file(output, text, DiffInputError, "-o")
