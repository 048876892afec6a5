"""Time of ``bulletins report`` on a 2,000-bulletin dataset, against the run that made it.

    python benchmarks/report.py [--bulletins 2000]

1. A real run on the sample bulletins of corpus/ (one process, the model loaded before the
   clock starts) measures the pipeline's words per second.
2. A dataset of ``--bulletins`` bulletins is made cheaply from that run's records: each
   bulletin is replicated under a new id, its mentions and entities with it, through the
   project's own dataset writer (so its manifest, hashes and entities index are real).
3. The time of the run that would have made it is estimated from its words at the measured
   rate (an estimate: extracting 2,000 bulletins for real would take minutes).
4. ``bulletins report`` is timed as a whole process (start-up, verification, reading,
   charts, writing), HTML and text. Exit status 1 when the HTML report takes 10 % or more
   of the estimated run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bulletins.dataset.cache import Outcome
from bulletins.dataset.reader import read_dataset
from bulletins.dataset.writer import DatasetWriter
from bulletins.extraction.nlp import build_nlp
from bulletins.running.batch import run_corpus
from bulletins.schemas.manifest import InputEntry
from bulletins.schemas.records import BulletinRecords
from bulletins.schemas.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 0.10


def replicate(source: Path, target: Path, count: int) -> int:
    """A dataset of ``count`` bulletins made of the records of ``source``; returns its words."""
    dataset = read_dataset(source)
    mentions: dict[str, list] = {b.id: [] for b in dataset.bulletins}
    entities: dict[str, list] = {b.id: [] for b in dataset.bulletins}
    for mention in dataset.mentions:
        mentions[mention.bulletin_id].append(mention)
    for entity in dataset.entities:
        entities[entity.bulletin_id].append(entity)
    writer = DatasetWriter(target)
    inputs, words = [], 0
    for i in range(count):
        original = dataset.bulletins[i % len(dataset.bulletins)]
        new_id = f"{original.id}-{i:05d}"  # the same source (the part before the first « - »)
        bulletin = original.model_copy(update={"id": new_id, "source_path": f"{new_id}.txt"})
        records = BulletinRecords(
            bulletin=bulletin,
            mentions=[m.model_copy(update={"bulletin_id": new_id}) for m in mentions[original.id]],
            entities=[e.model_copy(update={"bulletin_id": new_id}) for e in entities[original.id]],
        )
        writer.add(Outcome(records=records))
        inputs.append(
            InputEntry(
                source_path=bulletin.source_path, sha256=bulletin.sha256, bulletin_id=new_id, outcome="ok"
            )
        )
        words += len(bulletin.text.split())
    writer.close(dataset.manifest.model_copy(update={"inputs": inputs}))
    return words


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bulletins", type=int, default=2000)
    args = parser.parse_args()
    settings = Settings()
    work = Path(tempfile.mkdtemp(prefix="bulletins-report-bench-"))
    try:
        corpus = work / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))
        build_nlp(settings)  # the model load is left out of the rate: a faster rate, a stricter test
        started = time.perf_counter()
        run_corpus(corpus, work / "real", settings, rebuild=True, jobs=1)
        rate = words / (time.perf_counter() - started)
        print(f"real run: {len(list(corpus.glob('*.txt')))} bulletins, {words:,} words, {rate:,.0f} words/s")

        started = time.perf_counter()
        big_words = replicate(work / "real", work / "big", args.bulletins)
        made = time.perf_counter() - started
        print(f"dataset of {args.bulletins} bulletins ({big_words:,} words) made in {made:.1f} s")
        estimated = big_words / rate
        print(f"estimated run that makes it: {estimated:.0f} s (its words at {rate:,.0f} words/s)")

        bulletins = [sys.executable, "-m", "bulletins", "report", str(work / "big")]
        html = timed([*bulletins, "--output", str(work / "report.html")])
        text = timed([*bulletins, "--format", "text"])
        size = (work / "report.html").stat().st_size
        share = 100 * html / estimated
        print(f"report --format html: {html:.1f} s ({share:.1f} % of the run), {size / 1024:.0f} KiB")
        print(f"report --format text: {text:.1f} s ({100 * text / estimated:.1f} % of the run)")
        if html >= BUDGET * estimated:
            print(f"the HTML report takes {share:.1f} % of the run, more than {100 * BUDGET:.0f} %")
            raise SystemExit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
