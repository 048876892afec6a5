"""Time and peak memory of ``bulletins diff`` at the scale of a real change, beside a full
``bulletins run`` of the same corpus.

    python benchmarks/diff.py [--jobs N] [1 32 320 long]

Cases: 1 sample bulletin, the 32 of corpus/, those 32 copied ten times (320), and one
bulletin of 50,000 characters (the sample lines, each once) edited in 30 places. Each
corpus is run twice (``python -m bulletins run``): as it is, then with the
knowledge-base entry CAN renamed (and, for the 50 kB bulletin, with its edits), and the
two datasets are compared by ``python -m bulletins diff --format json``. Each command is
a process of its own, measured with ``os.wait4`` (wall seconds, its own peak RSS). The
verification and comparison (``read_dataset`` checks the hashes, ``compare`` reads both
datasets as it goes, a bulletin at a time) are timed in this process too.

Prints the start-up time of the command, then a line per case: bulletins, characters,
seconds of the second run, wall and CPU seconds and peak RSS of the diff command
(start-up, verifying and reading both datasets, comparing, writing the report), seconds
of reading and comparing in this process, and the changes found.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bulletins.extraction.resources import RESOURCE_DIR
from bulletins.review.diff import compare, read_dataset

ROOT = Path(__file__).resolve().parents[1]
RENAMED = "CONSEIL-DE-L-ATLANTIQUE-NORD"
EDITS = 30
CASES = {"1": "1 bulletin", "32": "32 bulletins", "320": "320 bulletins", "long": "1 edited, 50 kB"}


def timed(command: list[str]) -> tuple[float, float, float]:
    """Run ``command``; its wall seconds, CPU seconds and peak RSS in MB (its own, by
    ``wait4``: on a shared machine the CPU seconds say more than the wall seconds)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read().decode(errors='replace')}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def renamed_resources(folder: Path) -> Path:
    """The packaged knowledge base with the entry CAN renamed."""
    resources = folder / "resources"
    shutil.copytree(RESOURCE_DIR, resources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    entries = resources / "organisations.jsonl"
    text = entries.read_text(encoding="utf-8")
    entries.write_text(text.replace('{"id": "CAN",', f'{{"id": "{RENAMED}",', 1), encoding="utf-8")
    return resources


def sample_corpus(folder: Path, count: int, copies: int) -> Path:
    """The first ``count`` sample bulletins, ``copies`` times (« name-03.txt »)."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for path in sorted((ROOT / "corpus").glob("*.txt"))[:count]:
        for copy in range(copies):
            shutil.copy(path, corpus / (f"{path.stem}-{copy:02d}.txt" if copies > 1 else path.name))
    return corpus


def long_bulletin(folder: Path) -> tuple[Path, str]:
    """A corpus of one bulletin of 50,000 characters, and its text edited in 30 places."""
    lines = (p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    text = "\n".join(dict.fromkeys(x for t in lines for x in t.splitlines()))[:50_000]
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text(text, encoding="utf-8")
    edited = text
    for step in range(1, EDITS + 1):
        at = edited.index(" ", step * 1_600)
        edited = edited[:at] + " à Bruxelles" + edited[at:]
    return corpus, edited


def case(name: str, jobs: int, make: str) -> None:
    with tempfile.TemporaryDirectory(prefix="bulletins-diff-") as directory:
        folder = Path(directory)
        edited: str | None = None
        if make == "long":
            corpus, edited = long_bulletin(folder)
        else:
            count, copies = {"1": (1, 1), "32": (32, 1), "320": (32, 10)}[make]
            corpus = sample_corpus(folder, count, copies)
        characters = sum(len(p.read_text(encoding="utf-8")) for p in corpus.glob("*.txt"))
        bulletins = len(list(corpus.glob("*.txt")))
        run = [sys.executable, "-m", "bulletins", "run", str(corpus), "--jobs", str(jobs), "--out"]
        timed([*run, str(folder / "before")])
        if edited is not None:
            (corpus / "long.txt").write_text(edited, encoding="utf-8")
        run_seconds, _, _ = timed(
            [*run, str(folder / "after"), "--resources", str(renamed_resources(folder))]
        )
        diff_seconds, diff_cpu, peak = timed(
            [sys.executable, "-m", "bulletins", "diff", str(folder / "before"), str(folder / "after"),
             "--format", "json", "-o", str(folder / "diff.json")]
        )  # fmt: skip
        started = time.perf_counter()
        report = compare(read_dataset(folder / "before"), read_dataset(folder / "after"), keep=False)
        compare_seconds = time.perf_counter() - started
        changes = sum(len(b.changes) for b in report.bulletins)
        print(
            f"{name:<16} {bulletins:>9} {characters:>10,} {run_seconds:>7.1f} "
            f"{diff_seconds:>7.2f} {diff_cpu:>7.2f} "
            f"{peak:>6.0f} MB {compare_seconds:>9.3f} {changes:>7} in {len(report.groups)} groups",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=1, help="--jobs of bulletins run (default 1)")
    parser.add_argument("cases", nargs="*", default=list(CASES), help=f"among {', '.join(CASES)}")
    args = parser.parse_args()
    start_up, start_up_cpu, _ = timed([sys.executable, "-m", "bulletins", "diff", "--help"])
    print(
        f"start-up of the command (diff --help): {start_up:.2f} s, {start_up_cpu:.2f} s CPU, within each diff"
    )
    print(
        f"{'case':<16} {'bulletins':>9} {'characters':>10} {'run s':>7} {'diff s':>7} {'CPU s':>7} "
        f"{'diff RSS':>9} {'read+cmp s':>9} changes"
    )
    for make in args.cases:
        case(CASES[make], args.jobs, make)


if __name__ == "__main__":
    main()
