"""``bulletins schema``: the JSON Schema of the records, for other tools."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from pydantic import BaseModel


class RecordName(StrEnum):
    document = "document"
    bulletin = "bulletin"
    mention = "mention"
    entity = "entity"
    index_entry = "index"  # not `index`: the name of a str method
    error = "error"
    manifest = "manifest"
    gold = "gold"
    diff = "diff"


def schema(
    record: Annotated[
        RecordName | None, typer.Argument(help="One record type; all of them when omitted.")
    ] = None,
) -> None:
    """Print the JSON Schema of the records."""
    from bulletins.schemas.bulletin import Bulletin
    from bulletins.schemas.diff import DiffReport
    from bulletins.schemas.gold import GoldDocument
    from bulletins.schemas.index import IndexEntry
    from bulletins.schemas.manifest import Manifest
    from bulletins.schemas.records import BulletinRecords, Entity, ErrorRecord, Mention

    models: dict[str, type[BaseModel]] = {
        "document": BulletinRecords,
        "bulletin": Bulletin,
        "mention": Mention,
        "entity": Entity,
        "index": IndexEntry,
        "error": ErrorRecord,
        "manifest": Manifest,
        "gold": GoldDocument,
        "diff": DiffReport,
    }
    if record is not None:
        data = models[record.value].model_json_schema()
    else:
        data = {name: model.model_json_schema() for name, model in models.items()}
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
