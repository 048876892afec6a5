"""``bulletins diff``: two datasets (or a gold file and a dataset) mention by mention."""

from __future__ import annotations

import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console

from bulletins.cli.console import EXIT_USAGE, CommandError

DIFF_KINDS = ("added", "removed", "changed")


NO_WRAP = 1_000_000  # columns: a line is never cut


def _console(stream: TextIO, width: int | None, on_terminal: bool) -> Console:
    """Colours only on a terminal; wrapped at ``width``, at the terminal's width on a
    terminal, never elsewhere (so that ``grep`` finds whole lines)."""
    if on_terminal:
        return Console(file=stream, width=width or None, highlight=False, force_terminal=True)
    return Console(
        file=stream, width=width or NO_WRAP, color_system=None, highlight=False, force_terminal=False
    )


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def diff(
    old: Annotated[Path | None, typer.Argument(help="The old dataset (with --gold: the dataset).")] = None,
    new: Annotated[Path | None, typer.Argument(help="The new dataset.")] = None,
    gold: Annotated[
        Path | None, typer.Option("--gold", help="Compare a gold file with the dataset instead.")
    ] = None,
    diff_format: Annotated[
        DiffFormat, typer.Option("--format", help="text, json or html.")
    ] = DiffFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report there.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace --output even when it is not a report of this tool.")
    ] = False,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are differences, 0 when there are none.")
    ] = False,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Which changes count for --exit-code: added,removed,changed.")
    ] = ",".join(DIFF_KINDS),
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            min=0,
            help="Wrap the text view at this many columns (0: never). Default: the terminal's "
            "width on a terminal, no wrapping otherwise (a pipe, a file).",
        ),
    ] = None,
    stat: Annotated[
        bool,
        typer.Option(
            "--stat", help="Only a line per changed bulletin with a bar of + - ~, like git diff --stat."
        ),
    ] = False,
) -> None:
    """Compare two datasets mention by mention (or a gold file and a dataset, with --gold).

    Identical changes are grouped and counted (against gold: missed, spurious, wrong
    boundary, wrong label, wrong value); every view shows the groups, then the details.

    Exit codes: 0, or with --exit-code 0 when nothing differs and 1 when something does;
    2 on an error (an unreadable dataset, another schema version), in every mode.
    """
    from bulletins.review.diff import compare, read_dataset, read_gold_side
    from bulletins.review.output import check_output, write_report
    from bulletins.review.page import html_view
    from bulletins.review.views import stat_view, terminal_view

    kinds = {k.strip() for k in fail_on.split(",") if k.strip()}
    if not kinds <= set(DIFF_KINDS):
        raise CommandError(f"--fail-on takes {', '.join(DIFF_KINDS)}, not {fail_on!r}", EXIT_USAGE)
    if (gold is None and (old is None or new is None)) or (
        gold is not None and (old is None or new is not None)
    ):
        raise CommandError("give OLD_DIR NEW_DIR, or --gold GOLD.jsonl DIR", EXIT_USAGE)
    if diff_format is not DiffFormat.text and (stat or width is not None):
        raise CommandError(
            f"--stat and --width shape the text view; drop them, or use --format text (not {diff_format})",
            EXIT_USAGE,
        )
    if diff_format is DiffFormat.html and output is None:
        raise CommandError("--format html needs --output report.html", EXIT_USAGE)
    if output is not None:
        check_output(output, force)
    if gold is not None:
        before, after = read_gold_side(gold), read_dataset(old)  # type: ignore[arg-type]
    else:
        before, after = read_dataset(old), read_dataset(new)  # type: ignore[arg-type]
    report = compare(
        before, after, "gold" if gold is not None else "datasets", keep=diff_format is DiffFormat.html
    )
    if diff_format is DiffFormat.text:
        buffer = io.StringIO()
        on_terminal = output is None and sys.stdout.isatty()
        console = _console(buffer if output is not None else sys.stdout, width, on_terminal)
        shown = (
            stat_view(report, console.width if on_terminal or width else None)
            if stat
            else terminal_view(report)
        )
        console.print(shown, soft_wrap=width == 0 or (width is None and not on_terminal))
        if output is not None:
            write_report(output, buffer.getvalue())
    elif diff_format is DiffFormat.json:
        text = report.model_dump_json(indent=2) + "\n"  # fields in the schema's order: the same bytes
        if output is None:
            sys.stdout.write(text)
        else:
            write_report(output, text)
    else:
        title = f"Extraction diff: {gold.name if gold else old.name} → {(old if gold else new).name}"  # type: ignore[union-attr]
        write_report(output, html_view(report, before, after, title))  # type: ignore[arg-type]
    if exit_code:
        counted = report.summary.mentions["total"]
        differs = (
            any(getattr(counted, kind) for kind in kinds)
            or ("added" in kinds and report.summary.bulletins_added)
            or ("removed" in kinds and report.summary.bulletins_removed)
            or ("changed" in kinds and report.summary.bulletins_text_changed)
        )
        raise typer.Exit(1 if differs else 0)
