"""Shared names decided by the document (issue 12, point 4), and the role words file.

« CZX » is listed by two committees, one of the EU and one of the AU: the document's long
form decides, then the bodies it names, else the mention keeps no knowledge-base id.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletins.extraction.components.resolution.candidates import Candidate
from bulletins.extraction.components.resolution.context import UNDECIDED, DocumentContext, decide_shared_names
from bulletins.extraction.components.roles import ROLE_FILE, role_words, starts_with_title
from bulletins.extraction.resources import RESOURCE_DIR, ResourceError, Resources, load_resources


def _entry(key: str, name: str, parent: str) -> str:
    return (
        f'{{"id": "{key}", "kind": "committee", "fr": ["{name}"], "acronyms": ["CZX"], '
        f'"parent": "{parent}", "ambiguous": ["CZX"]}}\n'
    )


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    folder = tmp_path_factory.mktemp("shared") / "resources"
    shutil.copytree(RESOURCE_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (folder / "organisations").mkdir(exist_ok=True)
    (folder / "organisations" / "zebres.jsonl").write_text(
        _entry("CZX-UE", "Comité des zibelines", "UE") + _entry("CZX-UA", "Conseil des zèbres", "UA"),
        encoding="utf-8",
    )
    return load_resources(folder)


def _found(text: str, key: str, start: int = 0) -> Candidate:
    return Candidate(start, start + len(text), text, "ORGANISATION", "gazetteer", f"{key}:name", key=key)


def _decided(resources: Resources, *others: Candidate) -> Candidate:
    acronym = _found("CZX", resources.ambiguous["czx"][0], start=1000)
    decided = decide_shared_names([*others, acronym], resources)
    return decided[-1]


def test_the_long_form_in_the_document_decides(shared: Resources) -> None:
    assert _decided(shared, _found("Conseil des zèbres", "CZX-UA")).key == "CZX-UA"
    assert _decided(shared, _found("Comité des zibelines", "CZX-UE")).key == "CZX-UE"


def test_the_bodies_the_document_names_decide(shared: Resources) -> None:
    # « CZX » on a page naming the African Union is the AU's committee (its parent)
    assert _decided(shared, _found("Union africaine", "UA")).key == "CZX-UA"
    assert _decided(shared, _found("Union européenne", "UE")).key == "CZX-UE"


def test_when_nothing_decides_the_mention_stays_without_an_id(shared: Resources) -> None:
    alone = _decided(shared)
    assert (alone.key, alone.rule, alone.text) == (None, UNDECIDED, "CZX")
    both = _decided(shared, _found("Union africaine", "UA"), _found("Union européenne", "UE", start=50))
    assert both.key is None


def test_relatedness_follows_parents_and_names(shared: Resources) -> None:
    context = DocumentContext(shared, ["UE"])
    assert context.relatedness("CZX-UE") > context.relatedness("CZX-UA") == 0
    # « Conseil de l'Union européenne » holds the name « Union européenne »
    assert context.choose(["CONSEIL-UE", "CZX-UA"]) == "CONSEIL-UE"


def test_role_words_are_checked_when_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "resources"
    folder.mkdir()
    (folder / ROLE_FILE).write_text('{"words": ["Haute Représentante"]}', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"role_words\.json: words: .*two words: put it under titles"):
        role_words(str(folder))
    (folder / ROLE_FILE).write_text('{"words": ["Vice-premier"], "titles": ["Haute Représentante"]}', "utf-8")
    assert role_words(str(folder)).words == ["Vice-premier"]


def test_a_folder_without_role_words_uses_the_packaged_ones(tmp_path: Path) -> None:
    assert role_words(str(tmp_path)) == role_words(None)
    titles = frozenset({"haute representante", "representant special"})
    assert starts_with_title("Représentant spécial du Secrétaire général", titles)
    assert not starts_with_title("Représentation permanente", titles)
