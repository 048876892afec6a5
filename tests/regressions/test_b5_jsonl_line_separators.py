"""B5: U+2028 and U+0085 are valid inside a JSON string, but the JSON Lines reader cut
lines there (str.splitlines), so valid gold and resource files were refused with the
false message « Unterminated string » (cases E39, E40, R5). They are read now."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.extraction.resources import RESOURCE_DIR

runner = CliRunner()
OTAN = {"start": 2, "end": 6, "label": "ORGANISATION", "text": "OTAN", "entity": "OTAN"}


@pytest.mark.parametrize(
    ("case", "separator"),
    [("E39-line-separator", "\u2028"), ("E39-paragraph-separator", "\u2029"), ("E40-next-line", "\x85")],
)
def test_gold_with_a_unicode_line_break_in_a_text(tmp_path: Path, case: str, separator: str) -> None:
    text = f"L'OTAN.{separator}Mis à jour le 12 mars 2020."
    gold = tmp_path / f"{case}.jsonl"
    lines = [{"id": "a", "text": text, "spans": [OTAN]}, {"id": "b", "text": "Rien.", "spans": []}]
    # written raw, as ensure_ascii=False writes it and as editors save it
    gold.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in lines), encoding="utf-8")
    assert separator in gold.read_text(encoding="utf-8")
    predictions = tmp_path / "predictions.jsonl"
    result = runner.invoke(app, ["evaluate", str(gold), "--json", "--predictions", str(predictions)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents"] == 2
    assert report["pipeline"]["labels"]["ORGANISATION"]["correct"] == 1
    written = predictions.read_text(encoding="utf-8").split("\n")
    assert json.loads(written[0])["text"] == text  # the predictions keep it and read back


def test_r5_resource_file_with_unicode_line_breaks_in_names(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(RESOURCE_DIR, resources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    entry = {
        "id": "AGTX",
        "kind": "agency",
        "fr": ["Agence\u2028de la veille", "Office\x85du contrôle"],
        "acronyms": ["AGTX"],
    }
    with (resources / "organisations.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    result = runner.invoke(
        app,
        ["extract", "-", "--resources", str(resources), "--date", "2020-03-12"],
        input="L'AGTX se réunit.",
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert "AGTX" in {m["entity"] for m in records["mentions"]}
