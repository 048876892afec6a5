"""The lexical tagger (``tags = "lexicon"``): parts of speech and verb morphology from word
lists and the model's lexicon, in place of the model's tok2vec and morphologizer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from bulletins.cli.app import EXIT_USAGE, app
from bulletins.config import CONFIG_FILE
from bulletins.extraction.components.lexical_tags import LEXICAL_TAGS_FILE, lexical_tags
from bulletins.extraction.nlp import TagsSettingError, _uses_lexicon, build_nlp, pipeline_config
from bulletins.extraction.resources import RESOURCE_DIR, ResourceError
from bulletins.extraction.windows import MODEL_WINDOW
from bulletins.schemas.settings import Settings
from tests.helpers import run_text

runner = CliRunner()


@pytest.fixture(scope="module")
def lexical() -> Language:
    return build_nlp(Settings(tags="lexicon"))  # the default: the session's pipeline


@pytest.fixture(scope="module")
def tagged_by_the_model() -> Language:
    return build_nlp(Settings(tags="model"))


def _tags(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.pos_, str(t.morph)) for t in nlp(text) if not t.is_space]


def test_the_lexicon_setting_replaces_the_models_tagger(
    lexical: Language, tagged_by_the_model: Language
) -> None:
    names = lexical.pipe_names
    assert "tok2vec" not in names and "morphologizer" not in names
    assert names.index("bulletins_lexical_tags") < names.index("ner")
    assert names.index("gazetteer_any_case") < names.index("bulletins_lexical_tags")
    model = tagged_by_the_model.pipe_names
    assert "tok2vec" in model and "morphologizer" in model and "bulletins_lexical_tags" not in model
    assert 'tags = "lexicon"' in pipeline_config(Settings())  # the default
    assert 'tags = "model"' in pipeline_config(Settings(tags="model"))
    assert tagged_by_the_model("la force militaire")[1].pos_ == "NOUN"


def test_a_reflexive_past_tense(lexical: Language) -> None:
    tags = _tags(lexical, "Le Conseil s'est réuni à Bruxelles.")
    assert tags[0][:2] == ("Le", "DET")
    assert tags[1][1] in {"NOUN", "PROPN"}
    assert tags[2][:2] == ("s'", "PRON")
    assert tags[3] == ("est", "AUX", "Mood=Ind|Tense=Pres|VerbForm=Fin")
    assert tags[4] == ("réuni", "VERB", "Tense=Past|VerbForm=Part")
    assert tags[6][:2] == ("Bruxelles", "PROPN")


def test_a_future_from_its_ending(lexical: Language) -> None:
    tags = _tags(lexical, "La réunion se tiendra le 4 octobre.")
    assert tags[1][:2] == ("réunion", "NOUN")
    assert tags[3] == ("tiendra", "VERB", "Mood=Ind|Tense=Fut|VerbForm=Fin")
    verbs = _tags(lexical, "Il adoptait, il adoptera, il a adopté, pour adopter.")
    assert [(text, morph) for text, pos, morph in verbs if pos == "VERB"] == [
        ("adoptait", "Mood=Ind|Tense=Imp|VerbForm=Fin"),
        ("adoptera", "Mood=Ind|Tense=Fut|VerbForm=Fin"),
        ("adopté", "Tense=Past|VerbForm=Part"),
        ("adopter", "VerbForm=Inf"),
    ]


def test_the_neighbours_choose_between_noun_adjective_and_verb(lexical: Language) -> None:
    assert [pos for _, pos, _ in _tags(lexical, "la force militaire")] == ["DET", "NOUN", "ADJ"]
    assert [pos for _, pos, _ in _tags(lexical, "le Centre euro-atlantique")] == [
        "DET", "NOUN", "ADJ", "PUNCT", "ADJ",
    ]  # fmt: skip
    assert _tags(lexical, "Il la force.")[2][1] == "VERB"  # « la » is a pronoun there
    assert _tags(lexical, "L'OTAN a dit non.")[:2] == [("L'", "DET", ""), ("OTAN", "PROPN", "")]


def test_dates_resolve_with_the_lexical_tenses(lexical: Language) -> None:
    future = run_text(lexical, "La réunion se tiendra le 4 octobre.", date="2024-11-20")
    past = run_text(lexical, "La réunion s'est tenue le 4 octobre.", date="2024-11-20")
    [coming] = [m.value for m in future.mentions if m.label == "DATE"]
    [gone] = [m.value for m in past.mentions if m.label == "DATE"]
    assert (coming, gone) == ("2025-10-04", "2024-10-04")


def test_names_are_found_with_the_lexical_tags(lexical: Language) -> None:
    records = run_text(lexical, "Le ministère des Affaires étrangères de la Mongolie a reçu la délégation.")
    names = {(m.label, m.text) for m in records.mentions}
    assert ("ORGANISATION", "ministère des Affaires étrangères de la Mongolie") in names or (
        "ORGANISATION",
        "ministère des Affaires étrangères",
    ) in names


def test_a_bad_word_list_is_refused_with_its_file(tmp_path: Path) -> None:
    data = json.loads((RESOURCE_DIR / LEXICAL_TAGS_FILE).read_text(encoding="utf-8"))
    data["determiners"].append("Le")  # the lists are in lower case
    (tmp_path / LEXICAL_TAGS_FILE).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResourceError, match="lower case"):
        lexical_tags(str(tmp_path))
    assert lexical_tags(str(tmp_path / "elsewhere")).determiners  # no file there: the packaged one
    with pytest.raises(TagsSettingError, match="model, lexicon"):
        _uses_lexicon("tagger")


def test_the_tags_option_through_the_command_line(lexical: Language, tmp_path: Path) -> None:
    text = tmp_path / "bulletin.txt"
    text.write_text("La réunion se tiendra à Bruxelles le 4 octobre.", encoding="utf-8")
    for tags in ("lexicon", "model"):
        result = runner.invoke(app, ["extract", str(text), "--tags", tags, "--date", "2024-11-20"])
        assert result.exit_code == 0, result.output
        values = [m["value"] for m in json.loads(result.output)["mentions"] if m["label"] == "DATE"]
        assert values == ["2025-10-04"]
    wrong = runner.invoke(app, ["extract", str(text), "--tags", "tagger"])
    assert wrong.exit_code == EXIT_USAGE and "tagger" in wrong.output


def test_the_project_file_chooses_the_tags_and_the_manifest_records_them(
    lexical: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(
        "Bruxelles, le 4 octobre 2006 – Le Conseil de l'Atlantique Nord s'est réuni.", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / CONFIG_FILE).write_text(
        'corpus = "corpus"\nout = "weekly"\ntags = "model"\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["run", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "weekly" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["tags"] == "model"
    again = runner.invoke(app, ["run", "--jobs", "1", "--tags", "lexicon"])  # the command line wins
    assert again.exit_code == 0, again.output
    manifest = json.loads((tmp_path / "weekly" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["tags"] == "lexicon"
    (tmp_path / CONFIG_FILE).write_text('corpus = "corpus"\ntags = "tagger"\n', encoding="utf-8")
    refused = runner.invoke(app, ["run"])
    assert refused.exit_code == EXIT_USAGE and "tags" in refused.output


def test_a_long_text_keeps_the_lexical_tags_through_the_model_windows(lexical: Language) -> None:
    sentence = "La réunion se tiendra le 4 octobre à Bruxelles.\n\n"
    text = sentence * (MODEL_WINDOW // len(sentence) + 20)  # longer than one window of the model
    records = run_text(lexical, text, date="2024-11-20")
    values = {m.value for m in records.mentions if m.label == "DATE"}
    assert values == {"2025-10-04"}


def test_a_capitalised_common_noun_is_no_proper_noun(lexical: Language) -> None:
    """The vector table is pruned: « Statut » shares the row of « statut », which says nothing;
    « Etat » has lost its accent, and « état » is found all the same."""
    tags = dict(
        (text, pos) for text, pos, _ in _tags(lexical, "Elle est régie par le Statut et les chefs d'Etat.")
    )
    assert tags["Statut"] == "NOUN"
    assert tags["Etat"] == "NOUN"
    assert dict((t, p) for t, p, _ in _tags(lexical, "La Suisse et la ville d'Amman."))["Amman"] == "PROPN"


def test_a_capitalised_common_noun_the_model_tags_is_no_mention(nlp: Language) -> None:
    """« Feuille », « Groupes »: the model's one-word entities that are common nouns stay out."""
    result = run_text(nlp, "Il salue la Feuille de route de l'UA contre les Groupes armés terroristes.")
    assert {m.text for m in result.mentions} == {"UA"}
