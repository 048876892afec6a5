"""A file a command writes where the user asks (``--output``): checked before the work,
then written under a temporary name and renamed into place, so that a failure never
leaves half a file.

One rule for every such file (reports, diffs, exports): an existing file is replaced only
when this tool wrote it (the file says so: a signature the writer puts in it), or when
the user says ``--force``; a user's own file is never lost.

>>> signature = re.compile(r"^Rapport de bulletins")
>>> bool(has_signature(Path("absent.txt"), (signature,)))
False
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from bulletins.errors import BulletinsError

HEAD_BYTES = 8192  # how much of an existing file is read to recognise it
GENERATOR_META = '<meta name="generator" content="bulletins">'  # in every HTML page we write


def has_signature(path: Path, signatures: Sequence[re.Pattern[str]]) -> bool:
    """True when the beginning of the file ``path`` matches one of ``signatures`` (which
    the writers of this tool put there); False for an unreadable or missing file."""
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return any(signature.search(head) for signature in signatures)


def check_not_foreign(
    output: Path,
    error: type[BulletinsError],
    ours: Callable[[Path], bool],
    force: bool = False,
    option: str = "--output",
    what: str = "a file this tool wrote",
) -> None:
    """Refuse an existing ``output`` that this tool did not write (``ours`` says), unless
    ``force``: « --output notes.html exists and is not a report of this tool; give another
    name, or --force to replace it »."""
    if output.exists() and not force and not ours(output):
        raise error(
            f"{option} {output} exists and is not {what}; give another name, or --force to replace it"
        )


def check_output_file(
    output: Path,
    error: type[BulletinsError],
    option: str = "--output",
    *,
    ours: Callable[[Path], bool] = lambda path: False,
    force: bool = False,
    what: str = "a file this tool wrote",
) -> None:
    """Refuse, before any work, an output that cannot be a file, or that is a file of the
    user's (see ``check_not_foreign``).

    « -o /nowhere/r.json: the folder /nowhere does not exist; create it first »
    """
    if output.is_dir():
        raise error(f"{option} {output} is a folder; give the name of a file to write")
    if not output.parent.is_dir():
        raise error(f"{option} {output}: the folder {output.parent} does not exist; create it first")
    check_not_foreign(output, error, ours, force, option, what)


def write_output_file(output: Path, text: str, error: type[BulletinsError], option: str = "--output") -> None:
    """Write ``text`` to ``output`` under a temporary name, then rename it into place
    (``check_output_file`` said before the work that it may be written)."""
    if output.is_dir():
        raise error(f"{option} {output} is a folder; give the name of a file to write")
    temporary = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, output)
    except OSError as failure:
        temporary.unlink(missing_ok=True)
        raise error(
            f"{option} {output} cannot be written ({failure.strerror or failure}); choose a writable place"
        ) from failure
