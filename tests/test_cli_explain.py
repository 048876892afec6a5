"""``bulletins extract --explain``: the resolver's decision trail, through the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import app

runner = CliRunner()


def test_explain_shows_kept_lost_and_refused_candidates_with_their_rules(tmp_path: Path) -> None:
    bulletin = tmp_path / "b.txt"
    bulletin.write_text(
        "La Commission européenne s'est réunie à Paris le 3 mars 2019.\nOVERVIEW\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["extract", str(bulletin), "--explain"], env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "│" in line]
    kept = [r for r in rows if " kept " in r]
    assert any("Commission européenne" in r and "gazetteer" in r for r in kept)
    assert any("3 mars 2019" in r and "dates" in r for r in kept)
    assert any("overlap-lost" in r and "Commission" in r for r in rows)
    assert any("OVERVIEW" in r and "model-refused:heading-in-capitals" in r for r in rows)
    assert '"mentions"' not in result.stdout  # the trail replaces the records


def test_without_explain_the_records_are_printed(tmp_path: Path) -> None:
    bulletin = tmp_path / "b.txt"
    bulletin.write_text("La Commission européenne s'est réunie à Paris.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(bulletin)])
    assert result.exit_code == 0, result.output
    assert '"mentions"' in result.stdout and "overlap-lost" not in result.stdout
