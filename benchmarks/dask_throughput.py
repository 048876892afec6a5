"""The local engine against a 2-worker local Dask cluster, on the same corpus, in one run.

    python benchmarks/dask_throughput.py [--bulletins 200]

Prints words per second of each (model loads included: the Dask workers load the
pipeline at their first chunk) and whether the datasets are byte-identical.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from distributed import LocalCluster

from bulletins.dataset.writer import DATASET_FILES
from bulletins.running.batch import run_corpus
from bulletins.schemas.settings import Settings

sys.path.insert(0, str(Path(__file__).parent))
from throughput import make_corpus


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bulletins", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bulletins-dask-"))
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        corpus, words = make_corpus(work / "corpus", args.bulletins)
        print(f"corpus: {args.bulletins} bulletins, {words:,} words")
        results = {}
        for name, options in (
            ("local engine, 1 process", {"jobs": 1}),
            ("local engine, 2 processes", {"jobs": 2}),
            ("dask, 2 local workers", {"engine": "dask", "scheduler": cluster.scheduler_address}),
        ):
            out = work / name.replace(" ", "-").replace(",", "")
            started = time.perf_counter()
            run_corpus(corpus, out, Settings(), rebuild=True, **options)
            seconds = time.perf_counter() - started
            results[name] = out
            print(f"{name:<28}{words / seconds:8.0f} words/s ({seconds:.1f} s)")
        reference = results["local engine, 1 process"]
        for name, out in results.items():
            same = all((out / f).read_bytes() == (reference / f).read_bytes() for f in DATASET_FILES)
            print(f"{name:<28} same bytes as the local engine: {same}")
    finally:
        cluster.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
