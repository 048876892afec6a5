"""``bulletins status``: what a run would do, without loading the model nor writing anything."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from bulletins.cli.console import CommandError, say
from bulletins.cli.options import ConfigOption, FormatOption, OutputFormat, make_settings
from bulletins.config import load_project
from bulletins.schemas.settings import Settings


def status(
    dataset: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help="The dataset folder; by default the out of bulletins.toml."),
    ] = None,
    corpus: Annotated[
        Path | None,
        typer.Argument(metavar="CORPUS", help="The corpus folder; by default the corpus of bulletins.toml."),
    ] = None,
    config: ConfigOption = None,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Say what `bulletins run` would do: new, changed and removed bulletins, and those that
    failed last time. Loads no model, writes nothing."""
    project = load_project(config).settings
    folder = dataset or Path(project.out or "outputs")
    source = corpus or (Path(project.corpus) if project.corpus else None)
    if source is None:
        raise CommandError(
            "give the corpus folder (bulletins status DIR CORPUS), or write it in bulletins.toml", 2
        )
    if not source.is_dir():
        raise CommandError(f"{source} is not a folder: give the folder that holds the bulletins")
    settings = make_settings(
        project.model,
        project.batch_size,
        Path(project.resources) if project.resources else None,
        tags=project.tags,
    )
    data = plan(folder, source, settings)
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return
    _print(data)


def plan(folder: Path, corpus: Path, settings: Settings) -> dict[str, Any]:
    """What a run of ``corpus`` into ``folder`` would do (see ``status``)."""
    from bulletins.dataset.cache import CACHE_DIR, RecordCache, entry_key
    from bulletins.dataset.manifest import fingerprint_of
    from bulletins.dataset.reader import DatasetError, verify
    from bulletins.inputs.corpus import BulletinReadError, list_corpus, read_input, source_path_of

    try:
        manifest = verify(folder) if folder.exists() else None
    except DatasetError as error:
        raise CommandError(str(error)) from error
    fingerprint = fingerprint_of(settings)
    before = {entry.source_path: entry for entry in manifest.inputs} if manifest else {}
    cache = RecordCache(folder / CACHE_DIR)
    new: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    unreadable: list[str] = []
    to_extract: list[str] = []
    seen = set()
    for path in list_corpus(corpus):
        relative = source_path_of(path, corpus)
        seen.add(relative)
        try:
            digest = hashlib.sha256(read_input(path, corpus)).hexdigest()
        except BulletinReadError:
            unreadable.append(relative)
            continue
        entry = before.get(relative)
        (new if entry is None else changed if entry.sha256 != digest else unchanged).append(relative)
        if not cache.has(entry_key(fingerprint, relative, digest)):
            to_extract.append(relative)
    failed = sorted(p for p, e in before.items() if e.outcome == "error" and p in seen)
    return {
        "dataset": str(folder),
        "corpus": str(corpus),
        "exists": manifest is not None,
        "pipeline_changed": manifest is not None and manifest.fingerprint != fingerprint,
        "new": sorted(new),
        "changed": sorted(changed),
        "removed": sorted(set(before) - seen),
        "unchanged": len(unchanged),
        "unreadable": sorted(unreadable),
        "failed_last_time": failed,
        "to_extract": len(to_extract),
        "up_to_date": manifest is not None
        and not new
        and not changed
        and not (set(before) - seen)
        and not to_extract
        and not unreadable,
    }


def _names(paths: list[str], shown: int = 10) -> str:
    return ", ".join(paths[:shown]) + (f", … ({len(paths) - shown} more)" if len(paths) > shown else "")


def _print(data: dict[str, Any]) -> None:
    if not data["exists"]:
        say(f"{data['dataset']}: no dataset yet; a run would extract {data['to_extract']} bulletin(s)")
    elif data["up_to_date"]:
        say(f"{data['dataset']} is up to date with {data['corpus']}: a run would change nothing")
    else:
        say(f"{data['dataset']} against {data['corpus']}:")
    labels = {"new": "new", "changed": "changed", "removed": "removed", "unreadable": "unreadable now",
              "failed_last_time": "failed last time"}  # fmt: skip
    for key, label in labels.items():
        if data[key]:
            say(f"  {label}: {len(data[key])} ({_names(data[key])})")
    if data["exists"]:
        say(f"  unchanged: {data['unchanged']}")
    if data["pipeline_changed"]:
        say(
            "  the pipeline changed (code, model, resources or settings): "
            "bulletins not in the cache are extracted again"
        )
    if data["exists"] and not data["up_to_date"]:
        say(
            f"  a run would extract {data['to_extract']} bulletin(s) "
            "(the model is loaded only when there is one)"
        )
