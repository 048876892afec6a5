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
from typer.testing import CliRunner

from bulletins.cli import app
from bulletins.dataset.cache import CACHE_DIR
from bulletins.dataset.reader import verify
from bulletins.dataset.writer import DATASET_FILES, MANIFEST_FILE, RECORD_FILES
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


@pytest.mark.slow
def test_one_and_two_worker_processes_give_the_same_bytes(nlp: Language, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", sorted(p.name for p in CORPUS.glob("*.txt"))[:20])
    single, double = tmp_path / "single", tmp_path / "double"
    run_corpus(corpus, single, SETTINGS, jobs=1)
    summary = run_corpus(corpus, double, SETTINGS, jobs=2)
    assert summary.processed == 20
    assert _files(single) == _files(double)


@pytest.mark.slow
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


def test_batch_size_reaches_nlp_pipe_and_changes_no_record(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real_pipe = nlp.pipe

    def pipe(texts, **options):  # the run's own pipeline (the engines reuse this one)
        seen.append(options["batch_size"])
        return real_pipe(texts, **options)

    monkeypatch.setattr(nlp, "pipe", pipe)
    corpus = _corpus(tmp_path / "corpus", FIRST)
    one, many = tmp_path / "one", tmp_path / "many"
    runner = CliRunner()
    first = runner.invoke(app, ["run", str(corpus), "--out", str(one), "--batch-size", "1", "--jobs", "1"])
    assert first.exit_code == 0, first.output
    assert seen and set(seen) == {1}
    seen.clear()
    second = runner.invoke(app, ["run", str(corpus), "--out", str(many), "--batch-size", "64"])
    assert second.exit_code == 0, second.output
    assert seen and set(seen) == {64}
    for name in (*RECORD_FILES, "errors.jsonl"):
        assert (one / name).read_bytes() == (many / name).read_bytes(), name
    manifests = [json.loads((d / MANIFEST_FILE).read_text(encoding="utf-8")) for d in (one, many)]
    assert [m["settings"].pop("batch_size") for m in manifests] == [1, 64]  # recorded
    assert manifests[0] == manifests[1]  # and nothing else differs, the fingerprint included
    seen.clear()
    before = _files(one)
    again = runner.invoke(app, ["run", str(corpus), "--out", str(one), "--batch-size", "64"])
    assert again.exit_code == 0, again.output
    assert "0 processed, 3 unchanged" in again.output
    assert seen == [] and _files(one) == before


def _spawned_children(parent: int) -> list[int]:
    """The multiprocessing (spawn) children of ``parent``, read from /proc."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"spawn_main" in command:
            children.append(int(stat.parent.name))
    return children


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_worker_processes_die_with_a_killed_run(tmp_path: Path) -> None:
    names = sorted(p.name for p in CORPUS.glob("*.txt"))
    corpus = _corpus(tmp_path / "corpus", names)
    for name in names:
        shutil.copy(CORPUS / name, corpus / f"copy-{name}")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "bulletins", "run", str(corpus), "--out", str(out), "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not list((out / CACHE_DIR).glob("*/*.json")):
            workers = _spawned_children(process.pid) or workers
            time.sleep(0.05)
        workers = _spawned_children(process.pid) or workers
        assert len(workers) == 2, "the run did not start its 2 workers"
        assert process.poll() is None, "the run ended before the kill: nothing was tested"
        os.kill(process.pid, signal.SIGKILL)  # mid-batch: the first chunks are done
        process.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived the killed run"
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()
