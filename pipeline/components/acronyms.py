"""Acronym definitions: « long form (ACR) » and « ACR (long form) » pairs, and every later
(or earlier) use of the acronym alone.

The long form is the longest known name that ends right before the parenthesis, or the
longest name the grammar builds back to it from a head noun: « Centre euro-atlantique de
coordination des réactions en cas de catastrophe (EADRCC) » pairs the French name with
letters taken from the English one. Both spans get the id ``acro:EADRCC``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.annotations import ACRONYMS_KEY, GAZETTEER_KEY, NAMES_KEY
from pipeline.components.names import NameWalker, is_capitalised, is_content
from pipeline.patterns import ACRONYM_SHAPE, ROMAN_NUMERAL
from pipeline.components.gazetteer import parse_name_id
from pipeline.resources import Resources, load_resources

_MODEL_LABELS = {"ORG": "ORGANISATION", "LOC": "PLACE"}
_MAX_INNER_TOKENS = 16
_LOOK_BACK = 25
_RUN_CONNECTORS = {"de", "d'", "du", "des", "of", "for", "and", "the", "on", "in"}
_NOT_INITIALS = _RUN_CONNECTORS | {"la", "le", "les", "l'", "pour", "et", "en", "au", "aux", "à", "sur"}


def letter_fit(acronym: str, long_form: Span) -> float:
    """Share of the acronym's capitals found, in order, among the long form's initials.

    « Union européenne » fits « UE » fully; « Centre euro-atlantique de coordination… »
    fits « EADRCC » (letters of the English name) only in part.
    """
    letters = [c for c in acronym if c.isupper()]
    initials = [t.text[0].upper() for t in long_form if t.lower_ not in _NOT_INITIALS and t.text[:1].isalpha()]
    found = 0
    for initial in initials:
        if found < len(letters) and initial == letters[found]:
            found += 1
    return found / len(letters) if letters else 0.0


def looks_like_acronym(text: str) -> bool:
    return bool(ACRONYM_SHAPE.fullmatch(text)) and not ROMAN_NUMERAL.fullmatch(text)


class AcronymStage:
    def __init__(self, resources: Resources) -> None:
        grammar = resources.grammar
        self.grammar = grammar
        self.known_acronyms: dict[str, set[str]] = {}
        for form in resources.name_forms:
            if form.form == "acronym":
                self.known_acronyms.setdefault(form.key, set()).add(form.text)
        self.walker = NameWalker(grammar)
        self.head_labels: dict[str, str] = {h.lower(): "ORGANISATION" for h in grammar.organisation_heads}
        self.head_labels.update({h.lower(): "PROGRAMME" for h in grammar.programme_heads})
        self.head_labels.update(grammar.lowercase_heads_before_acronym)
        self.programme_words = {w.lower() for w in grammar.english_programme_words} | {
            h.lower() for h in grammar.programme_heads
        }

    def __call__(self, doc: Doc) -> Doc:
        definitions: dict[str, tuple[Span, str]] = {}
        spans: list[Span] = []
        for i in range(len(doc) - 2):
            found = self._long_then_acronym(doc, i) or self._acronym_then_long(doc, i)
            if found is None:
                continue
            long_form, acronym = found
            if acronym.text in definitions:
                continue
            key = f"acro:{acronym.text}"
            definitions[acronym.text] = (long_form, long_form.label_)
            spans.append(Span(doc, long_form.start, long_form.end, label=long_form.label_, span_id=key))
        for token in doc:
            if token.text in definitions:
                label = definitions[token.text][1]
                spans.append(Span(doc, token.i, token.i + 1, label=label, span_id=f"acro:{token.text}"))
        doc.spans[ACRONYMS_KEY] = spans
        return doc

    def _long_then_acronym(self, doc: Doc, i: int) -> tuple[Span, Span] | None:
        if not (doc[i].text == "(" and doc[i + 2].text == ")" and looks_like_acronym(doc[i + 1].text)):
            return None
        end = i
        while end > 0 and doc[end - 1].is_space:
            end -= 1
        acronym = doc[i + 1 : i + 2]
        long_form = self._long_form_ending_at(doc, end, acronym.text)
        if long_form is None:
            return None
        return long_form, acronym

    def _acronym_then_long(self, doc: Doc, i: int) -> tuple[Span, Span] | None:
        """« CABSI (Central Asia Border Security Initiative) »."""
        acronym = doc[i]
        if not (looks_like_acronym(acronym.text) and doc[i + 1].text == "("):
            return None
        close = next(
            (j for j in range(i + 2, min(len(doc), i + 3 + _MAX_INNER_TOKENS)) if doc[j].text == ")"),
            None,
        )
        if close is None or close - (i + 2) < 2:
            return None
        inner = doc[i + 2 : close]
        if not is_capitalised(inner[0]) or inner[0].text[0].lower() != acronym.text[0].lower():
            return None
        if any(t.pos_ in {"VERB", "AUX"} or t.is_punct for t in inner):
            return None
        words = {t.lower_ for t in inner}
        label = "PROGRAMME" if words & self.programme_words else "ORGANISATION"
        long_form = Span(doc, inner.start, inner.end, label=label)
        return long_form, doc[i : i + 1]

    def _long_form_ending_at(self, doc: Doc, end: int, acronym: str) -> Span | None:
        """The name that « (ACR) » defines: a known name listing this acronym first, else the
        candidate whose initials fit the acronym best (the shortest full fit, or the longest
        partial fit, as when the letters come from the English name)."""
        gazetteer = [
            s for s in doc.spans.get(GAZETTEER_KEY, []) if s.end == end and not s.id_.endswith(":short")
        ]
        for span in gazetteer:
            if acronym in self.known_acronyms.get(parse_name_id(span.id_)[0], ()):
                return span
        candidates = gazetteer + [s for s in doc.spans.get(NAMES_KEY, []) if s.end == end]
        for start in range(end - 1, max(end - _LOOK_BACK, -1), -1):
            label = self.head_labels.get(doc[start].lower_)
            if label and self.walker.extend(doc, start) == end:
                candidates.append(Span(doc, start, end, label=label))
        if candidates:

            def preference(span: Span) -> tuple[float, int]:
                fit = letter_fit(acronym, span)
                return (fit, -len(span) if fit == 1.0 else len(span))

            return max(candidates, key=preference)
        for ent in doc.ents:
            if ent.end == end and ent.label_ in _MODEL_LABELS:
                return Span(doc, ent.start, ent.end, label=_MODEL_LABELS[ent.label_])
        return self._capitalised_run_ending_at(doc, end)

    def _capitalised_run_ending_at(self, doc: Doc, end: int) -> Span | None:
        """« German Marshall Fund (GMF) »: capitalised words, joined by short connectors."""
        start = end
        while start > 0:
            previous = doc[start - 1]
            if is_capitalised(previous) and is_content(previous):
                start -= 1
            elif (
                previous.lower_ in _RUN_CONNECTORS
                and start - 2 >= 0
                and is_capitalised(doc[start - 2])
                and start < end
            ):
                start -= 1
            else:
                break
        while start < end and not is_capitalised(doc[start]):
            start += 1
        if end - start < 2 or doc[start].is_sent_start and end - start < 2:
            return None
        words = {t.lower_ for t in doc[start:end]}
        label = "PROGRAMME" if words & self.programme_words else "ORGANISATION"
        return Span(doc, start, end, label=label)


@Language.factory("bulletin_acronyms")
def make_acronyms(nlp: Language, name: str) -> AcronymStage:
    return AcronymStage(load_resources())
