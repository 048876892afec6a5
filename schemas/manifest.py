"""What produced a dataset: versions, model, resources, settings, inputs and outputs."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bulletins.schemas.settings import Settings


class ModelInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    version: str


class InputEntry(BaseModel):
    """One file of the corpus and what became of it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source_path: str
    sha256: str
    bulletin_id: str | None
    outcome: Literal["ok", "warning", "error"]


class OutputEntry(BaseModel):
    """One file of the dataset, with its hash and how many records it holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    sha256: str
    records: int = Field(ge=0)


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: str
    pipeline_version: str
    fingerprint: str = Field(description="sha256 of code, model, resources and settings")
    code: str = Field(description="sha256 of the modules that make the records (extraction, inputs, schemas)")
    spacy_version: str
    model: ModelInfo
    versions: dict[str, str] = Field(
        description="exact versions of Python and of the packages that shape the records (spacy, thinc, …)"
    )
    extractors: dict[str, str] = Field(
        default_factory=dict,
        description="the library that reads each input format, and the language detector, with its version",
    )
    resources: dict[str, str] = Field(description="sha256 of each resource file")
    settings: Settings = Field(description="the settings, with the resources folder as an absolute path")
    inputs: list[InputEntry]
    outputs: list[OutputEntry]
