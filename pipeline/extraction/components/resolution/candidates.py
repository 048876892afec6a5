"""Each stage's spans and the model's entities, turned into candidates for the policy.

The model's entities go through filters first; each refusal has a rule id
(``model-refused:heading-in-capitals``…) that the trail records.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from bulletins.errors import BulletinsError
from bulletins.extraction.components.annotations import (
    ACRONYMS_KEY,
    BLOCKED_KEY,
    GAZETTEER_KEY,
    NAMES_KEY,
)
from bulletins.extraction.components.gazetteer import NamePatternId, PatternId, PlacePatternId
from bulletins.extraction.components.names import SHORT_RULE_PREFIX
from bulletins.extraction.components.resolution.trail import Decision
from bulletins.extraction.components.roles import role_words, starts_with_title
from bulletins.extraction.dates.models import DateExpression
from bulletins.extraction.patterns import (
    ACRONYM_SHAPE,
    LEADING_ARTICLE,
    NOT_IN_NAMES,
    ORDINAL_WORD,
    YEAR_TOKEN,
)
from bulletins.extraction.resources import Resources, fold
from bulletins.extraction.text import clean_for_nlp
from bulletins.schemas.resources import RoleWords
from bulletins.schemas.vocabulary import MODEL_LABELS

# Which of two rule candidates of one length wins: by stage, « short » for a short name
# (« le Conseil »). The resolver's ``priorities`` setting, these by default.
PRIORITIES = {"gazetteer": 5, "acronyms": 4, "dates": 4, "names": 3, "short": 1, "model": 0}
ECHO_RULE = "names:echo"  # another use of a one-word body's name the page gives
HEADING_WORD_LENGTH = 7  # « OVERVIEW », « DEVELOPMENT »: capitals this long are words, not acronyms


class StageConfigError(BulletinsError, ValueError):
    """A stage's setting in the pipeline config cannot be used."""


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str
    label: str
    stage: str
    rule: str
    key: str | None = None  # knowledge-base id
    link: str | None = None  # acronym definition id, « acro:EADRCC »
    short: bool = False  # « l'Alliance », « le Conseil »
    country: str | None = None
    place_kind: str | None = None
    date: DateExpression | None = None
    priority: int = 0  # from the resolver's priorities, set by ``CandidateBuilder``

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end

    def decision(self, verdict: str, rule: str | None = None, detail: str = "") -> Decision:
        return Decision(
            self.start,
            self.end,
            self.text,
            self.label,
            self.stage,
            rule or self.rule,
            verdict,  # type: ignore[arg-type]
            detail,
        )


class CandidateBuilder:
    """Reads the candidates of every stage off a ``Doc``; refusals go to ``refused``.

    ``model_labels`` maps the model's labels to ours (« ORG » → ORGANISATION); the
    others are not extracted. ``priorities`` ranks the stages (see ``PRIORITIES``).
    """

    def __init__(
        self,
        resources: Resources,
        *,
        model_labels: Mapping[str, str] | None = None,
        priorities: Mapping[str, int] | None = None,
        roles: RoleWords | None = None,
    ) -> None:
        self.resources = resources
        roles = roles or role_words(None)
        self.role_words = set(roles.words)
        self.titles = frozenset(fold(t) for t in roles.titles)
        self.model_labels = dict(MODEL_LABELS if model_labels is None else model_labels)
        self.priorities = dict(PRIORITIES if priorities is None else priorities)
        missing = {*PRIORITIES} - {*self.priorities}
        if missing:
            raise StageConfigError(
                f"the resolver's priorities lack {', '.join(sorted(missing))}: give a number to each "
                f"of {', '.join(PRIORITIES)} in the pipeline config."
            )
        self.exact_forms = {clean_for_nlp(f.text) for f in resources.name_forms} | {
            clean_for_nlp(p.text) for p in resources.place_forms
        }
        self.folded_forms = {fold(f.text) for f in resources.name_forms} | {
            fold(p.text) for p in resources.place_forms
        }
        self.place_names = {fold(p.text) for p in resources.place_forms}
        grammar = resources.grammar
        self.no_name_words = set(grammar.words_that_start_no_name) | self.role_words
        self.forms_of_de = set(grammar.forms_of_de)
        self.articles = set(grammar.articles)
        # the small words of a headline in capitals: « A », « LA », « SANS », « POUR »
        self.small_words = (
            set(grammar.prepositions) | set(grammar.articles) | set(grammar.prepositions_before_an_acronym)
        ) | {"a", "et", "ou"}
        self.kinds_taking_a_year = set(resources.grammar.kinds_taking_a_year)
        self.ship_nouns = set(grammar.nouns_before_ships)
        self.codename_kinds = set(grammar.kinds_named_by_ordinary_words)

    def rules(self, doc: Doc, text: str, refused: list[Decision]) -> list[Candidate]:
        """The rule stages' candidates: gazetteer, acronyms, name grammar, dates."""
        names = (
            self.gazetteer(doc, text, refused)
            + self.rule_spans(doc, ACRONYMS_KEY, "acronyms")
            + self.rule_spans(doc, NAMES_KEY, "names")
        )
        found = []
        for candidate in names:
            if "/" in text[max(0, candidate.start - 1) : candidate.end + 1]:
                # « PSC/PR/COMM.1 », « C 2003/INF/5 »: a document code, and nothing inside it
                refused.append(candidate.decision("refused", "rules-refused:part-of-a-code"))
            else:
                found.append(candidate)
        return [self.ranked(c) for c in found + self.dates(doc, text)]

    def ranked(self, candidate: Candidate) -> Candidate:
        """``candidate`` with the priority of its stage (« short » for a short name)."""
        return replace(candidate, priority=self.priorities["short" if candidate.short else candidate.stage])

    def gazetteer(self, doc: Doc, text_of_doc: str, refused: list[Decision]) -> list[Candidate]:
        found = []
        person_at = _people(doc)
        codenames = self._codenames(doc)
        for span in doc.spans.get(GAZETTEER_KEY, []):
            text = span.text
            pattern = PatternId.parse(span.id_)
            if span.start in codenames:
                # « Turquoise est une couleur » opening a sentence, and nowhere else a name
                refused.append(_gazetteer_refusal(span, "gazetteer-refused:ordinary-word-opening-a-sentence"))
                continue
            if not any(c.isupper() for c in text) and text not in self.exact_forms:
                # « secrétariat international » in lower case is no name
                refused.append(_gazetteer_refusal(span, "gazetteer-refused:lower-case"))
                continue
            if (
                isinstance(pattern, NamePatternId)
                and pattern.form == "acronym"
                and self._word_of_a_headline(doc, span)
            ):
                # « FACE A LA MENACE … ET AU RISQUE »: « AU » is a word of the headline, not the AU
                refused.append(_gazetteer_refusal(span, "gazetteer-refused:word-of-a-headline"))
                continue
            if isinstance(pattern, PlacePatternId) and self._capital_of_a_sentence_only(doc, span):
                # « La réunion a eu lieu » opening a sentence is no « La Réunion »
                refused.append(_gazetteer_refusal(span, "gazetteer-refused:capital-of-a-sentence"))
                continue
            if (
                isinstance(pattern, PlacePatternId)
                and pattern.kind == "city"
                and _inside_a_person(person_at, span)
            ):
                # « Augusto Santos Silva », « Mary Ng »: a city's name inside a person's is no place
                # (a country's is kept: « le Président du Mali Dioncounda Traoré »)
                refused.append(_gazetteer_refusal(span, "gazetteer-refused:inside-a-person"))
                continue
            if isinstance(pattern, PlacePatternId):
                code = pattern.country  # of a country, or the country a city lies in
                found.append(
                    Candidate(
                        span.start_char,
                        span.end_char,
                        text,
                        "PLACE",
                        "gazetteer",
                        span.id_,
                        country=code,
                        place_kind=pattern.kind,
                    )
                )
                continue
            end = self._with_closing_year(doc, span, pattern)
            found.append(
                Candidate(
                    span.start_char,
                    end,
                    text_of_doc[span.start_char : end],
                    span.label_,
                    "gazetteer",
                    span.id_,
                    key=pattern.key,
                    short=pattern.form == "short",
                )
            )
        return found

    def _codenames(self, doc: Doc) -> set[int]:
        """The first tokens of one-word names of operations (« Turquoise », « Sentinelle »)
        that open a sentence or a line, when the page never writes the name elsewhere: an
        ordinary word's capital there proves nothing."""
        if not self.codename_kinds:
            return set()
        opening: dict[str, list[int]] = {}
        elsewhere: set[str] = set()
        for span in doc.spans.get(GAZETTEER_KEY, []):
            if len(span) != 1 or span.id_.startswith("place:"):
                continue
            pattern = PatternId.parse(span.id_)
            if not isinstance(pattern, NamePatternId) or pattern.form != "name":
                continue
            entity = self.resources.entities.get(pattern.key)
            if entity is None or entity.kind not in self.codename_kinds:
                continue
            if _opens(doc, span.start):
                opening.setdefault(pattern.key, []).append(span.start)
            else:
                elsewhere.add(pattern.key)
        return {i for key, starts in opening.items() if key not in elsewhere for i in starts}

    def _word_of_a_headline(self, doc: Doc, span: Span) -> bool:
        """True when an acronym is also a small French word (« AU », « DES ») and the words
        on both sides are in capitals too."""
        if span.text.lower() not in self.small_words or span.start == 0 or span.end >= len(doc):
            return False
        return all(t.is_upper and t.is_alpha for t in (doc[span.start - 1], doc[span.end]))

    def _capital_of_a_sentence_only(self, doc: Doc, span: Span) -> bool:
        """True when the match's one capital is that of a sentence or a line it opens, and
        the name as listed has others, or is one word that the sentence uses as a common
        noun: then the capital proves nothing."""
        text = clean_for_nlp(span.text)
        if len(span) == 1:
            return self._noun_opening_a_phrase(doc, span.start)
        if text in self.exact_forms or any(c.isupper() for c in text[1:]):
            return False
        return _opens(doc, span.start)

    def _noun_opening_a_phrase(self, doc: Doc, i: int) -> bool:
        """« Réunion ministérielle du Conseil », « Réunion des ministres » opening a line: a
        common noun that the model reads as one, with its adjective or complement after it."""
        if i + 2 >= len(doc) or doc[i].pos_ != "NOUN" or not _opens(doc, i):
            return False
        following = doc[i + 1]
        if not following.is_lower:
            return False
        if following.pos_ == "ADJ":
            return True
        return following.lower_ in self.forms_of_de and doc[i + 2].is_lower

    def _with_closing_year(self, doc: Doc, span: Span, pattern: NamePatternId) -> int:
        """« Jeanne d'Arc 2018 »: a mission's or exercise's name keeps the year after it."""
        entity = self.resources.entities.get(pattern.key)
        if entity and entity.kind in self.kinds_taking_a_year and span.end < len(doc):
            following = doc[span.end]
            if YEAR_TOKEN.fullmatch(following.text) and span[-1].whitespace_ == " ":
                return following.idx + len(following)
        return span.end_char

    @staticmethod
    def rule_spans(doc: Doc, key: str, stage: str) -> list[Candidate]:
        found = []
        for span in doc.spans.get(key, []):
            link = span.id_ if span.id_.startswith("acro:") else None
            found.append(
                Candidate(
                    span.start_char,
                    span.end_char,
                    span.text,
                    span.label_,
                    stage,
                    span.id_ or stage,
                    link=link,
                    short=span.id_.startswith(SHORT_RULE_PREFIX),
                )
            )
        return found

    @staticmethod
    def dates(doc: Doc, text_of_doc: str) -> list[Candidate]:
        return [
            Candidate(e.start, e.end, text_of_doc[e.start : e.end], "DATE", "dates", e.rule, date=e)
            for e in doc._.date_expressions or []
        ]

    def model(self, doc: Doc, text_of_doc: str, refused: list[Decision]) -> list[Candidate]:
        """The model's ORG and LOC entities, trimmed to the guidelines, minus the refused."""
        found = []
        blocked = _Blocked(doc.spans.get(BLOCKED_KEY, []))
        ships = self._ships(doc)
        codenames = self._codenames(doc)
        for ent in doc.ents:
            label = self.model_labels.get(ent.label_)
            if label is None:
                continue  # PER, MISC: labels we do not extract
            tokens = list(ent)
            while tokens and (
                tokens[0].pos_ in {"DET", "ADP"} or LEADING_ARTICLE.fullmatch(tokens[0].text + " ")
            ):
                if label == "PLACE" and self._article_of_the_name(doc, tokens):
                    break  # « à La Haye », « au Caire »: a capital inside a sentence
                tokens.pop(0)
            while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
                tokens.pop()
            body = self._body_inside_a_role(tokens)
            if body is not tokens:  # the role is refused, the body inside it goes on
                role_start, role_end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
                refused.append(
                    self._refusal(
                        role_start, role_end, text_of_doc[role_start:role_end], label, ent, "role-word"
                    )
                )
                tokens = body
            if not tokens:
                refused.append(self._refusal(ent.start_char, ent.end_char, ent.text, label, ent, "empty"))
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            text = text_of_doc[start:end]
            refusal = "ship" if text in ships else None  # « le Dixmude »: a ship, no place
            if len(tokens) == 1 and tokens[0].i in codenames:
                refusal = "ordinary-word-opening-a-sentence"  # « Turquoise est une couleur »
            if label == "PLACE" and len(tokens) == 1 and _letters_and_digits(text):
                refusal = "code-of-letters-and-digits"  # « (M23) », « (C5) »: a body's acronym, no place
            refusal = refusal or self._refusal_rule(tokens, text, text_of_doc, start, end, blocked)
            if refusal is not None:
                refused.append(self._refusal(start, end, text, label, ent, refusal))
                continue
            if (
                label == "PLACE"
                and text.isupper()
                and ACRONYM_SHAPE.fullmatch(text)
                and fold(text) not in self.place_names
            ):
                label = "ORGANISATION"  # « SHAPE », « GCSP »: an acronym no list gives as a place is a body
            country = self.resources.country_of(text) if label == "PLACE" else None
            found.append(
                Candidate(
                    start,
                    end,
                    text,
                    label,
                    "model",
                    f"model:{ent.label_}",
                    country=country,
                    place_kind="country" if country else None,
                )
            )
        return [self.ranked(c) for c in found]

    def echoes(self, doc: Doc, kept: list[Candidate]) -> list[Candidate]:
        """The other uses of a one-word body's name that the page gives (« la Secrétaire
        générale de la Francophonie » → « les Jeux de la Francophonie »), inside sentences."""
        names = {
            c.text: c
            for c in kept
            if c.label == "ORGANISATION"
            and not c.short
            and " " not in c.text
            and c.text[:1].isupper()
            and not ACRONYM_SHAPE.fullmatch(c.text)
            and c.text not in self.no_name_words
        }
        if not names:
            return []
        found = []
        for token in doc:
            source = names.get(token.text)
            if source is None or source.start == token.idx or _opens(doc, token.i):
                continue
            start, end = token.idx, token.idx + len(token)
            found.append(replace(source, start=start, end=end, stage="names", rule=ECHO_RULE))
        return [self.ranked(c) for c in found]

    def _ships(self, doc: Doc) -> set[str]:
        """The ships' names of a page: the capitalised word after « frégate », « porte-
        hélicoptères », « à bord du »; the page's other uses of them are ships too."""
        if not self.ship_nouns:
            return set()
        names = set()
        for token in doc:
            if token.lower_ not in self.ship_nouns:
                continue
            j = token.i + 1
            if token.lower_ == "bord":  # « à bord du Dixmude », « à bord de la Provence »
                if token.i == 0 or doc[token.i - 1].lower_ != "à":
                    continue
                while j < len(doc) and (doc[j].lower_ in self.forms_of_de or doc[j].lower_ in self.articles):
                    j += 1
            if j < len(doc) and doc[j].is_alpha and doc[j].text[:1].isupper() and not doc[j].is_upper:
                names.add(doc[j].text)
        return names

    def _body_inside_a_role(self, tokens: list[Token]) -> list[Token]:
        """« Administrateur de l'OIF », « Secrétaire générale de la Francophonie »: a role
        the model took with its body; the body after « de » is the mention (GUIDELINES « Not
        annotated »), when it is a proper noun or an acronym (« ministre des Affaires
        étrangères » names no body)."""
        if not tokens or not (
            tokens[0].text in self.no_name_words or starts_with_title(tokens[0].text, self.titles)
        ):
            return tokens
        for k, token in enumerate(tokens[1:-1], start=1):
            if token.lower_ not in self.forms_of_de:
                continue
            rest = tokens[k + 1 :]
            if rest[0].lower_ in self.articles and len(rest) > 1:
                rest = rest[1:]
            first = rest[0]
            if (
                (first.pos_ == "PROPN" or ACRONYM_SHAPE.fullmatch(first.text))
                and first.text[:1].isupper()
                and first.text not in self.no_name_words
            ):
                return rest
            return tokens
        return tokens

    @staticmethod
    def _article_of_the_name(doc: Doc, tokens: list[Token]) -> bool:
        """« La Haye » inside a sentence: a capitalised article that is not its first word
        belongs to the place's name (GUIDELINES: « Le Caire »)."""
        first = tokens[0]
        if len(tokens) < 2 or not first.text[:1].isupper() or first.text[-1:] == "'" or first.i == 0:
            return False
        previous = doc[first.i - 1]
        return not (
            first.is_sent_start or previous.is_punct or previous.is_space or "\n" in previous.whitespace_
        )

    @staticmethod
    def _refusal(start: int, end: int, text: str, label: str, ent: Span, rule: str) -> Decision:
        return Decision(
            start, end, text, label, "model", f"model-refused:{rule}", "refused", f"model:{ent.label_}"
        )

    def _refusal_rule(
        self, tokens: list, text: str, text_of_doc: str, start: int, end: int, blocked: _Blocked
    ) -> str | None:
        """Why a trimmed model entity is no mention, or None when it may be one."""
        if "\n" in text:
            return "line-break"
        if not text[:1].isupper():
            return "lower-case"
        if len(text) < 2:
            return "one-character"
        if len(tokens) == 1 and tokens[0].pos_ != "PROPN" and not ACRONYM_SHAPE.fullmatch(text):
            return "common-noun"  # « Soutien », « Alliés »: a heading word or a noun, not a name
        if tokens[0].text in self.no_name_words:
            return "role-word"  # « Secrétaire général »
        if NOT_IN_NAMES.search(text) and not _numbers_of_a_name(tokens, text):
            return "character-not-in-names"  # « AB/4372 »
        if ORDINAL_WORD.match(text):
            return "ordinal"  # « Soixante-seizième session »
        if len(tokens[0]) == 1:
            return "one-letter-word"  # « S DEVELOPMENT » (from AFRICA'S)
        if "/" in text_of_doc[max(0, start - 1) : end + 1]:
            return "part-of-a-code"  # « AG » in « AG/AB/4372 »
        words = [t for t in tokens if t.is_alpha]
        if words and all(t.is_upper and len(t) >= HEADING_WORD_LENGTH for t in words):
            return "heading-in-capitals"  # « OVERVIEW »
        in_capitals = len(words) > 1 and all(t.is_upper for t in words)
        if (
            in_capitals
            and fold(text) not in self.folded_forms
            and any(t.lower_ in self.small_words or len(t) >= HEADING_WORD_LENGTH for t in words)
        ):
            return "heading-in-capitals"  # « FACE A LA », « POINTS APPROUVÉS SANS »
        if starts_with_title(text, self.titles):
            return "role-word"  # « Haute Représentante », « Représentant spécial du Secrétaire général »
        if any(
            t.text in self.role_words and p.is_upper and len(p) > 1 for p, t in itertools.pairwise(tokens)
        ):
            return "role-word"  # « MICHEL Vice-premier »: a person's name in capitals, then a title
        if blocked.overlaps(start, end):
            return "acronym-of-non-mention"  # the acronym of a policy or a treaty: « PSDC »
        return None


def _opens(doc: Doc, i: int) -> bool:
    """True when token ``i`` opens a sentence or a line."""
    if i == 0 or doc[i].is_sent_start:
        return True
    previous = doc[i - 1]
    return previous.is_space or "\n" in previous.whitespace_ or previous.text in {".", "!", "?", ":"}


def _letters_and_digits(text: str) -> bool:
    """True for a word of letters and digits: « M23 », « C5 », « TV5Monde »."""
    return any(c.isdigit() for c in text) and any(c.isalpha() for c in text)


def _numbers_of_a_name(tokens: list[Token], text: str) -> bool:
    """True when the digits of ``text`` are those a name holds: inside a word of letters
    (« TV5Monde », « G20 ») or a small number closing « Groupe des 77 »; never a code."""
    if NOT_IN_NAMES.search("".join(c for c in text if not c.isdigit())):
        return False  # « AB/4372 », « > 5 »
    for k, token in enumerate(tokens):
        if not any(c.isdigit() for c in token.text):
            continue
        if any(c.isalpha() for c in token.text) and token.text[:1].isalpha():
            continue
        closing = k == len(tokens) - 1 and k >= 2 and token.text.isdigit() and len(token.text) <= 3
        if not (closing and tokens[k - 1].lower_ == "des"):
            return False
    return True


def _gazetteer_refusal(span: Span, rule: str) -> Decision:
    """The decision that refuses a gazetteer match under ``rule``."""
    return Decision(span.start_char, span.end_char, span.text, span.label_, "gazetteer", rule, "refused")


def _people(doc: Doc) -> dict[int, tuple[int, int]]:
    """Token index → (start, end) of the model's PER entity that holds it."""
    return {
        i: (ent.start, ent.end) for ent in doc.ents if ent.label_ == "PER" for i in range(ent.start, ent.end)
    }


def _inside_a_person(person_at: dict[int, tuple[int, int]], span: Span) -> bool:
    """True when ``span`` lies within one of the model's PER entities that is longer than it."""
    extent = person_at.get(span.start)
    return extent is not None and extent[1] >= span.end and extent[1] - extent[0] > span.end - span.start


class _Blocked:
    """The character extents of the acronyms of non-mentions, sorted, to test overlaps by bisection."""

    def __init__(self, spans: Iterable[Span]) -> None:
        extents = sorted((s.start_char, s.end_char) for s in spans)
        self.starts = [start for start, _ in extents]
        # the furthest end among the extents up to each one: a wider extent may hide inside
        self.reach = []
        furthest = -1
        for _, end in extents:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        """True when an extent starts before ``end`` and ends after ``start``."""
        before = bisect.bisect_left(self.starts, end)  # extents [0, before) start before end
        return before > 0 and self.reach[before - 1] > start
