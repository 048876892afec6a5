"""Patterns for spaCy's own ``span_ruler`` from the gazetteer resources.

Two rulers share the ``gazetteer`` span key: one matches single words and acronyms with
their exact case (« OTAN », « Alliance »), one matches multi-word names whatever their
case (« Ministère de la défense » and « ministère de la Défense »). A pattern's id says
what the match is: ``OTAN:name``, ``OTAN:acronym``, ``OTAN:short``, ``place:country:UZ``.
"""

from __future__ import annotations

from spacy.language import Language

from bulletins.extraction.resources import Resources
from bulletins.extraction.text import clean_for_nlp

Pattern = dict[str, str]


def place_id(kind: str, country: str | None) -> str:
    return f"place:{kind}:{country or ''}"


def parse_place_id(pattern_id: str) -> tuple[str, str | None] | None:
    """(kind, country) of a place pattern id, or None for an organisation or programme."""
    if not pattern_id.startswith("place:"):
        return None
    _, kind, country = pattern_id.split(":", 2)
    return kind, country or None


def parse_name_id(pattern_id: str) -> tuple[str, str]:
    """(knowledge-base key, form) of a name pattern id: ``OTAN:acronym`` → (OTAN, acronym)."""
    key, _, form = pattern_id.rpartition(":")
    return key, form


def gazetteer_patterns(nlp: Language, resources: Resources) -> tuple[list[Pattern], list[Pattern]]:
    """(exact-case patterns, any-case patterns), without duplicates, in a stable order."""
    exact: dict[tuple[str, str], Pattern] = {}
    folded: dict[tuple[str, str], Pattern] = {}

    def add(text: str, label: str, pattern_id: str) -> None:
        text = clean_for_nlp(text)
        single = len(nlp.make_doc(text)) == 1
        target = exact if single else folded
        target.setdefault((text, label), {"label": label, "pattern": text, "id": pattern_id})

    for form in resources.name_forms:
        add(form.text, form.label, f"{form.key}:{form.form}")
    for place in resources.place_forms:
        add(place.text, "PLACE", place_id(place.kind, place.country))
    return list(exact.values()), list(folded.values())
