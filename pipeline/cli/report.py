"""``bulletins report``: a dataset at a glance, as a self-contained HTML page or in the terminal."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bulletins.cli.console import note


class ReportFormat(StrEnum):
    html = "html"
    text = "text"


def report(
    dataset: Annotated[Path, typer.Argument(help="A dataset folder written by `bulletins run`.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write (html default: DATASET-report.html beside the dataset; "
            "text default: the terminal).",
        ),
    ] = None,
    report_format: Annotated[
        ReportFormat, typer.Option("--format", help="html: one page with charts; text: a summary.")
    ] = ReportFormat.html,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace --output even when it is not a report of this tool."),
    ] = False,
) -> None:
    """What a dataset covers: bulletins by source and year, mentions, top entities, their
    timelines, countries × programmes, and what to review."""
    from bulletins.report.build import check_output, read_summary, write_text
    from bulletins.report.page import html_page, text_summary

    target = output
    if report_format is ReportFormat.html and target is None:
        target = dataset.with_name(f"{dataset.name}-report.html")
    if target is not None:
        check_output(target, force)
    summary = read_summary(dataset)
    if report_format is ReportFormat.text:
        text = text_summary(summary)
        if target is None:
            sys.stdout.write(text)
            return
        write_text(target, text)
    else:
        write_text(target, html_page(summary))  # type: ignore[arg-type]
    note(f"report → {target}")
