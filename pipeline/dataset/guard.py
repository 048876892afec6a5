"""What a run checks before it touches a dataset folder, and the lock it holds while it does.

- A dataset folder is marked as ours by ``MARKER_FILE``, written into every dataset (older
  datasets are recognised by their manifest). ``run`` refuses any other non-empty folder:
  ``--out ~`` or ``--out CORPUS`` must never lose a file.
- One run at a time per dataset: an exclusive ``flock`` on a lock file beside the folder
  (beside, not inside, since the folder itself is swapped when a dataset is published).
- Nothing is followed through a symbolic link inside a dataset.

All of it is checked before the model is loaded, so a wrong target costs nothing.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bulletins.errors import BulletinsError

MARKER_FILE = ".bulletins-dataset"
MARKER_TEXT = (
    "This folder is a dataset written by the bulletins command.\n"
    "`bulletins run` replaces its files: keep your own files elsewhere.\n"
)
_MANIFEST = "manifest.json"
_SHOWN = 5


class DatasetFolderError(BulletinsError):
    """An output folder that a run must not write into; nothing was touched."""


class DatasetLockedError(BulletinsError):
    """Another run is writing the same dataset."""


def _entries(folder: Path) -> list[str]:
    try:
        return sorted(entry.name for entry in os.scandir(folder))
    except OSError as error:
        raise DatasetFolderError(
            f"{folder} cannot be read ({error.strerror}); check its permissions"
        ) from error


def _has_our_manifest(folder: Path) -> bool:
    """An older dataset, written before the marker file: its manifest names our schema."""
    path = folder / _MANIFEST
    if path.is_symlink() or not path.is_file():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"schema_version", "fingerprint", "inputs", "outputs"} <= data.keys()


def is_dataset(folder: Path) -> bool:
    """True when ``folder`` is a dataset written by this tool."""
    marker = folder / MARKER_FILE
    return (marker.is_file() and not marker.is_symlink()) or _has_our_manifest(folder)


def resolve_out(out: Path) -> Path:
    """The real, absolute dataset folder ``out`` names: ``.``, ``..`` and a symbolic link to a
    dataset are followed once here, so that the swap replaces the real folder."""
    return Path(os.path.realpath(out))


def check_out(out: Path, corpus: Path | None = None) -> None:
    """Refuse an output folder that is not ours, before anything is read or loaded.

    Accepted: a folder that does not exist yet (its parent must be writable), an empty
    folder, or a dataset written by this tool.
    """
    if corpus is not None:
        real_corpus = Path(os.path.realpath(corpus))
        if out == real_corpus or real_corpus.is_relative_to(out):
            raise DatasetFolderError(
                f"--out {out} is the corpus folder or holds it: the dataset must go to a folder of its "
                "own, e.g. --out outputs"
            )
    if not out.exists():
        parent = out.parent
        if not parent.is_dir():
            raise DatasetFolderError(f"--out {out}: the folder {parent} does not exist; create it first")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise DatasetFolderError(f"--out {out}: cannot create a folder in {parent} (not writable)")
        return
    if not out.is_dir():
        raise DatasetFolderError(f"--out {out} is a file, not a folder: give a folder for the dataset")
    if not os.access(out.parent, os.W_OK | os.X_OK) or not os.access(out, os.W_OK | os.X_OK):
        raise DatasetFolderError(
            f"--out {out}: the folder or its parent is not writable (a read-only file system?)"
        )
    entries = _entries(out)
    if not entries:
        return
    if not is_dataset(out):
        shown = ", ".join(entries[:_SHOWN]) + (", …" if len(entries) > _SHOWN else "")
        raise DatasetFolderError(
            f"--out {out} is not empty and is not a dataset written by bulletins (it holds {shown}); "
            "nothing was touched. Give a new or empty folder, or the folder of an earlier dataset."
        )
    for name in entries:
        mode = os.lstat(out / name).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
            raise DatasetFolderError(
                f"--out {out} holds {name}, which is neither a file nor a folder (a pipe or a device); "
                "move it away first"
            )


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def _locked_descriptor(path: Path, out: Path) -> int:
    """An open descriptor of the lock file, holding its exclusive lock.

    The file is removed when a run ends, so a run that opened it just before may hold a
    lock on a file no longer there: it checks, after locking, that the path is still the
    file it locked, and tries again if not.
    """
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as error:
            raise DatasetFolderError(f"cannot create the lock file {path}: {error.strerror}") from error
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "another process"
            os.close(descriptor)
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise DatasetFolderError(f"cannot lock {path}: {error.strerror}") from error
            raise DatasetLockedError(
                f"another run (pid {holder}) is writing {out}; wait for it to finish, then run again"
            ) from error
        try:
            same = os.stat(path, follow_symlinks=False).st_ino == os.fstat(descriptor).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return descriptor
        os.close(descriptor)  # the run that held it removed it meanwhile: take the new one


@contextmanager
def dataset_lock(out: Path) -> Iterator[None]:
    """Hold the dataset's exclusive lock; another run on the same folder is refused at once.

    The lock file (beside the folder) is removed when the run ends, so nothing is left
    beside a dataset.
    """
    path = lock_path(out)
    descriptor = _locked_descriptor(path, out)
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # while still holding the lock: see _locked_descriptor
        os.close(descriptor)


def write_marker(folder: Path) -> None:
    (folder / MARKER_FILE).write_text(MARKER_TEXT, encoding="utf-8")


def check_shrink(previous_inputs: int, current_inputs: int, allow_shrink: bool) -> None:
    """Refuse an empty corpus, or one that lost more than half of its bulletins since the
    last run (an unmounted share, a mistyped path), unless ``allow_shrink``."""
    if allow_shrink:
        return
    if current_inputs == 0:
        raise DatasetFolderError(
            "the corpus folder holds no bulletin: nothing was changed. If it is really empty now, "
            "run again with --allow-shrink"
        )
    if previous_inputs and current_inputs * 2 < previous_inputs:
        raise DatasetFolderError(
            f"the corpus holds {current_inputs} bulletin(s), against {previous_inputs} at the last run: "
            "more than half are gone (an unmounted folder?). Nothing was changed; if this is meant, "
            "run again with --allow-shrink"
        )
