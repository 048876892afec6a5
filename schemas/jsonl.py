"""Reading JSON Lines whose every line a model validates, with errors that name the line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

ModelT = TypeVar("ModelT", bound=BaseModel)


class JsonLinesError(ValueError):
    """A file or a line that cannot be read as the expected record: « path:line: what »."""


def validation_message(error: ValidationError, default: str = "record") -> str:
    """« spans.0.label: Input should be … »: where the first problem is, and what it is."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or default
    return f"{where}: {first['msg']}"


def read_models(path: Path, model: type[ModelT]) -> Iterator[tuple[int, ModelT]]:
    """(line number, record) for every non-blank line of ``path``, validated by ``model``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise JsonLinesError(f"{path}: cannot be read as UTF-8 text ({error})") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, model.model_validate(json.loads(line))
        except json.JSONDecodeError as error:
            raise JsonLinesError(f"{path}:{number}: not valid JSON ({error.msg})") from error
        except ValidationError as error:
            raise JsonLinesError(f"{path}:{number}: {validation_message(error)}") from error
