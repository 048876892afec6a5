"""Reading bulletins: decoding, names, sidecars, and the errors that say what to do."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
from pathlib import Path

import pytest

from bulletins.dataset.cache import entry_key
from bulletins.inputs.corpus import (
    BulletinMeta,
    BulletinReadError,
    bulletin_from_bytes,
    bulletin_id,
    check_language,
    list_corpus,
    read_bulletin,
    read_input,
    read_text,
    source_path_of,
    survey_corpus,
)
from tests.conftest import ROOT

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


ENGLISH = (
    "The North Atlantic Council met in Brussels on Monday with the Prime Minister of Japan to "
    "discuss cooperation on cyber defence and maritime security in the Indo-Pacific region. "
) * 3


def test_listing_takes_every_format_in_any_case_and_counts_what_it_skips(tmp_path: Path) -> None:
    for name in ("a.txt", "B.TXT", "c.Html", "d.htm", "e.PDF", "notes.docx", "readme", "a.meta.json"):
        (tmp_path / name).write_text(TEXT, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    for name in ("config", "HEAD"):
        (tmp_path / ".git" / name).write_text("x", encoding="utf-8")
    (tmp_path / ".brouillon.txt").write_text(TEXT, encoding="utf-8")
    listing = survey_corpus(tmp_path)
    assert [p.name for p in listing.files] == ["B.TXT", "a.txt", "c.Html", "d.htm", "e.PDF"]
    assert listing.formats == {"text": 2, "html": 2, "pdf": 1}
    assert listing.skipped == {"hidden": 2, "sidecar": 1, "unknown suffix": 2}
    assert listing.summary() == (
        "5 file(s) found: 2 html, 1 pdf, 2 text; 5 skipped: 2 hidden, 1 sidecar, 2 unknown suffix (.docx, no suffix)"
    )
    assert [bulletin_id(p.name) for p in listing.files] == ["B", "a", "c", "d", "e"]


def test_a_sidecar_gives_the_provenance_the_file_does_not(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    meta = {"url": "https://www.nato.int/cps/fr/natohq/news_1.htm", "source": "OTAN", "title": "Réunion",
            "date": "2019-03-03", "language": "FR"}  # fmt: skip
    (tmp_path / "a.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    bulletin = read_bulletin(tmp_path / "a.txt", tmp_path)
    assert (bulletin.url, bulletin.site, bulletin.title, bulletin.language) == (
        meta["url"], "OTAN", "Réunion", "fr"
    )  # fmt: skip
    assert (bulletin.fallback_date, bulletin.date_source, bulletin.published) == (
        "2019-03-03",
        "sidecar",
        None,
    )


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        ('{"url": "www.nato.int"}', "url: 'www.nato.int' is not a web address: give it whole, like https://"),
        (
            '{"author": "X"}',
            "author: not a sidecar field (a sidecar may give url, source, title, date, language)",
        ),
        ('{"source": 12}', "source: must be a string in quotes"),
        ('{"title": ""}', "title: must be one line of text"),
        (
            '{"language": "français"}',
            "language: 'français' is not a language code: give two letters, like fr",
        ),
        ('["2019-10-24"]', "the file: must be one JSON object, like {"),
    ],
)
def test_a_bad_sidecar_says_what_is_wrong(tmp_path: Path, content: str, detail: str) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(BulletinReadError) as caught:
        read_bulletin(tmp_path / "a.txt", tmp_path)
    record = caught.value.record
    assert record.reason == "bad-sidecar" and record.detail.startswith("a.meta.json is not valid: ")
    assert (
        detail in record.detail
        and "validation error" not in record.detail
        and "pydantic" not in record.detail
    )


def test_a_text_in_another_language_is_refused_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    bulletin = read_bulletin(tmp_path / "en.txt", tmp_path)
    assert bulletin.language == "en"
    with pytest.raises(BulletinReadError) as caught:
        check_language(bulletin)
    record = caught.value.record
    assert record.reason == "not-french" and record.detail.startswith("the text is in English (en; ")
    assert "pass --languages fr,en" in record.detail and caught.value.sha256 == bulletin.sha256
    check_language(bulletin, ("fr", "en"))
    (tmp_path / "en.meta.json").write_text('{"language": "fr"}', encoding="utf-8")
    said = read_bulletin(tmp_path / "en.txt", tmp_path)
    assert (said.language, said.language_probability) == ("fr", None)
    check_language(said)  # the sidecar is believed
    (tmp_path / "court.txt").write_text("NATO Summit, Vilnius.", encoding="utf-8")
    short = read_bulletin(tmp_path / "court.txt", tmp_path)
    assert short.language is None
    check_language(short)  # too short to tell: never refused


def test_the_language_detector_raises_no_false_alarm_on_the_dev_bulletins(shared: Path) -> None:
    paths = sorted((shared / "corpus").glob("*.txt"))
    assert len(paths) == 33
    for path in paths:
        bulletin = read_bulletin(path, shared / "corpus")
        assert bulletin.language == "fr", path.name
        check_language(bulletin)
    assert {read_bulletin(p).language for p in (ROOT / "corpus").iterdir()} == {"fr"}


def test_each_format_is_one_module_of_the_formats_package() -> None:
    from bulletins.inputs import formats

    assert [(f.NAME, f.SUFFIXES) for f in formats.formats()] == [
        ("pdf", (".pdf",)),
        ("html", (".html", ".htm")),
        ("text", (".txt",)),
    ]
    assert formats.format_of_suffix("Rapport.PDF") is formats.formats()[0]
    assert formats.format_of_suffix("notes.docx") is None
