"""A1: `run --out DIR` on a folder that is not a dataset deleted its subfolders and files."""

from __future__ import annotations

import os
from pathlib import Path

from tests.regressions.runs import bulletins, corpus, tree


def test_a_folder_of_user_files_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    home = tmp_path / "home"
    (home / "photos" / "2019").mkdir(parents=True)
    (home / "photos" / "2019" / "a.jpg").write_bytes(b"\xff\xd8picture")
    (home / ".cache" / "fontconfig").mkdir(parents=True)
    (home / ".cache" / "fontconfig" / "font.cache").write_text("fonts")
    (home / "mentions.jsonl").write_text("my own notes\n")
    os.symlink(home / "photos", home / "link")
    before = tree(home)
    result = bulletins("run", source, "--out", home)
    assert result.exit_code == 1
    assert "not a dataset written by bulletins" in result.output
    assert "nothing was touched" in result.output
    assert tree(home) == before


def test_the_corpus_itself_is_refused_as_out(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    (source / "sub").mkdir()
    (source / "sub" / "d.txt").write_text("La Serbie a rejoint le Partenariat pour la paix en 2006.")
    before = tree(source)
    result = bulletins("run", source, "--out", source)
    assert result.exit_code == 1
    assert "corpus" in result.output
    assert tree(source) == before


def test_a_parent_of_the_corpus_is_refused_as_out(tmp_path: Path) -> None:
    corpus(tmp_path / "corpus")
    before = tree(tmp_path)
    result = bulletins("run", tmp_path / "corpus", "--out", tmp_path)
    assert result.exit_code == 1
    assert tree(tmp_path) == before


def test_an_empty_folder_and_an_earlier_dataset_are_accepted(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    out.mkdir()
    assert bulletins("run", source, "--out", out).exit_code == 0
    (out / "README.md").write_text("notes about this dataset\n")
    (out / "notes").mkdir()
    (out / "notes" / "week.txt").write_text("reviewed")
    (source / "d.txt").write_text("La Serbie a rejoint le Partenariat pour la paix en 2006.")
    assert bulletins("run", source, "--out", out).exit_code == 0
    assert (out / "README.md").read_text() == "notes about this dataset\n"
    assert (out / "notes" / "week.txt").read_text() == "reviewed"
    assert (out / ".bulletins-dataset").is_file()
