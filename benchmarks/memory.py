"""Time and peak memory of `bulletins run` on one bulletin, by the size of that bulletin.

    python benchmarks/memory.py [SIZE ...]      # default: 10k 100k 1M 5M 50M

For each size (characters; ``k`` and ``M`` suffixes allowed), a bulletin is made by
repeating the sample bulletins of corpus/ and cut to that size, then ``python -m bulletins
run`` runs on it as a subprocess, in a fresh temporary folder. Each size is measured in a
process of its own, so that the peak memory of its run (``RUSAGE_CHILDREN``: the largest
of the processes it waited for) is its own. Prints, per size: characters, seconds,
characters per second, peak RSS, and the ratio of that peak to the first size's (10k).
Memory should stay flat (within 1.5x of the 10k bulletin) and characters per second too.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = ("10k", "100k", "1M", "5M", "50M")
RUN = [sys.executable, "-m", "bulletins", "run"]


def parse_size(value: str) -> int:
    """« 10k » → 10,000; « 5M » → 5,000,000."""
    factor = {"k": 1_000, "M": 1_000_000}.get(value[-1:], 1)
    return int(float(value[:-1] if factor != 1 else value) * factor)


def make_bulletin(path: Path, size: int) -> None:
    """A bulletin of ``size`` characters: the sample bulletins, over and over."""
    sample = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    with path.open("w", encoding="utf-8") as stream:
        left = size
        while left > 0:
            part = sample[:left]
            stream.write(part)
            left -= len(part)
            if left > 0:
                stream.write("\n\n"[:left])
                left -= min(2, left)


def measure(size: int) -> dict[str, float]:
    """Run ``bulletins run`` on a bulletin of ``size`` characters; its seconds and peak RSS."""
    with tempfile.TemporaryDirectory(prefix="bulletins-memory-") as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        make_bulletin(corpus / "big.txt", size)
        started = time.perf_counter()
        subprocess.run(
            # no time limit: a 50 M bulletin on a loaded machine may take longer than the default
            [*RUN, str(corpus), "--out", str(Path(folder) / "ds"), "--time-limit", "86400"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kilobytes on Linux
    return {"characters": size, "seconds": seconds, "peak_mb": peak_kb / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", default=list(DEFAULT_SIZES))
    parser.add_argument("--one", help=argparse.SUPPRESS)  # measure one size, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(parse_size(args.one))))
        return
    print(f"{'characters':>12} {'seconds':>9} {'chars/s':>9} {'peak RSS':>10} {'peak/first':>10}")
    first: float | None = None
    for size in args.sizes:
        output = subprocess.run(
            [sys.executable, __file__, "--one", size], check=True, capture_output=True, text=True
        ).stdout
        row = json.loads(output.strip().splitlines()[-1])
        first = first or row["peak_mb"]
        rate = row["characters"] / row["seconds"]
        print(
            f"{int(row['characters']):>12,} {row['seconds']:>9.1f} {rate:>9,.0f} "
            f"{row['peak_mb']:>7,.0f} MB {row['peak_mb'] / first:>10.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
