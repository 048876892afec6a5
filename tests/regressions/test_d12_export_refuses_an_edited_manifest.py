"""D12/T5: ``export`` went ahead on a manifest edited to another schema version, and ``run``
trusted such a manifest as up to date."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import app
from tests.regressions.datasets import small_dataset
from tests.regressions.runs import bulletins, corpus, tree

runner = CliRunner()


def test_export_refuses_another_schema_version(tmp_path: Path) -> None:
    dataset = small_dataset(tmp_path / "ds")
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_version"] = "0.9"
    (dataset / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for fmt in ("sqlite", "parquet"):
        target = tmp_path / f"out-{fmt}"
        result = runner.invoke(app, ["export", str(dataset), "--format", fmt, "--output", str(target)])
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert "schema version 0.9" in result.output and "rebuild" in result.output
        assert not target.exists()


def test_run_does_not_trust_an_edited_manifest_as_up_to_date(tmp_path: Path) -> None:
    """T5, ``run`` side: the dataset is written again, as a clean run writes it."""
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert bulletins("run", source, "--out", out).exit_code == 0
    clean = tree(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_version"] = "0.9"
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = bulletins("run", source, "--out", out)
    assert result.exit_code == 0, result.output
    assert tree(out) == clean
