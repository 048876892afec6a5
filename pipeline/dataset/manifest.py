"""Building the manifest that says what produced a dataset."""

from __future__ import annotations

from importlib import metadata

import spacy

import bulletins as pipeline
from bulletins.dataset.fingerprint import code_hash, pipeline_fingerprint
from bulletins.extraction.resources import resources_for
from bulletins.schemas import SCHEMA_VERSION
from bulletins.schemas.manifest import InputEntry, Manifest, ModelInfo
from bulletins.schemas.settings import Settings


def model_info(settings: Settings) -> ModelInfo:
    """Name and installed version of the model, read without loading it."""
    try:
        version = metadata.version(settings.model)
    except metadata.PackageNotFoundError:
        version = "not-installed"
    return ModelInfo(name=settings.model, version=version)


def fingerprint_of(settings: Settings) -> str:
    return pipeline_fingerprint(settings, model_info(settings), resources_for(settings.resources).hashes)


def build_manifest(settings: Settings, inputs: list[InputEntry]) -> Manifest:
    """The manifest of a run, before its output files are written (their hashes come after)."""
    return Manifest(
        schema_version=SCHEMA_VERSION,
        pipeline_version=pipeline.__version__,
        fingerprint=fingerprint_of(settings),
        code=code_hash(),
        spacy_version=spacy.__version__,
        model=model_info(settings),
        resources=dict(sorted(resources_for(settings.resources).hashes.items())),
        settings=settings,
        inputs=sorted(inputs, key=lambda i: i.source_path),
        outputs=[],
    )
