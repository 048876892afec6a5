"""Acronym definitions: « long form (ACR) » and « ACR (long form) » pairs, and every use
of the acronym alone in the document, before or after its definition.

The long form is a known name listing this acronym, else the candidate that ends right
before the parenthesis and whose initials fit the acronym best: a name the grammar builds
back to a head noun, a gazetteer or model span, or a run of capitalised words.
« Centre euro-atlantique de coordination des réactions en cas de catastrophe (EADRCC) »
pairs the French name with letters taken from the English one. All spans of one
definition get the id ``acro:EADRCC``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from spacy.language import Language
from spacy.tokens import Doc, Span

from bulletins.extraction.components.annotations import ACRONYMS_KEY, BLOCKED_KEY, GAZETTEER_KEY, NAMES_KEY
from bulletins.extraction.components.gazetteer import NamePatternId, PatternId, PlacePatternId
from bulletins.extraction.components.names import HeadIndex, NameWalker, is_capitalised, is_content
from bulletins.extraction.patterns import ACRONYM_SHAPE, ROMAN_NUMERAL
from bulletins.extraction.resources import Resources, resources_for
from bulletins.schemas.vocabulary import MODEL_LABELS

MAX_INNER_TOKENS = 16  # « CABSI (Central Asia Border Security Initiative) »: words in the parentheses
MAX_ACRONYM_TOKENS = 4  # « (PAP-T) » is three tokens
LOOK_BACK = 25  # how far before « (ACR) » its long form may start


def looks_like_acronym(text: str) -> bool:
    return bool(ACRONYM_SHAPE.fullmatch(text)) and not ROMAN_NUMERAL.fullmatch(text)


def _bare(letter: str) -> str:
    """« é » → « E »: an acronym's letters carry no accents (« EAOM », « École d'application… »)."""
    return unicodedata.normalize("NFKD", letter.upper())[:1]


def letter_fit(acronym: str, long_form: Span, not_initials: Collection[str] = frozenset()) -> float:
    """Share of the acronym's capitals found, in order, among the long form's initials.

    « Union européenne » fits « UE » fully; « Centre euro-atlantique de coordination… »
    fits « EADRCC » (letters of the English name) only in part. ``not_initials`` are the
    small words (« de », « la », « pour ») whose initial is no letter of an acronym.
    """
    letters = [c for c in acronym if c.isupper()]
    initials = [_bare(t.text[0]) for t in long_form if t.lower_ not in not_initials and t.text[:1].isalpha()]
    found = 0
    for initial in initials:
        if found < len(letters) and initial == letters[found]:
            found += 1
    return found / len(letters) if letters else 0.0


class _Ending:
    """The spans of one doc by the token they end at, read once per doc."""

    def __init__(self, doc: Doc) -> None:
        self.gazetteer: dict[int, list[tuple[Span, NamePatternId | PlacePatternId]]] = {}
        for span in doc.spans.get(GAZETTEER_KEY, []):
            pattern = PatternId.parse(span.id_)
            if not (isinstance(pattern, NamePatternId) and pattern.form == "short"):
                self.gazetteer.setdefault(span.end, []).append((span, pattern))
        self.names: dict[int, list[Span]] = {}
        for span in doc.spans.get(NAMES_KEY, []):
            self.names.setdefault(span.end, []).append(span)
        self.model: dict[int, Span] = {}
        for ent in doc.ents:
            if ent.label_ in MODEL_LABELS:
                self.model.setdefault(ent.end, ent)


class AcronymStage:
    """Writes acronym definitions and their uses to ``doc.spans["acronyms"]``, and the
    acronyms of policies and treaties to ``doc.spans["not_mentions"]``."""

    def __init__(
        self,
        resources: Resources,
        *,
        max_inner_tokens: int = MAX_INNER_TOKENS,
        max_acronym_tokens: int = MAX_ACRONYM_TOKENS,
        look_back: int = LOOK_BACK,
    ) -> None:
        self.max_inner_tokens = max_inner_tokens
        self.max_acronym_tokens = max_acronym_tokens
        self.look_back = look_back
        grammar = resources.grammar
        self.walker = NameWalker(grammar)
        heads = {h: "ORGANISATION" for h in grammar.organisation_heads}
        heads.update({h: "PROGRAMME" for h in grammar.programme_heads})
        heads.update(grammar.lowercase_heads_before_acronym)
        self.heads = HeadIndex(heads)
        self.programme_words = {w.lower() for w in grammar.english_programme_words} | {
            h.lower() for h in grammar.programme_heads
        }
        self.no_mention_heads = set(grammar.heads_of_things_that_are_no_mention)
        self.institution_adjectives = set(grammar.adjectives_of_institutions)
        self.run_connectors = set(grammar.connectors_before_an_acronym)
        self.not_initials = self.run_connectors | set(grammar.words_that_give_no_initial)
        self.known_acronyms: dict[str, set[str]] = {}
        for form in resources.name_forms:
            if form.form == "acronym":
                self.known_acronyms.setdefault(form.key, set()).add(form.text)

    def __call__(self, doc: Doc) -> Doc:
        definitions: dict[str, str] = {}  # acronym → label
        spans: list[Span] = []
        texts = [t.text for t in doc]  # read once: doc[i] makes a new Token at each access
        opening = [i for i in range(len(doc) - 2) if texts[i] == "("]
        blocked = self._acronyms_of_non_mentions(doc, opening)
        ending = _Ending(doc)
        for i in sorted({*opening, *(i - 1 for i in opening if i > 0)}):
            if texts[i] == "(":
                acronym = self._parenthesised_acronym(doc, i)
                if acronym is None or acronym.text in blocked:
                    continue
                found = self._long_then_acronym(doc, i, acronym, ending)
                if found is not None and acronym.text in definitions:
                    # a second definition keeps the first one's label, and its long form is a
                    # mention of that body: « le Programme alimentaire mondial des Nations Unies
                    # (PAM) » after « Programme alimentaire mondial (PAM) »
                    long_form = found[0]
                    spans.append(
                        Span(
                            doc,
                            long_form.start,
                            long_form.end,
                            label=definitions[acronym.text],
                            span_id=f"acro:{acronym.text}",
                        )
                    )
                    continue
            else:
                found = self._acronym_then_long(doc, i)
            if found is None:
                continue
            long_form, acronym_text = found
            if acronym_text in definitions or acronym_text in blocked:
                continue
            definitions[acronym_text] = long_form.label_
            spans.append(
                Span(
                    doc,
                    long_form.start,
                    long_form.end,
                    label=long_form.label_,
                    span_id=f"acro:{acronym_text}",
                )
            )
        text = doc.text if definitions or blocked else ""
        for acronym_text, label in definitions.items():
            for match in re.finditer(rf"(?<![\w-]){re.escape(acronym_text)}(?![\w-])", text):
                span = doc.char_span(match.start(), match.end(), label=label, span_id=f"acro:{acronym_text}")
                if span is not None:
                    spans.append(span)
        doc.spans[ACRONYMS_KEY] = spans
        text = text or doc.text
        doc.spans[BLOCKED_KEY] = [
            span
            for acronym_text in sorted(blocked)
            for match in re.finditer(rf"(?<![\w-]){re.escape(acronym_text)}(?![\w-])", text)
            if (span := doc.char_span(match.start(), match.end())) is not None
        ]
        return doc

    def _acronyms_of_non_mentions(self, doc: Doc, opening: list[int]) -> set[str]:
        """« politique de sécurité et de défense commune (PSDC) »: a policy, a treaty or a
        law is no mention (GUIDELINES.md), and neither is its acronym. ``opening``: the
        indexes of « ( »."""
        blocked: set[str] = set()
        for i in opening:
            acronym = self._parenthesised_acronym(doc, i)
            if acronym is None or acronym.text in blocked:
                continue
            for start in range(i - 1, max(i - self.look_back, -1), -1):
                if (
                    doc[start].lower_ in self.no_mention_heads
                    and self.walker.extend(doc, start, loose=True) == i
                ):
                    if not (self._body_reaches(doc, start, i) or self._an_institution(doc, start)):
                        blocked.add(acronym.text)
                    break
        return blocked

    def _an_institution(self, doc: Doc, start: int) -> bool:
        """« Conférence ministérielle de la Francophonie (CMF) »: a capitalised head of
        events with an adjective of institutions names a body, not a meeting."""
        return (
            start + 1 < len(doc)
            and is_capitalised(doc[start])
            and doc[start + 1].text in self.institution_adjectives
        )

    def _body_reaches(self, doc: Doc, policy: int, i: int) -> bool:
        """True when a body's head before the policy's word walks to ``i`` too: in
        « Organisation du traité de sécurité collective (OTSC) », « Centre de politique de
        sécurité de Genève (GCSP) », the treaty or the policy is a complement of the body."""
        for start in range(policy - 1, max(i - self.look_back, -1), -1):
            head = self.heads.match(doc, start)
            if head and self.walker.extend(doc, start, head[0], loose=True) == i:
                return True
        return False

    def _parenthesised_acronym(self, doc: Doc, i: int) -> Span | None:
        """« (EADRCC) », or « (PAP-T) » that the tokenizer split in pieces."""
        if doc[i].text != "(" or doc[i].whitespace_:
            return None
        for close in range(i + 2, min(len(doc), i + 2 + self.max_acronym_tokens)):
            if doc[close].text == ")":
                inner = doc[i + 1 : close]
                glued = all(not t.whitespace_ for t in inner[:-1])
                return inner if glued and looks_like_acronym(inner.text) else None
        return None

    def _long_then_acronym(self, doc: Doc, i: int, acronym: Span, ending: _Ending) -> tuple[Span, str] | None:
        """« Organisation du traité de l'Atlantique Nord (OTAN) »: ``acronym`` is in the
        parentheses that open at ``i``."""
        end = i
        while end > 0 and doc[end - 1].is_space:
            end -= 1
        long_form = self._long_form_ending_at(doc, end, acronym.text, ending)
        if long_form is None:
            return None
        return long_form, acronym.text

    def _acronym_then_long(self, doc: Doc, i: int) -> tuple[Span, str] | None:
        """« CABSI (Central Asia Border Security Initiative) »."""
        acronym = doc[i : i + 1]
        previous = doc[i - 1] if i > 0 else None
        if (
            previous is not None
            and is_capitalised(doc[i])
            and previous.whitespace_
            and looks_like_acronym(previous.text)
            and previous.text.isupper()
        ):
            acronym = doc[i - 1 : i + 1]  # « EUBAM Rafah (Mission d'assistance…) », « EUPOL COPPS (…) »
        if not (looks_like_acronym(acronym[0].text) and doc[i + 1].text == "("):
            return None
        close = next(
            (j for j in range(i + 2, min(len(doc), i + 3 + self.max_inner_tokens)) if doc[j].text == ")"),
            None,
        )
        if close is None or close - (i + 2) < 2:
            return None
        inner = doc[i + 2 : close]
        if not is_capitalised(inner[0]):
            return None
        if _bare(inner[0].text[0]) != _bare(acronym.text[0]) and self.heads.match(doc, inner.start) is None:
            return None  # « EUBAM (Mission d'assistance…) »: letters from another language, a head noun
        if any(t.pos_ in {"VERB", "AUX"} or (t.is_punct and t.text != ",") for t in inner):
            return None  # « DEFR (Département fédéral de l'économie, de la formation…) » keeps its commas
        label = "PROGRAMME" if {t.lower_ for t in inner} & self.programme_words else "ORGANISATION"
        return Span(doc, inner.start, inner.end, label=label), acronym.text

    def _long_form_ending_at(self, doc: Doc, end: int, acronym: str, ending: _Ending) -> Span | None:
        """The name that « (ACR) » defines: a known name listing this acronym first, else the
        candidate whose initials fit the acronym best (the shortest full fit, or the longest
        partial fit, as when the letters come from the English name)."""
        gazetteer = ending.gazetteer.get(end, [])
        for span, pattern in gazetteer:
            if isinstance(pattern, NamePatternId) and acronym in self.known_acronyms.get(pattern.key, ()):
                return span
        candidates = [s for s, _ in gazetteer] + ending.names.get(end, [])
        for start in range(end - 1, max(end - self.look_back, -1), -1):
            head = self.heads.match(doc, start)
            if head and self.walker.extend(doc, start, head[0], loose=True) == end:
                generic = head[1] == "PROGRAMME" and doc[start].is_lower and is_capitalised(doc[head[0]])
                # « le fonds Éducation sans délai (ECW) »: a bare generic noun stays outside the name
                candidates.append(Span(doc, head[0] if generic else start, end, label=head[1]))
        if candidates:

            def preference(span: Span) -> tuple[float, int]:
                fit = letter_fit(acronym, span, self.not_initials)
                return (fit, -len(span) if fit == 1.0 else len(span))

            return max(candidates, key=preference)
        ent = ending.model.get(end)
        if ent is not None:
            return Span(doc, ent.start, ent.end, label=MODEL_LABELS[ent.label_])
        return self._capitalised_run_ending_at(doc, end)

    def _capitalised_run_ending_at(self, doc: Doc, end: int) -> Span | None:
        """« German Marshall Fund (GMF) »: capitalised words, joined by short connectors."""
        start = end
        while start > 0:
            previous = doc[start - 1]
            if (is_capitalised(previous) and is_content(previous)) or (
                previous.lower_ in self.run_connectors
                and start - 2 >= 0
                and is_capitalised(doc[start - 2])
                and start < end
            ):
                start -= 1
            else:
                break
        while start < end and not is_capitalised(doc[start]):
            start += 1
        if end - start < 2:
            return None
        label = "PROGRAMME" if {t.lower_ for t in doc[start:end]} & self.programme_words else "ORGANISATION"
        return Span(doc, start, end, label=label)


@Language.factory(
    "bulletins_acronyms_v1",
    default_config={
        "resources": None,
        "max_inner_tokens": MAX_INNER_TOKENS,
        "max_acronym_tokens": MAX_ACRONYM_TOKENS,
        "look_back": LOOK_BACK,
    },
    requires=["token.pos", "doc.ents", "doc.spans"],
    assigns=["doc.spans"],
)
def make_acronyms(
    nlp: Language,
    name: str,
    resources: str | None,
    max_inner_tokens: int,
    max_acronym_tokens: int,
    look_back: int,
) -> AcronymStage:
    """Acronym definitions and uses under ``doc.spans["acronyms"]`` (and ``"not_mentions"``)."""
    return AcronymStage(
        resources_for(resources),
        max_inner_tokens=max_inner_tokens,
        max_acronym_tokens=max_acronym_tokens,
        look_back=look_back,
    )
