"""The resolver: one overlap policy over every stage's candidates, spans trimmed to the
guidelines, entity grouping, ISO country codes and date values.

Policy, in this order:
1. Rule candidates (gazetteer, acronyms, name grammar, dates) compete among themselves:
   the longest span wins, then the stage with the higher priority. A grammar name that
   starts where a known name starts but runs past it is cut back to the known name
   (the knowledge base knows where its names end).
2. The statistical model's ORG and LOC entities only fill the gaps the rules leave,
   after their leading articles are trimmed (« l'OTAN » → « OTAN »).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from bulletins.extraction.components.annotations import (
    ACRONYMS_KEY,
    BLOCKED_KEY,
    GAZETTEER_KEY,
    MENTIONS_KEY,
    NAMES_KEY,
    EntityGroup,
    ResolvedMention,
)
from bulletins.extraction.components.gazetteer import parse_name_id, parse_place_id
from bulletins.extraction.dates import resolve_dates
from bulletins.extraction.dates.models import DateExpression
from bulletins.extraction.dates.resolve import Tense
from bulletins.extraction.patterns import (
    ACRONYM_SHAPE,
    LEADING_ARTICLE,
    NOT_IN_NAMES,
    ORDINAL_WORD,
    YEAR_TOKEN,
)
from bulletins.extraction.resources import Resources, fold, resources_for
from bulletins.extraction.text import clean_for_nlp

PRIORITY = {"gazetteer": 5, "acronyms": 4, "dates": 4, "names": 3, "short": 1, "model": 0}
MODEL_LABELS = {"ORG": "ORGANISATION", "LOC": "PLACE"}
NAME_LABELS = ("ORGANISATION", "PROGRAMME")
KINDS_TAKING_A_YEAR = {"exercise", "mission", "operation"}
ACRONYM_NAME_RULE = "grammar:acronym-name"  # « EUBAM Rafah »: a known acronym opens a longer name
HEADING_WORD_LENGTH = 7  # « OVERVIEW », « DEVELOPMENT »: capitals this long are words, not acronyms


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

    @property
    def priority(self) -> int:
        return PRIORITY["short" if self.short else self.stage]

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def slug(text: str) -> str:
    """Entity key from a name: « université Al Farabi » → ``UNIVERSITE-AL-FARABI``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "-", ascii_text.upper()).strip("-") or "ENTITY"


class Resolver:
    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self.exact_forms = {clean_for_nlp(f.text) for f in resources.name_forms} | {
            clean_for_nlp(p.text) for p in resources.place_forms
        }
        self.no_name_words = set(resources.grammar.words_that_start_no_name)
        # « mer Rouge », « golfe d'Aden », « bande de Gaza »: the kind of place their head says
        self.place_kinds = dict(resources.grammar.place_heads)

    # --- candidates -------------------------------------------------------------------

    def _gazetteer(self, doc: Doc, text_of_doc: str) -> list[Candidate]:
        found = []
        for span in doc.spans.get(GAZETTEER_KEY, []):
            text = span.text
            if not any(c.isupper() for c in text) and text not in self.exact_forms:
                continue  # « secrétariat international » in lower case is no name
            place = parse_place_id(span.id_)
            if place is not None:
                kind, country = place
                code = country if kind == "country" else None
                found.append(
                    Candidate(
                        span.start_char, span.end_char, text, "PLACE", "gazetteer", span.id_, country=code
                    )
                )
                continue
            key, form = parse_name_id(span.id_)
            end = self._with_closing_year(doc, span, key)
            found.append(
                Candidate(
                    span.start_char,
                    end,
                    text_of_doc[span.start_char : end],
                    span.label_,
                    "gazetteer",
                    span.id_,
                    key=key,
                    short=form == "short",
                )
            )
        return found

    def _with_closing_year(self, doc: Doc, span: Span, key: str) -> int:
        """« Jeanne d'Arc 2018 »: a mission's or exercise's name keeps the year after it."""
        entity = self.resources.entities.get(key)
        if entity and entity.kind in KINDS_TAKING_A_YEAR and span.end < len(doc):
            following = doc[span.end]
            if YEAR_TOKEN.fullmatch(following.text) and span[-1].whitespace_ == " ":
                return following.idx + len(following)
        return span.end_char

    def _rule_spans(self, doc: Doc, key: str, stage: str) -> list[Candidate]:
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
                )
            )
        return found

    def _dates(self, doc: Doc, text_of_doc: str) -> list[Candidate]:
        return [
            Candidate(e.start, e.end, text_of_doc[e.start : e.end], "DATE", "dates", e.rule, date=e)
            for e in doc._.date_expressions or []
        ]

    def _model(self, doc: Doc, text_of_doc: str) -> list[Candidate]:
        found = []
        for ent in doc.ents:
            label = MODEL_LABELS.get(ent.label_)
            if label is None:
                continue
            tokens = list(ent)
            while tokens and (
                tokens[0].pos_ in {"DET", "ADP"} or LEADING_ARTICLE.fullmatch(tokens[0].text + " ")
            ):
                tokens.pop(0)
            while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
                tokens.pop()
            if not tokens:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            text = text_of_doc[start:end]
            if "\n" in text or not text[:1].isupper() or len(text) < 2:
                continue
            if len(tokens) == 1 and tokens[0].pos_ != "PROPN" and not ACRONYM_SHAPE.fullmatch(text):
                continue  # « Soutien », « Alliés »: a heading word or a noun, not a name
            if tokens[0].text in self.no_name_words or NOT_IN_NAMES.search(text) or ORDINAL_WORD.match(text):
                continue  # « Secrétaire général », « AB/4372 », « Soixante-seizième session »
            if len(tokens[0]) == 1 or "/" in text_of_doc[max(0, start - 1) : end + 1]:
                continue  # « S DEVELOPMENT » (from AFRICA'S), « AG » in « AG/AB/4372 »
            words = [t for t in tokens if t.is_alpha]
            if words and all(t.is_upper and len(t) >= HEADING_WORD_LENGTH for t in words):
                continue  # « OVERVIEW »: a heading in capitals
            if any(b.start_char < end and start < b.end_char for b in doc.spans.get(BLOCKED_KEY, [])):
                continue  # the acronym of a policy or a treaty: « PSDC »
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
        return found

    # --- policy -----------------------------------------------------------------------

    @staticmethod
    def _select(candidates: list[Candidate], taken: list[Candidate]) -> list[Candidate]:
        ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.rule))
        for candidate in ordered:
            if not any(candidate.overlaps(t) for t in taken):
                taken.append(candidate)
        return taken

    @staticmethod
    def _cut_grammar_to_known_names(rules: list[Candidate]) -> list[Candidate]:
        known_starts = {c.start: c.end for c in rules if c.stage == "gazetteer" and c.key and not c.short}
        kept = []
        for candidate in rules:
            known_end = known_starts.get(candidate.start)
            walked_past = candidate.stage == "names" and candidate.rule != ACRONYM_NAME_RULE
            if walked_past and known_end is not None and candidate.end > known_end:
                continue  # « Conseil de l'Atlantique Nord » known, the walk went on: trust the name
            kept.append(candidate)
        return kept

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from the tokens at each access: read it once
        rules = (
            self._gazetteer(doc, text)
            + self._rule_spans(doc, ACRONYMS_KEY, "acronyms")
            + self._rule_spans(doc, NAMES_KEY, "names")
            + self._dates(doc, text)
        )
        rules = self._cut_grammar_to_known_names(rules)
        kept = self._select(rules, [])
        kept = self._select(self._model(doc, text), kept)
        kept.sort(key=lambda c: c.start)
        names = [c for c in kept if c.label in NAME_LABELS]
        groups = self._group(names)
        mentions = self._mentions(doc, kept, groups)
        doc._.mentions = mentions
        doc._.entities = groups
        doc.spans[MENTIONS_KEY] = [
            span for m in mentions if (span := doc.char_span(m.start, m.end, label=m.label)) is not None
        ]
        return doc

    # --- entities ---------------------------------------------------------------------

    def _short_target(self, names: list[Candidate], index: int) -> str | None:
        """The knowledge-base key a short name (« le Conseil ») stands for in this document."""
        short = names[index]
        text = short.text
        claimed = set(self.resources.short_names.get(text, []))
        before = [c for c in names[:index] if not c.short]
        after = [c for c in names[index + 1 :] if not c.short]
        for pool in (reversed(before), after):
            for other in pool:
                if other.key in claimed:
                    return other.key
        for other in reversed(before):
            if other.text.startswith(text + " "):
                return f"text:{fold(other.text)}"
        if len(claimed) == 1:
            return next(iter(claimed))
        return None

    def _group(self, names: list[Candidate]) -> list[EntityGroup]:
        parent = list(range(len(names)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            parent[find(i)] = find(j)

        by_token: dict[str, int] = {}
        targets: dict[int, str | None] = {}
        for i, candidate in enumerate(names):
            tokens = []
            if candidate.short:
                targets[i] = self._short_target(names, i)
                tokens.append(f"short:{candidate.text}")
                if targets[i]:
                    tokens.append(targets[i] if targets[i].startswith("text:") else f"kb:{targets[i]}")
            else:
                tokens.append(f"text:{fold(candidate.text)}")
                if candidate.key:
                    tokens.append(f"kb:{candidate.key}")
            if candidate.link:
                tokens.append(candidate.link)
            for token in tokens:
                if token in by_token:
                    union(i, by_token[token])
                else:
                    by_token[token] = i

        members: dict[int, list[int]] = {}
        for i in range(len(names)):
            members.setdefault(find(i), []).append(i)
        groups = []
        for indexes in members.values():
            groups.append(self._entity(names, indexes, targets))
        groups.sort(key=lambda g: g.starts[0])
        return groups

    def _entity(
        self, names: list[Candidate], indexes: list[int], targets: dict[int, str | None]
    ) -> EntityGroup:
        cands = [names[i] for i in indexes]
        kb_keys = Counter(c.key for c in cands if c.key and not c.short)
        kb_keys.update(t for i in indexes if (t := targets.get(i)) and not t.startswith("text:"))
        kb_id = kb_keys.most_common(1)[0][0] if kb_keys else None
        known = self.resources.entities.get(kb_id) if kb_id else None
        texts = [c.text for c in cands if not c.short] or [c.text for c in cands]
        acronyms = [t for t in texts if ACRONYM_SHAPE.fullmatch(t)]
        long_forms = [t for t in texts if t not in acronyms]
        if known is not None:
            label, name, acronym, kind = known.label, known.name, known.acronym, known.kind
        else:
            label = Counter(c.label for c in cands).most_common(1)[0][0]
            name = max(long_forms or texts, key=len)
            acronym = acronyms[0] if acronyms else None
            kind = None
        key = kb_id or acronym or slug(name)
        return EntityGroup(
            key=key,
            label=label,
            name=name,
            acronym=acronym,
            kb_id=kb_id,
            kind=kind,
            starts=tuple(sorted(c.start for c in cands)),
        )

    # --- mentions ---------------------------------------------------------------------

    def _mentions(self, doc: Doc, kept: list[Candidate], groups: list[EntityGroup]) -> list[ResolvedMention]:
        entity_at = {start: group for group in groups for start in group.starts}
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        sentence_starts = [s.start_char for s in sentences]
        dates = [c for c in kept if c.date is not None]
        document = doc._.document_date.point if doc._.document_date else None
        tenses = [self._tense(doc, sentences, sentence_starts, c) for c in dates]
        resolved = {
            r.expression.start: r for r in resolve_dates([c.date for c in dates if c.date], document, tenses)
        }
        mentions = []
        for candidate in kept:
            sentence = max(0, bisect.bisect_right(sentence_starts, candidate.start) - 1)
            mention = ResolvedMention(
                start=candidate.start,
                end=candidate.end,
                label=candidate.label,
                stage=candidate.stage,
                rule=candidate.rule,
                sentence=sentence,
            )
            if candidate.label in NAME_LABELS:
                group = entity_at[candidate.start]
                mention = replace(mention, label=group.label, entity=group.key)
            elif candidate.label == "PLACE":
                mention = replace(mention, country=candidate.country, place_kind=candidate.place_kind)
            elif candidate.label == "DATE":
                date = resolved.get(candidate.start)
                if date is None:
                    continue  # a relative expression with nothing to resolve against
                mention = replace(mention, date=date)
            mentions.append(mention)
        return mentions

    @staticmethod
    def _tense(doc: Doc, sentences: list[Span], starts: list[int], candidate: Candidate) -> Tense:
        """Past or future, as the nearest verb before the date says (or after it)."""
        span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is None:
            return "unknown"
        sentence = sentences[max(0, bisect.bisect_right(starts, candidate.start) - 1)]
        before = [t for t in doc[sentence.start : span.start] if t.pos_ in {"VERB", "AUX"}]
        after = [t for t in doc[span.end : sentence.end] if t.pos_ in {"VERB", "AUX"}]
        for verb in (*reversed(before), *after):
            if verb.pos_ == "VERB" or "Fin" in verb.morph.get("VerbForm"):
                return verb_tense(verb)  # the nearest predicate decides, even when it is vague
        return "unknown"


_AVOIR = {"a", "ont", "ai", "as", "avons", "avez", "avait", "avaient", "avions", "aviez", "eut", "eurent"}


def verb_tense(verb: Token) -> Tense:
    """« se tiendra » → future; « a eu lieu », « était » → past; « est fixé » (a passive)
    and a bare participle → unknown."""
    tenses = verb.morph.get("Tense")
    form = verb.morph.get("VerbForm")
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
        if "Fut" in auxiliary.morph.get("Tense"):
            return "future"
        if auxiliary.lower_ in _AVOIR or {"Imp", "Past"} & set(auxiliary.morph.get("Tense")):
            return "past"
    return "unknown"


# Today's values: the constructor takes each as a keyword with the same default.
_RESOLVER_DEFAULTS = {
    "model_labels": {"ORG": "ORGANISATION", "LOC": "PLACE"},
    "priorities": {"gazetteer": 5, "acronyms": 4, "dates": 4, "names": 3, "short": 1, "model": 0},
}


@Language.factory(
    "bulletins_resolver_v1",
    default_config={"resources": None, **_RESOLVER_DEFAULTS},
    requires=[
        "doc.spans",
        "doc.ents",
        "doc._.date_expressions",
        "doc._.document_date",
        "token.pos",
        "token.morph",
        "token.is_sent_start",
    ],
    assigns=["doc._.mentions", "doc._.entities", "doc.spans"],
)
def make_resolver(
    nlp: Language,
    name: str,
    resources: str | None,
    model_labels: dict[str, str],
    priorities: dict[str, int],
) -> Resolver:
    """The resolved mentions on ``doc._.mentions``, their entities on ``doc._.entities``."""
    from bulletins.extraction.stage_options import stage_keywords

    given = {"model_labels": dict(model_labels), "priorities": dict(priorities)}
    options = stage_keywords(Resolver, given, _RESOLVER_DEFAULTS)
    return Resolver(resources_for(resources), **options)
