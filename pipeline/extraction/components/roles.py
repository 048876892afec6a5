"""The role words: titles that are no names (« Haute Représentante », « Vice-premier »).

They live in ``role_words.json`` beside the other resources; a resources folder without
that file uses the packaged one.
"""

from __future__ import annotations

from bulletins.extraction.resources import fold, rule_file
from bulletins.schemas.resources import RoleWords

ROLE_FILE = "role_words.json"


def role_words(folder: str | None) -> RoleWords:
    """The role words of a resources folder (its ``role_words.json``, else the packaged one)."""
    return rule_file(RoleWords, ROLE_FILE, folder)


def starts_with_title(text: str, titles: frozenset[str]) -> bool:
    """True when ``text`` is a title or begins with one: « Représentant spécial du Secrétaire général »."""
    folded = fold(text)
    return any(folded == t or folded.startswith(t + " ") for t in titles)
