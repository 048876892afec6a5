"""The model's stages window by window on long texts: the same mentions as on the whole doc,
with windows cut at paragraph ends."""

from __future__ import annotations

import hashlib
from itertools import pairwise

import pytest
from spacy.language import Language

from bulletins.extraction import extract as extract_module
from bulletins.extraction import windows
from bulletins.inputs.corpus import BulletinText
from tests.conftest import ROOT

SAMPLE = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
LONG = (SAMPLE * 3)[:60_000]


def _bulletin(text: str) -> BulletinText:
    return BulletinText(
        id="long", source_path="long.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), text=text
    )


def _mentions(nlp: Language, text: str) -> list[tuple[object, ...]]:
    [(_, records)] = list(extract_module.extract(nlp, [_bulletin(text)]))
    assert not isinstance(records, Exception), records
    return [(m.start, m.end, m.label, m.entity, m.value, m.country, m.place_kind) for m in records.mentions]


def test_windows_give_the_mentions_of_the_whole_doc(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    assert windows.needs_windows(LONG)
    by_windows = _mentions(nlp, LONG)
    monkeypatch.setattr(windows, "MODEL_WINDOW", 10**9)  # the model's stages on the whole piece
    assert not windows.needs_windows(LONG)
    assert by_windows == _mentions(nlp, LONG)
    assert len(by_windows) > 1000


def test_windows_cover_the_doc_and_end_at_paragraphs(nlp: Language) -> None:
    doc = nlp.make_doc(LONG)
    bounds = windows.window_bounds(doc)
    assert len(bounds) >= 3
    assert bounds[0][0] == 0 and bounds[-1][1] == len(doc)
    assert all(end == start for (_, end), (start, _) in pairwise(bounds))
    for start, end in bounds:
        span = doc[start:end]
        assert span.end_char - span.start_char <= windows.MODEL_WINDOW + 200
        assert not doc[start].is_space
    for _, end in bounds[:-1]:
        assert "\n\n" in doc[start:end].text[-10:] or any(
            "\n\n" in t.text_with_ws for t in doc[end - 3 : end]
        )
