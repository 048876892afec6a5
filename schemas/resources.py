"""Models of the resource files (gazetteers) that the pipeline loads at start-up."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_KEY_PATTERN = r"^[A-Z0-9][A-Z0-9-]*$"


def _no_blank(values: list[str]) -> list[str]:
    for value in values:
        if not value.strip() or value != value.strip():
            raise ValueError(f"name {value!r} is blank or has surrounding spaces")
    if len(set(values)) != len(values):
        raise ValueError("a name is listed twice")
    return values


class KnowledgeBaseEntry(BaseModel):
    """An organisation or programme these bulletins talk about.

    ``fr`` and ``en`` are its full names, ``acronyms`` its short forms in any
    language (« OTAN », « NATO »), ``short`` the capitalised common noun that
    stands for it when it is the one in the document (« l'Alliance »).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_KEY_PATTERN)
    kind: str = Field(pattern=r"^[a-z][a-z-]*$")
    fr: list[str] = Field(min_length=1)
    en: list[str] = Field(default_factory=list)
    acronyms: list[str] = Field(default_factory=list)
    short: list[str] = Field(default_factory=list)

    _check_names = field_validator("fr", "en", "acronyms", "short")(_no_blank)


PlaceKind = Literal["country", "region", "continent", "sea", "area", "city"]


class PlaceEntry(BaseModel):
    """A named place that is not in CLDR's list of territories, or a variant of a country name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    kind: PlaceKind
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


class CityEntry(BaseModel):
    """A city, with its French (and other) names and the country it is in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    names: list[str] = Field(min_length=1)
    country: str = Field(pattern=r"^[A-Z]{2}$")

    _check_names = field_validator("names")(_no_blank)
