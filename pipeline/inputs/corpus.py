"""A corpus folder: listing its bulletins, their ids and sidecars, reading each one.

A bulletin is a file of one of the formats of ``bulletins.inputs.formats`` (``.txt``,
``.html``, ``.htm``, ``.pdf``, in any case); its id is its path inside the corpus without
the suffix (``nato/2019/armenie``). Its format is chosen by its content (a web page saved
as ``.txt`` is read as HTML, with a warning). A bulletin whose text is not French is an
error record (``not-french``) unless its language is allowed.

A sidecar ``NAME.meta.json`` may say what the file does not:
``{"url": "https://www.nato.int/…", "source": "OTAN", "title": "…", "date": "2019-10-24",
"language": "fr"}``. The page's own metadata comes first, the sidecar fills the gaps; its
``language`` is taken as said (the detector is not asked). The document's date is the
text's, else the page metadata's, else the sidecar's.

Every problem with one file is a ``BulletinReadError`` whose record names that file, so
that a batch goes on with the others.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bulletins.inputs import formats
from bulletins.inputs.formats import Extracted, PageMeta
from bulletins.inputs.language import DEFAULT_LANGUAGES, Language, detect_language
from bulletins.inputs.problems import BulletinReadError, read_error, read_warning
from bulletins.schemas.records import ErrorRecord

__all__ = [
    "BULLETIN_SUFFIXES",
    "SIDECAR_SUFFIX",
    "BulletinMeta",
    "BulletinReadError",
    "BulletinText",
    "CorpusListing",
    "bulletin_from_bytes",
    "bulletin_id",
    "bulletin_of_stream",
    "check_date",
    "check_language",
    "decode_bulletin",
    "list_corpus",
    "printable_name",
    "read_bulletin",
    "read_document",
    "read_input",
    "read_text",
    "sidecar_of",
    "source_path_of",
    "survey_corpus",
]

BULLETIN_SUFFIXES = formats.suffixes()
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_EXAMPLE = '{"date": "2019-10-24", "url": "https://www.nato.int/…", "source": "OTAN"}'
SIDECAR_FIELDS = ("url", "source", "title", "date", "language")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_URL = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?", re.IGNORECASE)
_LANGUAGE_CODE = re.compile(r"[a-z]{2}(?:-[a-z]{2})?")


def check_date(value: str) -> str:
    """``value`` when it is a day, month or year of the calendar, else a ``ValueError``.

    >>> check_date("2019-02-30")
    Traceback (most recent call last):
    ValueError: '2019-02-30' is not a calendar date (day is out of range for month); ...
    """
    if not _DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date like 2019-10-24, 2019-10 or 2019")
    parts = [int(part) for part in value.split("-")]
    year, month, day = [*parts, 1, 1][:3]
    try:
        datetime.date(year, month, day)
    except ValueError as error:
        raise ValueError(
            f"{value!r} is not a calendar date ({error}); give a real one like 2019-10-24, 2019-10 or 2019"
        ) from None
    return value


class BulletinMeta(BaseModel):
    """What a sidecar file (or the ``--date`` option) may say about its bulletin.

    >>> BulletinMeta(url="https://www.nato.int/cps/fr/natohq/news.htm", source="OTAN").source
    'OTAN'
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    date: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    language: str | None = None

    @field_validator("date")
    @classmethod
    def _calendar_date(cls, value: str | None) -> str | None:
        return None if value is None else check_date(value)

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not _URL.fullmatch(value):
            raise ValueError(
                f"{value!r} is not a web address: give it whole, like https://www.nato.int/cps/fr/natohq/news.htm"
            )
        return value

    @field_validator("source", "title")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is not None and (not value or len(value) > 500 or "\n" in value):
            raise ValueError("must be one line of text (1 to 500 characters), like « OTAN »")
        return value

    @field_validator("language")
    @classmethod
    def _language_code(cls, value: str | None) -> str | None:
        if value is not None and not _LANGUAGE_CODE.fullmatch(value.lower()):
            raise ValueError(f"{value!r} is not a language code: give two letters, like fr or en")
        return None if value is None else value.lower()


@dataclass(frozen=True)
class BulletinText:
    """A bulletin read and decoded, ready for the pipeline.

    ``sha256`` is the hash of exactly the bytes that were decoded into ``text``.
    """

    id: str
    source_path: str
    sha256: str
    text: str
    date: str | None = None  # the document's date when metadata, a sidecar or the command line gives it
    date_source: str | None = None  # "metadata", "sidecar" or "option"
    warnings: tuple[ErrorRecord, ...] = ()  # what was done to read it (encoding, HTML)
    format: str = "text"  # the format it was read as: text, html, pdf
    title: str | None = None  # the title its metadata (or sidecar) gives
    url: str | None = None
    site: str | None = None  # the site or publisher: « OTAN »
    published: str | None = None  # the publication date its own metadata gives
    language: str | None = None  # the language found (or given by its sidecar)
    language_probability: float | None = None  # the detector's (None: the sidecar said it, or French words)
    extractor: str | None = None  # the library that made the text, with its version

    @property
    def imposed_date(self) -> str | None:
        """The date given on the command line: it is the document's date, whatever the text says."""
        return self.date if self.date_source not in _FALLBACK_SOURCES else None

    @property
    def fallback_date(self) -> str | None:
        """The metadata's or sidecar's date: the document's date only when the text states none."""
        return self.date if self.date_source in _FALLBACK_SOURCES else None


_FALLBACK_SOURCES = ("metadata", "sidecar")


@dataclass(frozen=True)
class CorpusListing:
    """The bulletin files of a corpus folder, and what was left out and why.

    ``formats`` counts the files by the format their suffix announces; ``skipped`` counts
    the files left out by reason: « unknown suffix », « hidden », « sidecar ».
    """

    files: list[Path]
    formats: dict[str, int]
    skipped: dict[str, int]
    unknown_suffixes: tuple[str, ...] = ()

    def summary(self) -> str:
        """« 36 file(s) found: 2 html, 1 pdf, 33 text; 3 skipped: 2 sidecar, 1 unknown suffix (.docx) »."""
        read = ", ".join(f"{count} {name}" for name, count in sorted(self.formats.items())) or "none"
        line = f"{len(self.files)} file(s) found: {read}"
        if not self.skipped:
            return f"{line}; none skipped"
        reasons = []
        for reason, count in sorted(self.skipped.items()):
            shown = f" ({', '.join(self.unknown_suffixes)})" if reason == "unknown suffix" else ""
            reasons.append(f"{count} {reason}{shown}")
        return f"{line}; {sum(self.skipped.values())} skipped: {', '.join(reasons)}"


def survey_corpus(root: Path) -> CorpusListing:
    """The bulletin files under ``root`` in a stable order (sorted relative paths), with
    the files left out counted by reason.

    Every suffix of a format counts, in any case (``A.TXT``, ``page.Html``). Symbolic
    links whose target is missing are listed too, so that reading them gives an error
    record instead of silence. Hidden files and folders (each counted once), sidecars and
    files of unknown suffix are left out.
    """
    files: list[Path] = []
    found: dict[str, int] = {}
    skipped: dict[str, int] = {}
    hidden: set[Path] = set()
    unknown: set[str] = set()
    for path in root.rglob("*"):
        parts = path.relative_to(root).parts
        first_hidden = next((i for i, part in enumerate(parts) if part.startswith(".")), None)
        if first_hidden is not None:
            hidden.add(Path(*parts[: first_hidden + 1]))
            continue
        if not (path.is_file() or (path.is_symlink() and not path.exists())):
            continue
        announced = formats.format_of_suffix(path.name)
        if path.name.lower().endswith(SIDECAR_SUFFIX):
            skipped["sidecar"] = skipped.get("sidecar", 0) + 1
        elif announced is None:
            skipped["unknown suffix"] = skipped.get("unknown suffix", 0) + 1
            unknown.add(path.suffix.lower() or "no suffix")
        else:
            files.append(path)
            found[announced.NAME] = found.get(announced.NAME, 0) + 1
    if hidden:
        skipped["hidden"] = len(hidden)
    files.sort(key=lambda p: p.relative_to(root).as_posix())
    return CorpusListing(
        files, found, skipped, tuple(sorted(unknown, key=lambda s: (not s.startswith("."), s)))
    )


def list_corpus(root: Path) -> list[Path]:
    """The bulletin files under ``root``, in a stable order (sorted relative paths): ``survey_corpus``."""
    return survey_corpus(root).files


def printable_name(name: str) -> str:
    """A file name as text that can be written anywhere: bytes that are not UTF-8 read ``\\xff``.

    >>> printable_name("bad\\udcff.txt")
    'bad\\\\xff.txt'
    """
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def source_path_of(path: Path, root: Path | None = None) -> str:
    """The path of a bulletin in its corpus (its name alone without ``root``), as printable text.

    This is the ``source_path`` of its records and errors: use it, not ``relative_to``, for
    cache keys and manifests, so that a name with bytes that are not UTF-8 can be written.
    """
    return printable_name(path.relative_to(root).as_posix() if root else path.name)


def bulletin_id(relative: str) -> str:
    """``nato/armenie.txt`` → ``nato/armenie``; ``onu/Seance.HTML`` → ``onu/Seance``."""
    lowered = relative.lower()
    for suffix in BULLETIN_SUFFIXES:
        if lowered.endswith(suffix):
            return relative[: -len(suffix)]
    return relative


def sidecar_of(path: Path) -> Path:
    """``nato/armenie.txt`` → ``nato/armenie.meta.json``."""
    return path.with_name(path.name.removesuffix(path.suffix) + SIDECAR_SUFFIX)


def read_document(data: bytes, source_path: str) -> Extracted:
    """The text of a bulletin file's bytes in its format, with its metadata; a
    ``BulletinReadError`` when it has none.

    The format is the content's (``formats.choose``): a web page saved as ``.txt`` is
    read as HTML with a warning ``html``, another mismatch with a warning ``format``; a
    file named ``.pdf`` that is no PDF is an error ``not-pdf``.
    """
    if not data:
        raise read_error(source_path, "empty", "the file is empty: there is no text to extract from")
    chosen, mismatch = formats.choose(data, source_path)
    announced = formats.format_of_suffix(source_path)
    if mismatch and announced is not None and getattr(announced, "BINARY", False):
        raise read_error(
            source_path,
            f"not-{announced.NAME}",
            f"the file is named {announced.NAME.upper()} but is not one ({chosen.NAME} content): "
            f"download it again, or give it the suffix of what it is",
        )
    extracted = chosen.extract(data, source_path)
    if not extracted.text.strip():
        raise read_error(source_path, "whitespace-only", "the file holds only white space")
    if mismatch:
        reason, detail = (
            ("html", "the file is HTML: its main text was extracted")
            if chosen.NAME == "html" and (announced is None or announced.NAME == "text")
            else ("format", mismatch)
        )
        extracted = replace(
            extracted, warnings=(*extracted.warnings, read_warning(source_path, reason, detail))
        )
    return extracted


def read_text(data: bytes, source_path: str) -> tuple[str, list[ErrorRecord]]:
    """(text, warnings) of a bulletin file's bytes; a ``BulletinReadError`` when it has no text."""
    extracted = read_document(data, source_path)
    return extracted.text, list(extracted.warnings)


def decode_bulletin(data: bytes, source_path: str) -> str:
    """The text of a bulletin file, or a ``BulletinReadError`` that says what is wrong."""
    return read_text(data, source_path)[0]


def _reasons(error: ValidationError) -> str:
    """« url: 'www.nato.int' is not a web address…; author: not a sidecar field (…) »."""
    reasons = []
    for e in error.errors():
        where = ".".join(str(part) for part in e["loc"]) or "the file"
        if e["type"] == "extra_forbidden":
            message = f"not a sidecar field (a sidecar may give {', '.join(SIDECAR_FIELDS)})"
        elif e["type"] == "model_type":
            where, message = "the file", "must be one JSON object, like " + SIDECAR_EXAMPLE
        elif e["type"] == "string_type":
            message = "must be a string in quotes"
        else:
            message = str(e["msg"]).removeprefix("Value error, ")
        reasons.append(f"{where}: {message}")
    return "; ".join(reasons)


def _sidecar(path: Path, source_path: str) -> BulletinMeta | None:
    sidecar = sidecar_of(path)
    name = printable_name(sidecar.name)
    try:
        raw = sidecar.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:  # no file can have that name: there is no sidecar
            return None
        detail = f"{name} cannot be read: {error.strerror or error}; fix it or remove it"
        raise read_error(source_path, "bad-sidecar", detail) from error
    try:
        meta = BulletinMeta.model_validate(json.loads(raw.decode("utf-8-sig")))
    except UnicodeDecodeError as error:
        detail = f"{name} is not UTF-8 (byte {error.start}); re-save it as UTF-8"
        raise read_error(source_path, "bad-sidecar", detail) from error
    except json.JSONDecodeError as error:
        detail = f"{name} is not valid JSON ({error}); write {SIDECAR_EXAMPLE}"
        raise read_error(source_path, "bad-sidecar", detail) from error
    except ValidationError as error:
        detail = f"{name} is not valid: {_reasons(error)}; fix it, like {SIDECAR_EXAMPLE}"
        raise read_error(source_path, "bad-sidecar", detail) from error
    return meta


def _unreadable(path: Path, source_path: str, error: OSError) -> BulletinReadError:
    if error.errno == errno.ELOOP:
        detail = "a symbolic link that leads back to itself (a loop); fix the link or remove it"
    elif path.is_symlink() and not path.exists():
        target = printable_name(os.readlink(path))
        detail = f"a symbolic link whose target does not exist: {target}; fix the link or remove it"
    else:
        cause = error.strerror or str(error)
        code = errno.errorcode.get(error.errno or 0, "")
        detail = (
            f"the file cannot be read: {cause}{f' ({code})' if code else ''}; check that it is a "
            f"regular file you may read (and that nothing else is writing it), then run again"
        )
    return read_error(source_path, "unreadable", detail)


def read_input(path: Path, root: Path | None = None) -> bytes:
    """The bytes of a bulletin file, or a ``BulletinReadError`` (``unreadable``) with the OS error."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise _unreadable(path, source_path_of(path, root), error) from error


def _language(extracted: Extracted, sidecar: BulletinMeta) -> tuple[str | None, float | None]:
    """The language of a bulletin: its sidecar's (probability None), else the detector's
    (None when its French words were enough)."""
    if sidecar.language is not None:
        return sidecar.language, None
    guess = detect_language(extracted.text)
    return (guess.code, guess.probability) if guess is not None else (None, None)


def check_language(bulletin: BulletinText, allowed: tuple[str, ...] = DEFAULT_LANGUAGES) -> None:
    """A ``not-french`` error when the bulletin's language is not among ``allowed``; a text
    too short for its language to be told passes.

    « the text is in English (en; the detector's probability 1.00), not fr; pass
    --languages fr,en to keep such bulletins… »
    """
    found = bulletin.language
    if found is None or found in allowed or found.split("-")[0] in allowed:
        return
    probability = bulletin.language_probability
    said = "its sidecar says so" if probability is None else f"the detector's probability {probability:.2f}"
    # (only a sidecar or the detector ever names a language other than French)
    error = read_error(
        bulletin.source_path,
        "not-french",
        f"the text is in {Language(found, 0).name} ({found}; {said}), not {' or '.join(allowed)}; "
        f"pass --languages {','.join((*allowed, found))} to keep such bulletins, "
        f'or write {{"language": "fr"}} in its sidecar if the text is French',
    )
    error.sha256 = bulletin.sha256
    raise error


def bulletin_from_bytes(data: bytes, path: Path, root: Path | None = None) -> BulletinText:
    """The bulletin of bytes already read from ``path`` (its sidecar is read now), with
    its language found (``check_language`` refuses the languages not allowed).

    The bytes a caller hashed are the bytes decoded: ``sha256`` is theirs. A
    ``BulletinReadError`` carries that hash too.
    """
    source_path = source_path_of(path, root)
    digest = hashlib.sha256(data).hexdigest()
    try:
        extracted = read_document(data, source_path)
        sidecar = _sidecar(path, source_path) or BulletinMeta()
        language, probability = _language(extracted, sidecar)
    except BulletinReadError as error:
        error.sha256 = digest
        raise
    return _bulletin(bulletin_id(source_path), source_path, digest, extracted, sidecar, language, probability)


def bulletin_of_stream(data: bytes, name: str = "<stdin>", id: str = "stdin") -> BulletinText:
    """The bulletin of bytes that come from no file (standard input): no sidecar.

    A ``BulletinReadError`` when they hold no text.
    """
    extracted = read_document(data, name)
    language, probability = _language(extracted, BulletinMeta())
    digest = hashlib.sha256(data).hexdigest()
    return _bulletin(id, name, digest, extracted, BulletinMeta(), language, probability)


def _bulletin(
    id: str,
    source_path: str,
    digest: str,
    extracted: Extracted,
    sidecar: BulletinMeta,
    language: str | None,
    probability: float | None,
) -> BulletinText:
    """The bulletin of a text extracted, with its file's metadata first and its sidecar's after."""
    page: PageMeta = extracted.meta
    date, date_source = (page.date, "metadata") if page.date else (sidecar.date, "sidecar")
    return BulletinText(
        id=id,
        source_path=source_path,
        sha256=digest,
        text=extracted.text,
        date=date,
        date_source=date_source if date else None,
        warnings=extracted.warnings,
        format=extracted.format,
        title=page.title or sidecar.title,
        url=page.url or sidecar.url,
        site=page.site or sidecar.source,
        published=page.date,
        language=language,
        language_probability=probability,
        extractor=extracted.library,
    )


def read_bulletin(path: Path, root: Path | None = None) -> BulletinText:
    """Read one bulletin file; ``root`` makes its id relative to the corpus folder."""
    return bulletin_from_bytes(read_input(path, root), path, root)
