"""B10/X4–X8: ``export`` to an unusable target gave a traceback; now a message and exit 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import app
from tests.regressions.datasets import small_dataset

runner = CliRunner()


def _refused(*args: str) -> str:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.output


def test_sqlite_into_an_existing_folder(tmp_path: Path) -> None:
    dataset = small_dataset(tmp_path / "ds")
    (tmp_path / "exdir").mkdir()
    assert "is a folder" in _refused(str(dataset), "--output", str(tmp_path / "exdir"), "--force")


def test_parquet_to_an_existing_file(tmp_path: Path) -> None:
    dataset = small_dataset(tmp_path / "ds")
    (tmp_path / "precious.db").write_text("x", encoding="utf-8")
    output = _refused(str(dataset), "--format", "parquet", "--output", str(tmp_path / "precious.db"))
    assert "is a file" in output
    assert (tmp_path / "precious.db").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("fmt", ["sqlite", "parquet"])
def test_a_missing_parent_folder(tmp_path: Path, fmt: str) -> None:
    dataset = small_dataset(tmp_path / "ds")
    output = _refused(str(dataset), "--format", fmt, "--output", str(tmp_path / "nowhere" / "x.sqlite"))
    assert "does not exist; create it first" in output


@pytest.mark.parametrize("fmt", ["sqlite", "parquet"])
def test_a_place_that_cannot_be_written(tmp_path: Path, fmt: str) -> None:
    dataset = small_dataset(tmp_path / "ds")
    if os.geteuid() == 0:  # root writes through permissions: use a kernel folder instead
        folder = Path("/sys")
        try:
            (folder / ".bulletins-probe").touch()
        except OSError:
            pass
        else:
            (folder / ".bulletins-probe").unlink()
            pytest.skip("no folder that root cannot write")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    output = _refused(str(dataset), "--format", fmt, "--output", str(folder / "x.export"))
    assert "cannot be written" in output
