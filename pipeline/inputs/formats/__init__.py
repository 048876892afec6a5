"""One module per input format, each behind the same small interface.

A format module of this package says what it reads and reads it:

- ``NAME`` (« html »), ``SUFFIXES`` (« .html », « .htm », lower case) and ``RANK`` (lower
  ranks are asked first whether a file's content is theirs; plain text comes last);
- ``recognises(data) -> bool``: whether these bytes are of the format, by their content;
- ``extract(data, source_path) -> Extracted``: the text and what the file says about
  itself (``PageMeta``), or a ``BulletinReadError`` that says why there is none.

Every module of this package that has these names is a format (``formats()``): a new
format is one new file. ``choose`` picks the format of a file by its content first, and
warns when its suffix says otherwise.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from types import ModuleType
from typing import Protocol, cast

from bulletins.schemas.records import ErrorRecord


@dataclass(frozen=True)
class Decoded:
    """A text, and the warnings about how it was obtained."""

    text: str
    warnings: tuple[ErrorRecord, ...] = ()


@dataclass(frozen=True)
class PageMeta:
    """What a file says about itself: a page's ``<title>``, a PDF's /Title, and so on.

    ``date`` is a calendar day (``2024-04-17``); ``site`` the site or publisher
    (« OTAN », « Conseil de l'Europe »); ``url`` the page's canonical address.
    """

    title: str | None = None
    date: str | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Extracted:
    """The text of a file in one format, with its metadata and the library that read it."""

    text: str
    format: str
    meta: PageMeta = field(default_factory=PageMeta)
    library: str | None = None  # « trafilatura 2.3.1 »: the library that made the text
    warnings: tuple[ErrorRecord, ...] = ()


class Format(Protocol):
    """What a format module provides (see the module's docstring)."""

    NAME: str
    SUFFIXES: tuple[str, ...]
    RANK: int

    def recognises(self, data: bytes) -> bool: ...

    def extract(self, data: bytes, source_path: str) -> Extracted: ...


_REQUIRED = ("NAME", "SUFFIXES", "RANK", "recognises", "extract")


@cache
def formats() -> tuple[Format, ...]:
    """The format modules of this package, in the order they are asked (by ``RANK``)."""
    found: list[ModuleType] = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if all(hasattr(module, name) for name in _REQUIRED):
            found.append(module)
    return tuple(cast(Format, m) for m in sorted(found, key=lambda m: (m.RANK, m.NAME)))


def suffixes() -> tuple[str, ...]:
    """Every suffix a corpus file may have, lower case: ``('.pdf', '.html', '.htm', '.txt')``."""
    return tuple(s for f in formats() for s in f.SUFFIXES)


def format_of_suffix(name: str) -> Format | None:
    """The format a file name's suffix announces, whatever its case (« A.HTML » → html)."""
    lowered = name.lower()
    for candidate in formats():
        if any(lowered.endswith(suffix) for suffix in candidate.SUFFIXES):
            return candidate
    return None


def choose(data: bytes, name: str) -> tuple[Format, str | None]:
    """The format of a file, by its content first, and a note when its suffix disagrees.

    The last format (plain text) takes whatever no other recognises.
    """
    announced = format_of_suffix(name)
    found = next((f for f in formats() if f.recognises(data)), formats()[-1])
    if announced is None or announced is found:
        return found, None
    suffix = "." + name.rsplit(".", 1)[-1]
    return found, f"its suffix {suffix} says {announced.NAME} but its content is {found.NAME}: read as such"


@cache
def library_version(distribution: str) -> str:
    """« trafilatura 2.3.1 »: a library and its installed version, for the records."""
    return f"{distribution} {metadata.version(distribution)}"
