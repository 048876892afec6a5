"""The gazetteers validate at load time, and broken files say what and where is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletins.extraction.resources import RESOURCE_DIR, ResourceError, fold, load_resources


def test_shipped_resources_load_and_hold_together() -> None:
    resources = load_resources()
    ids = list(resources.entities)
    assert len(ids) == len(set(ids)) > 250
    assert resources.country_of("Côte d’Ivoire") == "CI"
    assert resources.country_of("République de Moldova") == "MD"
    assert resources.country_of("Kosovo") == "XK"
    assert resources.country_of("Union européenne") is None  # CLDR's « EU » is no place
    labels_by_form: dict[str, set[str]] = {}
    for form in resources.name_forms:
        if form.form != "short":
            labels_by_form.setdefault(fold(form.text), set()).add(form.label)
    assert all(len(labels) == 1 for labels in labels_by_form.values())


@pytest.fixture
def resource_copy(tmp_path: Path) -> Path:
    target = tmp_path / "resources"
    shutil.copytree(RESOURCE_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


BROKEN = [
    (
        "organisations.jsonl",
        '{"id": "otan", "kind": "x", "fr": ["OTAN"]}\n',
        r"organisations\.jsonl:\d+: id: String should match",
    ),
    (
        "organisations.jsonl",
        '{"id": "X1", "kind": "x", "fr": ["Truc"], "colour": "red"}\n',
        r"organisations\.jsonl:\d+: colour: Extra inputs",
    ),
    ("organisations.jsonl", "{not json\n", r"organisations\.jsonl:\d+: not valid JSON"),
    (
        "organisations.jsonl",
        '{"id": "X4", "kind": "agency", "fr": ["Agence des choses"], "parent": "NULLE-PART"}\n',
        r"organisations\.jsonl:\d+ \(entry 'X4'\): parent 'NULLE-PART' is no entry",
    ),
    (
        "organisations.jsonl",
        '{"id": "X5", "kind": "agency", "fr": ["Agence des choses"], "ambiguous": ["ADC"]}\n',
        r"ambiguous name 'ADC' is none of the entry's names",
    ),
    (
        "organisations.jsonl",
        '{"id": "X6", "kind": "agency", "fr": ["Agence des choses"], '
        '"former": [{"fr": ["Office des choses"], "since": 1990, "until": 1980}]}\n',
        r"since 1990 is after until 1980",
    ),
    (
        "organisations.jsonl",
        '{"id": "X7", "kind": "agency", "fr": ["Agence des choses"], "acronyms": {"xx": ["ADC"]}}\n',
        r"acronyms",
    ),
    ("organisations.jsonl", '{"id": "X2", "kind": "x", "fr": ["la Chose"]}\n', r"starts with an article"),
    (
        "programmes.jsonl",
        '{"id": "OTAN", "kind": "programme", "fr": ["Autre chose"]}\n',
        r"id 'OTAN' is used by two entries",
    ),
    (
        "programmes.jsonl",
        '{"id": "X3", "kind": "programme", "fr": ["Organisation du Traité de l\'Atlantique Nord"]}\n',
        r"claims .* which 'OTAN' already names",
    ),
    (
        "places.jsonl",
        '{"name": "Atlantide", "kind": "volcano"}\n',
        r"places\.jsonl:\d+: kind: Input should be",
    ),
    (
        "cities.jsonl",
        '{"names": ["Ville"], "country": "fra"}\n',
        r"cities\.jsonl:\d+: country: String should match",
    ),
]


@pytest.mark.parametrize(("filename", "line", "message"), BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_broken_resource_fails_with_file_and_line(
    resource_copy: Path, filename: str, line: str, message: str
) -> None:
    with (resource_copy / filename).open("a", encoding="utf-8") as stream:
        stream.write(line)
    with pytest.raises(ResourceError, match=message):
        load_resources(resource_copy)


def test_broken_name_grammar_is_reported(resource_copy: Path) -> None:
    (resource_copy / "name_grammar.json").write_text('{"organisation_heads": ["conseil"]}', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"name_grammar\.json: organisation_heads"):
        load_resources(resource_copy)


def _entry(key: str, name: str, acronym: str, *, ambiguous: bool) -> str:
    shared = f', "ambiguous": ["{acronym}"]' if ambiguous else ""
    return f'{{"id": "{key}", "kind": "committee", "fr": ["{name}"], "acronyms": ["{acronym}"]{shared}}}\n'


def test_a_shared_acronym_needs_both_entries_to_mark_it(resource_copy: Path) -> None:
    family = resource_copy / "organisations"
    family.mkdir(exist_ok=True)
    (family / "deux.jsonl").write_text(
        _entry("COMITE-UN", "Comité des zibelines", "CZX", ambiguous=True)
        + _entry("COMITE-DEUX", "Conseil des zèbres", "CZX", ambiguous=False),
        encoding="utf-8",
    )
    with pytest.raises(ResourceError, match=r"claims 'CZX', which 'COMITE-UN' already names.*ambiguous"):
        load_resources(resource_copy)
    (family / "deux.jsonl").write_text(
        _entry("COMITE-UN", "Comité des zibelines", "CZX", ambiguous=True)
        + _entry("COMITE-DEUX", "Conseil des zèbres", "CZX", ambiguous=True),
        encoding="utf-8",
    )
    resources = load_resources(resource_copy)
    assert resources.ambiguous[fold("CZX")] == ("COMITE-UN", "COMITE-DEUX")
    assert "organisations/deux.jsonl" in resources.hashes  # a family file is part of the fingerprint


def test_family_files_parents_former_names_and_acronyms_by_language(resource_copy: Path) -> None:
    family = resource_copy / "programmes"
    family.mkdir(exist_ok=True)
    (family / "essai.jsonl").write_text(
        '{"id": "PROG-ZEBRE", "kind": "programme", "fr": ["Programme des zèbres"], '
        '"en": ["Zebra Programme"], "acronyms": {"fr": ["PDZ"], "en": ["ZP"]}, "parent": "OTAN", '
        '"since": 2001, "former": [{"fr": ["Plan des zèbres"], "acronyms": ["PLZ"], "until": 2000}]}\n',
        encoding="utf-8",
    )
    resources = load_resources(resource_copy)
    entity = resources.entities["PROG-ZEBRE"]
    assert (entity.label, entity.parent, entity.acronym) == ("PROGRAMME", "OTAN", "PDZ")
    forms = {(f.text, f.form) for f in resources.name_forms if f.key == "PROG-ZEBRE"}
    assert forms == {
        ("Programme des zèbres", "name"),
        ("Zebra Programme", "name"),
        ("Plan des zèbres", "name"),
        ("PDZ", "acronym"),
        ("ZP", "acronym"),
        ("PLZ", "acronym"),
    }


def test_regional_and_national_families_carry_parents_and_shared_names() -> None:
    """A sample of the African, European, world, national and operation families."""
    resources = load_resources()
    entities = resources.entities
    assert (entities["SAMIM"].parent, entities["SAMIM"].acronym) == ("SADC", "SAMIM")
    assert entities["ECOMOG"].parent == "CEDEAO"
    assert entities["GRECO"].parent == "COE"
    assert entities["CPCO"].parent == "EMA-FR"
    assert (entities["BARKHANE"].kind, entities["BARKHANE"].label) == ("operation", "ORGANISATION")
    assert (entities["PDDAA"].parent, entities["PDDAA"].label) == ("UA", "PROGRAMME")
    # « Conseil d'État » names the French, Belgian and Luxembourg councils: the document decides
    assert set(resources.ambiguous[fold("Conseil d'État")]) == {
        "CONSEIL-ETAT-FR",
        "CONSEIL-ETAT-BE",
        "CONSEIL-ETAT-LU",
    }
    assert {form.key for form in resources.name_forms if form.text == "Grondwettelijk Hof"} == {
        "COUR-CONSTITUTIONNELLE-BE"
    }
