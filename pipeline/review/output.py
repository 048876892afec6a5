"""Where a report of ``bulletins diff`` goes: checked before the work, written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from bulletins.review.diff import DiffInputError


def check_output(output: Path) -> None:
    """Refuse, before any work, an ``--output`` that cannot be a file.

    « -o /nowhere/r.json: the folder /nowhere does not exist; create it first »
    """
    if output.is_dir():
        raise DiffInputError(f"-o {output} is a folder; give the name of a file to write")
    if not output.parent.is_dir():
        raise DiffInputError(f"-o {output}: the folder {output.parent} does not exist; create it first")


def write_report(output: Path, text: str) -> None:
    """Write ``text`` to ``output`` under a temporary name, then rename it into place."""
    check_output(output)
    temporary = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, output)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise DiffInputError(
            f"-o {output} cannot be written ({error.strerror or error}); choose a writable place"
        ) from error
