"""Canonical JSON: the one way records are turned into bytes, in the dataset and the cache.

Keys sorted, no spaces, non-ASCII characters as themselves. A bulletin's text can be
hundreds of megabytes: ``canonical_parts`` escapes it a slice at a time, so that writing
it never makes a second copy of the whole text (JSON escapes each character on its own,
so the slices give the same bytes as the whole).

The bytes come from ``orjson`` when it can make them (6 to 7 times faster than ``json``):
with sorted keys it writes exactly what ``json.dumps(..., ensure_ascii=False,
sort_keys=True, separators=(",", ":"))`` writes for the records' data (strings, integers,
booleans, None, lists and objects with string keys; records hold no floats). What it
refuses (a lone surrogate, an integer past 64 bits) goes through ``json`` as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - a dependency; json gives the same bytes, slower
    orjson = None  # type: ignore[assignment]

TEXT_SLICE = 1 << 20  # characters escaped at a time


def canonical(data: Any) -> str:
    """One record's JSON data as canonical JSON (no trailing newline).

    >>> canonical({"texte": "Conseil de l’Europe", "début": 3})
    '{"début":3,"texte":"Conseil de l’Europe"}'
    """
    fast = _orjson(data)
    if fast is not None:
        return fast.decode("utf-8")
    return _json(data)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _orjson(data: Any) -> bytes | None:
    """orjson's canonical bytes of ``data``, or None where only ``json`` can write it."""
    if orjson is None:
        return None
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError is one: a lone surrogate, a huge integer
        return None


def _holds_long_text(data: Any) -> bool:
    if isinstance(data, str):
        return len(data) > TEXT_SLICE
    if isinstance(data, dict):
        return any(_holds_long_text(value) for value in data.values())
    return False


def canonical_parts(data: Any) -> Iterator[str]:
    """``canonical(data)`` in parts whose concatenation is the same string.

    >>> record = {"texte": "é" * (TEXT_SLICE + 1), "début": 1}
    >>> "".join(canonical_parts(record)) == canonical(record)
    True
    """
    if not _holds_long_text(data):
        yield canonical(data)
    elif isinstance(data, str):
        yield '"'
        for start in range(0, len(data), TEXT_SLICE):
            yield canonical(data[start : start + TEXT_SLICE])[1:-1]
        yield '"'
    else:
        yield "{"
        for number, key in enumerate(sorted(data)):
            yield ("," if number else "") + canonical(key) + ":"
            yield from canonical_parts(data[key])
        yield "}"


def canonical_chunks(data: Any) -> Iterator[bytes]:
    """The UTF-8 bytes of ``data``'s canonical line (with its newline), in parts."""
    if not _holds_long_text(data) and (fast := _orjson(data)) is not None:
        yield fast + b"\n"
        return
    for part in canonical_parts(data):
        yield part.encode("utf-8")
    yield b"\n"


def canonical_line(data: Any) -> bytes:
    """The UTF-8 bytes of ``data``'s canonical line, newline included, for small records."""
    fast = _orjson(data)
    if fast is not None:
        return fast + b"\n"
    return (_json(data) + "\n").encode("utf-8")
