"""The gold / prediction file format of GUIDELINES.md: JSON Lines, one document a line.

Every span is checked against its document: ``start < end``, inside the text, the same
text, sorted and not overlapping; a DATE ``value`` is EDTF (« 2003-04 », « 1993/.. ») and
a ``country`` an ISO 3166-1 alpha-2 code (« UZ »). An error names the span at fault, as
``spans.3: …``, and ``read_gold`` adds the file and line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from bulletins.errors import BulletinsError
from bulletins.schemas.edtf import InvalidEDTF, date_bounds
from bulletins.schemas.jsonl import JsonLinesError, read_models
from bulletins.schemas.records import Label

_COUNTRY = re.compile(r"[A-Z]{2}")


def _problem(message: str) -> PydanticCustomError:
    # a custom error keeps the message as written (no « Value error, » before it)
    return PydanticCustomError("gold", message)


def _lone_surrogate(text: str) -> int | None:
    """Offset of the first lone surrogate (« \\ud800 » in the JSON), which is no character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    return None


class GoldSpan(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    end: int
    label: Label
    text: str
    entity: str | None = None
    country: str | None = None
    value: str | None = None

    @field_validator("country")
    @classmethod
    def _country_is_a_code(cls, country: str | None) -> str | None:
        if country is not None and not _COUNTRY.fullmatch(country):
            raise _problem(
                f"{country!r} is not an ISO 3166-1 alpha-2 country code: write two capital "
                "letters, such as 'UZ' or 'FR', or leave the country out for a place that is "
                "not a country"
            )
        return country

    @field_validator("value")
    @classmethod
    def _value_is_edtf(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                date_bounds(value)
            except InvalidEDTF as error:
                raise _problem(
                    f"{error}: write the value in EDTF as GUIDELINES.md shows, such as "
                    "'2003-04', '2013/2017' or '1993/..'"
                ) from error
        return value

    @model_validator(mode="after")
    def _ends_after_start(self) -> GoldSpan:
        if self.end <= self.start:
            raise _problem(
                f"span with start {self.start} and end {self.end} is empty or reversed: "
                "'end' is the offset just after the span's last character, so it must be "
                "greater than 'start'"
            )
        return self


class GoldDocument(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    text: str
    meta: dict[str, Any] = Field(default_factory=dict)
    spans: list[GoldSpan]

    @field_validator("id", "text", mode="before")
    @classmethod
    def _valid_unicode(cls, value: Any) -> Any:
        # before pydantic's own check, whose message on an id says nothing of where
        offset = _lone_surrogate(value) if isinstance(value, str) else None
        if offset is not None:
            raise _problem(
                f"a lone surrogate (U+{ord(value[offset]):04X}) at offset {offset} is not a "
                "character: fix or remove the \\ud800-\\udfff escape there (a character "
                "outside the BMP is written as a pair, such as \\ud83d\\ude00)"
            )
        return value

    @field_validator("meta")
    @classmethod
    def _meta_valid_unicode(cls, meta: dict[str, Any]) -> dict[str, Any]:
        if _lone_surrogate(json.dumps(meta, ensure_ascii=False)) is not None:
            raise _problem(
                "holds a lone surrogate (a \\ud800-\\udfff escape alone), which is not a "
                "character: fix or remove it"
            )
        return meta

    @model_validator(mode="after")
    def _spans_fit_text(self) -> GoldDocument:
        previous_end = 0
        for index, span in enumerate(self.spans):
            message = None
            if span.end > len(self.text):
                message = (
                    f"span {span.start}-{span.end} ends past the end of the text "
                    f"({len(self.text)} characters): fix its offsets or remove it"
                )
            elif self.text[span.start : span.end] != span.text:
                message = (
                    f"span {span.start}-{span.end} says {span.text!r} but the text there is "
                    f"{self.text[span.start : span.end]!r}"
                )
            elif span.start < previous_end:
                message = f"span at {span.start} overlaps the previous one or is unsorted"
            if message is not None:
                # the error is the span's own (« spans.3: … »), not the whole document's
                raise ValidationError.from_exception_data(
                    "GoldDocument",
                    [InitErrorDetails(type=_problem(message), loc=("spans", index), input=span)],
                )
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
