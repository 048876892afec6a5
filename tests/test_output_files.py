"""``--output`` of ``bulletins report`` and ``bulletins diff`` never replaces a file of the
user's: a file this tool wrote is replaced (a report made again), another one only with
``--force`` (the rule ``bulletins export`` follows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import app
from tests.regressions.datasets import TEXT, small_dataset

runner = CliRunner()
MINE = "Mes notes de la semaine : ne pas perdre.\n"


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("outputs")
    old = small_dataset(root / "old")
    new = small_dataset(root / "new", TEXT.replace("Bruxelles", "Bruxelles et Paris"))
    return old, new


def _commands(old: Path, new: Path) -> dict[str, list[str]]:
    return {
        "report html": ["report", str(old)],
        "report text": ["report", str(old), "--format", "text"],
        "diff text": ["diff", str(old), str(new)],
        "diff stat": ["diff", str(old), str(new), "--stat"],
        "diff stat, nothing changed": ["diff", str(old), str(old), "--stat"],
        "diff json": ["diff", str(old), str(new), "--format", "json"],
        "diff html": ["diff", str(old), str(new), "--format", "html"],
    }


@pytest.mark.parametrize("name", list(_commands(Path(), Path())))
def test_a_users_file_is_kept_and_the_tools_own_report_is_replaced(
    datasets: tuple[Path, Path], tmp_path: Path, name: str
) -> None:
    command = _commands(*datasets)[name]
    option = "--output" if command[0] == "report" else "-o"
    mine = tmp_path / "notes.txt"
    mine.write_text(MINE, encoding="utf-8")
    refused = runner.invoke(app, [*command, option, str(mine)])
    assert refused.exit_code != 0, refused.output
    assert "exists and is not a report of this tool" in refused.output
    assert "--force" in refused.output
    assert mine.read_text(encoding="utf-8") == MINE  # untouched

    forced = runner.invoke(app, [*command, option, str(mine), "--force"])
    assert forced.exit_code == 0, forced.output
    written = mine.read_text(encoding="utf-8")
    assert written != MINE

    again = runner.invoke(app, [*command, option, str(mine)])  # its own report: made again
    assert again.exit_code == 0, again.output
    assert mine.read_text(encoding="utf-8") == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # no temporary left


def test_the_default_html_report_beside_the_dataset_is_protected_too(tmp_path: Path) -> None:
    dataset = small_dataset(tmp_path / "ds")
    beside = tmp_path / "ds-report.html"
    beside.write_text("<html>ma page</html>\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(dataset)])
    assert result.exit_code != 0
    assert "ds-report.html exists and is not a report of this tool" in result.output
    assert beside.read_text(encoding="utf-8") == "<html>ma page</html>\n"
    assert runner.invoke(app, ["report", str(dataset), "--force"]).exit_code == 0
    assert runner.invoke(app, ["report", str(dataset)]).exit_code == 0
