"""B8: ``--batch-size`` out of 1..1024 is a usage error (exit 2), not a pydantic traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import EXIT_FATAL, EXIT_USAGE, app

runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "rebuild"])
@pytest.mark.parametrize("size", ["5000", "1025", "0"])
def test_batch_size_out_of_range_is_a_usage_error(command: str, size: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = runner.invoke(app, [command, str(corpus), "--out", str(tmp_path / "out"), "--batch-size", size])
    assert result.exit_code == EXIT_USAGE, result.output
    assert isinstance(result.exception, SystemExit)  # no exception escaped: no traceback
    assert "--batch-size" in result.output and "1..1024" in result.output and size in result.output
    assert "Traceback" not in result.output and "ValidationError" not in result.output
    assert not (tmp_path / "out").exists()


def test_the_bounds_themselves_are_accepted(tmp_path: Path) -> None:
    # the option lets 1 and 1024 through: the run then stops at the missing corpus (exit 1, not 2)
    for size in ("1", "1024"):
        result = runner.invoke(
            app, ["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"), "--batch-size", size]
        )
        assert result.exit_code == EXIT_FATAL and "is not a folder" in result.output


def test_the_help_names_the_range() -> None:
    result = runner.invoke(app, ["run", "--help"])
    assert result.exit_code == 0 and "1..1024" in result.output
