"""The output records: mentions with offsets and provenance, entities grouping them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bulletins.schemas.bulletin import Bulletin
from bulletins.schemas.vocabulary import LABELS, NAME_LABELS, Granularity, Label, NameLabel, PlaceKind

__all__ = ["LABELS", "NAME_LABELS", "Granularity", "Label", "PlaceKind"]


class Provenance(BaseModel):
    """Which stage of the pipeline produced a mention, and by which rule or resource entry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: str
    rule: str


class Mention(BaseModel):
    """One span of a bulletin's text under one label, with its normalised value.

    ``entity`` is set on ORGANISATION and PROGRAMME mentions. PLACE mentions always
    carry their ``place_kind`` (country, city, region, continent, sea, area, island,
    river, strait, or other when the knowledge base does not know the place), ``country``
    when they name a country, and ``in_country`` when they name a city the knowledge
    base knows: « Tachkent » is a city ``in_country="UZ"``, « Ouzbékistan » the country
    ``UZ``. DATE mentions carry their EDTF ``value``, its
    ``granularity`` and its calendar bounds ``earliest`` and ``latest`` (None where the
    value is open or its year unknown): « depuis 1993 » is ``1993/..``, from 1993-01-01.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    bulletin_id: str
    label: Label
    text: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int
    sentence: int = Field(ge=0, description="Index of the sentence in the bulletin, from 0.")
    provenance: Provenance
    entity: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    place_kind: PlaceKind | None = None
    in_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    value: str | None = None
    granularity: Granularity | None = None
    earliest: date | None = None
    latest: date | None = None

    @model_validator(mode="after")
    def _fields_match_label(self) -> Mention:
        if self.end - self.start != len(self.text):
            raise ValueError(f"span {self.start}-{self.end} does not have the length of {self.text!r}")
        if self.label in NAME_LABELS and not self.entity:
            raise ValueError(f"{self.label} mention {self.text!r} has no entity key")
        if self.label == "DATE" and not self.value:
            raise ValueError(f"DATE mention {self.text!r} has no value")
        if self.label != "PLACE" and (
            self.country is not None or self.place_kind is not None or self.in_country is not None
        ):
            raise ValueError("only PLACE mentions carry a country or a place kind")
        if self.label == "PLACE" and self.place_kind is None:
            raise ValueError(f"PLACE mention {self.text!r} has no place kind")
        if self.country is not None and self.place_kind != "country":
            raise ValueError(
                f"{self.text!r} carries a country code but is a {self.place_kind}, not a country"
            )
        if self.in_country is not None and self.place_kind != "city":
            raise ValueError(f"{self.text!r} is said to lie in {self.in_country} but is no city")
        if self.label == "DATE" and self.granularity is None:
            raise ValueError(f"DATE mention {self.text!r} has no granularity")
        date_fields = (self.value, self.granularity, self.earliest, self.latest)
        if self.label != "DATE" and any(f is not None for f in date_fields):
            raise ValueError("only DATE mentions carry a value, a granularity and bounds")
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError(f"DATE mention {self.text!r} ends before it starts")
        return self


class Entity(BaseModel):
    """The mentions of one organisation or programme within one bulletin.

    ``key`` is the knowledge-base id when the entity is known (« OTAN »), else a
    key derived from its long form or acronym; ``parent`` the knowledge-base id of
    the body it belongs to (« CAN » → « OTAN »); ``mentions`` lists the starts of its
    mentions, in text order.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    bulletin_id: str
    key: str
    label: NameLabel
    name: str
    acronym: str | None = None
    kb_id: str | None = None
    kind: str | None = None
    parent: str | None = None
    mentions: list[int] = Field(min_length=1)


class BulletinRecords(BaseModel):
    """Everything extracted from one bulletin, checked against its text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bulletin: Bulletin
    mentions: list[Mention]
    entities: list[Entity]

    @model_validator(mode="after")
    def _offsets_hold(self) -> BulletinRecords:
        text = self.bulletin.text
        previous_end = 0
        for mention in self.mentions:
            if text[mention.start : mention.end] != mention.text:
                raise ValueError(
                    f"mention {mention.text!r} at {mention.start}-{mention.end} does not match the text there"
                )
            if mention.start < previous_end:
                raise ValueError(f"mention at {mention.start} overlaps or is out of order")
            previous_end = mention.end
        starts = {m.start for m in self.mentions if m.label in NAME_LABELS}
        for entity in self.entities:
            missing = [s for s in entity.mentions if s not in starts]
            if missing:
                raise ValueError(f"entity {entity.key} points to no mention at {missing}")
        return self


class ErrorRecord(BaseModel):
    """A bulletin that could not be processed, or was processed with a warning."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source_path: str
    severity: Literal["error", "warning"]
    reason: str
    detail: str
