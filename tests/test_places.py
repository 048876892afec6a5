"""The places beyond countries and cities: regions, seas, straits, rivers, islands and
named areas, in French and English, found whole with their kind."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bulletins.extraction.resources import PLACES_FILE, RESOURCE_DIR, fold, read_jsonl
from bulletins.schemas.resources import PlaceEntry
from tests.helpers import run_text

SENTENCES = [
    ("Les navires ont franchi le détroit de Malacca en mai.", "détroit de Malacca", "strait"),
    ("Le trafic du détroit d'Ormuz reste menacé.", "détroit d'Ormuz", "strait"),
    ("La flotte croise dans le golfe du Bengale.", "golfe du Bengale", "sea"),
    ("Des patrouilles ont lieu en mer de Chine méridionale.", "mer de Chine méridionale", "sea"),
    ("La crue du Nil inquiète les autorités.", "Nil", "river"),
    ("Les migrants arrivent en Sicile chaque semaine.", "Sicile", "island"),
    ("Les combats ont repris au Kordofan du Sud.", "Kordofan du Sud", "region"),
    ("Le corridor de Suwałki relie la Pologne à la Lituanie.", "corridor de Suwałki", "area"),
    ("Shipping through the Strait of Hormuz resumed.", "Strait of Hormuz", "strait"),
    ("The Horn of Africa faces a drought.", "Horn of Africa", "region"),
    ("La réunion s'est tenue à Lancaster House.", "Lancaster House", "area"),
]


@pytest.mark.parametrize(("sentence", "name", "kind"), SENTENCES)
def test_a_place_is_found_whole_with_its_kind(nlp: Language, sentence: str, name: str, kind: str) -> None:
    places = [m for m in run_text(nlp, sentence).mentions if m.label == "PLACE"]
    found = [(m.text, m.place_kind, m.provenance.stage) for m in places]
    assert (name, kind, "gazetteer") in found, found
    assert all(m.country is None for m in places if m.text == name)


def test_an_administrative_noun_stays_outside(nlp: Language) -> None:
    records = run_text(nlp, "La paix dans la région des Grands Lacs et dans les pays du Golfe.")
    assert [m.text for m in records.mentions if m.label == "PLACE"] == ["Grands Lacs", "Golfe"]


def test_the_places_file_holds_no_name_twice_and_no_common_word() -> None:
    entries = read_jsonl(RESOURCE_DIR / PLACES_FILE, PlaceEntry)
    names = [e.name for e in entries]
    assert len(names) > 700
    assert sorted({n for n in names if names.count(n) > 1}) == []  # single words keep their case variants
    # a lone word of everyday French is never a place, even capitalised at a sentence start
    # (single words match with their exact case: « Tigré » the region is no « Tigre »)
    common = {"Tigre", "Amour", "Don", "Orange", "Canaries", "Prout", "Atlas", "Nord", "Sud", "Ouest", "Est"}
    assert common.isdisjoint(names)
    assert {fold(n) for n in names if " " in n}.isdisjoint(fold(c) for c in common)
