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
from collections import Counter
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
    ...             provenance=Provenance(stage="gazetteer", rule="city"), place_kind="city")
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


@dataclass
class Tally:
    """One bulletin's counts as its lines come (the mentions come before the entities they
    belong to), kept by name, never mention by mention: a bulletin of a million mentions
    holds a few counters here. ``EntitiesIndex.add`` takes it once the bulletin is whole."""

    bulletin: Bulletin | None = None
    places: dict[str, tuple[Mention, Counter[str]]] = field(default_factory=dict)
    names: dict[tuple[str, str], tuple[Mention, Counter[str]]] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)

    def see(self, kind: str, record: object) -> None:
        """One line of the bulletin: ``bulletin``, ``mention`` or ``entity``."""
        if isinstance(record, Bulletin):
            self.bulletin = record
        elif isinstance(record, Entity):
            self.entities[record.key] = record
        elif isinstance(record, Mention) and record.label != "DATE":
            if record.label == "PLACE":
                _, texts = self.places.setdefault(record.country or slug(record.text), (record, Counter()))
            else:
                _, texts = self.names.setdefault((record.label, record.entity or ""), (record, Counter()))
            texts[record.text] += 1


class EntitiesIndex:
    """Adds up the mentions of every bulletin, by knowledge-base entity or normalised name."""

    def __init__(self) -> None:
        self.entries: dict[tuple[IndexLabel, str], _Entry] = {}

    def add(self, tally: Tally) -> None:
        """One whole bulletin's tally; each bulletin is added once."""
        bulletin = tally.bulletin
        if bulletin is None:
            return
        date = bulletin.date.value if bulletin.date else None
        seen = [(first, texts) for first, texts in tally.places.values()]
        seen += [(first, texts) for first, texts in tally.names.values()]
        for first, texts in seen:
            found = index_key(first, tally.entities)
            if found is None:  # pragma: no cover - DATE mentions are not tallied
                continue
            label, key, entity = found
            entry = self.entries.get((label, key))
            if entry is None:
                known = entity.kb_id is not None if entity else first.provenance.stage == "gazetteer"
                entry = _Entry(
                    known=known,
                    kb_id=entity.kb_id if entity else None,
                    kind=entity.kind if entity else first.place_kind,
                    country=first.country,
                )
                self.entries[(label, key)] = entry
            entry.names.update(texts)
            entry.mentions += sum(texts.values())
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
