"""The start-up cache: what the pipeline builds before its first document, kept on disk.

Loading the knowledge base (validating thousands of lines, folding every name, reading
CLDR's territory names) and sorting the gazetteer's patterns into single words and
multi-word names take seconds at every start. Their results are pickled into a user cache
folder (``$BULLETINS_CACHE_DIR``, else ``$XDG_CACHE_HOME/bulletins``, else
``~/.cache/bulletins``), under a key made of what they depend on: the package version, the
code that builds them, the resource files' hashes and whatever the caller adds (the model's
version for the patterns, which its tokenizer sorts). The long regular expressions of the
model's tokenizer are kept there too, compiled (``cached_regex_compilation``).

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    import bulletins.extraction
    import bulletins.schemas
    from bulletins import __version__

    digest = hashlib.sha256(f"{__version__}\0{sys.version}".encode())
    for package in (bulletins.extraction, bulletins.schemas):
        for root in map(Path, package.__path__):
            for path in sorted(root.rglob("*.py")):
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


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


KEPT_PER_KIND = 6  # entries of one kind kept: older ones are of code or resources gone since


def _prune(folder: Path, kind: str, newest: Path) -> None:
    """Remove all but the ``KEPT_PER_KIND`` most recent entries of ``kind``."""
    entries = []
    for entry in folder.glob(f"{kind}-*.pickle"):
        try:
            entries.append((entry.stat().st_mtime, entry))
        except OSError:  # removed by another process meanwhile
            continue
    entries.sort(reverse=True)
    for _, old in entries[KEPT_PER_KIND:]:
        if old != newest:
            old.unlink(missing_ok=True)


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
        _prune(path.parent, kind, path)
    except OSError as problem:  # a read-only or full cache folder: only the time is lost
        logger.info("start-up cache: cannot write %s (%s)", path, problem)
    return value


# -- Compiled regular expressions ---------------------------------------------------------
#
# Most of spaCy's French model load is one regular expression: the tokenizer's
# ``token_match``, 1.4 million characters of hyphenated words (« après-midi »…), which
# Python's ``re`` compiles in pure Python at every start (over half of ``spacy.load``).
# What ``re`` compiles it into (the code list handed to ``_sre.compile``) depends only on
# the pattern, its flags and the interpreter: it is kept in the start-up cache, and the
# pattern object is made from it directly. Same pattern object, same matches.

LONG_PATTERN = 100_000  # characters: shorter patterns compile fast enough
_SRE_VERSIONS = {(3, 11), (3, 12)}  # the re internals below are those of these versions


def _compile_parts(pattern: str, flags: int) -> tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` for ``pattern``."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    plain = [int(op) for op in code]  # opcodes are int subclasses that do not pickle
    return flags | parsed.state.flags, plain, parsed.state.groups - 1, groupindex, tuple(indexgroup)


@contextmanager
def cached_regex_compilation() -> Iterator[None]:
    """Within this block, a long regular expression compiled by ``re`` comes from the
    start-up cache (built and stored at its first compilation)."""
    import _sre  # type: ignore[import-not-found]
    from re import _compiler  # type: ignore[attr-defined]

    if sys.version_info[:2] not in _SRE_VERSIONS or cache_dir() is None:
        yield
        return
    original = _compiler.compile

    def compile(p: Any, flags: int = 0) -> Any:
        if not isinstance(p, str) or len(p) < LONG_PATTERN or flags & _compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        key = {
            "pattern": hashlib.sha256(p.encode("utf-8", "surrogatepass")).hexdigest(),
            "flags": flags,
            "sre": _sre.MAGIC,
        }
        try:
            parts = cached("regex", key, lambda: _compile_parts(p, flags))
            return _sre.compile(p, *parts)
        except Exception as problem:  # anything unexpected: compile as re would
            logger.info("start-up cache: regex compiled afresh (%s)", problem)
            return original(p, flags)

    _compiler.compile = compile
    try:
        yield
    finally:
        _compiler.compile = original
