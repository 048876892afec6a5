"""Canonical JSON through orjson: byte for byte what ``json`` writes, for any records' data."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletins.dataset import canonical as module
from bulletins.dataset.canonical import canonical, canonical_chunks, canonical_line


def _reference(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


_text = st.text(st.characters(blacklist_categories=("Cs",)))  # every character but lone surrogates
_leaves = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _text
_data = st.recursive(_leaves, lambda inner: st.lists(inner) | st.dictionaries(_text, inner), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_data)
def test_orjson_writes_the_bytes_json_writes(data: object) -> None:
    assert module._orjson(data) is not None  # the fast path is the one taken
    assert canonical_line(data) == _reference(data)
    assert b"".join(canonical_chunks(data)) == _reference(data)
    assert canonical(data).encode() + b"\n" == _reference(data)


def test_what_orjson_refuses_goes_through_json() -> None:
    huge = {"n": 2**70, "texte": "Conseil de l’Europe"}
    assert module._orjson(huge) is None
    assert canonical_line(huge) == _reference(huge)


def test_control_characters_and_separators_are_escaped_as_json_does() -> None:
    text = "".join(chr(i) for i in range(0x20)) + '"\\\u2028\u2029\u00a0’\U0001f600\x7f'
    record = {"texte": text, "début": 0, "Étiquette": "LIEU"}
    assert canonical_line(record) == _reference(record)
