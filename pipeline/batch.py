"""Running a whole corpus folder into a dataset folder.

One bad file never stops the batch: it becomes a record of ``errors.jsonl`` and the run
goes on. The model is loaded once and fed with ``nlp.pipe``; bulletins stream through it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from pipeline.corpus import BulletinReadError, BulletinText, list_corpus, read_bulletin
from pipeline.extract import ExtractionError, extract
from pipeline.manifest import build_manifest
from pipeline.outputs import Dataset, write_dataset
from schemas.manifest import InputEntry, Manifest
from schemas.records import ErrorRecord
from schemas.settings import Settings

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RunSummary:
    processed: int
    failed: int
    seconds: float
    manifest: Manifest

    @property
    def has_errors(self) -> bool:
        return self.failed > 0


def run_corpus(
    corpus: Path,
    out: Path,
    nlp: Language,
    settings: Settings,
    on_progress: Progress | None = None,
) -> RunSummary:
    """Extract every bulletin of ``corpus`` and write the dataset to ``out``."""
    started = time.perf_counter()
    paths = list_corpus(corpus)
    dataset = Dataset()
    inputs: list[InputEntry] = []
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        if on_progress:
            on_progress(done, len(paths))

    def readable() -> Iterator[BulletinText]:
        for path in paths:
            try:
                yield read_bulletin(path, corpus)
            except BulletinReadError as error:
                dataset.errors.append(error.record)
                inputs.append(
                    InputEntry(
                        source_path=error.record.source_path,
                        sha256=error.sha256 or "",
                        bulletin_id=None,
                        outcome="error",
                    )
                )
                advance()

    if on_progress:
        on_progress(0, len(paths))
    for bulletin, result in extract(nlp, readable(), batch_size=settings.batch_size):
        if isinstance(result, ExtractionError):
            dataset.errors.append(
                ErrorRecord(
                    source_path=bulletin.source_path,
                    severity="error",
                    reason="extraction-failed",
                    detail=str(result),
                )
            )
        else:
            dataset.documents.append(result)
        inputs.append(
            InputEntry(
                source_path=bulletin.source_path,
                sha256=bulletin.sha256,
                bulletin_id=bulletin.id,
                outcome="error" if isinstance(result, ExtractionError) else "ok",
            )
        )
        advance()
    manifest = write_dataset(out, dataset, build_manifest(nlp, settings, inputs))
    return RunSummary(
        processed=len(dataset.documents),
        failed=len(dataset.errors),
        seconds=time.perf_counter() - started,
        manifest=manifest,
    )
