"""Bytes to text: byte order marks, UTF-16 and UTF-32, other encodings detected.

UTF-8 is expected. A UTF-32 or UTF-16 byte order mark is honoured (UTF-32 is tried first:
its little-endian mark ``FF FE 00 00`` starts with the UTF-16 one). Another encoding is
detected (charset-normalizer) and decoded with a warning. Anything that cannot be decoded
is a ``BulletinReadError`` that says what to do, never a ``UnicodeDecodeError``.

>>> read("Réunion".encode("utf-16"), "a.txt").text
'Réunion'
"""

from __future__ import annotations

import codecs

import charset_normalizer

from bulletins.inputs.formats import Decoded, Extracted
from bulletins.inputs.problems import read_error, read_warning

NAME = "text"
SUFFIXES = (".txt",)
RANK = 100  # plain text takes what no other format recognises

_CONTROL_BYTES = set(range(0, 9)) | {11, 12} | set(range(14, 32))
_BINARY_SHARE = 0.05
_SAMPLE = 4096
# (mark, codec, name, bytes per code unit), UTF-32 before UTF-16
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32", 4),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32", 4),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16", 2),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16", 2),
)
# where the NUL bytes of mostly-Latin text fall, by position modulo 4, without a mark
_NUL_PATTERNS = (
    ((False, True, True, True), "UTF-32 (little-endian)"),
    ((True, True, True, False), "UTF-32 (big-endian)"),
    ((False, True, False, True), "UTF-16 (little-endian)"),
    ((True, False, True, False), "UTF-16 (big-endian)"),
)
_NUL_MOSTLY, _NUL_RARELY = 0.7, 0.05


def recognises(data: bytes) -> bool:
    """Any bytes may be text: this format is asked last."""
    return True


def extract(data: bytes, source_path: str) -> Extracted:
    """The decoded text of a plain text file, as it is."""
    decoded = read(data, source_path)
    return Extracted(decoded.text, NAME, warnings=decoded.warnings)


def read(data: bytes, source_path: str) -> Decoded:
    """The text of a file's bytes, or a ``BulletinReadError`` (``binary``, ``bad-encoding``,
    ``not-utf8``) that says why it has none."""
    try:
        return _decode(data, source_path)
    except UnicodeError as error:  # the last guard: no decoding error ever escapes
        raise read_error(
            source_path, "bad-encoding", f"the file cannot be decoded ({error}); re-save it as UTF-8"
        ) from error


def _decode(data: bytes, source_path: str) -> Decoded:
    for mark, codec, name, unit in _MARKS:
        if data.startswith(mark):
            return _decode_marked(data, len(mark), codec, name, unit, source_path)
    if b"\x00" in data:
        encoding = _unmarked_wide_encoding(data)
        if encoding is not None:
            raise read_error(
                source_path,
                "bad-encoding",
                f"the file looks like {encoding} text without a byte order mark, which cannot be "
                f"read safely; re-save it as UTF-8",
            )
        raise read_error(source_path, "binary", "the file holds NUL bytes: it is binary, not a text bulletin")
    sample = data[:_SAMPLE]
    if sum(byte in _CONTROL_BYTES for byte in sample) > _BINARY_SHARE * len(sample):
        raise read_error(source_path, "binary", "the file is mostly control bytes: it is not text")
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        guess = charset_normalizer.from_bytes(data).best()
        if guess is None or guess.encoding is None:
            raise read_error(
                source_path,
                "not-utf8",
                f"the file is not UTF-8 (byte {error.start} cannot be decoded) and its encoding "
                f"cannot be recognised; re-save it as UTF-8",
            ) from error
        detail = f"not UTF-8 (byte {error.start}); decoded as {guess.encoding}: check its accents"
        return Decoded(str(guess), (read_warning(source_path, "encoding", detail),))


def _decode_marked(data: bytes, start: int, codec: str, name: str, unit: int, source_path: str) -> Decoded:
    if (len(data) - start) % unit:
        raise read_error(
            source_path,
            "bad-encoding",
            f"the file starts like {name} text (byte order mark) but is cut in the middle of a "
            f"character ({len(data)} bytes, not a whole number of {unit}-byte units); "
            f"re-save it as UTF-8",
        )
    try:
        text = data[start:].decode(codec)
    except UnicodeDecodeError as error:
        raise read_error(
            source_path,
            "bad-encoding",
            f"the file starts like {name} text (byte order mark) but bytes {start + error.start} "
            f"to {start + error.end - 1} are not {name}; re-save it as UTF-8",
        ) from error
    return Decoded(text, (read_warning(source_path, "encoding", f"decoded as {name} (byte order mark)"),))


def _unmarked_wide_encoding(data: bytes) -> str | None:
    """« UTF-16 (little-endian) » when the NUL bytes fall where that encoding puts them."""
    sample = data[:_SAMPLE]
    sample = sample[: len(sample) - len(sample) % 4]
    columns = len(sample) // 4
    if columns == 0:
        return None
    shares = [sample[i::4].count(0) / columns for i in range(4)]
    for pattern, name in _NUL_PATTERNS:
        if all(
            share >= _NUL_MOSTLY if nul else share <= _NUL_RARELY
            for nul, share in zip(pattern, shares, strict=True)
        ):
            return name
    return None
