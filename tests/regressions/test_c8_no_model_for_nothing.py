"""C8: the model is not loaded when nothing is left to extract (an empty corpus, or every
input already in the cache after an interrupted run)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from bulletins.cli import app
from bulletins.running.engines import local
from tests.conftest import ROOT

LOADING = "loading the pipeline fr_core_news_md"
NAMES = ["deva-serbie-2022.txt", "deva-armenie-geoana-2019.txt"]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each pipeline the local engine asks for (the real one, counted)."""
    asked: list[str] = []
    real = local.build_pipeline

    def counted(settings):
        asked.append(settings.model)
        return real(settings)

    monkeypatch.setattr(local, "build_pipeline", counted)
    return asked


def _run(corpus: Path, out: Path, *options: str) -> str:
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out), "--verbose", *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_an_empty_corpus_loads_no_model(
    loads: list[str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bulletins.running")
    (tmp_path / "empty").mkdir()
    # an empty corpus is refused unless asked for (A8): with --allow-shrink it runs, for nothing
    assert "0 bulletin(s)" in _run(tmp_path / "empty", tmp_path / "out", "--allow-shrink")
    assert loads == [] and LOADING not in caplog.text


def test_inputs_all_cached_load_no_model(
    nlp: Language, loads: list[str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bulletins.running")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in NAMES:
        shutil.copy(ROOT / "corpus" / name, corpus)
    out = tmp_path / "out"
    _run(corpus, out)
    assert loads == ["fr_core_news_md"] and LOADING in caplog.text
    caplog.clear()
    (corpus / NAMES[1]).unlink()  # the dataset is out of date, its one input is cached
    assert "1 bulletin(s): 0 processed, 1 unchanged" in _run(corpus, out)
    assert loads == ["fr_core_news_md"] and LOADING not in caplog.text
