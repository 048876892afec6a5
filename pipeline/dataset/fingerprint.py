"""The pipeline fingerprint: everything that shapes the records, in one hash.

Two runs with the same fingerprint give the same records for the same bytes, so a
record computed once can be reused. It covers the code that makes the records (the
package version and the bytes of every module of ``bulletins.extraction``,
``bulletins.inputs`` and ``bulletins.schemas``), the model (name and version), the
versions of the packages that shape the output, the contents of the resource files and
the settings that shape the output. The CLI, the review and evaluation modules and the
diff page's style are left out: changing them changes no record.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import bulletins
from bulletins.schemas.manifest import ModelInfo
from bulletins.schemas.settings import Settings

# The packages whose modules make the records, by import name.
CODE_PACKAGES = ("bulletins.extraction", "bulletins.inputs", "bulletins.schemas")


def code_files() -> dict[str, Path]:
    """The modules hashed by ``code_hash``, by a name that does not depend on where they are.

    >>> "bulletins/extraction/nlp.py" in code_files()
    True
    >>> "bulletins/cli/app.py" in code_files()
    False
    """
    files: dict[str, Path] = {}
    for name in CODE_PACKAGES:
        package = importlib.import_module(name)
        for root in map(Path, package.__path__):
            prefix = name.replace(".", "/")
            for path in root.rglob("*.py"):
                files[f"{prefix}/{path.relative_to(root).as_posix()}"] = path
    return dict(sorted(files.items()))


@cache
def code_hash() -> str:
    """sha256 over the names and bytes of the modules that make the records."""
    digest = hashlib.sha256()
    for name, path in code_files().items():
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def pipeline_fingerprint(
    settings: Settings, model: ModelInfo, resources: Mapping[str, str], versions: Mapping[str, str]
) -> str:
    """One hex digest for code, model, package versions, resources and settings.

    The resources enter by the sha256 of each file, never by the folder's path: the same
    folder typed as a relative or an absolute path gives the same fingerprint.
    """
    payload = {
        "pipeline_version": bulletins.__version__,
        "code": code_hash(),
        "model": model.model_dump(),
        "versions": dict(sorted(versions.items())),
        "resources": dict(sorted(resources.items())),
        # the batch size cannot change a record; the resources count by their contents above
        "settings": settings.model_dump(exclude={"batch_size", "resources"}),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
