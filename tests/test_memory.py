"""Cache entries as JSON Lines, streamed into the dataset; ``verify`` reads files in chunks.
No model: the records are built in Python."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bulletins.dataset import reader
from bulletins.dataset.cache import DamagedEntry, Outcome, RecordCache, outcome_lines
from bulletins.dataset.writer import BULLETINS_FILE, MENTIONS_FILE, DatasetWriter
from bulletins.schemas.records import BulletinRecords, Entity, ErrorRecord
from tests.regressions.datasets import bulletin, mention

TEXT = "L'OTAN s'est réunie à Bruxelles le 4 décembre 2006."
KEY = "ab" + "0" * 62


def _outcome() -> Outcome:
    record = bulletin("b", TEXT)
    mentions = [
        mention("b", TEXT, 2, 6, "ORGANISATION", entity="OTAN"),
        mention("b", TEXT, 22, 31),
        mention("b", TEXT, 35, 50, "DATE"),
    ]
    entity = Entity(bulletin_id="b", key="OTAN", label="ORGANISATION", name="OTAN", mentions=[2])
    warning = ErrorRecord(source_path="b.txt", severity="warning", reason="pieces", detail="2 pieces")
    return Outcome(
        records=BulletinRecords(bulletin=record, mentions=mentions, entities=[entity]), problems=[warning]
    )


def test_an_entry_is_one_record_a_line_and_reads_back_the_same(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / ".cache")
    cache.put(KEY, _outcome())
    lines = (tmp_path / ".cache" / "ab" / f"{KEY}.json").read_bytes().splitlines(keepends=True)
    assert lines[2] == TEXT.encode() + b"\n"  # the text, raw, after its bulletin's line
    assert b'"text_bytes":%d' % len(TEXT.encode()) in lines[1] and b'"text":' not in lines[1]
    assert [line.split(b'"', 2)[1] for line in lines[:2] + lines[3:]] == [
        b"header", b"bulletin", b"mention", b"mention", b"mention", b"entity", b"problem", b"trailer",
    ]  # fmt: skip
    assert (
        lines[-1]
        == f'{{"trailer":{{"sha256":"{hashlib.sha256(b"".join(lines[:-1])).hexdigest()}"}}}}\n'.encode()
    )
    assert cache.load(KEY) == _outcome()
    assert cache.has(KEY)


def test_a_text_with_line_breaks_of_every_kind_reads_back_the_same(tmp_path: Path) -> None:
    text = "Conseil\nde l'Europe\r\n\u2028\u2029\x85 « fin »\n\n"
    outcome = Outcome(records=BulletinRecords(bulletin=bulletin("b", text), mentions=[], entities=[]))
    cache = RecordCache(tmp_path / ".cache")
    cache.put(KEY, outcome)
    assert cache.load(KEY) == outcome


@pytest.mark.parametrize("edit", [(b'"text_bytes":54', b'"text_bytes":53'), (b'"text_bytes":54', b'"text_bytes":"54"'),
                                  (b'"text_bytes":54,', b"")])  # fmt: skip
def test_a_text_of_another_length_than_its_line_says_is_not_trusted(
    tmp_path: Path, edit: tuple[bytes, bytes]
) -> None:
    cache = RecordCache(tmp_path / ".cache")
    cache.put(KEY, _outcome())
    path = tmp_path / ".cache" / "ab" / f"{KEY}.json"
    assert b'"text_bytes":54' in path.read_bytes()
    path.write_bytes(path.read_bytes().replace(*edit))
    assert not cache.has(KEY)
    assert cache.load(KEY) is None


@pytest.mark.parametrize("cut", [1, 2, 3, -1])
def test_an_entry_cut_short_or_with_a_line_missing_is_not_trusted(tmp_path: Path, cut: int) -> None:
    cache = RecordCache(tmp_path / ".cache")
    cache.put(KEY, _outcome())
    path = tmp_path / ".cache" / "ab" / f"{KEY}.json"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:cut] + lines[cut + 1 :]) if cut != -1 else b"".join(lines)[:-5])
    assert not cache.has(KEY)
    assert cache.load(KEY) is None


def test_a_bad_record_is_refused_while_the_entry_is_written(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / ".cache")
    good = _outcome()
    assert good.records is not None
    with cache.entry(KEY) as entry:
        entry.bulletin(good.records.bulletin)
        entry.mention(good.records.mentions[1])
        with pytest.raises(ValueError, match="overlaps or is out of order"):
            entry.mention(good.records.mentions[0])
    assert not cache.has(KEY)
    assert list((tmp_path / ".cache" / "ab").iterdir()) == []  # the temporary file is gone


def test_a_damaged_entry_found_while_writing_the_dataset_leaves_no_line_behind(tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / ".cache")
    cache.put(KEY, _outcome())
    path = tmp_path / ".cache" / "ab" / f"{KEY}.json"
    path.write_bytes(path.read_bytes().replace(b"Bruxelles", b"Bruxellex", 1))
    writer = DatasetWriter(tmp_path / "ds")
    writer.add(Outcome(records=BulletinRecords(bulletin=bulletin("a", "Paris."), mentions=[], entities=[])))
    with pytest.raises(DamagedEntry):
        writer.add_lines(cache.read(KEY))  # the bulletin and mentions came before the checksum
    lost = ErrorRecord(source_path="b.txt", severity="error", reason="cache-lost", detail="lost")
    assert writer.add_lines(outcome_lines(Outcome(problems=[lost]))) == (None, [lost])
    for stream in writer.streams.values():
        stream.close()
    assert (tmp_path / "ds" / BULLETINS_FILE).read_text(encoding="utf-8").count("\n") == 1
    assert (tmp_path / "ds" / MENTIONS_FILE).read_bytes() == b""
    assert writer.counts[BULLETINS_FILE] == 1
    assert writer.hashes[MENTIONS_FILE].hexdigest() == hashlib.sha256(b"").hexdigest()


@pytest.mark.parametrize(
    "content", [b"", b"a\n", b"a\nb", b"\n\n  \nab\n \t\n", b"x" * 10 + b"\n" + b" " * 7]
)
def test_verify_counts_and_hashes_in_chunks_as_it_did_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    monkeypatch.setattr(reader, "HASH_CHUNK", 3)
    path = tmp_path / "f.jsonl"
    path.write_bytes(content)
    whole = sum(1 for line in content.split(b"\n") if line.strip())
    assert reader._hash_and_count(path) == (hashlib.sha256(content).hexdigest(), whole)
