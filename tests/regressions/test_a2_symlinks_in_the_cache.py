"""A2: symbolic links planted in DIR/.cache made `run` delete and write files outside DIR."""

from __future__ import annotations

import os
from pathlib import Path

from tests.regressions.runs import bulletins, corpus, tree


def _victim(folder: Path) -> Path:
    (folder / "projects").mkdir(parents=True)
    (folder / "projects" / "report.pdf").write_bytes(b"%PDF-1.4 precious")
    (folder / "doc.odt").write_bytes(b"precious")
    return folder


def test_a_link_inside_the_cache_is_never_followed(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert bulletins("run", source, "--out", out).exit_code == 0
    victim = _victim(tmp_path / "victim")
    before = tree(victim)
    os.symlink(victim, out / ".cache" / "zz")
    shard = next(p for p in sorted((out / ".cache").iterdir()) if p.is_dir() and not p.is_symlink())
    os.symlink(victim / "doc.odt", shard / ("0" * 64 + ".json"))  # a link among real entries
    (source / "d.txt").write_text("La Serbie a rejoint le Partenariat pour la paix en 2006.")
    assert bulletins("run", source, "--out", out).exit_code == 0
    assert tree(victim) == before


def test_a_cache_that_is_a_link_is_never_written_through(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert bulletins("run", source, "--out", out).exit_code == 0
    victim = _victim(tmp_path / "victim")
    before = tree(victim)
    cache = out / ".cache"
    for path in sorted(cache.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    cache.rmdir()
    os.symlink(victim, cache)
    (source / "d.txt").write_text("La Serbie a rejoint le Partenariat pour la paix en 2006.")
    assert bulletins("run", source, "--out", out).exit_code == 0
    assert tree(victim) == before
    assert not (out / ".cache").is_symlink()
