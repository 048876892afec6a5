"""The ``bulletins`` command line: thin Typer commands over the library's functions.

Exit codes: 0 success; 1 a fatal error (missing model, unreadable gold or corpus, bad
resource); 2 a usage error; 3 the run finished, but some inputs failed (see errors.jsonl);
4 the run stopped at --max-errors, and the previous dataset was left as it was.
Heavy imports (spaCy) happen inside the commands, so ``--help``, ``--version``, ``init``,
``status``, ``log``, ``schema``, ``diff``, ``export`` and ``report`` never load it. The help is plain
text, as other command-line tools print it: option values are named (« --jobs N »), never
shown as type placeholders (« <int> », « <bool> »).

Every error meant for the user is a ``BulletinsError``: the one handler below prints
``error: <message>`` on standard error, without a traceback, and exits with its
``exit_code``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from bulletins.cli import (
    candidates,
    diff,
    evaluate,
    export,
    extract,
    history,
    init,
    report,
    run,
    schema,
    status,
    watch,
)
from bulletins.cli.console import EXIT_FATAL, EXIT_INPUTS_FAILED, EXIT_STOPPED, EXIT_USAGE, error
from bulletins.errors import BulletinsError

__all__ = ["EXIT_FATAL", "EXIT_INPUTS_FAILED", "EXIT_STOPPED", "EXIT_USAGE", "app", "main"]


def _no_type(ctx: Any = None) -> None:
    """An argument's help shows its name only (« CORPUS »), not its type (« <path> »)."""


class _Commands(TyperGroup):
    """The commands, with the one handler of the errors a user reads."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command, its help showing names (« --fail-on KINDS », « DATASET »), never a type
        placeholder such as ``<str>`` or ``<path>``."""
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", []):
            if param.param_type_name == "argument":
                param.metavar = param.metavar or (param.name or "value").upper()
                setattr(param, "display_type_rich", _no_type)  # noqa: B010 - per instance
            elif param.metavar is None and not getattr(param, "is_flag", False):
                descriptor = getattr(param, "type_descriptor", None)
                choices = descriptor.choices if descriptor is not None and descriptor.is_choice else None
                names = [str(getattr(choice, "value", choice)) for choice in choices or ()]
                param.metavar = "|".join(names) if names else (param.name or "value").upper()
        return command

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
    rich_markup_mode=None,  # plain help, as other command-line tools print it: no <bool> placeholders
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        from bulletins import __version__

        typer.echo(f"bulletins {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """French institutional bulletins → validated records of organisations, programmes, places and dates."""


app.command()(init.init)
app.command()(run.run)
app.command()(run.rebuild)
app.command()(status.status)
app.command()(history.log)
app.command()(extract.extract)
app.command()(evaluate.evaluate)
app.command()(export.export)
app.command()(diff.diff)
app.command()(report.report)
app.command()(schema.schema)
app.command()(candidates.candidates)
app.command()(watch.watch)


def main() -> None:  # pragma: no cover - console script entry
    """The ``bulletins`` console script and ``python -m bulletins``."""
    app()
