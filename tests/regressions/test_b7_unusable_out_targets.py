"""B7: unusable --out targets were found only after the model load, with a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.regressions.runs import bulletins, corpus, tree


def test_an_existing_file_is_refused_with_a_message(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    target = tmp_path / "afile"
    target.write_text("mine")
    result = bulletins("run", source, "--out", target)
    assert result.exit_code == 1
    assert "is a file, not a folder" in result.output
    assert "Traceback" not in result.output
    assert target.read_text() == "mine"


def test_a_missing_parent_is_refused(tmp_path: Path) -> None:
    result = bulletins("run", corpus(tmp_path / "corpus"), "--out", tmp_path / "no" / "such" / "out")
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_dot_as_out_in_a_project_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    source = corpus(project / "corpus")
    (project / "README.md").write_text("my project")
    monkeypatch.chdir(project)
    before = tree(project)
    result = bulletins("run", source, "--out", ".")
    assert result.exit_code == 1
    assert tree(project) == before
    assert not any(p.name.startswith("..staging") for p in project.parent.iterdir())


def test_dot_as_out_in_an_empty_folder_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    assert bulletins("run", source, "--out", ".").exit_code == 0
    assert (out / "manifest.json").is_file()


def test_a_link_to_a_dataset_stays_a_link(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    real = tmp_path / "realds"
    assert bulletins("run", source, "--out", real).exit_code == 0
    link = tmp_path / "linkds"
    os.symlink(real, link)
    (source / "d.txt").write_text("La Serbie a rejoint le Partenariat pour la paix en 2006.")
    result = bulletins("run", source, "--out", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert len((real / "bulletins.jsonl").read_text().splitlines()) == 4
    assert (real / ".cache").is_dir()
    assert [p.name for p in tmp_path.iterdir() if ".staging" in p.name or ".old-" in p.name] == []
