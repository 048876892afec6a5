"""The entities index: one line per organisation, programme or place across the bulletins."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

IndexLabel = Literal["ORGANISATION", "PROGRAMME", "PLACE"]


class IndexEntry(BaseModel):
    """One knowledge-base entity, or one normalised unknown name, across a dataset.

    ``key`` is the knowledge-base id (« OTAN »), the ISO code of a country (« AM ») or, for a
    name the knowledge base does not hold, its normalised form (« université Al Farabi » →
    ``UNIVERSITE-AL-FARABI``). ``names`` are the texts of its mentions, sorted;
    ``first_date`` and ``last_date`` the earliest and latest dates (EDTF) of the bulletins
    that name it, None when none of them is dated.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: IndexLabel
    key: str = Field(min_length=1)
    known: bool = Field(description="True when the knowledge base holds it.")
    kb_id: str | None = None
    kind: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    names: list[str] = Field(min_length=1)
    bulletins: int = Field(ge=1, description="How many bulletins name it.")
    mentions: int = Field(ge=1, description="How many mentions it has, in all bulletins.")
    first_date: str | None = None
    last_date: str | None = None
