"""Throughput, rerun time and peak memory of batch runs.

    python benchmarks/throughput.py [--small 200] [--large 2000]

On the same texts (the sample bulletins of corpus/, copied under new names until there
are enough), in one run, prints:
- words per second of the raw spaCy model (its full default pipeline) through nlp.pipe;
- words per second of the full pipeline (extraction, validation, writing the dataset),
  with 1 and 2 worker processes, model loading included and excluded;
- the time of a rerun on the unchanged corpus against the full run;
- the peak memory (max RSS) of a whole run on the small and on the large corpus.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from bulletins.extraction.nlp import build_nlp
from bulletins.running.batch import run_corpus
from bulletins.schemas.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, count: int) -> tuple[Path, int]:
    """``count`` bulletins made from the sample ones; each copy differs by its last line."""
    sources = sorted((ROOT / "corpus").glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(count):
        source = sources[i % len(sources)]
        text = source.read_text(encoding="utf-8") + f"\n\nCopie {i}.\n"
        (folder / f"{i:05d}-{source.name}").write_text(text, encoding="utf-8")
        words += len(text.split())
    return folder, words


def peak_memory_mb(corpus: Path, out: Path) -> float:
    """Max RSS of one ``bulletins rebuild`` process, in MiB, measured by a wrapper process
    whose only child it is (RUSAGE_CHILDREN keeps the largest child ever waited for)."""
    wrapper = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [sys.executable, "-m", "bulletins", "rebuild", str(corpus), "--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", wrapper, *command], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return int(result.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=2000)
    args = parser.parse_args()
    settings = Settings()
    work = Path(tempfile.mkdtemp(prefix="bulletins-bench-"))
    try:
        corpus, words = make_corpus(work / "small", args.small)
        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
        print(f"corpus: {args.small} bulletins, {words:,} words")

        raw = spacy.load(settings.model)
        started = time.perf_counter()
        for _ in raw.pipe(texts, batch_size=settings.batch_size):
            pass
        raw_rate = words / (time.perf_counter() - started)
        print(f"raw model ({settings.model}, nlp.pipe)      {raw_rate:8.0f} words/s")

        started = time.perf_counter()
        build_nlp(settings)
        load = time.perf_counter() - started
        started = time.perf_counter()
        full = run_corpus(corpus, work / "out1", settings, rebuild=True, jobs=1)
        one = time.perf_counter() - started
        print(
            f"full pipeline, 1 process               {words / one:8.0f} words/s "
            f"({words / (one + load):.0f} with the model load, {load:.1f} s), "
            f"×{words / one / raw_rate:.2f} the raw model"
        )
        started = time.perf_counter()
        run_corpus(corpus, work / "out2", settings, rebuild=True, jobs=2)
        two = time.perf_counter() - started
        print(f"full pipeline, 2 processes              {words / two:8.0f} words/s (model loads included)")
        same = all(
            (work / "out1" / f).read_bytes() == (work / "out2" / f).read_bytes()
            for f in ("bulletins.jsonl", "mentions.jsonl", "entities.jsonl", "errors.jsonl", "manifest.json")
        )
        print(f"1 and 2 processes give the same bytes: {same}")
        started = time.perf_counter()
        rerun = run_corpus(corpus, work / "out1", settings, jobs=1)
        again = time.perf_counter() - started
        print(
            f"rerun on the unchanged corpus: {again:.2f} s against {one:.1f} s "
            f"({100 * again / one:.1f} %), {rerun.processed} processed, {full.processed} before"
        )

        small_memory = peak_memory_mb(corpus, work / "mem-small")
        large, large_words = make_corpus(work / "large", args.large)
        large_memory = peak_memory_mb(large, work / "mem-large")
        print(
            f"peak memory: {small_memory:.0f} MiB for {args.small} bulletins, {large_memory:.0f} MiB for "
            f"{args.large} ({large_words:,} words): ×{large_memory / small_memory:.2f}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
