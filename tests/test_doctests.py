"""The examples in the docstrings of every module of the installed ``bulletins`` package
still hold: a stale example fails here."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import bulletins
import bulletins.schemas

# Modules that cannot be imported without side effects: their source is read instead, and
# must hold no example (so that none is skipped without a word).
NOT_IMPORTABLE = {"bulletins.__main__": "running it starts the command line"}
# Examples known to be stale, each with what is wrong; strict, so a fix must remove the entry.
KNOWN_STALE: dict[str, str] = {}


def installed_modules() -> list[str]:
    """Every module of the installed package, ``bulletins.schemas`` included.

    An editable install maps ``bulletins.schemas`` to another folder than ``bulletins``,
    so ``walk_packages`` over ``bulletins.__path__`` alone would not see it.
    """
    names = {"bulletins", "bulletins.schemas"}
    names.update(info.name for info in pkgutil.walk_packages(bulletins.__path__, "bulletins."))
    names.update(
        info.name for info in pkgutil.walk_packages(bulletins.schemas.__path__, "bulletins.schemas.")
    )
    return sorted(names)


def _params() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_STALE[name]))
        if name in KNOWN_STALE
        else name
        for name in installed_modules()
        if name not in NOT_IMPORTABLE
    ]


def test_the_walk_finds_the_whole_package() -> None:
    names = installed_modules()
    assert len(names) > 40
    for expected in ("bulletins.cli.app", "bulletins.extraction.dates.grammar", "bulletins.schemas.records"):
        assert expected in names
    assert set(KNOWN_STALE) <= set(names)
    assert set(NOT_IMPORTABLE) <= set(names)


@pytest.mark.parametrize("name", _params())
def test_doctests_hold(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} example(s) of {name} fail (see above)"


@pytest.mark.parametrize("name", sorted(NOT_IMPORTABLE))
def test_modules_not_imported_hold_no_example(name: str) -> None:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None
    source = Path(spec.origin).read_text(encoding="utf-8")
    assert doctest.DocTestParser().get_examples(source) == [], NOT_IMPORTABLE[name]
