"""``bulletins run`` on a corpus of several formats: ``--languages``, the summary line, and
two files that would be one bulletin."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import EXIT_INPUTS_FAILED, EXIT_USAGE, app
from tests.conftest import ROOT

runner = CliRunner()
ENGLISH = (
    "<html lang='en'><head><title>NATO and Japan</title></head><body><article><h1>NATO and Japan</h1>"
    + "<p>The North Atlantic Council met in Brussels on Monday with the Prime Minister of Japan to discuss "
    "cooperation on cyber defence and maritime security in the Indo-Pacific region.</p>"
    * 3
    + "</article></body></html>"
)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ROOT / "corpus" / "devb-osce-afghanistan-2010.txt", folder / "osce.TXT")
    (folder / "nato-japan.html").write_text(ENGLISH, encoding="utf-8")
    (folder / "osce.meta.json").write_text('{"source": "OSCE"}', encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / ".DS_Store").write_bytes(b"\0")
    return folder


def test_a_page_in_english_is_an_error_unless_languages_allow_it(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == EXIT_INPUTS_FAILED, result.output
    assert (
        "corpus: 2 file(s) found: 1 html, 1 text; 3 skipped: 1 hidden, 1 sidecar, 1 unknown suffix (.jpg)"
        in (" ".join(result.output.split()))
    )
    [error] = _lines(out / "errors.jsonl")
    assert (error["source_path"], error["reason"]) == ("nato-japan.html", "not-french")
    assert "English (en" in error["detail"] and "--languages fr,en" in error["detail"]
    [kept] = _lines(out / "bulletins.jsonl")
    assert (kept["id"], kept["site"], kept["language"]) == ("osce", "OSCE", "fr")

    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "--languages", "fr,EN"])
    assert result.exit_code == 0, result.output
    assert _lines(out / "errors.jsonl") == []
    english = next(b for b in _lines(out / "bulletins.jsonl") if b["id"] == "nato-japan")
    assert (english["language"], english["format"], english["title"]) == ("en", "html", "NATO and Japan")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["languages"] == ["fr", "en"]


@pytest.mark.parametrize("value", ["xx", "fr,french", ","])
def test_languages_the_detector_does_not_know_are_refused(corpus: Path, tmp_path: Path, value: str) -> None:
    result = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "out"), "--languages", value])
    assert result.exit_code == EXIT_USAGE
    assert "give language codes separated by commas, like fr,en" in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()


def test_two_files_that_would_be_one_bulletin_are_an_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "devb-osce-afghanistan-2010.txt", corpus / "osce.txt")
    shutil.copy(ROOT / "corpus" / "ue-conseil-communique-sahel-2022.html", corpus / "osce.html")
    out = tmp_path / "out"
    result = runner.invoke(app, ["rebuild", str(corpus), "--out", str(out)])
    assert result.exit_code == EXIT_INPUTS_FAILED, result.output
    [error] = _lines(out / "errors.jsonl")
    assert (error["source_path"], error["reason"]) == ("osce.txt", "same-id")
    assert "osce.html and osce.txt would both be bulletin 'osce'; rename one" in error["detail"]
    assert [b["source_path"] for b in _lines(out / "bulletins.jsonl")] == ["osce.html"]


def test_extract_reads_a_page_from_standard_input_with_its_provenance() -> None:
    page = (ROOT / "corpus" / "otan-actualite-moldavie-2024.html").read_bytes()
    result = runner.invoke(app, ["extract", "-"], input=page)
    assert result.exit_code == 0, result.output
    bulletin = json.loads(result.stdout)["bulletin"]
    assert (bulletin["id"], bulletin["format"], bulletin["site"], bulletin["published"]) == (
        "stdin", "html", "OTAN", "2024-04-17"
    )  # fmt: skip
    assert "Plan du site" not in bulletin["text"] and bulletin["url"].startswith("https://www.nato.int/")
