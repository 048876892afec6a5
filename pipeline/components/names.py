"""Organisation and programme names beyond the gazetteer, built by a small grammar.

A head noun (« Conseil », « Académie », « Programme »), its adjectives and capitalised
words, and its complements (« de la Défense », « pour l'Asie centrale », « « défense » »):
« Académie militaire interarmes de Mauritanie », « Commission électorale nationale
indépendante ». A generic noun before a capitalised name stays outside it:
« l'exercice Steppe Eagle » → « Steppe Eagle ».
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.components.annotations import NAMES_KEY
from pipeline.patterns import ROMAN_NUMERAL, YEAR_TOKEN
from pipeline.resources import load_resources
from schemas.resources import NameGrammar

_NOT_CONTENT_POS = {"VERB", "AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "NUM", "PUNCT", "SPACE"}
_MAX_NAME_TOKENS = 25
_MAX_QUOTED_TOKENS = 6
_CONNECTORS = {"de", "d'", "du", "des", "la", "of", "for", "and", "the", "on", "in"}


def is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def is_content(token: Token) -> bool:
    """A word that can stand inside a name: a noun, a proper noun or an adjective."""
    if token.is_space or token.is_punct or token.like_num:
        return False
    if token.pos_ in _NOT_CONTENT_POS and not is_capitalised(token):
        return False
    return token.is_alpha or "-" in token.text or is_capitalised(token)


class NameWalker:
    """Extends a name from its head token to the right, as far as the grammar allows."""

    def __init__(self, grammar: NameGrammar) -> None:
        self.grammar = grammar
        self.prepositions = set(grammar.prepositions) - {"à"}
        self.articles = set(grammar.articles)
        self.heads = set(grammar.organisation_heads) | set(grammar.programme_heads)

    def _after_preposition(self, doc: Doc, index: int) -> int | None:
        """Index past « de la Défense », « pour l'Asie »…, or None if no content follows."""
        token = doc[index]
        j = index + 1
        if token.lower_ == "auprès" and j < len(doc) and doc[j].lower_ in {"de", "d'", "du", "des"}:
            j += 1
        article = j < len(doc) and doc[j].lower_ in self.articles
        if article:
            j += 1
        if j >= len(doc) or not is_content(doc[j]):
            return None
        if token.lower_ in {"au", "aux", "en"} and not is_capitalised(doc[j]):
            return None  # « au Tadjikistan » belongs to a name, « au sujet de » does not
        return j + 1

    def _quoted(self, doc: Doc, index: int) -> int | None:
        """Index past a quoted part of the name: Conseil « Affaires générales »."""
        for j in range(index + 1, min(index + _MAX_QUOTED_TOKENS + 2, len(doc))):
            if doc[j].text in {"»", '"'}:
                return j + 1 if j > index + 1 else None
            if not (is_content(doc[j]) or doc[j].lower_ in self.prepositions | {"et"}):
                return None
        return None

    def extend(self, doc: Doc, start: int) -> int:
        """End (exclusive) of the name whose head is ``doc[start]``."""
        end = start + 1
        i = start + 1
        limit = min(len(doc), start + _MAX_NAME_TOKENS)
        while i < limit:
            token = doc[i]
            previous = doc[i - 1]
            if token.text in {"«", '"'}:
                past = self._quoted(doc, i)
                if past is None:
                    break
                i = end = past
            elif token.text == "-" and not previous.whitespace_ and i + 1 < len(doc) and (
                is_capitalised(doc[i + 1])
            ):
                i = end = i + 2
            elif ROMAN_NUMERAL.fullmatch(token.text) and is_capitalised(previous):
                i = end = i + 1
                break
            elif token.lower_ in self.prepositions:
                past = self._after_preposition(doc, i)
                if past is None:
                    break
                i = end = past
            elif token.lower_ == "et" or token.text == ",":
                nxt = doc[i + 1] if i + 1 < len(doc) else None
                if nxt is None:
                    break
                if nxt.lower_ in {"de", "d'", "du", "des"}:
                    past = self._after_preposition(doc, i + 1)
                    if past is None or doc[past - 1].text in self.heads:
                        break  # « du Conseil et de la Commission » are two names
                    i = end = past
                elif token.lower_ == "et" and is_capitalised(nxt) and nxt.text not in self.heads:
                    i = end = i + 2
                else:
                    break
            elif is_content(token) and (token.pos_ == "ADJ" or is_capitalised(token)):
                if token.is_sent_start:
                    break
                i = end = i + 1
            else:
                break
        return end


class NameGrammarStage:
    """Writes candidate names to ``doc.spans["names"]``, labelled and with the rule's id."""

    def __init__(self, grammar: NameGrammar) -> None:
        self.grammar = grammar
        self.walker = NameWalker(grammar)
        self.labels: dict[str, str] = {h: "ORGANISATION" for h in grammar.organisation_heads}
        self.labels.update({h: "PROGRAMME" for h in grammar.programme_heads})

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for token in doc:
            span = self._headed_name(doc, token) or self._name_after_generic_noun(doc, token)
            if span is not None:
                spans.append(span)
        doc.spans[NAMES_KEY] = spans
        return doc

    def _headed_name(self, doc: Doc, token: Token) -> Span | None:
        label = self.labels.get(token.text)
        lowercase_label = self.grammar.lowercase_heads_with_named_complement.get(token.text)
        if label is None and lowercase_label is None:
            return None
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if token.lower_ in self.grammar.generic_nouns_before_names and following is not None and (
            is_capitalised(following) and following.text not in self.walker.heads
        ):
            return None  # « Mission Jeanne d'Arc 2018 »: a generic noun before a name
        end = self.walker.extend(doc, token.i)
        if end <= token.i + 1:
            return None
        if lowercase_label is not None and not any(is_capitalised(t) for t in doc[token.i + 1 : end]):
            return None
        return Span(
            doc, token.i, end, label=label or lowercase_label, span_id=f"grammar:{token.lower_}"
        )

    def _name_after_generic_noun(self, doc: Doc, token: Token) -> Span | None:
        """« l'exercice Steppe Eagle » → Steppe Eagle; « la mission Jeanne d'Arc 2018 »."""
        label = self.grammar.generic_nouns_before_names.get(token.lower_)
        start = token.i + 1
        if label is None or start >= len(doc):
            return None
        first = doc[start]
        if not is_capitalised(first) or first.text in self.walker.heads or first.is_punct:
            return None
        end = start + 1
        while end < len(doc):
            current = doc[end]
            if is_capitalised(current) and not current.is_punct:
                end += 1
            elif (
                current.lower_ in _CONNECTORS
                and end + 1 < len(doc)
                and is_capitalised(doc[end + 1])
                and not doc[end + 1].is_punct
            ):
                end += 2
            else:
                break
        if end < len(doc) and (YEAR_TOKEN.fullmatch(doc[end].text) or ROMAN_NUMERAL.fullmatch(doc[end].text)):
            end += 1
        return Span(doc, start, end, label=label, span_id=f"generic:{token.lower_}")


@Language.factory("bulletin_names")
def make_name_grammar(nlp: Language, name: str) -> NameGrammarStage:
    return NameGrammarStage(load_resources().grammar)
