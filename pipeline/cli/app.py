"""The ``bulletins`` command line: thin Typer commands over the library's functions.

Exit codes: 0 success; 1 a fatal error (missing model, unreadable gold or corpus, bad
resource); 2 a usage error; 3 the run finished, but some inputs failed (see errors.jsonl);
4 the run stopped at --max-errors, and the previous dataset was left as it was.
Heavy imports (spaCy) happen inside the commands, so ``--help``, ``schema``, ``diff`` and
``export`` never load it.

Every error meant for the user is a ``BulletinsError``: the one handler below prints
``error: <message>`` on standard error, without a traceback, and exits with its
``exit_code``.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from bulletins.cli import diff, evaluate, export, extract, run, schema, watch
from bulletins.cli.console import EXIT_FATAL, EXIT_INPUTS_FAILED, EXIT_STOPPED, EXIT_USAGE, error
from bulletins.errors import BulletinsError

__all__ = ["EXIT_FATAL", "EXIT_INPUTS_FAILED", "EXIT_STOPPED", "EXIT_USAGE", "app", "main"]


class _Commands(TyperGroup):
    """The commands, with the one handler of the errors a user reads."""

    def invoke(self, ctx: Any) -> Any:  # typer's own (vendored) click Context
        try:
            return super().invoke(ctx)
        except BulletinsError as failure:
            error(str(failure))
            raise typer.Exit(failure.exit_code) from None


app = typer.Typer(
    name="bulletins",
    help="French institutional bulletins → validated records of organisations, programmes, places and dates.",
    cls=_Commands,
    no_args_is_help=True,
    add_completion=False,
)
app.command()(run.run)
app.command()(run.rebuild)
app.command()(extract.extract)
app.command()(evaluate.evaluate)
app.command()(export.export)
app.command()(diff.diff)
app.command()(schema.schema)
app.command()(watch.watch)


def main() -> None:  # pragma: no cover - console script entry
    """The ``bulletins`` console script and ``python -m bulletins``."""
    app()
