"""The resolver: one overlap policy over every stage's candidates, spans trimmed to the
guidelines, entity grouping, ISO country codes and date values.

Its parts live in ``components.resolution``: ``candidates`` (each stage's spans and the
model's entities, with the model's refusals), ``policy`` (the overlap policy: rules
first, the model in the gaps), ``grouping`` (entities and short names) and ``tense``
(the verb tense dates resolve with). Every decision goes to ``doc._.trail``; the dates
that resolution dropped as meaningless (« du 15 au 3 mars 2019 ») also go to
``doc._.dropped``, so that the bulletin gets a warning naming each one.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from bulletins.extraction.components.annotations import MENTIONS_KEY, EntityGroup, ResolvedMention
from bulletins.extraction.components.names import FALLBACK_RULES
from bulletins.extraction.components.resolution.candidates import PRIORITIES, Candidate, CandidateBuilder
from bulletins.extraction.components.resolution.context import decide_shared_names
from bulletins.extraction.components.resolution.grouping import Grouper, slug
from bulletins.extraction.components.resolution.policy import (
    bodies_named_alike,
    cut_grammar_to_known_names,
    give_way_to_longer_places,
    select,
)
from bulletins.extraction.components.resolution.tense import SentenceTenses, verb_tense
from bulletins.extraction.components.resolution.trail import Decision
from bulletins.extraction.components.roles import role_words
from bulletins.extraction.dates import DroppedDate, resolve_dates
from bulletins.extraction.resources import Resources, resources_for
from bulletins.schemas.resources import RoleWords
from bulletins.schemas.vocabulary import MODEL_LABELS, NAME_LABELS

__all__ = ["PRIORITIES", "Candidate", "Decision", "Resolver", "slug", "verb_tense"]

NOTHING_TO_RESOLVE_AGAINST = "dates-refused:nothing-to-resolve-against"
DROPPED = "dates-dropped"  # « dates-dropped:reversed-interval »


class Resolver:
    """Resolves the candidates of every stage into ``doc._.mentions`` and ``doc._.entities``.

    ``model_labels``: the model's labels we take, as ours (« LOC » → PLACE);
    ``priorities``: which stage wins between two rule candidates of one length.
    """

    def __init__(
        self,
        resources: Resources,
        *,
        model_labels: Mapping[str, str] = MODEL_LABELS,
        priorities: Mapping[str, int] = PRIORITIES,
        roles: RoleWords | None = None,
    ) -> None:
        self.resources = resources
        self.model_labels = dict(model_labels)
        self.priorities = dict(priorities)
        self.candidates = CandidateBuilder(
            resources, model_labels=self.model_labels, priorities=self.priorities, roles=roles
        )
        self.grouper = Grouper(resources)
        self.forms_of_avoir = frozenset(resources.grammar.forms_of_avoir)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from the tokens at each access: read it once
        trail: list[Decision] = []
        rules = decide_shared_names(self.candidates.rules(doc, text, trail), self.resources)
        rules = cut_grammar_to_known_names(rules, trail)
        model = self.candidates.model(doc, text, trail)
        rules = give_way_to_longer_places(rules, model, trail)
        fallback = [c for c in rules if c.rule in FALLBACK_RULES]
        kept = select([c for c in rules if c.rule not in FALLBACK_RULES], [], trail)
        kept = select(model, kept, trail)
        kept = select(fallback, kept, trail)
        kept = bodies_named_alike(kept)
        kept = select(self.candidates.echoes(doc, kept), kept, trail)
        kept.sort(key=lambda c: c.start)
        names = [c for c in kept if c.label in NAME_LABELS]
        groups = self.grouper.group(names)
        dropped: list[Decision] = []
        mentions = self._mentions(doc, kept, groups, trail, dropped)
        doc._.mentions = mentions
        doc._.dropped = dropped
        doc._.entities = groups
        doc._.trail = sorted(trail, key=lambda d: (d.start, d.end, d.verdict != "kept"))
        doc.spans[MENTIONS_KEY] = [
            span for m in mentions if (span := doc.char_span(m.start, m.end, label=m.label)) is not None
        ]
        return doc

    def _mentions(
        self,
        doc: Doc,
        kept: list[Candidate],
        groups: list[EntityGroup],
        trail: list[Decision],
        dropped: list[Decision],
    ) -> list[ResolvedMention]:
        entity_at = {start: group for group in groups for start in group.starts}
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        sentence_starts = [s.start_char for s in sentences]
        dates = [c for c in kept if c.date is not None]
        document = doc._.document_date.point if doc._.document_date else None
        tenses = SentenceTenses(
            doc, sentences, sentence_starts, [(c.start, c.end) for c in dates], self.forms_of_avoir
        )
        failed: list[DroppedDate] = []
        resolved = {
            r.expression.start: r
            for r in resolve_dates([c.date for c in dates if c.date], document, tenses, failed)
        }
        failed_at = {f.expression.start: f for f in failed}
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
                if candidate.start in failed_at:  # « entre 2019 et 2012 »: left out, with a warning
                    failure = failed_at[candidate.start]
                    decision = candidate.decision("refused", f"{DROPPED}:{failure.code}", failure.reason)
                    trail.append(decision)
                    dropped.append(decision)
                    continue
                if date is None:  # a relative expression with nothing to resolve against
                    trail.append(candidate.decision("refused", NOTHING_TO_RESOLVE_AGAINST))
                    continue
                mention = replace(mention, date=date)
            trail.append(candidate.decision("kept"))
            mentions.append(mention)
        return mentions


@Language.factory(
    "bulletins_resolver_v1",
    default_config={"resources": None, "model_labels": dict(MODEL_LABELS), "priorities": dict(PRIORITIES)},
    requires=[
        "doc.spans",
        "doc.ents",
        "doc._.date_expressions",
        "doc._.document_date",
        "token.pos",
        "token.morph",
        "token.is_sent_start",
    ],
    assigns=["doc._.mentions", "doc._.entities", "doc._.dropped", "doc.spans"],
)
def make_resolver(
    nlp: Language,
    name: str,
    resources: str | None,
    model_labels: dict[str, str],
    priorities: dict[str, int],
) -> Resolver:
    """The resolved mentions on ``doc._.mentions``, their entities on ``doc._.entities``."""
    return Resolver(
        resources_for(resources),
        model_labels=model_labels,
        priorities=priorities,
        roles=role_words(resources),
    )
