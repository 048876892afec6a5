"""D5: a gold file that starts with a UTF-8 byte order mark (Windows editors write one)
was refused with Python's own hint, « decode using utf-8-sig » (case E16). It is read."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import app

runner = CliRunner()


def test_gold_with_a_bom_is_evaluated(tmp_path: Path) -> None:
    document = {
        "id": "a",
        "text": "L'OTAN en 2003.",
        "spans": [{"start": 2, "end": 6, "label": "ORGANISATION", "text": "OTAN", "entity": "OTAN"}],
    }
    gold = tmp_path / "bom.jsonl"
    gold.write_bytes(b"\xef\xbb\xbf" + (json.dumps(document) + "\r\n").encode("utf-8"))
    result = runner.invoke(app, ["evaluate", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    assert "utf-8-sig" not in result.output
    report = json.loads(result.stdout)
    assert (report["documents"], report["pipeline"]["labels"]["ORGANISATION"]["gold"]) == (1, 1)
