"""The verb tense a date resolves with: « se tiendra le 4 octobre » is in the future."""

from __future__ import annotations

import bisect
from collections.abc import Collection, Sequence
from typing import overload

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


class SentenceTenses(Sequence[Tense]):
    """The tense of each date's sentence (``sentence_tense``), found only for the dates whose
    value it can change, when ``resolve_dates`` asks, and once."""

    def __init__(
        self,
        doc: Doc,
        sentences: list[Span],
        starts: list[int],
        dates: list[tuple[int, int]],
        forms_of_avoir: Collection[str],
    ) -> None:
        self.doc, self.sentences, self.starts = doc, sentences, starts
        self.dates, self.forms_of_avoir = dates, forms_of_avoir
        self._found: dict[int, Tense] = {}

    def __len__(self) -> int:
        return len(self.dates)

    @overload
    def __getitem__(self, index: int) -> Tense: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Tense]: ...
    def __getitem__(self, index: int | slice) -> Tense | Sequence[Tense]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index not in self._found:
            start, end = self.dates[index]
            self._found[index] = sentence_tense(
                self.doc, self.sentences, self.starts, start, end, self.forms_of_avoir
            )
        return self._found[index]


# « se sont réunis », « s'est tenue »: a reflexive pronoun before « être » makes a past tense.
REFLEXIVE_PRONOUNS = frozenset({"se", "s'", "me", "m'", "te", "t'"})
PLURAL_PRONOUNS = frozenset({"nous", "vous"})  # reflexive when doubled: « nous nous sommes réunis »
# « va se rendre », « doit s'ouvrir », « peuvent rêver du podium dimanche »: these verbs in
# the present, before an infinitive, speak of what is to come.
NEAR_FUTURE_FORMS = frozenset({
    "va", "vont", "vais", "vas", "allons", "allez", "doit", "doivent", "dois", "devons", "devez",
    "peut", "peuvent", "peux", "pouvons", "pouvez",
})  # fmt: skip


def verb_tense(verb: Token, forms_of_avoir: Collection[str]) -> Tense:
    """« se tiendra », « doit s'ouvrir » → future; « a eu lieu », « était », « s'est tenue »
    → past; « est fixé » (a passive) and a bare participle → unknown. ``forms_of_avoir``:
    « a », « ont », « avait »…"""
    tenses = verb.morph.get("Tense", [])
    form = verb.morph.get("VerbForm", [])
    if "Fin" in form:
        if "Fut" in tenses:
            return "future"
        if "Past" in tenses or "Imp" in tenses:
            return "past"
        return "unknown"
    if "Inf" in form:
        return _infinitive_tense(verb, forms_of_avoir)
    if "Part" in form and "Past" in tenses:
        auxiliaries = [t for t in verb.doc[max(0, verb.i - 3) : verb.i] if t.pos_ == "AUX"]
        if not auxiliaries:
            return "unknown"
        if any("Fut" in a.morph.get("Tense", []) for a in auxiliaries):  # « aura été auditionné »
            return "future"
        finite = [a for a in auxiliaries if "Fin" in a.morph.get("VerbForm", [])]
        auxiliary = (finite or auxiliaries)[-1]  # « a été adopté »: « a », not « été »
        if auxiliary.lower_ in forms_of_avoir or {"Imp", "Past"} & set(auxiliary.morph.get("Tense", [])):
            return "past"
        before = [t.lower_ for t in verb.doc[max(0, auxiliary.i - 2) : auxiliary.i]]
        if before[-1:] and before[-1] in REFLEXIVE_PRONOUNS:
            return "past"  # « la réunion s'est tenue le 3 mars »
        if len(before) == 2 and before[0] == before[1] and before[0] in PLURAL_PRONOUNS:
            return "past"
    return "unknown"


def _infinitive_tense(verb: Token, forms_of_avoir: Collection[str]) -> Tense:
    """The tense of the finite verb an infinitive depends on: « doit s'ouvrir », « vont
    choisir » → future; « devait signer » → past."""
    for token in reversed(verb.doc[max(0, verb.i - 4) : verb.i]):
        if "Fin" not in token.morph.get("VerbForm", []):
            continue
        tense = verb_tense(token, forms_of_avoir)
        if tense == "unknown" and token.lower_ in NEAR_FUTURE_FORMS:
            return "future"
        return tense
    return "unknown"
