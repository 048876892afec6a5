"""``bulletins init``: write a commented project file, ``bulletins.toml``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bulletins.cli.console import note
from bulletins.config import CONFIG_FILE, write_init


def init(
    corpus: Annotated[
        str, typer.Option("--corpus", metavar="DIR", help="The corpus folder the file names.")
    ] = "corpus",
    out: Annotated[
        str, typer.Option("--out", "-o", metavar="DIR", help="The dataset folder the file names.")
    ] = "outputs",
    config: Annotated[
        Path, typer.Option("--config", "-c", metavar="FILE", help="Where to write the project file.")
    ] = Path(CONFIG_FILE),
    force: Annotated[bool, typer.Option("--force", help="Replace a project file that exists.")] = False,
) -> None:
    """Write a commented bulletins.toml, so that `bulletins run` alone does the weekly job."""
    path = write_init(config, corpus, out, force)
    note(f"{path} written: edit it, then run `bulletins run`")
