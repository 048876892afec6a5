"""How fast web pages and PDFs become text, beside how fast the pipeline reads that text.

    python benchmarks/formats.py [--copies 20]

On the sample web pages and PDF of corpus/ (each read ``--copies`` times), prints the
pages per second of: the HTML main-text extraction (trafilatura, metadata included), the
PDF text layer (pypdfium2), the language detector, and the NLP pipeline on the texts they
give; then the share of the run that reading the files takes (it must stay under 10 %).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bulletins.extraction.extract import extract
from bulletins.extraction.nlp import build_nlp
from bulletins.inputs.corpus import BulletinText, read_document
from bulletins.inputs.language import detect_language
from bulletins.schemas.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 0.10


def _timed_reads(paths: list[Path], copies: int) -> tuple[float, list[BulletinText]]:
    """Seconds to extract the text of every file ``copies`` times, and one bulletin per file."""
    data = [(path, path.read_bytes()) for path in paths]
    started = time.perf_counter()
    for _ in range(copies):
        extracted = [read_document(raw, path.name) for path, raw in data]
    seconds = time.perf_counter() - started
    bulletins = [
        BulletinText(id=path.stem, source_path=path.name, sha256="0" * 64, text=e.text, format=e.format)
        for (path, _), e in zip(data, extracted, strict=True)
    ]
    return seconds, bulletins


def _pages(path: Path) -> int:
    if path.suffix.lower() != ".pdf":
        return 1
    import pypdfium2

    document = pypdfium2.PdfDocument(path.read_bytes())
    try:
        return len(document)
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    nlp = build_nlp(Settings())
    list(
        extract(nlp, [BulletinText(id="w", source_path="w.txt", sha256="0" * 64, text="L'OTAN à Bruxelles.")])
    )
    total_read = total_nlp = 0.0
    for name, pattern in (("HTML", "*.html"), ("PDF", "*.pdf")):
        paths = sorted((ROOT / "corpus").glob(pattern))
        pages = sum(_pages(p) for p in paths) * args.copies
        read_seconds, bulletins = _timed_reads(paths, args.copies)
        started = time.perf_counter()
        for _ in range(args.copies):
            for bulletin in bulletins:
                detect_language(bulletin.text)
        language_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(args.copies):
            list(extract(nlp, bulletins))
        nlp_seconds = time.perf_counter() - started
        reading = read_seconds + language_seconds
        total_read += reading
        total_nlp += nlp_seconds
        print(
            f"{name}: {pages} pages ({len(paths)} files x {args.copies}); "
            f"text extraction {pages / read_seconds:,.0f} pages/s, "
            f"language {pages / language_seconds:,.0f} pages/s, NLP {pages / nlp_seconds:,.1f} pages/s; "
            f"reading is {reading / (reading + nlp_seconds):.1%} of the run"
        )
    share = total_read / (total_read + total_nlp)
    verdict = "within" if share < BUDGET else "OVER"
    print(
        f"reading the files (text and language) is {share:.1%} of the run: {verdict} the {BUDGET:.0%} budget"
    )


if __name__ == "__main__":
    main()
