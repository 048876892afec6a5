"""The installed package as a user gets it: ``bulletins`` and nothing else, data files
included, the console script working, from a folder that is not the repository."""

from __future__ import annotations

import importlib.resources
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import ROOT

IMPORTS = """
import importlib, importlib.resources, sys
import bulletins, bulletins.schemas.records, bulletins.extraction.resources
data = importlib.resources.files("bulletins.extraction.resources")
names = sorted(p.name for p in data.iterdir() if p.name.endswith((".jsonl", ".json")))
families = [(f, len(list(data.joinpath(f).iterdir()))) for f in ("organisations", "programmes")]
print(",".join(names) + ";" + ",".join(f"{f}/{n}" for f, n in families))
for generic in ("pipeline", "schemas"):
    try:
        importlib.import_module(generic)
    except ModuleNotFoundError:
        print(generic, "absent")
    else:
        print(generic, "IMPORTED")
"""


def _in(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, cwd=folder, timeout=120)


@pytest.mark.slow
def test_the_package_imports_from_anywhere_and_claims_no_generic_name(tmp_path: Path) -> None:
    done = _in(tmp_path, sys.executable, "-c", IMPORTS)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("\n")
    assert (
        lines[0] == "cities.jsonl,cities_world.jsonl,lexical_tags.json,name_grammar.json,organisations.jsonl,"
        "places.jsonl,programmes.jsonl,role_words.json;organisations/8,programmes/4"  # the family files too
    )
    assert lines[1:3] == ["pipeline absent", "schemas absent"]


@pytest.mark.slow
def test_the_console_script_works(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "bulletins"
    done = _in(tmp_path, str(script), "--help")
    assert done.returncode == 0, done.stderr
    assert "run" in done.stdout and "diff" in done.stdout


def test_the_distribution_has_one_top_level_name() -> None:
    distribution = metadata.distribution("bulletins")
    assert (distribution.read_text("top_level.txt") or "").split() == ["bulletins"]
    claimed = {name for name, owners in metadata.packages_distributions().items() if "bulletins" in owners}
    assert claimed == {"bulletins"}


def _installed_name(folder: Path) -> str:
    """``pipeline/extraction/components`` → ``bulletins.extraction.components``."""
    parts = folder.relative_to(ROOT).parts
    return ".".join(("bulletins", *parts[1:]) if parts[0] == "pipeline" else ("bulletins", *parts))


def test_every_package_folder_is_installed() -> None:
    """``packages`` in pyproject.toml lists every folder with an ``__init__.py``: a folder left
    out is missing from a non-editable install (the editable one still finds it)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"bulletins": "pipeline", "bulletins.schemas": "schemas"}
    folders = [init.parent for top in ("pipeline", "schemas") for init in (ROOT / top).rglob("__init__.py")]
    assert sorted(setuptools["packages"]) == sorted(_installed_name(folder) for folder in folders)


def test_the_package_is_marked_typed() -> None:
    """``py.typed`` (PEP 561) is shipped, so that mypy checks the installed ``bulletins``."""
    assert (importlib.resources.files("bulletins") / "py.typed").is_file()
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "py.typed" in package_data["package-data"]["bulletins"]
