"""One line of a dataset's run log (``DIR/.history/runs.jsonl``): which run made which dataset."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RunRecord(BaseModel):
    """A published run: its number, when it published, and the manifest it wrote.

    The manifests chain: ``previous`` is the sha256 of the manifest this run replaced.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    run: int = Field(ge=1)
    date: str = Field(description="when the dataset was published, UTC, ISO 8601 (2026-11-30T06:00:00Z)")
    manifest_sha256: str
    previous: str | None = Field(description="sha256 of the manifest of the dataset this run replaced")
    inputs: int = Field(ge=0)
    failed: int = Field(ge=0)
    mentions: int = Field(ge=0)
    settings: dict[str, Any] = Field(
        default_factory=dict, description="the run's resolved options (project file, command line)"
    )
