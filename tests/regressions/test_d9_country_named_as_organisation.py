"""D9/R7: « 'France' is both a country and an organisation name » named no file or line. The
message gives the knowledge-base file, line and entry, and where the country name comes from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.extraction.resources import RESOURCE_DIR

runner = CliRunner()


def _resources(tmp_path: Path, name: str) -> tuple[Path, int]:
    """A copy of the packaged resources where the second entry of organisations.jsonl also
    names ``name``, after a blank line; the line number of that entry is returned."""
    folder = tmp_path / "res"
    shutil.copytree(RESOURCE_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    kb = folder / "organisations.jsonl"
    lines = kb.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[1])
    entry["fr"].append(name)
    lines[1] = json.dumps(entry, ensure_ascii=False)
    lines.insert(1, "")  # blank lines count in line numbers
    kb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, 3


def _run(tmp_path: Path, resources: Path) -> str:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("L'OTAN s'est réunie à Bruxelles le 3 mars 2019.", "utf-8")
    result = runner.invoke(
        app, ["run", str(corpus), "--out", str(tmp_path / "out"), "--resources", str(resources)]
    )
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "out" / "manifest.json").exists()
    return " ".join(result.output.split())  # the console wraps long lines


def test_a_cldr_country_in_the_knowledge_base_names_file_line_and_entry(tmp_path: Path) -> None:
    resources, line = _resources(tmp_path, "France")
    output = _run(tmp_path, resources)
    assert f"organisations.jsonl:{line} (entry 'CAN'): names 'France'" in output
    assert "also a country name (a CLDR territory name)" in output
    assert "remove that name from the entry" in output


def test_a_country_of_places_jsonl_is_named_with_its_line(tmp_path: Path) -> None:
    resources, line = _resources(tmp_path, "Moldova")
    places = (resources / "places.jsonl").read_text(encoding="utf-8").splitlines()
    moldova = 1 + places.index('{"name": "Moldova", "kind": "country", "country": "MD"}')
    output = _run(tmp_path, resources)
    assert f"organisations.jsonl:{line} (entry 'CAN'): names 'Moldova'" in output
    assert f"places.jsonl:{moldova})" in output
