"""Shared fixtures: the real pipeline, loaded once per test run, and the data files."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from bulletins.extraction.nlp import build_nlp

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
REPO_GOLD = DATA / "dev-written.jsonl"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden outputs in tests/golden from the current pipeline.",
    )


@pytest.fixture(scope="session")
def nlp() -> Language:
    return build_nlp()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold" / "dev.jsonl").exists():
        pytest.skip("../shared is absent (a user's clone has no shared/ folder beside it)")
    return SHARED


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
