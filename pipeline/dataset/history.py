"""A dataset's history: the previous datasets, kept under ``DIR/.history/``, and their log.

Each publish moves the dataset it replaces to ``DIR/.history/N/`` (N: its run number)
and keeps the ``keep`` most recent ones; ``DIR/.history/runs.jsonl`` has one line per
run (``bulletins.schemas.history.RunRecord``: number, date, manifest hash, the hash of
the manifest it replaced, counts, resolved options). The folder is moved from dataset
to dataset by renames, never copied.

A dataset is addressed as ``DIR`` (the current one), ``DIR@previous``, ``DIR@N`` (run N)
or ``DIR@2026-11-30`` (the last run published that day or before); ``dataset_at`` turns
an address into a folder, for every reader of datasets (``diff``, ``export``,
``load_dataset``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bulletins.dataset.writer import DATASET_FILES, MANIFEST_FILE, MENTIONS_FILE
from bulletins.errors import BulletinsError
from bulletins.schemas.history import RunRecord
from bulletins.schemas.settings import DEFAULT_KEEP

HISTORY_DIR = ".history"
RUNS_FILE = "runs.jsonl"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
__all__ = ["DEFAULT_KEEP", "HISTORY_DIR", "DatasetAddressError", "Run", "dataset_at", "runs"]


class DatasetAddressError(BulletinsError, ValueError):
    """An address ``DIR@…`` that names no kept dataset."""

    exit_code = 2


@dataclass(frozen=True)
class Run:
    """A run of the log whose dataset is still there, in ``directory``."""

    record: RunRecord
    directory: Path
    current: bool


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _lines(path: Path) -> int:
    try:
        with path.open("rb") as stream:
            return sum(1 for line in stream if line.strip())
    except OSError:
        return 0


def _read_log(history: Path) -> list[RunRecord]:
    records = []
    try:
        text = (history / RUNS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    for line in text.splitlines():
        try:
            records.append(RunRecord.model_validate_json(line))
        except ValidationError:
            continue  # a line cut by a crash: that run is not listed
    return records


def _write_log(history: Path, records: list[RunRecord]) -> None:
    history.mkdir(exist_ok=True)
    temporary = history / f".{RUNS_FILE}.{os.getpid()}"
    temporary.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    os.replace(temporary, history / RUNS_FILE)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _record(dataset: Path, run: int, date: str, previous: str | None, settings: dict[str, Any]) -> RunRecord:
    manifest = json.loads((dataset / MANIFEST_FILE).read_text(encoding="utf-8"))
    return RunRecord(
        run=run,
        date=date,
        manifest_sha256=_sha256(dataset / MANIFEST_FILE) or "",
        previous=previous,
        inputs=len(manifest.get("inputs", [])),
        failed=sum(i.get("outcome") == "error" for i in manifest.get("inputs", [])),
        mentions=_lines(dataset / MENTIONS_FILE),
        settings=settings,
    )


def _valid(records: list[RunRecord], history: Path, current: Path) -> list[RunRecord]:
    """The records whose dataset is there: kept under ``history``, or the current one."""
    current_sha = _sha256(current / MANIFEST_FILE)
    kept = [r for r in records[:-1] if (history / str(r.run) / MANIFEST_FILE).is_file()]
    if records and records[-1].manifest_sha256 == current_sha:
        kept.append(records[-1])
    return kept


def _intact(dataset: Path) -> bool:
    from bulletins.dataset.reader import verify  # the reader resolves addresses with this module

    try:
        verify(dataset)
    except (OSError, ValueError):
        return False
    return True


def begin(staging: Path, out: Path, settings: dict[str, Any] | None) -> int | None:
    """Before ``staging`` replaces ``out``: move ``out``'s history into ``staging`` and log
    the new run. Returns the run number under which the replaced dataset is to be kept
    (None: nothing to keep, as when there is none, it is damaged, or the new dataset is
    the same as the last one logged: then no new run is logged either)."""
    history = staging / HISTORY_DIR
    if (out / HISTORY_DIR).is_dir() and not (out / HISTORY_DIR).is_symlink():
        os.rename(out / HISTORY_DIR, history)
    log = _read_log(history)
    records = [r for r in log[:-1] if (history / str(r.run) / MANIFEST_FILE).is_file()]
    last = log[-1] if log else None
    new_sha, out_sha = _sha256(staging / MANIFEST_FILE), _sha256(out / MANIFEST_FILE)
    if last is not None and last.manifest_sha256 == new_sha:  # the same bytes again (a rebuild, a repair)
        _write_log(history, [*records, last])
        return None
    replaced: int | None = None
    if out_sha is not None and _intact(out):
        if last is not None and last.manifest_sha256 == out_sha:
            records.append(last)
        else:  # a dataset older than its log
            date = datetime.fromtimestamp((out / MANIFEST_FILE).stat().st_mtime, UTC)
            number = max((r.run for r in records), default=0) + 1
            records.append(_record(out, number, date.strftime("%Y-%m-%dT%H:%M:%SZ"), None, {}))
        replaced = records[-1].run
    number = max((r.run for r in [*records, *([last] if last else [])]), default=0) + 1
    records.append(_record(staging, number, _now(), out_sha, settings or {}))
    _write_log(history, records)
    return replaced


def keep_previous(old: Path, out: Path, number: int | None, keep: int = DEFAULT_KEEP) -> None:
    """The replaced dataset ``old`` (run ``number``) goes to ``out/.history/NUMBER`` (its
    dataset files only); past the ``keep`` most recent, the oldest are removed."""
    history = out / HISTORY_DIR
    if keep > 0 and number is not None and history.is_dir():
        for entry in os.scandir(old):
            if entry.name not in DATASET_FILES:
                path = Path(entry.path)
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(path)
                else:
                    path.unlink()
        target = history / str(number)
        if target.exists():
            shutil.rmtree(target)
        os.rename(old, target)
    else:
        shutil.rmtree(old)
    if history.is_dir():
        archived = sorted((int(p.name) for p in history.iterdir() if p.name.isdigit()), reverse=True)
        for number_ in archived[keep:]:
            shutil.rmtree(history / str(number_), ignore_errors=True)


def runs(directory: Path) -> list[Run]:
    """The runs of the dataset ``directory`` whose datasets are kept, oldest first, the
    current one last. A dataset written before its log is run 1, dated by its manifest."""
    history = directory / HISTORY_DIR
    records = _valid(_read_log(history), history, directory)
    found = [Run(r, history / str(r.run), False) for r in records]
    manifest = directory / MANIFEST_FILE
    if found and found[-1].record.manifest_sha256 == _sha256(manifest):
        found[-1] = Run(found[-1].record, directory, True)
    elif manifest.is_file():
        date = datetime.fromtimestamp(manifest.stat().st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        number = found[-1].record.run + 1 if found else 1
        found.append(Run(_record(directory, number, date, None, {}), directory, True))
    return found


def dataset_at(address: Path | str) -> Path:
    """The folder of a dataset address: ``DIR``, ``DIR@previous``, ``DIR@N``, ``DIR@YYYY-MM-DD``.

    A path that exists is taken as it is (a folder may have « @ » in its name).
    """
    path = Path(address)
    text = str(address)
    if path.exists() or "@" not in text:
        return path
    head, _, tail = text.rpartition("@")
    base = Path(head)
    if not base.is_dir():
        raise DatasetAddressError(f"{address}: {base} is not a dataset folder")
    kept = runs(base)
    if not kept:
        raise DatasetAddressError(f"{address}: {base} holds no dataset; run `bulletins run` first")
    chosen: Run | None
    if tail in ("previous", "prev"):
        chosen = kept[-2] if len(kept) > 1 else None
        if chosen is None:
            raise DatasetAddressError(
                f"{address}: {base} keeps no previous dataset (one is kept at each run unless --keep 0)"
            )
        return chosen.directory
    if tail in ("latest", "current"):
        return kept[-1].directory
    if tail.isdigit():
        chosen = next((r for r in kept if r.record.run == int(tail)), None)
        if chosen is None:
            numbers = ", ".join(str(r.record.run) for r in kept)
            raise DatasetAddressError(f"{address}: no run {tail} is kept in {base} (kept: {numbers})")
        return chosen.directory
    if _DAY.match(tail):
        chosen = next((r for r in reversed(kept) if r.record.date[: len(tail)] <= tail), None)
        if chosen is None:
            raise DatasetAddressError(
                f"{address}: no kept run of {base} was published on {tail} or before "
                f"(the first kept is of {kept[0].record.date})"
            )
        return chosen.directory
    raise DatasetAddressError(
        f"{address}: unknown address {tail!r}; use DIR@previous, DIR@N (a run number: "
        "`bulletins log DIR`) or DIR@YYYY-MM-DD"
    )
