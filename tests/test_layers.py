"""The layers of the package: each folder imports only from the folders below it.

errors < schemas < inputs < extraction < dataset < running, review, report, evaluation < cli;
``config`` (the project file) sits on ``schemas`` and is read by ``cli``.
``bulletins/__init__.py`` (the package's face: its version, ``load_pipeline``) may be
imported by any layer for the version; it imports the extraction only inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

BELOW = {
    "errors": set(),
    "schemas": {"errors"},
    "inputs": {"errors", "schemas"},
    "extraction": {"errors", "schemas", "inputs"},
    "dataset": {"errors", "schemas", "inputs", "extraction"},
    "running": {"errors", "schemas", "inputs", "extraction", "dataset"},
    "review": {"errors", "schemas", "inputs", "extraction", "dataset"},
    "report": {"errors", "schemas", "inputs", "extraction", "dataset"},
    "evaluation": {"errors", "schemas", "inputs", "extraction", "dataset"},
    "config": {"errors", "schemas"},
    "cli": {
        "errors",
        "schemas",
        "inputs",
        "extraction",
        "dataset",
        "running",
        "review",
        "report",
        "evaluation",
        "config",
    },
}


def _layer_of_module(name: str) -> str:
    parts = name.split(".")
    if parts[:2] == ["bulletins", "schemas"]:
        return "schemas"
    return parts[1] if len(parts) > 1 else "package"


def _layer_of_file(path: Path) -> str:
    relative = path.relative_to(ROOT)
    if relative.parts[0] == "schemas":
        return "schemas"
    return relative.parts[1].removesuffix(".py") if len(relative.parts) > 1 else "package"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name == "bulletins" or name.startswith("bulletins.")}


def test_each_layer_imports_only_from_the_layers_below() -> None:
    wrong = []
    for path in sorted([*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "schemas").rglob("*.py")]):
        layer = _layer_of_file(path)
        if layer not in BELOW:
            continue  # the package's face and __main__
        for name in _imports(path):
            target = _layer_of_module(name)
            if target not in BELOW[layer] | {layer, "package"}:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_every_folder_of_the_package_has_a_layer() -> None:
    folders = {p.name for p in (ROOT / "pipeline").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders <= set(BELOW), folders - set(BELOW)
