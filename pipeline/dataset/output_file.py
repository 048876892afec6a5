"""A report file a command writes where the user asks (``--output``): checked before the
work, then written under a temporary name and renamed into place, so that a failure
never leaves half a file."""

from __future__ import annotations

import os
from pathlib import Path

from bulletins.errors import BulletinsError


def check_output_file(output: Path, error: type[BulletinsError], option: str = "--output") -> None:
    """Refuse, before any work, an output that cannot be a file.

    « -o /nowhere/r.json: the folder /nowhere does not exist; create it first »
    """
    if output.is_dir():
        raise error(f"{option} {output} is a folder; give the name of a file to write")
    if not output.parent.is_dir():
        raise error(f"{option} {output}: the folder {output.parent} does not exist; create it first")


def write_output_file(output: Path, text: str, error: type[BulletinsError], option: str = "--output") -> None:
    """Write ``text`` to ``output`` under a temporary name, then rename it into place."""
    check_output_file(output, error, option)
    temporary = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, output)
    except OSError as failure:
        temporary.unlink(missing_ok=True)
        raise error(
            f"{option} {output} cannot be written ({failure.strerror or failure}); choose a writable place"
        ) from failure
