"""The last stage: our resolved mentions become the doc's entities.

The resolver keeps its mentions on ``doc._.mentions``; this stage puts them where spaCy's
tools look, ``doc.spans["mentions"]`` and ``doc.ents`` (labels ORGANISATION, PROGRAMME,
PLACE, DATE, the entity key as ``kb_id``), and keeps the model's own entities (ORG, LOC,
PER, MISC) under ``doc.spans["model"]``. « l'OTAN » gives the entity « OTAN », ORGANISATION.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from bulletins.extraction.components.annotations import MENTIONS_KEY, ResolvedMention

MODEL_KEY = "model"


class PublishStage:
    """Writes ``doc._.mentions`` to ``doc.spans["mentions"]`` and ``doc.ents``."""

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[MODEL_KEY] = list(doc.ents)
        mentions: list[ResolvedMention] = doc._.mentions or []
        spans: list[Span] = []
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, label=mention.label, kb_id=mention.entity or "")
            if span is not None:  # a mention that is not on token boundaries has no span
                spans.append(span)
        doc.spans[MENTIONS_KEY] = spans
        doc.set_ents(_without_overlaps(spans), default="outside")
        return doc


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """The spans in order, the later of two overlapping ones left out (doc.ents cannot overlap)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -len(s))):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


@Language.factory(
    "bulletins_publish_v1",
    requires=["doc._.mentions"],
    assigns=["doc.spans", "doc.ents", "token.ent_iob", "token.ent_type"],
)
def make_publish(nlp: Language, name: str) -> PublishStage:
    """The resolved mentions as ``doc.ents`` and ``doc.spans["mentions"]``."""
    return PublishStage()
