"""The two consoles of the command line, its messages, its exit codes and its own error.

Records and reports go to standard output; progress, summaries and errors to standard
error. Every message is escaped with ``rich.markup.escape`` before it is styled, so a
file name like ``bulletin[2019].txt`` is printed as it is, not eaten as markup.
"""

from __future__ import annotations

import logging
import sys

from rich.console import Console
from rich.markup import escape

from bulletins.errors import BulletinsError

EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_INPUTS_FAILED = 3
EXIT_STOPPED = 4

stderr = Console(stderr=True)
stdout = Console()


class CommandError(BulletinsError):
    """A mistake in what the command was given: « --resources x: no such folder »."""

    def __init__(self, message: str, exit_code: int = EXIT_FATAL) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _styled(message: str, style: str | None) -> str:
    text = escape(message)
    return f"[{style}]{text}[/]" if style else text


def note(message: str, style: str | None = None) -> None:
    """A line on standard error: a summary, where the output went, a warning."""
    stderr.print(_styled(message, style), highlight=False, soft_wrap=True)


def error(message: str) -> None:
    """« error: <message> » on standard error."""
    stderr.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def say(message: str) -> None:
    """A line of a report on standard output."""
    stdout.print(escape(message), highlight=False, soft_wrap=True)


_OURS = "bulletins-cli"


def configure_logging(verbose: bool) -> None:
    """Log to standard error: what the stages do with --verbose, warnings otherwise.

    Each command call replaces the handler of the previous one, so that the log goes to
    the standard error of this call (``logging.basicConfig`` would keep the first one).
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == _OURS]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_OURS)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)
