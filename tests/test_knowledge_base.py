"""The knowledge base's families are found in running text, with their ids and parents,
and the generated cities never turn a common word into a place."""

from __future__ import annotations

import hashlib
import json

import pytest
from spacy.language import Language

from bulletins.extraction.extract import extract
from bulletins.extraction.resources import RESOURCE_DIR, WORLD_CITIES_FILE, kb_paths
from bulletins.inputs.corpus import BulletinText
from bulletins.schemas.resources import KnowledgeBaseEntry
from tests.helpers import run_text

PER_FAMILY = 6


def _sample() -> list[tuple[str, KnowledgeBaseEntry]]:
    """Entries spread evenly over every family file: (file, entry)."""
    sample = []
    for path, _ in kb_paths(RESOURCE_DIR):
        entries = [
            KnowledgeBaseEntry.model_validate_json(line) for line in path.read_text("utf-8").splitlines()
        ]
        step = max(1, len(entries) // PER_FAMILY)
        sample += [(path.relative_to(RESOURCE_DIR).as_posix(), e) for e in entries[::step][:PER_FAMILY]]
    return sample


def _bulletin(number: int, text: str) -> BulletinText:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return BulletinText(id=f"b{number}", source_path=f"b{number}.txt", sha256=digest, text=text)


def test_a_sample_of_every_family_is_found_with_its_id_and_parent(nlp: Language) -> None:
    sample = _sample()
    families = {family for family, _ in sample}
    assert len(families) >= 12, families  # every family file takes part
    texts = [f"Le communiqué publié par le {entry.fr[0]} a été salué." for _, entry in sample]
    missed = []
    for (family, entry), (_, records) in zip(
        sample, extract(nlp, [_bulletin(i, t) for i, t in enumerate(texts)]), strict=True
    ):
        assert not isinstance(records, Exception), records
        found = [e for e in records.entities if e.kb_id == entry.id]
        if not found or found[0].parent != entry.parent:
            missed.append((family, entry.id, [(e.key, e.name, e.parent) for e in records.entities]))
    assert not missed, missed


def test_common_words_never_become_places(nlp: Language) -> None:
    world = {
        name for line in (RESOURCE_DIR / WORLD_CITIES_FILE).read_text("utf-8").splitlines()
        for name in json.loads(line)["names"]
    }  # fmt: skip
    assert len(world) > 5000
    assert not {"Orange", "Tours", "Sens", "Grasse", "Bar", "Digne", "Rennes"} & world
    text = "Orange a publié ses comptes. Tours de table, bar et orange pressée : rien de plus."
    assert [m.text for m in run_text(nlp, text).mentions if m.label == "PLACE"] == []


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Le sommet s'est tenu à Kaduna.", "Kaduna", "NG"),
        ("Le sommet de Londres a eu lieu.", "Londres", "GB"),
    ],
)
def test_a_city_carries_the_country_it_lies_in(nlp: Language, text: str, name: str, country: str) -> None:
    [place] = [m for m in run_text(nlp, text).mentions if m.label == "PLACE"]
    assert (place.text, place.place_kind, place.in_country, place.country) == (name, "city", country, None)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Augusto Santos Silva, ministre d'État, a parlé.", []),  # a city's name inside a person's
        ("La ministre du Commerce international, Mary Ng, a réagi.", []),
        ("Le port de Santos exporte du café.", ["Santos"]),
        ("L'ancien Président du Mali Dioncounda Traoré a parlé.", ["Mali"]),  # a country stays
    ],
)
def test_a_city_inside_a_person_s_name_is_no_place(nlp: Language, text: str, places: list[str]) -> None:
    assert [m.text for m in run_text(nlp, text).mentions if m.label == "PLACE"] == places
