"""The entities index of a dataset, gathered bulletin by bulletin as the writer goes.

Memory grows with the number of distinct entities and names, not with the corpus: each
entry keeps counts, its names and two dates. A PLACE that names a country counts under its
ISO code, any other under its normalised text; a place is known when the gazetteer found
it. Bulletins come once each, so a bulletin is counted by remembering the last one that
named the entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from bulletins.schemas.bulletin import Bulletin
from bulletins.schemas.index import IndexEntry, IndexLabel
from bulletins.schemas.records import Entity, Mention


def slug(text: str) -> str:
    """A name normalised as the entity keys are (without loading the pipeline, which the
    readers of a dataset never need): « université Al Farabi » → ``UNIVERSITE-AL-FARABI``.

    >>> slug("Asie centrale"), slug("Mer Noire")
    ('ASIE-CENTRALE', 'MER-NOIRE')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "-", ascii_text.upper()).strip("-") or "ENTITY"


@dataclass
class _Entry:
    known: bool
    kb_id: str | None = None
    kind: str | None = None
    country: str | None = None
    names: set[str] = field(default_factory=set)
    bulletins: int = 0
    mentions: int = 0
    last_bulletin: str = ""
    first_date: str | None = None
    last_date: str | None = None


def index_key(mention: Mention, entities: dict[str, Entity]) -> tuple[IndexLabel, str, Entity | None] | None:
    """The entry of the index a mention counts for, with its bulletin's entity record.

    >>> from bulletins.schemas.records import Provenance
    >>> m = Mention(bulletin_id="b", label="PLACE", text="Bruxelles", start=0, end=9, sentence=0,
    ...             provenance=Provenance(stage="gazetteer", rule="city"))
    >>> index_key(m, {})
    ('PLACE', 'BRUXELLES', None)
    """
    if mention.label == "DATE":
        return None
    if mention.label == "PLACE":
        return "PLACE", mention.country or slug(mention.text), None
    entity = entities.get(mention.entity or "")
    if entity is None:
        return mention.label, slug(mention.text), None
    return mention.label, entity.kb_id or slug(entity.name), entity


class EntitiesIndex:
    """Adds up the mentions of every bulletin, by knowledge-base entity or normalised name."""

    def __init__(self) -> None:
        self.entries: dict[tuple[IndexLabel, str], _Entry] = {}

    def add(self, bulletin: Bulletin, mentions: list[Mention], entities: list[Entity]) -> None:
        """One bulletin's records; each bulletin is added once."""
        by_key = {entity.key: entity for entity in entities}
        date = bulletin.date.value if bulletin.date else None
        for mention in mentions:
            found = index_key(mention, by_key)
            if found is None:
                continue
            label, key, entity = found
            entry = self.entries.get((label, key))
            if entry is None:
                known = entity.kb_id is not None if entity else mention.provenance.stage == "gazetteer"
                entry = _Entry(
                    known=known,
                    kb_id=entity.kb_id if entity else None,
                    kind=entity.kind if entity else mention.place_kind,
                    country=mention.country,
                )
                self.entries[(label, key)] = entry
            entry.names.add(mention.text)
            entry.mentions += 1
            if entry.last_bulletin != bulletin.id:
                entry.last_bulletin = bulletin.id
                entry.bulletins += 1
                if date is not None:  # EDTF texts sort as dates: « 2019 » < « 2019-03 » < « 2019-03-01 »
                    entry.first_date = min(date, entry.first_date or date)
                    entry.last_date = max(date, entry.last_date or date)

    def records(self) -> Iterator[IndexEntry]:
        """The entries, by label then key."""
        for (label, key), entry in sorted(self.entries.items()):
            yield IndexEntry(
                label=label,
                key=key,
                known=entry.known,
                kb_id=entry.kb_id,
                kind=entry.kind,
                country=entry.country,
                names=sorted(entry.names),
                bulletins=entry.bulletins,
                mentions=entry.mentions,
                first_date=entry.first_date,
                last_date=entry.last_date,
            )
