"""``bulletins candidates``: the names a dataset holds that the knowledge base does not
know, on a real run of four bulletins, and the curation loop end to end: candidates →
resource lines → a kind given → a run with --resources → ``bulletins diff``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.extraction.resources import RESOURCE_DIR, load_resources
from bulletins.review.candidates import CONTEXTS, Candidate, resource_lines
from bulletins.schemas.resources import KnowledgeBaseEntry, PlaceEntry
from tests.conftest import ROOT

runner = CliRunner()
BULLETINS = [
    "deva-mongolie-ipcp-2012",
    "deva-tadjikistan-maj-2007",
    "deva-mauritanie-2023",
    "devb-ua-declaration-rdc-elections-2018",
    "devb-ca-amc-declarations-janvier-2023",
]
ACADEMY = "Académie militaire interarmes de Mauritanie"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("candidates")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in BULLETINS:
        shutil.copy(ROOT / "corpus" / f"{name}.txt", corpus / f"{name}.txt")
    result = runner.invoke(app, ["run", str(corpus), "--out", str(root / "ds")])
    assert result.exit_code == 0, result.output
    return root / "ds"


def _json(dataset: Path, *options: str) -> list[dict]:
    result = runner.invoke(app, ["candidates", str(dataset), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["candidates"]


def _lines(dataset: Path, label: str, *options: str) -> list[dict]:
    result = runner.invoke(app, ["candidates", str(dataset), "--format", "jsonl", "--label", label, *options])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_candidates_are_the_unknown_names_ranked_by_bulletins(dataset: Path) -> None:
    found = _json(dataset)
    names = [c["name"] for c in found]
    # in two bulletins, then by mentions: the academy (twice), the CENI pair
    assert names[:3] == [
        "Conseil national de sécurité",
        ACADEMY,
        "Commission électorale nationale indépendante",
    ]
    assert [c["bulletins"] for c in found[:3]] == [2, 1, 1]
    assert found[2]["acronym"] == "CENI" and found[2]["stages"] == ["acronyms"]
    assert found[2]["forms"] == ["CENI", "Commission électorale nationale indépendante"]
    assert {"Nord-Ouest", "Sud-Ouest"} <= {c["name"] for c in found if c["label"] == "PLACE"}
    # what the knowledge base knows is no candidate
    assert not {"OTAN", "Mongolie", "Union africaine", "Canada"} & set(names)
    texts = {
        json.loads(line)["id"]: json.loads(line)["text"]
        for line in (dataset / "bulletins.jsonl").read_text(encoding="utf-8").splitlines()
    }
    first = found[0]
    assert [c["bulletin_id"] for c in first["contexts"]] == [
        "deva-mongolie-ipcp-2012",
        "deva-tadjikistan-maj-2007",
    ]
    for candidate in found:
        assert 1 <= len(candidate["contexts"]) <= CONTEXTS
        for context in candidate["contexts"]:
            assert texts[context["bulletin_id"]][context["start"] : context["end"]] == context["text"]


def test_label_min_bulletins_and_limit(dataset: Path) -> None:
    places = _json(dataset, "--label", "PLACE")
    assert places and {c["label"] for c in places} == {"PLACE"}
    assert [c["name"] for c in _json(dataset, "--min-bulletins", "2")] == ["Conseil national de sécurité"]
    assert len(_json(dataset, "--limit", "2")) == 2
    assert runner.invoke(app, ["candidates", str(dataset), "--label", "DATE"]).exit_code == 2
    assert runner.invoke(app, ["candidates", str(dataset), "--min-bulletins", "0"]).exit_code == 2


def test_the_table_shows_names_counts_and_contexts(dataset: Path) -> None:
    result = runner.invoke(app, ["candidates", str(dataset), "--limit", "3"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "3 name(s) the knowledge base does not know" in result.stdout
    assert "Commission électorale nationale indépendante (CENI)" in result.stdout
    assert (
        "deva-tadjikistan-maj-2007: " in result.stdout and "[Conseil national de sécurité]" in result.stdout
    )


@pytest.mark.slow
def test_candidates_never_load_spacy(dataset: Path) -> None:
    calls = [
        ["candidates", "--help"],
        ["candidates", str(dataset)],
        ["candidates", str(dataset), "--format", "json"],
    ]
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom bulletins.cli.app import app\n"
        f"codes = [CliRunner().invoke(app, args).exit_code for args in {calls!r}]\n"
        "print(*codes, 'spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "0", "0", "False"]


def test_jsonl_needs_a_label(dataset: Path) -> None:
    result = runner.invoke(app, ["candidates", str(dataset), "--format", "jsonl"])
    assert result.exit_code == 2
    assert "--format jsonl writes the lines of one resource file: give --label" in result.stderr


def test_a_dataset_that_is_no_dataset_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["candidates", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "manifest.json" in result.stderr


def test_resource_lines_validate_once_their_kind_is_given(dataset: Path) -> None:
    organisations = _lines(dataset, "ORGANISATION")
    by_name = {line["fr"][0]: line for line in organisations}
    assert by_name[ACADEMY] == {
        "id": "ACADEMIE-MILITAIRE-INTERARMES-MAURITANIE",
        "kind": "unknown",
        "fr": [ACADEMY],
    }
    assert by_name["Commission électorale nationale indépendante"]["acronyms"] == ["CENI"]
    for line in organisations:
        with pytest.raises(ValidationError, match="placeholder"):
            KnowledgeBaseEntry.model_validate(line)
        KnowledgeBaseEntry.model_validate({**line, "kind": "council"})
    for line in _lines(dataset, "PLACE"):
        with pytest.raises(ValidationError):
            PlaceEntry.model_validate(line)
        PlaceEntry.model_validate({**line, "kind": "region"})


def test_a_known_acronym_is_left_out_and_a_shared_one_marked_ambiguous(tmp_path: Path) -> None:
    def candidate(name: str, acronym: str) -> Candidate:
        return Candidate(
            label="ORGANISATION",
            key=name.lower(),
            name=name,
            acronym=acronym,
            forms=[name],
            stages=["acronyms"],
            bulletins=1,
            mentions=1,
            contexts=[],
        )

    known = load_resources()
    lines = resource_lines(
        [
            candidate("Organisation des transports du Nord", "OTAN"),
            candidate("Comité de liaison des ports", "CLP"),
            candidate("Centre de lutte contre la pollution", "CLP"),
        ],
        known,
    )
    assert "acronyms" not in lines[0]  # « OTAN » is NATO's
    assert lines[1]["ambiguous"] == ["CLP"] and lines[2]["ambiguous"] == ["CLP"]
    assert lines[1]["id"] == "CLP" and lines[2]["id"] == "CLP-2"
    folder = _resources_copy(tmp_path)
    _write(folder / "organisations" / "new.jsonl", [{**line, "kind": "agency"} for line in lines])
    loaded = load_resources(folder.resolve())
    assert loaded.ambiguous["clp"] == ("CLP", "CLP-2")


def _resources_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "curated"
    shutil.copytree(RESOURCE_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return folder


def _write(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def test_an_unfixed_line_stops_the_run_with_its_file_and_line(dataset: Path, tmp_path: Path) -> None:
    folder = _resources_copy(tmp_path)
    _write(folder / "organisations" / "candidates.jsonl", _lines(dataset, "ORGANISATION", "--limit", "1"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("L'OTAN a tenu une réunion à Bruxelles.", encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(corpus), "--out", str(tmp_path / "out"), "--resources", str(folder)]
    )
    assert result.exit_code == 1
    assert "candidates.jsonl" in result.stderr and ":1" in result.stderr and "placeholder" in result.stderr


def test_the_curation_loop_end_to_end(dataset: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in BULLETINS:
        shutil.copy(ROOT / "corpus" / f"{name}.txt", corpus / f"{name}.txt")
    folder = _resources_copy(tmp_path)
    chosen = [line for line in _lines(dataset, "ORGANISATION") if line["fr"][0] == ACADEMY]
    _write(folder / "organisations" / "candidates.jsonl", [{**chosen[0], "kind": "academy"}])
    places = [line for line in _lines(dataset, "PLACE") if line["name"] in {"Nord-Ouest", "Sud-Ouest"}]
    with (folder / "places.jsonl").open("a", encoding="utf-8") as stream:
        stream.writelines(json.dumps({**p, "kind": "region"}, ensure_ascii=False) + "\n" for p in places)

    curated = tmp_path / "curated-ds"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(curated), "--resources", str(folder)])
    assert result.exit_code == 0, result.output

    # the academy is known now: its mentions carry the new id, and it is no candidate any more
    report = runner.invoke(app, ["diff", str(dataset), str(curated), "--format", "json"])
    assert report.exit_code == 0, report.output
    diff = json.loads(report.stdout)
    assert "resources" in diff["provenance_changes"]
    changes = [c for b in diff["bulletins"] for c in b["changes"]]
    academy = [c for c in changes if c["label"] == "ORGANISATION"]
    assert [(c["kind"], c["detail"], c["fields"]) for c in academy] == [("changed", "value", ["entity"])] * 2
    assert {c["new"]["entity"] for c in academy} == {"ACADEMIE-MILITAIRE-INTERARMES-MAURITANIE"}
    entities = [
        json.loads(line) for line in (curated / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert {(e["kb_id"], e["kind"]) for e in entities if e["name"] == ACADEMY} == {
        ("ACADEMIE-MILITAIRE-INTERARMES-MAURITANIE", "academy")
    }
    mentions = [
        json.loads(line) for line in (curated / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert {m["place_kind"] for m in mentions if m["text"] in {"Nord-Ouest", "Sud-Ouest"}} == {"region"}
    left = {c["name"] for c in _json(curated)}
    assert ACADEMY not in left and "Nord-Ouest" not in left
    assert "Conseil national de sécurité" in left
    # the old dataset against the curated resources: what they know is left out
    assert ACADEMY not in {c["name"] for c in _json(dataset, "--resources", str(folder))}
