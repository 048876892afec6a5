"""The pipeline fingerprint: everything that shapes the records, in one hash.

Two runs with the same fingerprint give the same records for the same bytes, so a
record computed once can be reused. It covers the code (the package version and the
bytes of every module), the model (name and version), the resource files and the
settings.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import bulletins as pipeline
import bulletins.schemas as schemas
from bulletins.schemas.manifest import ModelInfo
from bulletins.schemas.settings import Settings


@cache
def code_hash() -> str:
    """sha256 over the source of the ``pipeline`` and ``schemas`` packages."""
    digest = hashlib.sha256()
    for package in (pipeline, schemas):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*.py")):
            digest.update(path.relative_to(root.parent).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def pipeline_fingerprint(settings: Settings, model: ModelInfo, resources: dict[str, str]) -> str:
    """One hex digest for code, model, resources and settings."""
    payload = {
        "pipeline_version": pipeline.__version__,
        "code": code_hash(),
        "model": model.model_dump(),
        "resources": dict(sorted(resources.items())),
        "settings": settings.model_dump(exclude={"batch_size"}),  # it cannot change a record
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
