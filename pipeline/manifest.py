"""Building the manifest that says what produced a dataset."""

from __future__ import annotations

import spacy
from spacy.language import Language

import pipeline
from pipeline.resources import load_resources
from schemas import SCHEMA_VERSION
from schemas.manifest import InputEntry, Manifest, ModelInfo
from schemas.settings import Settings


def model_info(nlp: Language) -> ModelInfo:
    meta = nlp.meta
    return ModelInfo(
        name=f"{meta.get('lang', '')}_{meta.get('name', '')}", version=str(meta.get("version", ""))
    )


def build_manifest(nlp: Language, settings: Settings, inputs: list[InputEntry]) -> Manifest:
    """The manifest of a run, before its output files are written (their hashes come after)."""
    return Manifest(
        schema_version=SCHEMA_VERSION,
        pipeline_version=pipeline.__version__,
        spacy_version=spacy.__version__,
        model=model_info(nlp),
        resources=dict(sorted(load_resources().hashes.items())),
        settings=settings,
        inputs=sorted(inputs, key=lambda i: i.source_path),
        outputs=[],
    )
