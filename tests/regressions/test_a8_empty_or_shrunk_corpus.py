"""A8: an empty corpus folder (an unmounted share) published an empty dataset and pruned the
cache with exit 0. Now it is refused, as is a corpus that lost more than half of its bulletins,
unless --allow-shrink."""

from __future__ import annotations

from pathlib import Path

from tests.regressions.runs import bulletins, corpus, tree


def test_an_empty_corpus_is_refused_and_the_dataset_kept(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert bulletins("run", source, "--out", out).exit_code == 0
    before = tree(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = bulletins("run", empty, "--out", out)
    assert result.exit_code == 1
    assert "--allow-shrink" in result.output
    assert tree(out) == before
    allowed = bulletins("run", empty, "--out", out, "--allow-shrink")
    assert allowed.exit_code == 0
    assert (out / "bulletins.jsonl").read_text() == ""


def test_a_corpus_that_lost_most_of_its_bulletins_is_refused(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert bulletins("run", source, "--out", out).exit_code == 0
    (source / "a.txt").unlink()
    (source / "b.txt").unlink()
    before = tree(out)
    result = bulletins("rebuild", source, "--out", out)
    assert result.exit_code == 1
    assert "1 bulletin(s), against 3" in result.output
    assert tree(out) == before
    assert bulletins("run", source, "--out", out, "--allow-shrink").exit_code == 0
    assert len((out / "bulletins.jsonl").read_text().splitlines()) == 1
