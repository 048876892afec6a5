"""Organisation, programme and place names beyond the gazetteer, built by a small grammar.

A head noun (« Conseil », « Académie », « Programme », « État-major »), its adjectives
and capitalised words, and its complements (« de la Défense », « pour l'Asie centrale »,
« « défense » »): « Académie militaire interarmes de Mauritanie », « Commission
électorale nationale indépendante ». Also:

- a generic noun before a capitalised name stays outside it: « l'exercice Steppe
  Eagle » → « Steppe Eagle »;
- an acronym followed by a capitalised name is one name: « EUBAM Rafah », « ONU Info »;
- a geographic head noun keeps its name: « mer Rouge », « golfe d'Aden », « bande de Gaza ».
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from bulletins.extraction.components.annotations import GAZETTEER_KEY, NAMES_KEY
from bulletins.extraction.components.roles import role_words
from bulletins.extraction.dates.vocabulary import MONTHS_FR
from bulletins.extraction.patterns import ACRONYM_SHAPE, ORDINAL_WORD, ROMAN_NUMERAL, YEAR_TOKEN
from bulletins.extraction.resources import resources_for
from bulletins.schemas.resources import NameGrammar, RoleWords
from bulletins.schemas.vocabulary import MODEL_LABELS

_NOT_CONTENT_POS = {"VERB", "AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "NUM", "PUNCT", "SPACE"}
MAX_NAME_TOKENS = 25  # a name's tokens, head included
MAX_QUOTED_TOKENS = 6  # Conseil « Affaires générales »: the words between the quotes
MAX_ACRONYM_NAME_TOKENS = 2  # « EUBAM Rafah »: the capitalised words after an acronym
MAX_ACRONYM_LENGTH = 6  # « DEVELOPMENT »: capitals this long are a heading, not an acronym
PLACE_AFTER_A_RULE = "grammar:place-after-a"  # a fallback, after the model
ADMINISTRATIVE_RULE = "grammar:administrative"  # « la région de Faizabad »: a fallback too
TREATY_PLACE_RULE = "grammar:treaty-place"  # « la convention de Lomé »: a fallback too
FALLBACK_RULES = frozenset(
    {PLACE_AFTER_A_RULE, ADMINISTRATIVE_RULE, TREATY_PLACE_RULE}
)  # taken where the model found nothing
LINE_OPENING_POS = frozenset(
    {"DET", "PRON", "ADP", "CCONJ", "SCONJ", "ADV", "AUX", "VERB"}
)  # « Le », « Il », « Dans »
PLURAL_DEMONYM = re.compile(r"(?:ens|ains|ais|ois)$")  # « aux Européens », « aux Maliens », « aux Chinois »
PREPOSITIONS_OF_PLACES = frozenset({"à", "au", "aux", "en"})  # « à Cotonou », « au Proche-Orient »
SHORT_RULE_PREFIX = "short:"  # the rule id of a short name: ``short:Conseil``
MAX_ENUMERATED_DOMAINS = 4  # « Affaires étrangères, Commerce extérieur et Coopération … »: parts after commas
LIST_LOOK_BACK = 20  # how far before a name the noun that opens its list may be
APPOSITION_RULE = "grammar:apposition"  # « Enabel, l'agence belge de développement »


def is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def is_content(token: Token) -> bool:
    """A word that can stand inside a name: a noun, a proper noun or an adjective."""
    if token.is_space or token.is_punct or token.like_num:
        return False
    if token.pos_ in _NOT_CONTENT_POS and not is_capitalised(token):
        return False
    return token.is_alpha or "-" in token.text or is_capitalised(token)


def _acronym_at(doc: Doc, i: int) -> bool:
    """True when « (ACR) » opens at token ``i``."""
    return (
        i + 2 < len(doc)
        and doc[i].text == "("
        and doc[i + 2].text == ")"
        and bool(ACRONYM_SHAPE.fullmatch(doc[i + 1].text))
    )


def _past_wrap(doc: Doc, i: int) -> int:
    """``i`` moved past one line break where a long line was wrapped (« la mission\nJeanne
    d'Arc »): a lone « \n » token between a lower-case word and a capitalised one."""
    if i + 1 >= len(doc) or doc[i].text != "\n" or not doc[i - 1].is_lower or not is_capitalised(doc[i + 1]):
        return i
    if doc[i + 1].pos_ in LINE_OPENING_POS:
        return i  # « nouvelle mission\nLe nouveau nom … »: the next line is a sentence of its own
    return i + 1


def _people(doc: Doc) -> dict[int, tuple[int, int]]:
    """Token index → (start, end) of the model's PER entity that holds it."""
    return {i: (e.start, e.end) for e in doc.ents if e.label_ == "PER" for i in range(e.start, e.end)}


def _before_a_person(doc: Doc, span: Span, people: dict[int, tuple[int, int]]) -> Span | None:
    """``span`` cut before the model's person that ends it: « le Conseil national Maja
    Rindvik » → « Conseil national »; a title's acronym and a person (« le CEO Kjell
    Brandvik ») leave nothing."""
    person = people.get(span.end - 1)
    if person is None or not span.start < person[0] or span.end > person[1]:
        return span
    end = person[0]
    while end > span.start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end == span.start or (span.id_ == "grammar:acronym-name" and end - span.start < 2):
        return None
    return Span(doc, span.start, end, label=span.label_, span_id=span.id_)


def _past_compound(doc: Doc, end: int) -> int:
    """``end`` moved past the glued parts of a compound name: « Proche-Orient »,
    « Qala-e-Naw » (the tokenizer splits them at their hyphens)."""
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
    ):
        end += 2
    return end


def _glued(doc: Doc, start: int, end: int) -> bool:
    """True when tokens start..end-1 are written without spaces between them."""
    return all(not doc[i].whitespace_ for i in range(start, end - 1))


class HeadIndex:
    """Head nouns, single- or multi-token (« État-major » is three tokens), by first token."""

    def __init__(self, heads: dict[str, str]) -> None:
        self.by_first: dict[str, list[tuple[list[str], str]]] = {}
        for head, label in heads.items():
            parts = _split_like_tokenizer(head)
            self.by_first.setdefault(parts[0], []).append((parts, label))
            if len(parts) > 1 and " " not in head:  # « Haut-Commissariat »: one token, too
                self.by_first.setdefault(head, []).append(([head], label))
        for options in self.by_first.values():
            options.sort(key=lambda option: -len(option[0]))

    def match(self, doc: Doc, i: int) -> tuple[int, str] | None:
        """(end of the head, label) when a head starts at token ``i``: « État-major » glued,
        « Grand quartier général » with its spaces."""
        for parts, label in self.by_first.get(doc[i].text, []):
            end = i + len(parts)
            if end > len(doc) or [t.text for t in doc[i:end]] != parts:
                continue
            if all(
                bool(doc[k].whitespace_) == (parts[k - i + 1] != "-" and parts[k - i] != "-")
                for k in range(i, end - 1)
            ):
                return end, label
        return None


def _split_like_tokenizer(text: str) -> list[str]:
    """« État-major » → [« État », « - », « major »], as the French tokenizer splits it."""
    parts: list[str] = []
    for piece in text.split():
        chunks = piece.split("-")
        for k, chunk in enumerate(chunks):
            if k:
                parts.append("-")
            if chunk:
                parts.append(chunk)
    return parts


class NameWalker:
    """Extends a name from its head to the right, as far as the grammar allows."""

    def __init__(
        self,
        grammar: NameGrammar,
        *,
        max_name_tokens: int = MAX_NAME_TOKENS,
        max_quoted_tokens: int = MAX_QUOTED_TOKENS,
    ) -> None:
        self.grammar = grammar
        self.max_name_tokens = max_name_tokens
        self.max_quoted_tokens = max_quoted_tokens
        self.before_a_domain = set(grammar.prepositions_before_a_domain)
        self.compound_nouns = set(grammar.nouns_of_compound_prepositions)
        # « à » only before a domain with its article (« à l'économie »), never « à Bruxelles »
        self.prepositions = (set(grammar.prepositions) - {"à"}) | (self.before_a_domain & {"à"})
        self.needing_a_name = set(grammar.prepositions_needing_a_name)
        self.articles = set(grammar.articles)
        self.heads = set(grammar.organisation_heads) | set(grammar.programme_heads)
        self.other_name_heads = set(grammar.heads_that_start_another_name)
        self.adjective_endings = tuple(grammar.adjective_endings)
        self.after_en = set(grammar.words_after_en_inside_names)
        self.forms_of_de = set(grammar.forms_of_de)
        # « initiative pour l'interopérabilité avec les partenaires (PII) »: a name that an
        # acronym closes may take prepositions a free-standing name does not
        self.loose_prepositions = self.prepositions | set(grammar.prepositions_before_an_acronym)

    def _after_preposition(self, doc: Doc, index: int, loose: bool = False) -> int | None:
        """Index past « de la Défense », « pour l'Asie »…, or None if no content follows."""
        token = doc[index]
        j = index + 1
        if token.lower_ == "auprès" and j < len(doc) and doc[j].lower_ in self.forms_of_de:
            j += 1
        if j < len(doc) and doc[j].lower_ in self.articles:
            j += 1
        if j >= len(doc) or not is_content(doc[j]):
            return None
        fixed = token.lower_ == "en" and doc[j].lower_ in self.after_en  # « mise en œuvre »
        domain = (  # « Haut-Commissariat … aux droits de l'homme », « Secrétariat d'État à l'économie »
            token.lower_ in self.before_a_domain
            and (token.lower_ != "à" or j > index + 1)
            and (doc[j].pos_ in {"NOUN", "ADJ"} or "Part" in doc[j].morph.get("VerbForm", []))
            and doc[j].lower_ not in self.compound_nouns
        )
        if token.lower_ == "à" and not domain:
            return None
        if token.lower_ in self.needing_a_name and not is_capitalised(doc[j]) and not fixed and not domain:
            return None  # « au Tadjikistan » belongs to a name, « au sujet de » does not
        if doc[j].text in self.other_name_heads:
            return None  # « Division X du Département Y » are two names
        if doc[j].lower_ in MONTHS_FR:
            return None  # « le Conseil des affaires étrangères de février »: a date, not the name
        return j + 1

    def _quoted(self, doc: Doc, index: int) -> int | None:
        """Index past a quoted part of the name: Conseil « Affaires générales »."""
        for j in range(index + 1, min(index + self.max_quoted_tokens + 2, len(doc))):
            if doc[j].text in {"»", '"'}:
                return j + 1 if j > index + 1 else None
            if not (is_content(doc[j]) or doc[j].lower_ in self.prepositions | {"et"}):
                return None
        return None

    def _is_modifier(self, token: Token, in_chain: bool) -> bool:
        """An adjective after the head or a complement (« militaire », « frontalière »)."""
        if token.is_sent_start or token.is_punct or token.like_num:
            return False
        if is_capitalised(token):
            return is_content(token)
        if token.pos_ == "ADJ":
            return True
        if token.pos_ == "VERB":  # « combinée »: a participle in the head's adjectives only
            return in_chain and "Part" in token.morph.get("VerbForm", [])
        return token.pos_ == "NOUN" and token.lower_.endswith(self.adjective_endings)

    def extend(self, doc: Doc, start: int, head_end: int | None = None, loose: bool = False) -> int:
        """End (exclusive) of the name whose head starts at ``doc[start]``; ``loose`` when an
        acronym in parentheses closes the name."""
        prepositions = self.loose_prepositions if loose else self.prepositions
        end = i = head_end or start + 1
        in_chain = True  # still in the adjectives right after the head
        limit = min(len(doc), start + self.max_name_tokens)
        while i < limit:
            token = doc[i]
            previous = doc[i - 1]
            if token.text in {"«", '"'}:
                past = self._quoted(doc, i)
                if past is None:
                    break
                i = end = past
            elif (
                token.text == "-" and not previous.whitespace_ and not token.whitespace_ and i + 1 < len(doc)
            ):
                i = end = i + 2  # « euro-atlantique », « OTAN-Initiative »: one word the tokenizer split
            elif ROMAN_NUMERAL.fullmatch(token.text) and is_capitalised(previous):
                end = i + 1
                break
            elif YEAR_TOKEN.fullmatch(token.text) and i == start + 1:
                end = i + 1  # « Agenda 2063 »
                break
            elif token.lower_ in prepositions:
                past = self._after_preposition(doc, i)
                if past is None:
                    break
                i = end = past
                in_chain = False
            elif token.lower_ == "et" or token.text == ",":
                following = doc[i + 1] if i + 1 < len(doc) else None
                if following is None:
                    break
                if following.lower_ in self.forms_of_de:
                    past = self._after_preposition(doc, i + 1)
                    if past is None or doc[past - 1].text in self.heads:
                        break  # « du Conseil et de la Commission » are two names
                    i = end = past
                elif token.lower_ == "et" and is_capitalised(following) and following.text not in self.heads:
                    i = end = i + 2
                elif loose and token.lower_ == "et" and is_content(following) and following.pos_ != "VERB":
                    i = end = i + 2  # « Division Affaires politiques et politique de sécurité (PASP) »
                else:
                    break
            elif self._is_modifier(token, in_chain or loose):
                i = end = i + 1
            else:
                break
        return end


class NameGrammarStage:
    """Writes candidate names to ``doc.spans["names"]``, labelled, with the rule as id."""

    def __init__(
        self,
        grammar: NameGrammar,
        *,
        max_name_tokens: int = MAX_NAME_TOKENS,
        max_quoted_tokens: int = MAX_QUOTED_TOKENS,
        max_acronym_name_tokens: int = MAX_ACRONYM_NAME_TOKENS,
        max_acronym_length: int = MAX_ACRONYM_LENGTH,
        roles: RoleWords | None = None,
    ) -> None:
        self.grammar = grammar
        self.max_name_tokens = max_name_tokens
        self.max_acronym_name_tokens = max_acronym_name_tokens
        self.max_acronym_length = max_acronym_length
        self.walker = NameWalker(
            grammar, max_name_tokens=max_name_tokens, max_quoted_tokens=max_quoted_tokens
        )
        heads = {h: "ORGANISATION" for h in grammar.organisation_heads}
        heads.update({h: "PROGRAMME" for h in grammar.programme_heads})
        self.heads = HeadIndex(heads)
        self.lowercase_heads = HeadIndex(dict(grammar.lowercase_heads_with_named_complement))
        self.place_heads = grammar.place_heads
        self.connectors = set(grammar.connectors_in_capitalised_runs)
        self.short_heads = set(grammar.short_name_heads)
        self.publication_words = set(grammar.publication_words)
        self.english_heads = dict(grammar.english_heads)
        self._known_ends: dict[int, int] = {}  # per doc: start token → end of the longest known name
        self._known_bodies: set[int] = set()  # per doc: the first tokens of known bodies' names
        self.state_words = {p.split()[0] for p in grammar.country_long_form_prefixes}
        self.state_words |= {w.replace("É", "E") for w in self.state_words}
        self.directions: dict[str, list[list[str]]] = {}  # by first word, longest first
        for direction in sorted(grammar.place_directions, key=len, reverse=True):
            parts = direction.replace("'", "' ").split()
            self.directions.setdefault(parts[0], []).append(parts)
        self.no_name_words = set(grammar.words_that_start_no_name) | set(roles.words if roles else ())
        self.short_articles = set(grammar.articles_before_short_names)
        self.apposition_nouns = set(grammar.nouns_of_bodies_in_apposition)
        self.administrative_nouns = set(grammar.administrative_nouns_before_places)
        self.plural_bodies = set(grammar.plural_nouns_of_bodies)
        self.lowercase_bodies = set(grammar.lowercase_body_heads)
        self.institution_adjectives = set(grammar.adjectives_of_institutions)
        self.treaties = set(grammar.treaties_named_by_places)

    def __call__(self, doc: Doc) -> Doc:
        self._known_ends = {}
        self._known_bodies = set()
        for known in doc.spans.get(GAZETTEER_KEY, []):
            if len(known) > 1 and known.end > self._known_ends.get(known.start, 0):
                self._known_ends[known.start] = known.end
            if known.label_ == "ORGANISATION" and not known.id_.endswith(":short"):
                self._known_bodies.add(known.start)
        spans: list[Span] = self._regions(doc)
        in_apposition: set[str] = set()
        people = _people(doc)
        for token in doc:
            span = (
                self._headed_name(doc, token)
                or self._name_after_generic_noun(doc, token)
                or self._name_after_acronym(doc, token)
                or self._place_with_head(doc, token)
                or self._place_after_administrative_noun(doc, token)
                or self._place_naming_a_treaty(doc, token)
                or self._name_in_apposition(doc, token)
                or self._lowercase_body(doc, token)
                or self._english_name(doc, token)
                or self._place_after_a(doc, token)
            )
            span = _before_a_person(doc, span, people) if span is not None else None
            if span is not None:
                spans.append(span)
                if span.id_ == APPOSITION_RULE:
                    in_apposition.add(span.text)
        if in_apposition:
            spans += self._echoes(doc, in_apposition, {s.start for s in spans if s.id_ == APPOSITION_RULE})
        doc.spans[NAMES_KEY] = spans
        return doc

    def _name_in_apposition(self, doc: Doc, token: Token) -> Span | None:
        """« confiée à Enabel, l'agence belge de développement »: one capitalised word that
        an apposition calls a body (« agence », « fondation », « ONG ») is that body's name."""
        i = token.i
        if i + 2 >= len(doc) or doc[i + 1].text != "," or not is_capitalised(token) or len(token) < 3:
            return None
        if not (token.is_alpha or "-" in token.text) or token.text in self.no_name_words:
            return None
        if token.text in self.walker.heads or token.text in self.state_words:
            return None
        if (
            i > 0
            and is_capitalised(doc[i - 1])
            and is_content(doc[i - 1])
            and self._inside_sentence(doc, token)
        ):
            return None  # « Michel Barnier, … »: the last word of a longer name
        j = i + 2
        if doc[j].lower_ in self.walker.articles | {"une", "un"}:
            j += 1
        if j >= len(doc) or doc[j].lower_ not in self.apposition_nouns or is_capitalised(doc[j]):
            return None
        return Span(doc, i, i + 1, label="ORGANISATION", span_id=APPOSITION_RULE)

    def _lowercase_body(self, doc: Doc, token: Token) -> Span | None:
        """« la force de réaction rapide », « l'assemblée parlementaire »: a body's official
        name in lower case, after a definite article: its head and an adjective of
        institutions, or « de », a bare noun and an adjective. « la force de l'Alliance »,
        « le comité de pilotage », « la commission a décidé » are no names."""
        i = token.i
        if token.text not in self.lowercase_bodies or i == 0 or i + 1 >= len(doc):
            return None
        if doc[i - 1].lower_ not in self.short_articles:
            return None
        following = doc[i + 1]
        if following.text in self.institution_adjectives:
            pass
        elif following.lower_ in {"de", "d'"} and i + 3 < len(doc):
            noun, adjective = doc[i + 2], doc[i + 3]
            if not (
                noun.is_lower
                and noun.pos_ == "NOUN"
                and noun.lower_ not in self.walker.compound_nouns
                and adjective.is_lower
                and adjective.pos_ == "ADJ"
            ):
                return None
        else:
            return None
        end = self.walker.extend(doc, i)
        for k in range(i + 2, end - 2):  # « … de l'organisation »: a generic word, no part of it
            complement = (
                doc[k].lower_ in self.walker.forms_of_de and doc[k + 1].lower_ in self.walker.articles
            )
            if complement and not is_capitalised(doc[k + 2]):
                end = k
                break
        return Span(doc, i, end, label="ORGANISATION", span_id="grammar:lowercase-body")

    @staticmethod
    def _echoes(doc: Doc, texts: set[str], taken: set[int]) -> list[Span]:
        """The other uses of a name an apposition defined: « Enabel exécute… »."""
        return [
            Span(doc, t.i, t.i + 1, label="ORGANISATION", span_id=APPOSITION_RULE)
            for t in doc
            if t.text in texts and t.i not in taken
        ]

    def _place_naming_a_treaty(self, doc: Doc, token: Token) -> Span | None:
        """« la convention de Lomé », « l'accord de paix de Dayton », « les traités de
        Lancaster House »: the treaty is no mention, the place is (GUIDELINES « Not
        annotated »); a fallback where the model finds nothing."""
        if token.lower_ not in self.treaties:
            return None
        j = token.i + 1
        if j + 2 < len(doc) and doc[j].lower_ == "de" and doc[j + 1].is_lower and doc[j + 1].pos_ == "NOUN":
            j += 2  # « accord de paix de Dayton »
        if j + 1 >= len(doc) or doc[j].lower_ not in {"de", "d'"}:
            return None
        place = doc[j + 1]
        if not (place.is_alpha and is_capitalised(place) and not place.is_upper):
            return None
        if place.text in self.walker.heads or place.text in self.no_name_words:
            return None
        end = _past_compound(doc, self._capitalised_run(doc, j + 1, 3))
        return Span(doc, j + 1, end, label="PLACE", span_id=TREATY_PLACE_RULE)

    def _place_after_administrative_noun(self, doc: Doc, token: Token) -> Span | None:
        """« la région de Faizabad », « la province de Cabo Delgado »: the noun stays
        outside the place (GUIDELINES « Spans »)."""
        if token.lower_ not in self.administrative_nouns:
            return None
        j = token.i + 1
        if j < len(doc) and doc[j].lower_ in self.walker.forms_of_de:
            j += 1
        else:
            return None
        if j < len(doc) and doc[j].lower_ in self.walker.articles and doc[j - 1].lower_ in {"de", "d'"}:
            j += 1
        if j >= len(doc) or not is_capitalised(doc[j]) or not doc[j].is_alpha or doc[j].is_upper:
            return None
        if doc[j].text in self.walker.heads or doc[j].text in self.no_name_words:
            return None  # « la région de Commandement … », « la ville de Président … »
        end = _past_compound(doc, self._capitalised_run(doc, j, 3))
        return Span(doc, j, end, label="PLACE", span_id=ADMINISTRATIVE_RULE)

    def _headed_name(self, doc: Doc, token: Token) -> Span | None:
        capitalised = self.heads.match(doc, token.i)
        lowercase = None if capitalised else self.lowercase_heads.match(doc, token.i)
        found = capitalised or lowercase
        if found is None:
            return None
        head_end, label = found
        following = doc[head_end] if head_end < len(doc) else None
        if (
            token.lower_ in self.grammar.generic_nouns_before_names
            and following is not None
            and (is_capitalised(following) and following.text not in self.walker.heads)
            and not (
                capitalised
                and self._inside_sentence(doc, token)
                and not ACRONYM_SHAPE.fullmatch(following.text)
            )
        ):
            # « l'exercice Steppe Eagle », « Mission Jeanne d'Arc 2018 » opening a line: a
            # generic noun before a name; « le Programme Sud II » inside a sentence: one name
            return None
        start = token.i
        ordinal = start > 0 and is_capitalised(doc[start - 1]) and ORDINAL_WORD.fullmatch(doc[start - 1].text)
        if ordinal:
            start -= 1  # « Cinquième Commission »
        end = self.walker.extend(doc, token.i, head_end)
        closed = self.walker.extend(doc, token.i, head_end, loose=True)
        if closed > end and _acronym_at(doc, closed):
            end = closed  # « Grand quartier général des puissances alliées en Europe (SHAPE) »
        end = self._place_before_acronym(doc, end)
        if label == "ORGANISATION":  # « Programme des Nations unies… » is a body, not a programme
            end = self._through_known_names(doc, token.i, end)
        else:
            end = self._before_the_owner(doc, head_end, end)
            if _acronym_at(doc, end) and self._listed_among_bodies(doc, start):
                label = "ORGANISATION"  # « agences … comme le Programme alimentaire mondial (PAM) »
        if end <= head_end:
            if ordinal and capitalised:
                return Span(doc, start, head_end, label=label, span_id=f"grammar:{token.lower_}")
            return self._short_name(doc, token, head_end, label) if capitalised else None
        complement = doc[head_end:end]
        if lowercase is not None and not any(is_capitalised(t) for t in complement):
            return None
        capitals_only = all(is_capitalised(t) or t.text == "-" for t in complement)
        if label == "PROGRAMME" and capitals_only and not self._inside_sentence(doc, token):
            return None  # « Dialogue OTAN-Kazakhstan : » opening a title: a capital proves nothing
        return Span(doc, start, end, label=label, span_id=f"grammar:{token.lower_}")

    def _through_known_names(self, doc: Doc, start: int, end: int) -> int:
        """« Bureau des Nations unies auprès de l'Union africaine »: a known name that starts
        inside the walk is whole, and the walk goes on after it."""
        for _ in range(3):
            past = max((self._known_ends.get(k, 0) for k in range(start + 1, end)), default=0)
            if past <= end:
                return end
            end = max(past, self.walker.extend(doc, start, past))
        return end

    def _listed_among_bodies(self, doc: Doc, start: int) -> bool:
        """True when a plural noun of bodies opens the list ``start`` is in, within its
        sentence: « organisations internationales, parmi lesquelles l'UE, l'ONUDC et le … »."""
        for k in range(start - 1, max(start - LIST_LOOK_BACK, -1), -1):
            token = doc[k]
            if token.text in {".", ";", "!", "?"} or "\n" in token.whitespace_ or token.is_space:
                return False
            if token.lower_ in self.plural_bodies:
                return True
        return False

    @staticmethod
    def _place_before_acronym(doc: Doc, end: int) -> int:
        """« Centre de politique de sécurité, Genève (GCSP) »: a place after a comma belongs
        to the name that an acronym closes, as Swiss and Belgian bodies write it."""
        if end + 2 >= len(doc) or doc[end].text != ",":
            return end
        place = doc[end + 1]
        if is_capitalised(place) and place.is_alpha and not place.is_upper and _acronym_at(doc, end + 2):
            return end + 2
        return end

    def _before_the_owner(self, doc: Doc, head_end: int, end: int) -> int:
        """« Fonds pour la paix de l'UA », « Agenda 2063 de l'Union africaine »: the body a
        programme belongs to follows its name and is a name of its own."""
        for k in range(head_end + 1, end - 1):
            if doc[k].lower_ not in self.walker.forms_of_de:
                continue
            body = k + 2 if doc[k + 1].lower_ in self.walker.articles else k + 1
            if body in self._known_bodies:
                return k
        return end

    @staticmethod
    def _inside_sentence(doc: Doc, token: Token) -> bool:
        """True when ``token`` neither opens a sentence nor a line: its capital may mean a name."""
        if token.i == 0 or token.is_sent_start:
            return False
        previous = doc[token.i - 1]
        return not (
            previous.is_space or "\n" in previous.whitespace_ or previous.text in {".", ":", "!", "?", "»"}
        )

    def _short_name(self, doc: Doc, token: Token, head_end: int, label: str) -> Span | None:
        """« le Conseil », « la Cour », « l'Union »: a capitalised head alone after an article,
        inside a sentence, stands for a body of the page (GUIDELINES « Also annotated »)."""
        if head_end != token.i + 1 or token.text not in self.short_heads or token.i == 0:
            return None
        if doc[token.i - 1].lower_ not in self.short_articles:
            return None
        return Span(doc, token.i, head_end, label=label, span_id=f"{SHORT_RULE_PREFIX}{token.text}")

    def _capitalised_run(self, doc: Doc, start: int, limit: int | None = None) -> int:
        limit = self.max_name_tokens if limit is None else limit
        end = start + 1
        while end < len(doc) and end - start < limit:
            current = doc[end]
            if is_capitalised(current) and not current.is_punct:
                end += 1
            elif (
                current.lower_ in self.connectors
                and end + 1 < len(doc)
                and is_capitalised(doc[end + 1])
                and not doc[end + 1].is_punct
            ):
                end += 2
            else:
                break
        return end

    def _name_after_generic_noun(self, doc: Doc, token: Token) -> Span | None:
        """« l'exercice Steppe Eagle » → Steppe Eagle; « la mission Jeanne d'Arc 2018 »."""
        label = self.grammar.generic_nouns_before_names.get(token.lower_)
        start = token.i + 1
        if label is None or start >= len(doc) or (token.is_upper and len(token) > 1):
            return None  # « L'ORGANISATION MONDIALE… »: a headline in capitals, not a generic noun
        if token.is_lower:
            start = _past_wrap(doc, start)  # « la mission\nJeanne d'Arc »
        first = doc[start]
        if not is_capitalised(first) or first.text in self.walker.heads or first.is_punct:
            return None
        end = self._capitalised_run(doc, start)
        if end < len(doc) and (YEAR_TOKEN.fullmatch(doc[end].text) or ROMAN_NUMERAL.fullmatch(doc[end].text)):
            end += 1
        return Span(doc, start, end, label=label, span_id=f"generic:{token.lower_}")

    def _name_after_acronym(self, doc: Doc, token: Token) -> Span | None:
        """« EUBAM Rafah », « EUPOL COPPS », « ONU Info »: an acronym and the name after it."""
        acronym_length = 3 <= len(token) <= self.max_acronym_length
        if not (ACRONYM_SHAPE.fullmatch(token.text) and acronym_length and token.whitespace_ == " "):
            return None  # « DEVELOPMENT DYNAMICS »: capitals this long are a heading, not an acronym
        start = token.i
        if start + 1 >= len(doc):
            return None
        following = doc[start + 1]
        if not is_capitalised(following) or following.is_punct or following.is_sent_start:
            return None
        if following.text in self.publication_words:
            return None  # « OTAN Hebdo »: a publication's title, whose body is the acronym alone
        if following.text in self.walker.heads or following.text in self.no_name_words:
            return None  # « MICHEL Vice-premier »: a name in capitals, then a title
        end = start + 1 + (self._capitalised_run(doc, start + 1, self.max_acronym_name_tokens) - (start + 1))
        if any(t.is_upper for t in doc[start + 1 : end]) and self._in_a_heading(doc, start, end):
            return None  # « MANDAT FACE A LA CRISE », « POINTS APPROUVÉS SANS »: a headline's words
        if following.pos_ == "NOUN" and not following.is_upper:
            end = max(end, self._enumerated_domains(doc, start + 1))
        return Span(doc, start, end, label="ORGANISATION", span_id="grammar:acronym-name")

    def _enumerated_domains(self, doc: Doc, first: int) -> int:
        """« SPF Affaires étrangères, Commerce extérieur et Coopération au développement »:
        after an acronym, the domains of a department, capitalised common nouns with their
        adjectives and complements; the parts after a comma only when « et » closes the list."""
        end = self.walker.extend(doc, first)
        for _ in range(MAX_ENUMERATED_DOMAINS):
            if end + 1 >= len(doc) or doc[end].text != ",":
                break
            part = doc[end + 1]
            if not is_capitalised(part) or part.pos_ != "NOUN" or part.text in self.walker.heads:
                break
            past = self.walker.extend(doc, end + 1)
            if any(t.lower_ == "et" for t in doc[end + 1 : past]):
                return past  # the last part, after « et »
            end = past
        return self.walker.extend(doc, first)

    def _regions(self, doc: Doc) -> list[Span]:
        """« Afrique du Nord », « Balkans occidentaux », « Asie du Sud »: a known place and a
        direction after it make a region."""
        found = []
        places = [s for s in doc.spans.get(GAZETTEER_KEY, []) if s.id_.startswith("place:")]
        # « Asie-Pacifique »: two places that are no countries, glued by a hyphen
        regions_at = {s.start: s for s in places if not s.id_.startswith("place:country:")}
        for span in places:
            second = regions_at.get(span.end + 1) if span.start in regions_at else None
            if second is not None and doc[span.end].text == "-" and _glued(doc, span.end - 1, span.end + 2):
                found.append(Span(doc, span.start, second.end, label="PLACE", span_id="grammar:region"))
                continue
            if span.end >= len(doc) or doc[span.end].text not in self.directions:
                continue
            for parts in self.directions[doc[span.end].text]:
                end = span.end + len(parts)
                if end <= len(doc) and [t.text for t in doc[span.end : end]] == parts:
                    found.append(Span(doc, span.start, end, label="PLACE", span_id="grammar:region"))
                    break
        return found

    def _place_after_a(self, doc: Doc, token: Token) -> Span | None:
        """« à Cotonou », « au Proche-Orient »: one capitalised proper noun after « à »,
        « au », « aux » or « en » inside a sentence is a place; a fallback, taken only where
        the model found nothing."""
        i = token.i + 1
        if token.text not in PREPOSITIONS_OF_PLACES or i >= len(doc) or not self._inside_sentence(doc, token):
            return None
        word = doc[i]
        end = _past_compound(doc, i + 1)
        following = doc[end] if end < len(doc) else None
        if not (
            word.is_alpha
            and is_capitalised(word)
            and not word.is_upper
            and len(word) > 2
            and word.pos_ in {"PROPN", "NOUN"}
        ):
            return None
        if following is not None and (is_capitalised(following) or following.text in {"(", "-"}):
            return None  # « à Michel Barnier », « à Enabel (…) »
        if token.text != "à" and following is not None and following.lower_ in self.walker.forms_of_de:
            return None  # « au Siège de l'ONU »: a noun and its complement
        if word.text in self.no_name_words or word.text in self.walker.heads or word.text in self.state_words:
            return None  # « confiée à État » : « État », « République » are no place by themselves
        if token.text == "aux" and PLURAL_DEMONYM.search(word.text):
            return None  # « l'aide aux Européens déplacés »: people, not a place
        if self._common_noun_of_the_model(doc, word):
            return None  # « la Coopération belge au Développement »
        return Span(doc, i, end, label="PLACE", span_id=PLACE_AFTER_A_RULE)

    @staticmethod
    def _common_noun_of_the_model(doc: Doc, word: Token) -> bool:
        """True when the model's body goes on with « au » and this word, a common noun the
        lexicon knows in lower case: « la Coopération belge au Développement » (the model's
        body, or its body then its place « Développement », which the resolver refuses as a
        common noun). « signé à Cotonou », « et au Pacifique », « en Oultremer » stay places."""
        if word.i < 2 or doc[word.i - 1].lower_ != "au":
            return False
        before = doc[word.i - 2]
        in_a_body = MODEL_LABELS.get(before.ent_type_) == "ORGANISATION"
        return in_a_body and word.pos_ == "NOUN" and doc.vocab.has_vector(word.lower_)

    def _english_name(self, doc: Doc, token: Token) -> Span | None:
        """« the NATO-Ukraine Council », « Euro-Atlantic Partnership Council »: an English head
        noun closing a run of capitalised words, in a caption or boilerplate."""
        label = self.english_heads.get(token.text)
        if label is None or token.i == 0:
            return None
        start = token.i
        while start > 0 and start > token.i - self.max_acronym_name_tokens * 3:
            previous = doc[start - 1]
            if previous.text == "-" and not previous.whitespace_ and start - 2 >= 0:
                start -= 2
            elif (
                is_capitalised(previous)
                and previous.is_alpha | ("-" in previous.text)
                and not previous.is_sent_start
            ):
                start -= 1
            else:
                break
        if start == token.i or doc[start].text in self.no_name_words:
            return None
        return Span(doc, start, token.i + 1, label=label, span_id="grammar:english")

    @staticmethod
    def _in_a_heading(doc: Doc, start: int, end: int) -> bool:
        """True when the words in capitals ``start..end`` go on in capitals on either side,
        or hold a word of one letter (« A »): a headline, not « EUPOL COPPS »."""
        if any(len(t) == 1 and t.is_alpha for t in doc[start:end]):
            return True
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        return any(t is not None and t.is_alpha and t.is_upper for t in (before, after))

    def _place_with_head(self, doc: Doc, token: Token) -> Span | None:
        """« mer Rouge », « golfe d'Aden », « bande de Gaza »."""
        if token.lower_ not in self.place_heads:
            return None
        j = _past_wrap(doc, token.i + 1)  # « l'océan\nPacifique »
        if j < len(doc) and doc[j].lower_ in self.walker.forms_of_de:
            j += 1
        if j < len(doc) and doc[j].lower_ in self.walker.articles and doc[j - 1].lower_ in {"de", "d'"}:
            j += 1  # « Corne de l'Afrique »
        if j >= len(doc) or not is_capitalised(doc[j]) or doc[j].is_punct:
            return None
        end = self._capitalised_run(doc, j, 3)
        return Span(doc, token.i, end, label="PLACE", span_id=f"grammar:{token.lower_}")


@Language.factory(
    "bulletins_names_v1",
    default_config={
        "resources": None,
        "max_name_tokens": MAX_NAME_TOKENS,
        "max_quoted_tokens": MAX_QUOTED_TOKENS,
        "max_acronym_name_tokens": MAX_ACRONYM_NAME_TOKENS,
        "max_acronym_length": MAX_ACRONYM_LENGTH,
    },
    requires=["token.pos", "token.morph", "token.is_sent_start"],
    assigns=["doc.spans"],
)
def make_names(
    nlp: Language,
    name: str,
    resources: str | None,
    max_name_tokens: int,
    max_quoted_tokens: int,
    max_acronym_name_tokens: int,
    max_acronym_length: int,
) -> NameGrammarStage:
    """Candidate names under ``doc.spans["names"]``; ``resources`` is a folder or None (packaged)."""
    return NameGrammarStage(
        resources_for(resources).grammar,
        max_name_tokens=max_name_tokens,
        max_quoted_tokens=max_quoted_tokens,
        max_acronym_name_tokens=max_acronym_name_tokens,
        max_acronym_length=max_acronym_length,
        roles=role_words(resources),
    )
