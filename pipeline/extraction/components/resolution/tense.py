"""The verb tense a date resolves with: « se tiendra le 4 octobre » is in the future."""

from __future__ import annotations

import bisect
from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

from bulletins.extraction.dates.resolve import Tense


def sentence_tense(
    doc: Doc, sentences: list[Span], starts: list[int], start: int, end: int, forms_of_avoir: Collection[str]
) -> Tense:
    """Past or future, as the nearest verb before the date at ``start``-``end`` says (or after it)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "unknown"
    sentence = sentences[max(0, bisect.bisect_right(starts, start) - 1)]
    before = [t for t in doc[sentence.start : span.start] if t.pos_ in {"VERB", "AUX"}]
    after = [t for t in doc[span.end : sentence.end] if t.pos_ in {"VERB", "AUX"}]
    for verb in (*reversed(before), *after):
        if verb.pos_ == "VERB" or "Fin" in verb.morph.get("VerbForm", []):
            return verb_tense(verb, forms_of_avoir)  # the nearest predicate decides, even when it is vague
    return "unknown"


def verb_tense(verb: Token, forms_of_avoir: Collection[str]) -> Tense:
    """« se tiendra » → future; « a eu lieu », « était » → past; « est fixé » (a passive)
    and a bare participle → unknown. ``forms_of_avoir``: « a », « ont », « avait »…"""
    tenses = verb.morph.get("Tense", [])
    form = verb.morph.get("VerbForm", [])
    if "Fin" in form:
        if "Fut" in tenses:
            return "future"
        if "Past" in tenses or "Imp" in tenses:
            return "past"
        return "unknown"
    if "Part" in form and "Past" in tenses:
        auxiliaries = [t for t in verb.doc[max(0, verb.i - 3) : verb.i] if t.pos_ == "AUX"]
        if not auxiliaries:
            return "unknown"
        auxiliary = auxiliaries[-1]
        if "Fut" in auxiliary.morph.get("Tense", []):
            return "future"
        if auxiliary.lower_ in forms_of_avoir or {"Imp", "Past"} & set(auxiliary.morph.get("Tense", [])):
            return "past"
    return "unknown"
