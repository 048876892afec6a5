"""C1: a bulletin of several pieces kept every piece's Doc, then every mention, until its
end (5 MB: 5.8 GB, 50 MB never finished). Now each piece's doc becomes records at once
and dies, the records stream into the cache entry, and a bulletin has a time limit."""

from __future__ import annotations

import json
import weakref
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from bulletins.dataset.cache import Outcome
from bulletins.dataset.writer import DatasetWriter
from bulletins.extraction import extract as extract_module
from bulletins.extraction.extract import ExtractionError, extract, pieces_warning
from bulletins.inputs.corpus import read_bulletin
from bulletins.running.batch import run_corpus
from bulletins.schemas.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ("bulletins.jsonl", "mentions.jsonl", "entities.jsonl")


def _sample(size: int) -> str:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    return ((text + "\n\n") * (size // len(text) + 1))[:size]


class _Live:
    """The most docs and mentions of each bulletin alive at once (weak references)."""

    def __init__(self) -> None:
        self.docs: dict[str, weakref.WeakSet[Any]] = defaultdict(weakref.WeakSet)
        self.mentions: dict[str, weakref.WeakSet[Any]] = defaultdict(weakref.WeakSet)
        self.peak_docs: dict[str, int] = defaultdict(int)
        self.peak_mentions: dict[str, int] = defaultdict(int)

    def watch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        make_doc, mention = extract_module.make_doc, extract_module._mention

        def watched_doc(nlp: Language, bulletin: Any) -> Any:
            doc = make_doc(nlp, bulletin)
            self.docs[bulletin.id].add(doc)
            self.peak_docs[bulletin.id] = max(self.peak_docs[bulletin.id], len(self.docs[bulletin.id]))
            return doc

        def watched_mention(bulletin: Any, *args: Any) -> Any:
            made = mention(bulletin, *args)
            live = self.mentions[bulletin.id]
            live.add(made)
            self.peak_mentions[bulletin.id] = max(self.peak_mentions[bulletin.id], len(live))
            return made

        monkeypatch.setattr(extract_module, "make_doc", watched_doc)
        monkeypatch.setattr(extract_module, "_mention", watched_mention)


def test_a_bulletin_of_40_pieces_streams_with_bounded_memory_and_the_same_bytes(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract_module, "PIECE_CHARS", 2_000)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "p20.txt").write_text(_sample(40_000), encoding="utf-8")
    (corpus / "p40.txt").write_text(_sample(80_000), encoding="utf-8")
    (corpus / "short.txt").write_text(_sample(1_500), encoding="utf-8")
    live = _Live()
    live.watch(monkeypatch)
    out = tmp_path / "out"
    run_corpus(corpus, out, Settings())
    assert len(extract_module.piece_bounds(_sample(80_000))) >= 40
    # one doc alive at a time, and the mentions held do not grow with the pieces
    assert 1 <= live.peak_docs["p20"] <= 2 and 1 <= live.peak_docs["p40"] <= 2
    mentions = [
        json.loads(line) for line in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    total = sum(1 for m in mentions if m["bulletin_id"] == "p40")
    assert total > 1_000
    assert 0 < live.peak_mentions["p40"] <= live.peak_mentions["p20"] * 1.5 + 10 < total / 5

    # the same bytes as the bulletins extracted whole in memory (offsets exact)
    reference = tmp_path / "reference"
    writer = DatasetWriter(reference)
    bulletins = [read_bulletin(corpus / name, corpus) for name in ("p20.txt", "p40.txt", "short.txt")]
    for bulletin, records in extract(nlp, bulletins):
        assert not isinstance(records, ExtractionError)
        warning = pieces_warning(bulletin)
        writer.add(Outcome(records=records, problems=[warning] if warning else []))
    for stream in writer.streams.values():
        stream.close()
    for name in RECORDS:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    text = json.loads((out / "bulletins.jsonl").read_text(encoding="utf-8").splitlines()[1])["text"]
    assert all(text[m["start"] : m["end"]] == m["text"] for m in mentions if m["bulletin_id"] == "p40")


def test_a_bulletin_past_its_time_limit_is_an_error_and_the_batch_goes_on(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract_module, "PIECE_CHARS", 2_000)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "big.txt").write_text(_sample(7_000), encoding="utf-8")
    (corpus / "small.txt").write_text(_sample(1_500), encoding="utf-8")
    out = tmp_path / "out"
    summary = run_corpus(corpus, out, Settings(), time_limit=0.000_001)
    assert summary.failed == 1
    [problem] = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (problem["source_path"], problem["severity"], problem["reason"]) == (
        "big.txt",
        "error",
        "time-limit",
    )
    count = len(extract_module.piece_bounds(_sample(7_000)))
    assert count > 1
    assert problem["detail"] == (
        f"big.txt took more than 1e-06 s (1 of {count} pieces done); split the file into smaller files and run again"
    )
    ids = [
        json.loads(line)["id"] for line in (out / "bulletins.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert ids == ["small"]
    # with the default limit the same bulletin goes through
    assert run_corpus(corpus, out, Settings(), rebuild=True).failed == 0
