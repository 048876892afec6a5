"""Writing a dataset: canonical JSON Lines, one file per record type, and a manifest.

Canonical means: UTF-8, keys sorted, no spaces between tokens, one record a line, lines
in a stable order (bulletin id, then offset). The same records always give the same
bytes, so two runs can be compared with ``cmp``.

A new dataset is written whole into a staging folder beside the old one, then swapped
in with one atomic rename (``renameat2(RENAME_EXCHANGE)``): a reader sees the old
dataset or the new one, never a mix, and a run killed at any moment leaves the old one
as it was.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas.manifest import Manifest, OutputEntry

BULLETINS_FILE = "bulletins.jsonl"
MENTIONS_FILE = "mentions.jsonl"
ENTITIES_FILE = "entities.jsonl"
ERRORS_FILE = "errors.jsonl"
MANIFEST_FILE = "manifest.json"
DATASET_FILES = (BULLETINS_FILE, MENTIONS_FILE, ENTITIES_FILE, ERRORS_FILE, MANIFEST_FILE)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def canonical(data: Any) -> str:
    """One record's JSON data as canonical JSON (no trailing newline)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(model: BaseModel) -> str:
    return canonical(model.model_dump(mode="json"))


def dataset_lines(outcomes: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """The lines of each dataset file, from the outcomes (cache entries) of the bulletins."""
    ordered = sorted(outcomes, key=lambda o: _sort_key(o))
    documents = [o["records"] for o in ordered if o.get("records")]
    problems = sorted(
        (p for o in ordered for p in o["problems"]),
        key=lambda p: (p["source_path"], p["severity"], p["reason"]),
    )
    return {
        BULLETINS_FILE: [canonical(d["bulletin"]) for d in documents],
        MENTIONS_FILE: [canonical(m) for d in documents for m in d["mentions"]],
        ENTITIES_FILE: [canonical(e) for d in documents for e in d["entities"]],
        ERRORS_FILE: [canonical(p) for p in problems],
    }


def _sort_key(outcome: dict[str, Any]) -> tuple[str, str]:
    records = outcome.get("records")
    if records:
        return records["bulletin"]["id"], records["bulletin"]["source_path"]
    return "", outcome["problems"][0]["source_path"] if outcome["problems"] else ""


def _joined(lines: Iterable[str]) -> bytes:
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def _write(path: Path, content: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, 0o644)


def write_files(directory: Path, lines: dict[str, list[str]], manifest_without_outputs: Manifest) -> Manifest:
    """Write the dataset files into ``directory`` (a staging folder), the manifest last."""
    directory.mkdir(parents=True, exist_ok=True)
    outputs = []
    for name, file_lines in lines.items():
        content = _joined(file_lines)
        _write(directory / name, content)
        outputs.append(
            OutputEntry(file=name, sha256=hashlib.sha256(content).hexdigest(), records=len(file_lines))
        )
    manifest = manifest_without_outputs.model_copy(update={"outputs": outputs})
    text = json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, indent=2)
    _write(directory / MANIFEST_FILE, (text + "\n").encode("utf-8"))
    return manifest


def staging_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.staging-{os.getpid()}"


def _old_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.old-{os.getpid()}"


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where it is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result != 0:
        errno = ctypes.get_errno()
        if errno in {22, 38, 95}:  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot do it
            return False
        raise OSError(errno, os.strerror(errno), str(first))
    return True


def publish(staging: Path, out: Path) -> None:
    """Replace the dataset folder ``out`` by ``staging`` in one step, then drop the old one.

    Files of ``out`` that are not part of a dataset (a README, a .gitignore) are kept.
    """
    if out.exists():
        for path in out.iterdir():
            if path.name not in DATASET_FILES and not (staging / path.name).exists() and path.is_file():
                shutil.copy2(path, staging / path.name)
        if _exchange(staging, out):
            shutil.rmtree(staging)
            return
        old = _old_dir(out)
        os.rename(out, old)
        os.rename(staging, out)
        shutil.rmtree(old)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, out)


def recover(out: Path, cache_name: str) -> None:
    """Clean what a killed run left beside ``out``: put the old dataset back if it was away,
    and keep the record cache a staging folder had taken (its entries stay valid)."""
    if not out.parent.exists():
        return
    olds = sorted(out.parent.glob(f".{out.name}.old-*"))
    if not out.exists() and olds:
        os.rename(olds.pop(), out)
    for staging in sorted(out.parent.glob(f".{out.name}.staging-*")):
        cache = staging / cache_name
        if cache.is_dir() and out.is_dir() and not (out / cache_name).exists():
            os.rename(cache, out / cache_name)
        shutil.rmtree(staging, ignore_errors=True)
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)


def verify(out: Path) -> Manifest:
    """Read a dataset's manifest and check every file against it; a ValueError says what is off."""
    manifest = Manifest.model_validate_json((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    for entry in manifest.outputs:
        content = (out / entry.file).read_bytes()
        if hashlib.sha256(content).hexdigest() != entry.sha256:
            raise ValueError(f"{out / entry.file} does not match its manifest entry")
    return manifest
