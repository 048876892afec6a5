"""Where a report of ``bulletins diff`` goes: checked before the work, written atomically."""

from __future__ import annotations

import re
from pathlib import Path

from bulletins.dataset.output_file import GENERATOR_META, check_output_file, has_signature, write_output_file
from bulletins.review.diff import DiffInputError

SIGNATURES = (
    re.compile(re.escape(GENERATOR_META)),  # the HTML page
    re.compile(r'\A\{\n  "schema_version": "[^"\n]*",\n  "mode": "(?:datasets|gold)",\n'),  # JSON
    re.compile(r"\A *mentions: (?:old|gold) → new *\n"),  # the text view: its table's title
    re.compile(r"\A(?: [^\n]* \| +\d+ [-+~]*[^\n]*\n| \d+ bulletins? changed, )"),  # --stat
)


def is_diff_report(path: Path) -> bool:
    """True when ``path`` is a report of ``bulletins diff`` (any format), which may be replaced."""
    return has_signature(path, SIGNATURES)


def check_output(output: Path, force: bool = False) -> None:
    """Refuse, before any work, an ``-o`` that cannot be a file, or a file of the user's (not
    a report of this tool) unless ``force``."""
    check_output_file(
        output, DiffInputError, "-o", ours=is_diff_report, force=force, what="a report of this tool"
    )


def write_report(output: Path, text: str) -> None:
    """Write ``text`` to ``output`` under a temporary name, then rename it into place."""
    write_output_file(output, text, DiffInputError, "-o")
