"""The Python API of notebooks: load_pipeline, extract_text, load_dataset, run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from spacy.language import Language

import bulletins
from bulletins.dataset.reader import Dataset, DatasetError
from bulletins.running.batch import RunProgress

TEXTS = {
    "a.txt": "Bruxelles, le 4 octobre 2006 – Le Conseil de l'Atlantique Nord a reçu la Serbie.",
    "b.txt": "Genève, le 12 mars 2019 – L'OSCE a ouvert un bureau à Tachkent.",
}


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_import_bulletins_stays_cheap() -> None:
    code = "import sys, bulletins; print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'pydantic', 'typer'}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_extract_text_gives_validated_records(nlp: Language) -> None:
    records = bulletins.extract_text("Le 4 octobre, l'OTAN a reçu le ministre.", date="2006-10-04", nlp=nlp)
    assert [(m.text, m.label, m.value or m.entity) for m in records.mentions] == [
        ("4 octobre", "DATE", "2006-10-04"),
        ("OTAN", "ORGANISATION", "OTAN"),
    ]
    with pytest.raises(ValidationError, match="date"):
        bulletins.extract_text("L'OTAN.", date="2006-02-30", nlp=nlp)


def test_extract_text_loads_the_pipeline_once() -> None:
    first = bulletins.extract_text("L'OSCE a ouvert un bureau à Vienne.")
    assert {m.text for m in first.mentions} == {"OSCE", "Vienne"}
    assert bulletins._shared_pipeline.cache_info().currsize == 1
    bulletins.extract_text("L'OTAN.")
    assert bulletins._shared_pipeline.cache_info().hits >= 1


def test_load_pipeline_is_the_spacy_language() -> None:
    nlp = bulletins.load_pipeline()
    assert isinstance(nlp, Language)
    assert [(e.text, e.label_) for e in nlp("L'OTAN a reçu l'OSCE.").ents] == [
        ("OTAN", "ORGANISATION"),
        ("OSCE", "ORGANISATION"),
    ]


def test_run_then_load_dataset(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    seen: list[RunProgress] = []
    summary = bulletins.run(corpus, out, on_progress=lambda p: seen.append(RunProgress(**vars(p))))
    assert (summary.extracted, summary.unchanged, summary.failed, summary.total) == (2, 0, 0, 2)
    assert [p.phase for p in seen][-1] == "writing" and seen[-1].done == 2
    dataset = bulletins.load_dataset(out, frames=False)
    assert isinstance(dataset, Dataset)
    assert [b.id for b in dataset.bulletins] == ["a", "b"]
    assert {m.text for m in dataset.mentions} >= {"Conseil de l'Atlantique Nord", "OSCE", "Tachkent"}
    (corpus / "c.txt").write_text("L'OTAN à Bruxelles.", encoding="utf-8")
    again = bulletins.run(str(corpus), str(out), max_errors=0, batch_size=8)
    assert (again.extracted, again.unchanged) == (1, 2)
    previous = bulletins.load_dataset(f"{out}@previous", frames=False)
    assert isinstance(previous, Dataset) and [b.id for b in previous.bulletins] == ["a", "b"]
    with pytest.raises(DatasetError, match="no run 9 is kept"):
        bulletins.load_dataset(f"{out}@9")


def test_load_dataset_gives_data_frames_with_pandas(tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")  # in the test extra
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    bulletins.run(corpus, out)
    frames = bulletins.load_dataset(out)  # pandas is installed: DataFrames by default
    assert isinstance(frames, dict) and set(frames) == {"bulletins", "mentions", "entities", "errors"}
    assert all(isinstance(frame, pandas.DataFrame) for frame in frames.values())
    assert list(frames["bulletins"]["id"]) == ["a", "b"]
    assert frames["errors"].empty and "reason" in frames["errors"].columns  # an empty table keeps its columns
    assert "Tachkent" in set(frames["mentions"]["text"])
