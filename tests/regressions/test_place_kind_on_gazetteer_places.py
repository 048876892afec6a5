"""Regression: every PLACE the gazetteer finds carries the kind it knows (it was null)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import app

runner = CliRunner()


def test_extract_gives_each_place_its_kind(tmp_path: Path) -> None:
    bulletin = tmp_path / "places.txt"
    bulletin.write_text(
        "Le 4 octobre 2019, des navires partis d'Almaty ont croisé en mer Noire avant de gagner l'Ouzbékistan.",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(bulletin)])
    assert result.exit_code == 0, result.output
    places = {m["text"]: m for m in json.loads(result.stdout)["mentions"] if m["label"] == "PLACE"}
    assert {text: m["place_kind"] for text, m in places.items()} == {
        "Almaty": "city",
        "mer Noire": "sea",
        "Ouzbékistan": "country",
    }
    assert places["Ouzbékistan"]["country"] == "UZ"
    assert places["Almaty"]["country"] is None  # a city's own mention carries no country code
