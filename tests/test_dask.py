"""The Dask engine on a real local cluster of 2 worker processes: the same bytes as the
local engine, and a worker killed in the middle of the run loses and duplicates nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from spacy.language import Language

from bulletins.dataset.writer import DATASET_FILES
from bulletins.running.batch import run_corpus
from bulletins.running.engines.dask import DaskUnavailable, scheduler_address
from bulletins.schemas.settings import Settings
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # a real Dask cluster on 127.0.0.1

distributed = pytest.importorskip("distributed", reason="the Dask engine needs pip install '.[dask]'")


@pytest.fixture(scope="module")
def cluster():
    local = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    yield local
    local.close()


def _corpus(folder: Path, copies: int) -> Path:
    folder.mkdir()
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        for copy in range(copies):
            shutil.copy(path, folder / f"{copy}-{path.name}")
    return folder


def _files(dataset: Path) -> dict[str, bytes]:
    return {name: (dataset / name).read_bytes() for name in DATASET_FILES}


def test_dask_gives_the_bytes_of_the_local_engine(nlp: Language, cluster, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 1)
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_corpus(corpus, local, Settings())
    summary = run_corpus(corpus, dask, Settings(), engine="dask", scheduler=cluster.scheduler_address)
    assert summary.processed == 32 and summary.failed == 0
    assert _files(dask) == _files(local)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(nlp: Language, cluster, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 3)
    client = distributed.Client(cluster.scheduler_address)
    killed: list[int] = []

    def kill_a_busy_worker() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            busy = [address for address, tasks in client.processing().items() if tasks]
            if busy:
                time.sleep(1.0)  # let it get into the chunk
                pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    out = tmp_path / "dask"
    summary = run_corpus(corpus, out, Settings(), engine="dask", scheduler=cluster.scheduler_address)
    killer.join()
    client.close()
    assert killed, "no worker was killed: the test did not test anything"
    assert summary.processed == 96 and summary.failed == 0
    ids = [
        json.loads(line)["id"] for line in (out / "bulletins.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(ids) == len(set(ids)) == 96
    reference = tmp_path / "local"
    run_corpus(corpus, reference, Settings())
    assert _files(out) == _files(reference)


def test_the_engine_says_what_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BULLETINS_DASK_SCHEDULER", raising=False)
    with pytest.raises(DaskUnavailable, match="--scheduler tcp://HOST:8786"):
        scheduler_address(None)
    monkeypatch.setenv("BULLETINS_DASK_SCHEDULER", "tcp://10.0.0.1:8786")
    assert scheduler_address(None) == "tcp://10.0.0.1:8786"
