"""A bulletin as read from the corpus, before any extraction."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class DocumentDate(BaseModel):
    """The bulletin's own date, with where it was found.

    « Mis à jour le: 13 Oct. 2023 15:52 » gives ``value="2023-10-13"`` and the
    character range of the date in the text; a sidecar or a command-line option
    gives it with ``source`` saying so and no range; so does the page's own metadata
    (``metadata``: a web page's publication date, a PDF's creation date) when the text
    states none. The text comes first, then the metadata, then the sidecar.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str = Field(description="EDTF value of the date (day, month or year precision).")
    source: Literal["text", "metadata", "sidecar", "option"]
    start: int | None = None
    end: int | None = None


class Bulletin(BaseModel):
    """One input document: its identity, its text, the facts read from its header, and
    where it comes from (its format, address, site, own publication date, language and
    the library that made its text).

    ``title`` is the metadata's title (a page's ``<title>``, a PDF's /Title, a
    sidecar's), else the text's first line. ``text`` is the text the offsets of the
    mentions point into, whatever the format.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    source_path: str = Field(description="Path relative to the corpus folder, POSIX separators.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    title: str
    date: DocumentDate | None = None
    text: str
    format: str = Field(
        default="text", pattern=r"^[a-z0-9]+$", description="The format read: text, html, pdf."
    )
    url: str | None = Field(default=None, description="The page's canonical address (metadata or sidecar).")
    site: str | None = Field(
        default=None, description="The site or publisher (« OTAN »): metadata or sidecar."
    )
    published: str | None = Field(
        default=None, description="The publication date the file's own metadata gives (YYYY-MM-DD)."
    )
    language: str | None = Field(
        default=None, description="The language found in the text (or said by the sidecar): « fr »."
    )
    extractor: str | None = Field(
        default=None, description="The library that made the text from the file, with its version."
    )

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
