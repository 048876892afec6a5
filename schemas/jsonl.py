"""The one reader of JSON Lines files (gold, resources, datasets), with errors that name the line.

Lines end at ``\\n`` only: U+2028, U+0085 and the other characters that ``str.splitlines``
also breaks on are valid inside a JSON string, and scraped texts hold them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bulletins.errors import BulletinsError

ModelT = TypeVar("ModelT", bound=BaseModel)
_BOM = "\ufeff"


class JsonLinesError(BulletinsError, ValueError):
    """A file or a line that cannot be read as the expected record: « path:line: what »."""


def validation_message(error: ValidationError, default: str = "record") -> str:
    """« spans.0.label: Input should be … »: where the first problem is, and what it is."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or default
    return f"{where}: {first['msg']}"


def split_lines(text: str) -> list[str]:
    """The lines of a JSON Lines text, cut at ``\\n`` only (a ``\\r`` before it is dropped).

    >>> split_lines('{"a": "x\\u2028y"}\\r\\n{}\\n')
    ['{"a": "x\\u2028y"}', '{}']
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON value) for every non-blank line of ``path``.

    A UTF-8 byte order mark at the start is skipped (Windows editors write one).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise JsonLinesError(f"{path}: cannot be read as UTF-8 text ({error})") from error
    text = text.removeprefix(_BOM)
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            hint = ""
            if number == 1 and line.lstrip().startswith("["):
                hint = "; the file must be JSON Lines, one JSON object a line, not a JSON array"
            raise JsonLinesError(f"{path}:{number}: not valid JSON ({error.msg}){hint}") from error


def read_models(path: Path, model: type[ModelT]) -> Iterator[tuple[int, ModelT]]:
    """(line number, record) for every non-blank line of ``path``, validated by ``model``."""
    for number, data in iter_json_lines(path):
        if isinstance(data, list):
            raise JsonLinesError(
                f"{path}:{number}: a JSON array; the file must be JSON Lines, one JSON object a line"
            )
        try:
            yield number, model.model_validate(data)
        except ValidationError as error:
            raise JsonLinesError(f"{path}:{number}: {validation_message(error)}") from error
