"""The gold / prediction file format of GUIDELINES.md: JSON Lines, one document a line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bulletins.errors import BulletinsError
from bulletins.schemas.jsonl import JsonLinesError, read_models
from bulletins.schemas.records import Label


class GoldSpan(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    end: int
    label: Label
    text: str
    entity: str | None = None
    country: str | None = None
    value: str | None = None


class GoldDocument(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    text: str
    meta: dict[str, Any] = Field(default_factory=dict)
    spans: list[GoldSpan]

    @model_validator(mode="after")
    def _spans_fit_text(self) -> GoldDocument:
        previous_end = 0
        for span in self.spans:
            if self.text[span.start : span.end] != span.text:
                raise ValueError(
                    f"span {span.start}-{span.end} says {span.text!r} but the text there is "
                    f"{self.text[span.start : span.end]!r}"
                )
            if span.start < previous_end:
                raise ValueError(f"span at {span.start} overlaps the previous one or is unsorted")
            previous_end = span.end
        return self


class GoldFileError(BulletinsError, ValueError):
    """A gold file that cannot be read, with the line that is wrong."""


def read_gold(path: Path) -> list[GoldDocument]:
    """Read and validate a gold file; the error names the file and line at fault."""
    documents: list[GoldDocument] = []
    seen: set[str] = set()
    try:
        for number, document in read_models(path, GoldDocument):
            if document.id in seen:
                raise GoldFileError(f"{path}:{number}: document id {document.id!r} appears twice")
            seen.add(document.id)
            documents.append(document)
    except JsonLinesError as error:
        raise GoldFileError(str(error)) from error
    if not documents:
        raise GoldFileError(f"{path}: holds no document")
    return documents
