"""C5: ``run --engine dask`` extracts on the Dask cluster it is given (``--scheduler`` or
``BULLETINS_DASK_SCHEDULER``), and says what to do, with exit 1 and nothing published,
when it cannot: never a silent local run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from bulletins.dataset.writer import DATASET_FILES
from bulletins.running.batch import run_corpus
from bulletins.running.engines.dask import SCHEDULER_VARIABLE, chunks_extracted
from bulletins.schemas.settings import Settings
from tests.conftest import ROOT

distributed = pytest.importorskip("distributed", reason="the Dask engine needs pip install 'bulletins[dask]'")
pytestmark = pytest.mark.slow

NAMES = sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))[:20]  # 2 chunks of 16


@pytest.fixture(scope="module")
def cluster():
    local = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    client = distributed.Client(local.scheduler_address)
    yield local, client
    client.close()
    local.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in NAMES:
        shutil.copy(ROOT / "corpus" / name, folder)
    return folder


@pytest.fixture(scope="module")
def local_dataset(nlp: Language, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("local") / "out"
    run_corpus(corpus, out, Settings())
    return {name: (out / name).read_bytes() for name in DATASET_FILES}


def _bulletins(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != SCHEDULER_VARIABLE} | (env or {})
    environment["COLUMNS"] = "1000"  # no line wrapped inside a message
    return subprocess.run(
        [sys.executable, "-m", "bulletins", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _worker_chunks(client) -> int:
    return sum(client.run(chunks_extracted).values())


def _check_on_the_cluster(arguments: list[str], env: dict[str, str] | None, out: Path, cluster, reference):
    _, client = cluster
    before = _worker_chunks(client)
    result = _bulletins(*arguments, "--verbose", env=env)
    assert result.returncode == 0, result.stderr
    assert "extracting on 2 Dask worker(s)" in result.stderr
    assert "loading the pipeline" not in result.stderr  # nothing extracted in this process
    assert _worker_chunks(client) - before == 2  # the workers extracted both chunks
    assert {name: (out / name).read_bytes() for name in DATASET_FILES} == reference


def test_run_with_scheduler_extracts_on_the_workers(cluster, corpus, local_dataset, tmp_path: Path) -> None:
    out = tmp_path / "dask"
    address = cluster[0].scheduler_address
    arguments = ["run", str(corpus), "--out", str(out), "--engine", "dask", "--scheduler", address]
    _check_on_the_cluster(arguments, None, out, cluster, local_dataset)


def test_rebuild_reads_the_scheduler_from_the_environment(
    cluster, corpus, local_dataset, tmp_path: Path
) -> None:
    out = tmp_path / "dask"
    arguments = ["rebuild", str(corpus), "--out", str(out), "--engine", "dask"]
    env = {SCHEDULER_VARIABLE: cluster[0].scheduler_address}
    _check_on_the_cluster(arguments, env, out, cluster, local_dataset)


def test_nothing_listening_is_an_error_that_names_the_address(corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _bulletins(
        "run", str(corpus), "--out", str(out), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"
    )
    assert result.returncode == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in result.stderr
    assert "--scheduler" in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".out.*"))  # nothing published


def test_no_address_is_an_error_that_says_how_to_give_one(corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _bulletins("run", str(corpus), "--out", str(out), "--engine", "dask")
    assert result.returncode == 1
    assert "--scheduler tcp://HOST:8786" in result.stderr and SCHEDULER_VARIABLE in result.stderr
    assert not out.exists()


def test_without_distributed_the_error_says_what_to_install(corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    without = (
        "import sys; sys.modules['distributed'] = None; from bulletins.cli import main; "  # import fails
        f"sys.argv = ['bulletins', 'run', {str(corpus)!r}, '--out', {str(out)!r}, '--engine', 'dask', "
        "'--scheduler', 'tcp://127.0.0.1:8786']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", without],
        cwd=ROOT,
        env=os.environ | {"COLUMNS": "1000"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "pip install 'bulletins[dask]'" in result.stderr
    assert not out.exists()
