"""The role words: titles that are no names (« Haute Représentante », « Vice-premier »).

They live in ``role_words.json`` beside the other resources; a resources folder without
that file uses the packaged one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import ValidationError

from bulletins.extraction.resources import RESOURCE_DIR, ResourceError, fold
from bulletins.schemas.jsonl import validation_message
from bulletins.schemas.resources import RoleWords

ROLE_FILE = "role_words.json"


def role_words(folder: str | None) -> RoleWords:
    """The role words of a resources folder (its ``role_words.json``, else the packaged one)."""
    path = Path(folder).resolve() / ROLE_FILE if folder else RESOURCE_DIR / ROLE_FILE
    return _read(path if path.exists() else RESOURCE_DIR / ROLE_FILE)


@cache
def _read(path: Path) -> RoleWords:
    try:
        return RoleWords.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ResourceError(f"{path}: cannot be read ({error})") from error
    except ValidationError as error:
        raise ResourceError(f"{path}: {validation_message(error, 'file')}; fix the file") from error


def starts_with_title(text: str, titles: frozenset[str]) -> bool:
    """True when ``text`` is a title or begins with one: « Représentant spécial du Secrétaire général »."""
    folded = fold(text)
    return any(folded == t or folded.startswith(t + " ") for t in titles)
