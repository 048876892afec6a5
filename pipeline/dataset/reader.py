"""Reading a dataset folder written by ``bulletins run``, checked against its manifest.

Every reader of a dataset (``diff``, ``export``, the up-to-date check of ``run``) goes
through here: the manifest must be one of this schema version, and every output file it
lists must have the hash and the number of records it records. A truncated, edited or
half-written dataset is refused with a ``DatasetError`` that says what is off and what
to do, never used silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bulletins.dataset.history import DatasetAddressError, dataset_at
from bulletins.dataset.writer import (
    BULLETINS_FILE,
    ENTITIES_FILE,
    ERRORS_FILE,
    INDEX_FILE,
    MANIFEST_FILE,
    MENTIONS_FILE,
)
from bulletins.errors import BulletinsError
from bulletins.schemas import SCHEMA_VERSION
from bulletins.schemas.bulletin import Bulletin
from bulletins.schemas.index import IndexEntry
from bulletins.schemas.jsonl import JsonLinesError, read_models, validation_message
from bulletins.schemas.manifest import Manifest
from bulletins.schemas.records import Entity, ErrorRecord, Mention

ModelT = TypeVar("ModelT", bound=BaseModel)
OUTPUT_FILES = (BULLETINS_FILE, MENTIONS_FILE, ENTITIES_FILE, ERRORS_FILE, INDEX_FILE)
RERUN = "run `bulletins run` again to rebuild it"


class DatasetError(BulletinsError, ValueError):
    """A folder that is not a complete, intact dataset of this version.

    « ds/mentions.jsonl does not match its manifest entry (edited or truncated?); run
    `bulletins run` again to rebuild it »
    """


@dataclass(frozen=True)
class Dataset:
    """The records of a verified dataset folder, as the ``bulletins.schemas`` models."""

    directory: Path
    manifest: Manifest
    bulletins: list[Bulletin]
    mentions: list[Mention]
    entities: list[Entity]
    errors: list[ErrorRecord]
    index: list[IndexEntry] = field(default_factory=list)


def read_manifest(directory: Path) -> Manifest:
    """The manifest of ``directory``, of this schema version; not yet checked against the files."""
    path = directory / MANIFEST_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DatasetError(
            f"{directory}: no readable {MANIFEST_FILE}; is it a dataset folder? If it is, {RERUN}"
        ) from error
    try:
        manifest = Manifest.model_validate_json(text)
    except ValidationError as error:
        raise DatasetError(
            f"{path}: not a manifest of this tool ({validation_message(error, 'manifest')}); {RERUN}"
        ) from error
    if manifest.schema_version != SCHEMA_VERSION:
        raise DatasetError(
            f"{directory}: schema version {manifest.schema_version}, this tool reads {SCHEMA_VERSION}; "
            f"rebuild the dataset with this version (run `bulletins rebuild`)"
        )
    return manifest


HASH_CHUNK = 1 << 20


def _hash_and_count(path: Path) -> tuple[str, int]:
    """The sha256 of a file and its records as the writer counts them (non-blank lines,
    lines end at ``\\n``), read in chunks, never whole."""
    digest = hashlib.sha256()
    records = 0
    filled = False  # the line being read has a non-blank byte so far
    with path.open("rb") as stream:
        while chunk := stream.read(HASH_CHUNK):
            digest.update(chunk)
            *ended, rest = chunk.split(b"\n")
            for part in ended:
                records += filled or bool(part.strip())
                filled = False
            filled = filled or bool(rest.strip())
    return digest.hexdigest(), records + filled


def dataset_folder(address: Path) -> Path:
    """The folder of a dataset address (``DIR``, ``DIR@previous``, ``DIR@3``, ``DIR@2026-11-30``)."""
    try:
        return dataset_at(address)
    except DatasetAddressError as error:
        raise DatasetError(str(error)) from error


def verify(directory: Path) -> Manifest:
    """Read a dataset's manifest and check every output file against it (hash, records);
    ``directory`` may be an address of a kept dataset (``DIR@previous``)."""
    directory = dataset_folder(directory)
    manifest = read_manifest(directory)
    listed = {entry.file for entry in manifest.outputs}
    missing = [name for name in OUTPUT_FILES if name not in listed]
    if missing:
        raise DatasetError(f"{directory / MANIFEST_FILE} lists no {', '.join(missing)}; {RERUN}")
    for entry in manifest.outputs:
        path = directory / entry.file
        if entry.file not in OUTPUT_FILES:
            raise DatasetError(f"{directory / MANIFEST_FILE} lists an unknown file {entry.file!r}; {RERUN}")
        try:
            sha256, records = _hash_and_count(path)
        except OSError as error:
            raise DatasetError(f"{path}: cannot be read ({error.strerror}); {RERUN}") from error
        if sha256 != entry.sha256:
            raise DatasetError(
                f"{path} does not match its manifest entry (edited, truncated or half-written); {RERUN}"
            )
        if records != entry.records:
            raise DatasetError(f"{path} holds {records} records, its manifest says {entry.records}; {RERUN}")
    return manifest


def _read(directory: Path, name: str, model: type[ModelT]) -> Iterator[ModelT]:
    try:
        for _, record in read_models(directory / name, model):
            yield record
    except JsonLinesError as error:
        raise DatasetError(f"{error}; {RERUN}") from error


def read_dataset(directory: Path) -> Dataset:
    """Every record of the dataset folder ``directory`` (or address), after ``verify``.

    Mentions must lie in their bulletin's text (``text == bulletin.text[start:end]``),
    and every mention and entity must belong to a bulletin of the dataset.
    """
    directory = dataset_folder(directory)
    manifest = verify(directory)
    bulletins = list(_read(directory, BULLETINS_FILE, Bulletin))
    mentions = list(_read(directory, MENTIONS_FILE, Mention))
    entities = list(_read(directory, ENTITIES_FILE, Entity))
    errors = list(_read(directory, ERRORS_FILE, ErrorRecord))
    index = list(_read(directory, INDEX_FILE, IndexEntry))
    texts = {b.id: b.text for b in bulletins}
    for mention in mentions:
        text = texts.get(mention.bulletin_id)
        if text is None:
            raise DatasetError(
                f"{directory / MENTIONS_FILE}: a mention of {mention.bulletin_id!r}, "
                f"a bulletin the dataset does not hold; {RERUN}"
            )
        if text[mention.start : mention.end] != mention.text:
            raise DatasetError(
                f"{directory / MENTIONS_FILE}: mention {mention.text!r} at {mention.start}-{mention.end} "
                f"does not match the text of {mention.bulletin_id!r} there; {RERUN}"
            )
    for entity in entities:
        if entity.bulletin_id not in texts:
            raise DatasetError(
                f"{directory / ENTITIES_FILE}: an entity of {entity.bulletin_id!r}, "
                f"a bulletin the dataset does not hold; {RERUN}"
            )
    return Dataset(directory, manifest, bulletins, mentions, entities, errors, index)
