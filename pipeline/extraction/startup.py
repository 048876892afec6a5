"""The start-up cache: what the pipeline builds before its first document, kept on disk.

Loading the knowledge base (validating thousands of lines, folding every name, reading
CLDR's territory names) and sorting the gazetteer's patterns into single words and
multi-word names take seconds at every start. Their results are pickled into a user cache
folder (``$BULLETINS_CACHE_DIR``, else ``$XDG_CACHE_HOME/bulletins``, else
``~/.cache/bulletins``), under a key made of what they depend on: the package version, the
code that builds them, the resource files' hashes and whatever the caller adds (the model's
version for the patterns, which its tokenizer sorts).

- Safe against concurrent writers: an entry is written to a temporary file of its own,
  then renamed into place; two processes that build the same entry write the same value.
- Safe against corrupt files: an entry carries the sha256 of its pickle; an entry that is
  short, damaged or does not unpickle is built again and rewritten.
- A cache folder that cannot be written only costs the time it would have saved.
- ``BULLETINS_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")
CACHE_ENV = "BULLETINS_CACHE_DIR"
_MAGIC = b"bulletins-startup-1\n"
_DIGEST = 32  # bytes of the sha256 after the magic line


def cache_dir() -> Path | None:
    """The user cache folder of the start-up cache, or None when it is turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return None if configured.lower() in {"off", "0", "none"} else Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bulletins" / "startup"


@cache
def _builder_hash() -> str:
    """The package version and the bytes of the code whose results are cached."""
    from bulletins import __version__
    from bulletins.dataset.fingerprint import code_hash

    return hashlib.sha256(f"{__version__}\0{code_hash()}\0{sys.version}".encode()).hexdigest()


def entry_path(kind: str, key: dict[str, Any]) -> Path | None:
    """Where the entry of ``kind`` for ``key`` lives (None: the cache is off)."""
    folder = cache_dir()
    if folder is None:
        return None
    payload = json.dumps({"kind": kind, "code": _builder_hash(), **key}, sort_keys=True, default=str)
    return folder / f"{kind}-{hashlib.sha256(payload.encode()).hexdigest()[:32]}.pickle"


def _read(path: Path) -> Any:
    """The value of an entry; raises ``ValueError`` when the entry is missing or damaged."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ValueError(str(error)) from error
    head = len(_MAGIC) + _DIGEST
    if not data.startswith(_MAGIC) or len(data) < head:
        raise ValueError("not an entry of the start-up cache")
    body = data[head:]
    if hashlib.sha256(body).digest() != data[len(_MAGIC) : head]:
        raise ValueError("the entry's checksum does not match: damaged")
    try:
        return pickle.loads(body)
    except Exception as error:  # a pickle of classes that changed since: build it again
        raise ValueError(f"cannot be read back ({error})") from error


def _write(path: Path, value: Any) -> None:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC + hashlib.sha256(body).digest() + body)
        os.replace(temporary, path)  # atomic: a reader sees the old entry or the whole new one
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cached(kind: str, key: dict[str, Any], build: Callable[[], T]) -> T:
    """``build()``, or what it gave before for the same ``kind``, ``key`` and code.

    >>> cached("exemple", {"mots": 3}, lambda: ["Conseil", "de", "l’Europe"])  # doctest: +SKIP
    ['Conseil', 'de', 'l’Europe']
    """
    path = entry_path(kind, key)
    if path is None:
        return build()
    if path.exists():
        try:
            value: T = _read(path)
            logger.debug("start-up cache: %s from %s", kind, path)
            return value
        except ValueError as problem:
            logger.info("start-up cache: %s is rebuilt (%s)", path, problem)
    value = build()
    try:
        _write(path, value)
    except OSError as problem:  # a read-only or full cache folder: only the time is lost
        logger.info("start-up cache: cannot write %s (%s)", path, problem)
    return value
