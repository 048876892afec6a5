"""The generated resource file is what its script makes of the data it is built from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_world_cities_are_regenerated_byte_for_byte(tmp_path: Path) -> None:
    output = tmp_path / "cities_world.jsonl"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_cities.py"), "--output", str(output)],
        check=True,
        capture_output=True,
    )
    committed = ROOT / "pipeline" / "extraction" / "resources" / "cities_world.jsonl"
    assert output.read_bytes() == committed.read_bytes()
