"""Batch runs: incremental, rebuildable, parallel, crash-safe, and byte-for-byte deterministic."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from spacy.language import Language

from bulletins.dataset.cache import CACHE_DIR
from bulletins.dataset.reader import verify
from bulletins.dataset.writer import DATASET_FILES
from bulletins.extraction import extract as extract_module
from bulletins.inputs.corpus import BulletinReadError, read_bulletin
from bulletins.review.export import export_parquet, export_sqlite
from bulletins.running.batch import run_corpus
from bulletins.schemas.settings import Settings
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"
SETTINGS = Settings()
FIRST = ["deva-armenie-geoana-2019.txt", "devb-ue-eubam-eupol-2025.txt", "devb-osce-afghanistan-2010.txt"]


def _corpus(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def _files(dataset: Path) -> dict[str, bytes]:
    return {name: (dataset / name).read_bytes() for name in DATASET_FILES}


def _ids(dataset: Path) -> list[str]:
    lines = (dataset / "bulletins.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["id"] for line in lines]


def test_run_processes_only_new_and_changed_bulletins(nlp: Language, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", FIRST)
    out = tmp_path / "out"
    first = run_corpus(corpus, out, SETTINGS)
    assert (first.processed, first.skipped, first.failed) == (3, 0, 0)
    again = run_corpus(corpus, out, SETTINGS)
    assert (again.processed, again.skipped) == (0, 3)
    shutil.copy(CORPUS / "deva-serbie-2022.txt", corpus / "deva-serbie-2022.txt")  # new
    (corpus / FIRST[1]).write_text(
        "Le 4 octobre 2006, l'OTAN a reçu le ministre.", encoding="utf-8"
    )  # changed
    (corpus / FIRST[2]).unlink()  # removed
    third = run_corpus(corpus, out, SETTINGS)
    assert (third.processed, third.skipped) == (2, 1)
    assert _ids(out) == ["deva-armenie-geoana-2019", "deva-serbie-2022", "devb-ue-eubam-eupol-2025"]
    assert "OSCE" not in (out / "entities.jsonl").read_text(encoding="utf-8")
    cached = list((out / CACHE_DIR).glob("*/*.json"))
    assert len(cached) == 3  # the entries of removed and changed bulletins are pruned
    rebuilt = tmp_path / "rebuilt"
    run_corpus(corpus, rebuilt, SETTINGS, rebuild=True)
    assert _files(rebuilt) == _files(out)


def test_one_and_two_worker_processes_give_the_same_bytes(nlp: Language, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", sorted(p.name for p in CORPUS.glob("*.txt"))[:20])
    single, double = tmp_path / "single", tmp_path / "double"
    run_corpus(corpus, single, SETTINGS, jobs=1)
    summary = run_corpus(corpus, double, SETTINGS, jobs=2)
    assert summary.processed == 20
    assert _files(single) == _files(double)


def test_a_killed_run_leaves_the_old_dataset_and_resumes_to_the_same_bytes(
    nlp: Language, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_corpus(_corpus(tmp_path / "small", FIRST), out, SETTINGS)
    before = _files(out)
    names = sorted(p.name for p in CORPUS.glob("*.txt"))
    corpus = _corpus(tmp_path / "big", names)
    for name in names:  # more work, so that the kill lands in the middle of it
        shutil.copy(CORPUS / name, corpus / f"copy-{name}")
    process = subprocess.Popen(
        [sys.executable, "-m", "bulletins", "run", str(corpus), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / CACHE_DIR).glob("*/*.json"))) < len(FIRST) + 8:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _files(out) == before  # the previous dataset, untouched and complete
    verify(out)
    resumed = run_corpus(corpus, out, SETTINGS)
    assert 0 < resumed.processed < len(names) * 2  # the work done before the kill is kept
    reference = tmp_path / "reference"
    run_corpus(corpus, reference, SETTINGS, rebuild=True)
    assert _files(out) == _files(reference)


def test_bad_inputs_are_recorded_and_the_batch_goes_on(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "corpus", FIRST[:1])
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.txt").write_bytes(b" \n\t\n")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "nul.txt").write_bytes(b"L'OTAN\x00\x00 et l'UE")
    (corpus / "latin1.txt").write_bytes(
        "Réunion à Genève : l'OTAN et la Fédération de Russie, le 4 décembre 2006.".encode("cp1252")
    )
    (corpus / "utf16.txt").write_bytes("L'OTAN à Genève, le 4 décembre 2006.".encode("utf-16"))
    (corpus / "page.txt").write_text(
        "<!DOCTYPE html><html><head><style>p{}</style></head><body><h1>L'OTAN</h1>"
        "<p>Le 4&nbsp;décembre 2006, à <b>Bruxelles</b>.</p></body></html>",
        encoding="utf-8",
    )
    paragraph = "L'OTAN et l'Union européenne (UE) ont tenu une réunion à Bruxelles le 4 décembre 2006.\n\n"
    (corpus / "long.txt").write_text(paragraph * 120, encoding="utf-8")
    monkeypatch.setattr(extract_module, "PIECE_CHARS", 2_000)  # pieces without a 5 MB test file
    out = tmp_path / "out"
    summary = run_corpus(corpus, out, SETTINGS)
    problems = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    found = {(p["source_path"], p["severity"], p["reason"]) for p in problems}
    assert found == {
        ("binary.txt", "error", "binary"),
        ("blank.txt", "error", "whitespace-only"),
        ("empty.txt", "error", "empty"),
        ("nul.txt", "error", "binary"),
        ("latin1.txt", "warning", "encoding"),
        ("utf16.txt", "warning", "encoding"),
        ("page.txt", "warning", "html"),
        ("long.txt", "warning", "pieces"),
    }
    assert summary.failed == 4
    bulletins = {
        b["id"]: b
        for b in map(json.loads, (out / "bulletins.jsonl").read_text(encoding="utf-8").splitlines())
    }
    assert "Fédération de Russie" in bulletins["latin1"]["text"]
    assert bulletins["page"]["text"].startswith("L'OTAN\nLe 4")
    mentions = [
        json.loads(line) for line in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    long_text = bulletins["long"]["text"]
    long_mentions = [m for m in mentions if m["bulletin_id"] == "long"]
    assert len(long_mentions) == 120 * 5
    assert all(long_text[m["start"] : m["end"]] == m["text"] for m in long_mentions)
    entities = [
        json.loads(line) for line in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    otan = next(e for e in entities if e["bulletin_id"] == "long" and e["key"] == "OTAN")
    assert len(otan["mentions"]) == 120  # one entity across the pieces


def test_max_errors_stops_cleanly_and_keeps_the_old_dataset(nlp: Language, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", FIRST[:1])
    out = tmp_path / "out"
    run_corpus(corpus, out, SETTINGS)
    before = _files(out)
    for name in ("a.txt", "b.txt", "c.txt"):
        (corpus / name).write_bytes(b"")
    summary = run_corpus(corpus, out, SETTINGS, max_errors=1)
    assert summary.stopped and summary.manifest is None
    assert _files(out) == before


def test_an_unreadable_path_is_an_error_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(BulletinReadError) as raised:
        read_bulletin(folder, tmp_path)
    assert raised.value.record.reason == "unreadable"


def test_exports_hold_one_table_per_record_type(nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_corpus(_corpus(tmp_path / "corpus", FIRST), out, SETTINGS)
    counts = {o.file.removesuffix(".jsonl"): o.records for o in verify(out).outputs}
    assert export_sqlite(out, tmp_path / "d.sqlite") == counts
    with sqlite3.connect(tmp_path / "d.sqlite") as connection:
        labels = dict(connection.execute("SELECT label, COUNT(*) FROM mentions GROUP BY label").fetchall())
        assert set(labels) == {"ORGANISATION", "PROGRAMME", "PLACE", "DATE"}
        stage = connection.execute("SELECT provenance_stage FROM mentions LIMIT 1").fetchone()[0]
        assert stage in {"gazetteer", "model", "acronyms", "names", "dates"}
    assert export_parquet(out, tmp_path / "parquet") == counts
    assert pq.read_table(tmp_path / "parquet" / "mentions.parquet").num_rows == counts["mentions"]
