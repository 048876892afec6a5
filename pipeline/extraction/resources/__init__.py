"""Load and validate the gazetteers: the knowledge base of organisations and programmes,
places beyond CLDR's territories, and cities.

Every line is validated by a ``bulletins.schemas.resources`` model when the pipeline starts, so a
bad entry fails at start-up with its file and line, never in the middle of a batch.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from babel import Locale
from pydantic import BaseModel, ValidationError

from bulletins.errors import BulletinsError
from bulletins.schemas.jsonl import JsonLinesError, read_models, validation_message
from bulletins.schemas.records import Label
from bulletins.schemas.resources import CityEntry, KnowledgeBaseEntry, NameGrammar, PlaceEntry

RESOURCE_DIR = Path(__file__).parent
KB_FILES: dict[str, Label] = {
    "organisations.jsonl": "ORGANISATION",
    "programmes.jsonl": "PROGRAMME",
}
PLACES_FILE = "places.jsonl"
CITIES_FILE = "cities.jsonl"
# generated from GeoNames by scripts/generate_cities.py; the hand-written file wins
WORLD_CITIES_FILE = "cities_world.jsonl"
GRAMMAR_FILE = "name_grammar.json"

# CLDR territory codes that are not places a bulletin names as such (« Union européenne »
# is an organisation; « Nations Unies » too), or that are not ISO 3166-1 countries.
_NOT_PLACES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "001", "057"}
_NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA"}

ModelT = TypeVar("ModelT", bound=BaseModel)


class ResourceError(BulletinsError, ValueError):
    """A resource file that cannot be used, with the file and line at fault."""


def fold(text: str) -> str:
    """Key under which two spellings of a name are the same: case, accents, apostrophes.

    >>> fold("Côte d’Ivoire") == fold("COTE D'IVOIRE")
    True
    """
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u2011", "-")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def read_jsonl(path: Path, model: type[ModelT]) -> list[ModelT]:
    """Read one JSON object a line and validate each with ``model``."""
    return [item for _, item in read_numbered(path, model)]


def read_numbered(path: Path, model: type[ModelT]) -> list[tuple[int, ModelT]]:
    """(line number, entry) for every entry of a JSON Lines file, validated by ``model``."""
    try:
        return list(read_models(path, model))
    except JsonLinesError as error:
        raise ResourceError(str(error)) from error


@dataclass(frozen=True)
class Origin:
    """Where a name comes from, for messages: « organisations.jsonl:12 (entry 'OTAN') »."""

    path: Path
    line: int
    entry: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} (entry {self.entry!r})"


@dataclass(frozen=True)
class NameForm:
    """One surface form of a known organisation or programme."""

    text: str
    label: Label
    key: str
    form: str  # "name", "acronym" or "short"


@dataclass(frozen=True)
class PlaceForm:
    """One surface form of a known place."""

    text: str
    kind: str
    country: str | None


@dataclass(frozen=True)
class KnownEntity:
    key: str
    label: Label
    kind: str
    name: str
    acronym: str | None
    parent: str | None = None


@dataclass
class Resources:
    """Everything the rule stages know, loaded once per process."""

    entities: dict[str, KnownEntity]
    name_forms: list[NameForm]
    place_forms: list[PlaceForm]
    hashes: dict[str, str]
    grammar: NameGrammar
    countries_by_name: dict[str, str] = field(default_factory=dict)
    short_names: dict[str, list[str]] = field(default_factory=dict)
    # folded name or acronym → the ids of the entries that share it (« PSC »)
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def country_of(self, name: str) -> str | None:
        """ISO 3166-1 alpha-2 code of a country name in any spelling we know, else None."""
        return self.countries_by_name.get(fold(name))


RuleModel = TypeVar("RuleModel", bound=BaseModel)


def rule_file(model: type[RuleModel], name: str, folder: str | None) -> RuleModel:
    """The rule file ``name`` of a resources folder (« role_words.json »), else the packaged
    one, validated by ``model``; read once per path."""
    path = Path(folder).resolve() / name if folder else RESOURCE_DIR / name
    return read_rule_file(model, path if path.exists() else RESOURCE_DIR / name)


@cache
def read_rule_file(model: type[RuleModel], path: Path, advice: str = "; fix the file") -> RuleModel:
    """``path`` validated by ``model``, or a ``ResourceError`` that names the file and the fault."""
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ResourceError(f"{path}: cannot be read ({error})") from error
    except ValidationError as error:
        raise ResourceError(f"{path}: {validation_message(error, 'file')}{advice}") from error


def _read_grammar(path: Path) -> NameGrammar:
    return read_rule_file.__wrapped__(NameGrammar, path, "")


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kb_paths(directory: Path) -> list[tuple[Path, Label]]:
    """The knowledge-base files of a resources folder, with the label of their entries.

    ``organisations.jsonl`` and every ``organisations/*.jsonl`` hold organisations (one
    file per family: ``organisations/onu.jsonl``…), the same for programmes.
    """
    paths: list[tuple[Path, Label]] = []
    for filename, label in KB_FILES.items():
        single = directory / filename
        if single.exists() or not (directory / single.stem).is_dir():
            paths.append((single, label))
        paths.extend((p, label) for p in sorted((directory / single.stem).glob("*.jsonl")))
    return paths


def _knowledge_base(
    directory: Path,
) -> tuple[dict[str, KnownEntity], list[NameForm], dict[str, Origin], dict[str, tuple[str, ...]]]:
    """The entities, their name forms, where each folded name (not short forms) is given,
    and the names that several entries share (folded name → their ids)."""
    entities: dict[str, KnownEntity] = {}
    forms: list[NameForm] = []
    claimed: dict[str, tuple[str, bool]] = {}  # folded name → (first owner, marked ambiguous)
    origins: dict[str, Origin] = {}
    shared: dict[str, list[str]] = {}
    parents: list[tuple[Origin, str]] = []
    for path, label in kb_paths(directory):
        for number, entry in read_numbered(path, KnowledgeBaseEntry):
            if entry.id in entities:
                raise ResourceError(
                    f"{path}:{number}: id {entry.id!r} is used by two entries; give each entry its own id"
                )
            acronyms = entry.acronym_list()
            acronym = next((a for a in acronyms if a.isupper()), None)
            entities[entry.id] = KnownEntity(entry.id, label, entry.kind, entry.fr[0], acronym, entry.parent)
            if entry.parent:
                parents.append((Origin(path, number, entry.id), entry.parent))
            ambiguous = set(entry.ambiguous)
            named = [(n, "name") for n in entry.full_names()]
            named += [(a, "acronym") for a in entry.all_acronyms()]
            for text, form in named:
                key = fold(text)
                owner = claimed.get(key)
                if owner and owner[0] != entry.id:
                    if not (owner[1] and text in ambiguous):
                        raise ResourceError(
                            f"{path}: entry {entry.id!r} (line {number}) claims {text!r}, "
                            f"which {owner[0]!r} already names; if both are right, list "
                            f'{text!r} under "ambiguous" in both entries'
                        )
                    if entry.id not in shared.setdefault(key, [owner[0]]):
                        shared[key].append(entry.id)
                elif owner is None:
                    claimed[key] = (entry.id, text in ambiguous)
                origins.setdefault(key, Origin(path, number, entry.id))
                forms.append(NameForm(text, label, entry.id, form))
            forms.extend(NameForm(s, label, entry.id, "short") for s in entry.short)
    for origin, parent in parents:
        if parent not in entities:
            raise ResourceError(f"{origin}: parent {parent!r} is no entry of the knowledge base")
    return entities, forms, origins, {k: tuple(v) for k, v in shared.items()}


def _country_names() -> Iterable[tuple[str, str, str]]:
    """(name, kind, code) for CLDR's French and English territory names."""
    for language in ("fr", "en"):
        for code, name in Locale(language).territories.items():
            if code in _NOT_PLACES:
                continue
            if code.isdigit():
                if language == "fr":
                    yield name, "region", ""
            elif code in _NOT_COUNTRIES:
                yield name, "region", ""
            else:
                yield name, "country", code


def _places(directory: Path, grammar: NameGrammar) -> tuple[list[PlaceForm], dict[str, str]]:
    """The place forms, and where each country name of ``places.jsonl`` is given (CLDR's
    territory names and their long forms are not in a file)."""
    forms = [PlaceForm(name, kind, code or None) for name, kind, code in _country_names()]
    origins: dict[str, str] = {}
    for number, entry in read_numbered(directory / PLACES_FILE, PlaceEntry):
        forms.append(PlaceForm(entry.name, entry.kind, entry.country))
        if entry.kind == "country":
            origins.setdefault(fold(entry.name), f"{directory / PLACES_FILE}:{number}")
    # « République d'Arménie », « Royaume du Maroc »: official long forms of country names.
    for country in [f for f in forms if f.kind == "country"]:
        for prefix in grammar.country_long_form_prefixes:
            joiner = "" if prefix.endswith("'") else " "
            forms.append(PlaceForm(f"{prefix}{joiner}{country.text}", "country", country.country))
    world = directory / WORLD_CITIES_FILE
    for path in [directory / CITIES_FILE, *([world] if world.exists() else [])]:
        for city in read_jsonl(path, CityEntry):
            # the city's form carries the country it lies in; its mention says so in ``in_country``
            forms.extend(PlaceForm(name, "city", city.country) for name in city.names)
    return forms, origins


def resources_for(folder: str | None) -> Resources:
    """The resources of a settings' ``resources`` folder, or the packaged ones."""
    return load_resources(Path(folder).resolve() if folder else RESOURCE_DIR)


def resource_files(directory: Path) -> list[Path]:
    """Every resource file of ``directory``, in a stable order."""
    files = [*directory.glob("*.jsonl"), *directory.glob("*.json"), *(p for p, _ in kb_paths(directory))]
    return sorted({p for p in files if p.exists()})


def resource_hashes(folder: str | None) -> dict[str, str]:
    """sha256 of each resource file of a settings' ``resources`` folder (or the packaged
    ones), by its path in the folder: what a fingerprint needs, without loading anything."""
    directory = Path(folder).resolve() if folder else RESOURCE_DIR
    return _hashes(
        directory, tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in resource_files(directory))
    )


@cache
def _hashes(directory: Path, stamps: tuple[tuple[Path, int, int], ...]) -> dict[str, str]:
    return {path.relative_to(directory).as_posix(): _file_hash(path) for path, _, _ in stamps}


@cache
def load_resources(directory: Path = RESOURCE_DIR) -> Resources:
    """Load and cross-check every resource file in ``directory``; from the start-up cache
    (``bulletins.extraction.startup``) when these very files were loaded before."""
    from bulletins.extraction.startup import cached

    hashes = resource_hashes(str(directory))
    return cached("resources", {"resources": hashes}, lambda: _load_resources(directory, hashes))


def _load_resources(directory: Path, hashes: dict[str, str]) -> Resources:
    entities, name_forms, name_origins, ambiguous = _knowledge_base(directory)
    grammar = _read_grammar(directory / GRAMMAR_FILE)
    place_forms, place_origins = _places(directory, grammar)
    countries = {fold(p.text): p.country for p in place_forms if p.kind == "country" and p.country}
    shorts: dict[str, list[str]] = {}
    for form in name_forms:
        if form.form == "short":
            shorts.setdefault(form.text, []).append(form.key)
    for place in place_forms:
        origin = name_origins.get(fold(place.text)) if place.kind == "country" else None
        if origin:
            country = place_origins.get(fold(place.text), "a CLDR territory name")
            raise ResourceError(
                f"{origin}: names {place.text!r}, which is also a country name "
                f"({country}); a country is a PLACE, never an organisation or a programme: "
                f"remove that name from the entry"
            )
    return Resources(entities, name_forms, place_forms, hashes, grammar, countries, shorts, ambiguous)
