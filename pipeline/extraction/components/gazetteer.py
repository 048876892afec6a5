"""Patterns for spaCy's own ``span_ruler`` from the gazetteer resources.

Two rulers share the ``gazetteer`` span key: one matches single words and acronyms with
their exact case (« OTAN », « Alliance »), one matches multi-word names whatever their
case (« Ministère de la défense » and « ministère de la Défense »), and without their
accents, as text in capitals writes them (« CONSEIL DE SECURITE »). A pattern's id says
what the match is: ``OTAN:name``, ``OTAN:acronym``, ``OTAN:short``, ``place:country:UZ``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal, get_args

from spacy.language import Language

from bulletins.extraction.resources import Resources
from bulletins.extraction.text import clean_for_nlp
from bulletins.schemas.vocabulary import PLACE_KINDS, PlaceKind

Pattern = dict[str, str]
# Kinds of places whose one-word names are matched in capitals too (« LE SENEGAL »); a
# city's are not: « SENS », « TOURS » in a headline are words.
PLACES_IN_CAPITALS = frozenset({"country", "region"})
MIN_CAPITALS_LENGTH = 4  # « MALI »: shorter words in capitals are acronyms or small words
NameForm = Literal["name", "acronym", "short"]


@dataclass(frozen=True)
class NamePatternId:
    """The id of a known name's pattern: ``OTAN:acronym`` is (« OTAN », acronym)."""

    key: str
    form: NameForm

    def format(self) -> str:
        return f"{self.key}:{self.form}"


@dataclass(frozen=True)
class PlacePatternId:
    """The id of a place's pattern: ``place:country:UZ``, ``place:sea:`` (no country)."""

    kind: PlaceKind
    country: str | None = None

    def format(self) -> str:
        return f"place:{self.kind}:{self.country or ''}"


class PatternId:
    """Parses the id a gazetteer pattern carries, as ``format()`` wrote it."""

    @staticmethod
    def parse(pattern_id: str) -> NamePatternId | PlacePatternId:
        """``place:city:`` → PlacePatternId(city); ``OTAN:short`` → NamePatternId(OTAN, short)."""
        if pattern_id.startswith("place:"):
            _, kind, country = pattern_id.split(":", 2)
            if kind not in PLACE_KINDS:
                raise ValueError(f"pattern id {pattern_id!r}: {kind!r} is not a place kind")
            return PlacePatternId(kind, country or None)
        key, _, form = pattern_id.rpartition(":")
        if not key or form not in get_args(NameForm):
            raise ValueError(f"pattern id {pattern_id!r} is neither KEY:name|acronym|short nor place:KIND:CC")
        return NamePatternId(key, form)  # type: ignore[arg-type]


def gazetteer_patterns(nlp: Language, resources: Resources) -> tuple[list[Pattern], list[Pattern]]:
    """(exact-case patterns, any-case patterns), without duplicates, in a stable order."""
    exact: dict[tuple[str, str], Pattern] = {}
    folded: dict[tuple[str, str], Pattern] = {}

    def add(text: str, label: str, pattern_id: str, in_capitals: bool = False) -> None:
        text = clean_for_nlp(text)
        single = len(nlp.make_doc(text)) == 1
        target = exact if single else folded
        target.setdefault((text, label), {"label": label, "pattern": text, "id": pattern_id})
        bare = without_accents(text)
        if not single and bare != text:  # « CONSEIL DE SECURITE »: capitals drop their accents
            folded.setdefault((bare, label), {"label": label, "pattern": bare, "id": pattern_id})
        if single and in_capitals and len(text) >= MIN_CAPITALS_LENGTH and not text.isupper():
            for variant in (text.upper(), bare.upper()):  # « LE SENEGAL ET LE MALI »
                exact.setdefault((variant, label), {"label": label, "pattern": variant, "id": pattern_id})

    for form in resources.name_forms:
        add(form.text, form.label, NamePatternId(form.key, form.form).format())  # type: ignore[arg-type]
    for place in resources.place_forms:
        pattern_id = PlacePatternId(place.kind, place.country).format()  # type: ignore[arg-type]
        add(place.text, "PLACE", pattern_id, in_capitals=place.kind in PLACES_IN_CAPITALS)
    return list(exact.values()), list(folded.values())


def without_accents(text: str) -> str:
    """« Conseil de sécurité » → « Conseil de securite », as headlines in capitals write it."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
