"""Small corpora and command-line runs shared by the dataset regression tests."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from bulletins.cli.app import app

TEXTS = {
    "a.txt": "Bruxelles, le 4 octobre 2006 – Le Conseil de l'Atlantique Nord a reçu la Serbie.",
    "b.txt": "Genève, le 12 mars 2019 – L'OSCE a ouvert un bureau à Tachkent.",
    "c.txt": "Le 3 mai 2021, l'Union européenne a lancé le programme Horizon Europe.",
}
runner = CliRunner()


def corpus(folder: Path, texts: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (texts or TEXTS).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def bulletins(*args: str | Path) -> Result:
    """``bulletins ARGS…``, in this process (the pipeline is loaded once per test run)."""
    return runner.invoke(app, [str(a) for a in args])


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every file under ``folder`` (links as their target), to check that nothing changed."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = f"-> {path.readlink()}"
        elif path.is_file():
            found[key] = path.read_bytes()
    return found
