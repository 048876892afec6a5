"""What the stages leave on a ``Doc``: candidate spans under ``doc.spans[KEY]`` and the
resolved mentions under ``doc._.mentions``, the resolver's decisions under ``doc._.trail``
(the dates it dropped as meaningless, « entre 2019 et 2012 », also under ``doc._.dropped``,
for a warning), and the stage that failed on a doc under ``doc._.failure``.

Candidate span keys, one per stage: ``gazetteer`` (spaCy's span_ruler), ``names``,
``acronyms``, ``dates``; the statistical model writes ``doc.ents``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from bulletins.extraction.dates.models import Point, ResolvedDate

GAZETTEER_KEY = "gazetteer"
NAMES_KEY = "names"
ACRONYMS_KEY = "acronyms"
DATES_KEY = "dates"
MENTIONS_KEY = "mentions"
BLOCKED_KEY = "not_mentions"  # acronyms of policies and treaties, which the guidelines leave out


@dataclass(frozen=True)
class DocumentDateInfo:
    """The bulletin's own date: the point, and where it came from."""

    point: Point
    source: str  # "text", "metadata", "sidecar" or "option"
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ResolvedMention:
    """A mention as the resolver kept it: character offsets into the original text."""

    start: int
    end: int
    label: str
    stage: str
    rule: str
    sentence: int
    entity: str | None = None
    country: str | None = None
    place_kind: str | None = None
    date: ResolvedDate | None = None


@dataclass(frozen=True)
class EntityGroup:
    """The mentions of one organisation or programme in one document."""

    key: str
    label: str
    name: str
    acronym: str | None
    kb_id: str | None
    kind: str | None
    starts: tuple[int, ...]
    parent: str | None = None  # the knowledge-base id of the body it belongs to


@dataclass(frozen=True)
class StageFailure:
    """The stage that failed on a doc, and the error it raised."""

    stage: str
    error: str  # repr of the exception: « InvalidEDTF('2019/2012 ends before it starts') »

    def describe(self) -> str:
        return f"the stage {self.stage} failed: {self.error}"


def note_failure(stage: str, docs: Iterable[Doc], error: Exception) -> None:
    """Record on each doc of a failed batch which stage failed and why (for an error handler)."""
    failure = StageFailure(stage, repr(error))
    for doc in docs:
        if isinstance(doc, Doc):
            doc._.failure = failure


def register_extensions() -> None:
    """Declare the ``Doc`` and ``Span`` attributes the stages use (idempotent)."""
    for name, default in (
        ("document_date", None),
        ("date_expressions", None),
        ("mentions", None),
        ("entities", None),
        ("trail", None),
        ("failure", None),
        ("dropped", None),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
