"""Reading bulletins: decoding, names, sidecars, and the errors that say what to do."""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

import pytest

from bulletins.dataset.cache import entry_key
from bulletins.inputs.corpus import (
    BulletinMeta,
    BulletinReadError,
    bulletin_from_bytes,
    list_corpus,
    read_bulletin,
    read_input,
    read_text,
    source_path_of,
)

TEXT = "Le Conseil de l'OTAN, réuni à Bruxelles le 3 mars 2019."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-16"), "UTF-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16"),
        (TEXT.encode("utf-32"), "UTF-32"),
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "UTF-32"),
    ],
)
def test_byte_order_marks_are_honoured_utf32_first(data: bytes, encoding: str) -> None:
    text, warnings = read_text(data, "a.txt")
    assert text == TEXT
    assert [w.detail for w in warnings] == [f"decoded as {encoding} (byte order mark)"]


@pytest.mark.parametrize(
    ("data", "reason", "detail"),
    [
        (b"\xff\xfeA\x00B", "bad-encoding", "cut in the middle of a character"),
        (b"\xff\xfe\x00\x00\xff\xff\xff\xff", "bad-encoding", "bytes 4 to 7 are not UTF-32"),
        (TEXT.encode("utf-16-be"), "bad-encoding", "UTF-16 (big-endian) text without a byte order mark"),
        (TEXT.encode("utf-32-le"), "bad-encoding", "UTF-32 (little-endian) text without a byte order mark"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary", "NUL bytes"),
    ],
)
def test_undecodable_bytes_are_read_errors(data: bytes, reason: str, detail: str) -> None:
    with pytest.raises(BulletinReadError) as caught:
        read_text(data, "a.txt")
    assert caught.value.record.reason == reason and detail in caught.value.record.detail


def test_the_hash_is_the_hash_of_the_bytes_given(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("autre chose", encoding="utf-8")  # the file changed after it was read
    data = TEXT.encode()
    bulletin = bulletin_from_bytes(data, path, tmp_path)
    assert bulletin.text == TEXT and bulletin.sha256 == hashlib.sha256(data).hexdigest()
    with pytest.raises(BulletinReadError) as caught:
        bulletin_from_bytes(b"", path, tmp_path)
    assert caught.value.sha256 == hashlib.sha256(b"").hexdigest()


def test_names_that_are_not_utf8_are_printable_and_keyed(tmp_path: Path) -> None:
    path = tmp_path / os.fsdecode(b"sub/bad\xff.txt")
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    assert source_path_of(path, tmp_path) == "sub/bad\\xff.txt"
    assert read_bulletin(path, tmp_path).id == "sub/bad\\xff"
    raw = path.relative_to(tmp_path).as_posix()
    assert entry_key("f", raw, "0") != entry_key("f", "sub/bad\\xff.txt", "0")
    assert entry_key("f", "é.txt", "0") == hashlib.sha256("f\0é.txt\x000".encode()).hexdigest()


def test_dangling_links_are_listed_and_say_so(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    assert [p.name for p in list_corpus(tmp_path)] == ["a.txt", "dangling.txt", "loop.txt"]
    for name, detail in (("dangling.txt", "target does not exist"), ("loop.txt", "a loop")):
        with pytest.raises(BulletinReadError) as caught:
            read_input(tmp_path / name, tmp_path)
        assert caught.value.record.reason == "unreadable" and detail in caught.value.record.detail


def test_sidecars_bom_long_names_and_bad_dates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_bytes(codecs.BOM_UTF8 + b'{"date": "2019-10"}')
    assert read_bulletin(tmp_path / "a.txt").fallback_date == "2019-10"
    long = tmp_path / ("L" * 251 + ".txt")
    long.write_text(TEXT, encoding="utf-8")
    assert read_bulletin(long).date is None
    (tmp_path / "a.meta.json").write_text('{"date": "2019-02-29"}', encoding="utf-8")
    with pytest.raises(BulletinReadError, match=r"a\.meta\.json is not valid: date: .*not a calendar date"):
        read_bulletin(tmp_path / "a.txt")


@pytest.mark.parametrize("date", ["2019-02-30", "2019-13-01", "0000-01-01", "2019-00", "0000", "24/10/2019"])
def test_only_calendar_dates_are_valid(date: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        BulletinMeta(date=date)


@pytest.mark.parametrize("date", ["2020-02-29", "2019-12", "2019", None])
def test_calendar_dates_are_valid(date: str | None) -> None:
    assert BulletinMeta(date=date).date == date
