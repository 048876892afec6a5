"""C4/D7: ``diff`` was quadratic in the mentions of one bulletin (``list.remove`` with
pydantic equality, linear searches), and the text diff compared characters. A bulletin of
20,000 mentions against an edited copy must diff in a few seconds."""

from __future__ import annotations

import json
import time
from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.review.diff import Side, compare
from bulletins.schemas.diff import DiffReport, MentionView
from bulletins.schemas.records import Mention
from tests.regressions.datasets import bulletin, mention, write_dataset

runner = CliRunner()
COUNT = 20_000


def _text(inserted: set[int] = frozenset()) -> tuple[str, list[tuple[int, int]]]:
    """One long line: « Lieu0 et Lieu1 et … », with « de nouveau » before the places in
    ``inserted``; the spans of the places."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for index in range(COUNT):
        prefix = "de nouveau " if index in inserted else ""
        name = f"Lieu{index}"
        parts.append(f"{prefix}{name} et ")
        spans.append((cursor + len(prefix), cursor + len(prefix) + len(name)))
        cursor += len(prefix) + len(name) + 4
    return "".join(parts) + "fin.\n", spans


def _mentions(text: str, spans: list[tuple[int, int]], edited: bool) -> list[Mention]:
    mentions = []
    for index, (start, end) in enumerate(spans):
        if edited and index % 50 == 0:
            continue  # 2 % removed
        label = "ORGANISATION" if edited and index % 100 == 1 else "PLACE"  # 1 % relabelled
        mentions.append(mention("big", text, start, end, label))
    return mentions


def _side(directory: Path) -> Side:
    """The side ``diff`` reads, built from the files without a second validation."""
    bulletins = [json.loads(line) for line in (directory / "bulletins.jsonl").open(encoding="utf-8")]
    views = [
        MentionView.model_validate(
            {k: v for k, v in json.loads(line).items() if k in MentionView.model_fields}
        )
        for line in (directory / "mentions.jsonl").open(encoding="utf-8")
    ]
    return Side(texts={b["id"]: b["text"] for b in bulletins}, mentions={"big": views})


def _diff(old: Path, new: Path, report: Path) -> tuple[DiffReport, float]:
    """The report of ``bulletins diff``, and the seconds the comparison itself takes."""
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json", "-o", str(report)])
    assert result.exit_code == 0, result.output
    before, after = _side(old), _side(new)
    started = time.perf_counter()
    compare(before, after)
    seconds = time.perf_counter() - started
    return DiffReport.model_validate(json.loads(report.read_text(encoding="utf-8"))), seconds


def test_many_mentions_of_one_bulletin(tmp_path: Path) -> None:
    text, spans = _text()
    old = write_dataset(tmp_path / "old", [(bulletin("big", text), _mentions(text, spans, False))])
    new = write_dataset(tmp_path / "new", [(bulletin("big", text), _mentions(text, spans, True))])
    report, seconds = _diff(old, new, tmp_path / "d.json")
    total = report.summary.mentions["total"]
    assert (total.removed, total.changed, total.added) == (COUNT // 50, COUNT // 100, 0)
    assert seconds < 3, seconds  # was quadratic: 8,000 mentions took 1.5 s, 89,000 never ended


def test_an_edited_long_text(tmp_path: Path) -> None:
    old_text, old_spans = _text()
    inserted = set(range(7, COUNT, 997))
    new_text, new_spans = _text(inserted)
    assert "\n" not in old_text[:-1]  # one long line: the diff must work inside it
    old = write_dataset(
        tmp_path / "old", [(bulletin("big", old_text), _mentions(old_text, old_spans, False))]
    )
    new = write_dataset(tmp_path / "new", [(bulletin("big", new_text), _mentions(new_text, new_spans, True))])
    report, seconds = _diff(old, new, tmp_path / "d.json")
    assert report.bulletins[0].status == "text-changed"
    total = report.summary.mentions["total"]
    # every place is found again at its new offset: only the edits of the mentions show
    assert (total.removed, total.changed, total.added) == (COUNT // 50, COUNT // 100, 0)
    assert seconds < 3, seconds  # a character diff of these 330,000 characters takes minutes
