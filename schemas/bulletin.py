"""A bulletin as read from the corpus, before any extraction."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class DocumentDate(BaseModel):
    """The bulletin's own date, with where it was found.

    « Mis à jour le: 13 Oct. 2023 15:52 » gives ``value="2023-10-13"`` and the
    character range of the date in the text; a sidecar or a command-line option
    gives it with ``source`` saying so and no range.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str = Field(description="EDTF value of the date (day, month or year precision).")
    source: Literal["text", "sidecar", "option"]
    start: int | None = None
    end: int | None = None


class Bulletin(BaseModel):
    """One input document: its identity, its text and the facts read from its header."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    source_path: str = Field(description="Path relative to the corpus folder, POSIX separators.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    title: str
    date: DocumentDate | None = None
    text: str

    @model_validator(mode="after")
    def _date_points_into_text(self) -> Bulletin:
        date = self.date
        if (
            date is not None
            and date.start is not None
            and (date.end is None or not 0 <= date.start < date.end <= len(self.text))
        ):
            raise ValueError(f"document date range {date.start}-{date.end} is outside the text")
        return self
