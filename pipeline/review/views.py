"""The terminal views of a diff report (Rich renderables): the summary, the groups of
identical changes, the details; and ``--stat``. The HTML page is in ``page``."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bulletins.review.diff import VALUE_FIELDS, Side
from bulletins.schemas.diff import BulletinDiff, ChangeGroup, DiffReport, MentionChange
from bulletins.schemas.records import LABELS

COLOURS = {"ORGANISATION": "#1f77b4", "PROGRAMME": "#9467bd", "PLACE": "#2ca02c", "DATE": "#ff7f0e"}
TERMINAL_STYLES = {"ORGANISATION": "blue", "PROGRAMME": "magenta", "PLACE": "green", "DATE": "yellow"}
SIGNS = {"added": "+", "removed": "-", "changed": "~"}
KIND_STYLES = {"added": "green", "removed": "red", "changed": "yellow"}


def _label_class(label: str) -> str:
    """« L-PLACE »: class names come from the fixed list of labels, never from the data."""
    return f"L-{label}" if label in LABELS else "L-other"


def _kind_class(kind: str) -> str:
    return f"k-{kind}" if kind in (*SIGNS, "same") else "k-other"


def _describe(change: MentionChange) -> str:
    if change.kind != "changed" or change.old is None or change.new is None:
        mention = change.new or change.old
        assert mention is not None
        values = ", ".join(f"{f}={getattr(mention, f)}" for f in VALUE_FIELDS if getattr(mention, f))
        return f"«{mention.text}»" + (f" ({values})" if values else "")
    parts = []
    if change.detail == "label":
        parts.append(f"{change.old.label} → {change.new.label}")
    if change.detail == "boundary":
        parts.append(f"«{change.old.text}» → «{change.new.text}»")
    for name in change.fields:
        parts.append(f"{name}: {getattr(change.old, name)} → {getattr(change.new, name)}")
    return f"«{change.new.text}» " + "; ".join(parts)


def _counts(bulletin: BulletinDiff) -> str:
    return f"{bulletin.status}, {bulletin.old_mentions} → {bulletin.new_mentions} mentions"


def _summary_lines(report: DiffReport) -> list[RenderableType]:
    old_name = "gold" if report.mode == "gold" else "old"
    table = Table(title=f"mentions: {old_name} → new")
    for column in ("label", "added", "removed", "changed"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label, counts in report.summary.mentions.items():
        table.add_row(Text(label), str(counts.added), str(counts.removed), str(counts.changed))
    s = report.summary
    kinds = ", ".join(f"{name} {count}" for name, count in s.categories.items()) or "none"
    return [
        table,
        Text(
            f"bulletins: {s.bulletins_added} added, {s.bulletins_removed} removed, "
            f"{s.bulletins_text_changed} with a new text, {s.bulletins_changed} with changed mentions, "
            f"{s.bulletins_unchanged} unchanged"
        ),
        Text(("errors by kind: " if report.mode == "gold" else "changes by kind: ") + kinds),
        Text("what changed: " + (", ".join(report.provenance_changes) or "nothing the manifests record")),
    ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def group_line(group: ChangeGroup) -> str:
    """« g1  ORGANISATION … : 170 mentions in 32 bulletins »."""
    return (
        f"{group.id:<5} {group.description}: {_plural(group.count, 'mention')} "
        f"in {_plural(len(group.bulletins), 'bulletin')}"
    )


def terminal_view(report: DiffReport) -> RenderableType:
    """The summary, the groups of identical changes (largest first), then each changed
    bulletin's changes with some context, each with its group id."""
    lines = _summary_lines(report)
    if report.groups:
        lines.append(Text(f"\ngroups of identical changes ({len(report.groups)}):", style="bold"))
    for group in report.groups:
        line = Text(f"  {SIGNS[group.kind]} ", style=KIND_STYLES[group.kind])
        line.append(group_line(group))
        lines.append(line)
    for bulletin in report.bulletins:
        lines.append(Text(f"\n{bulletin.id} ({_counts(bulletin)})", style="bold"))
        for change in bulletin.changes:
            line = Text(f"  {SIGNS[change.kind]} ", style=KIND_STYLES[change.kind])
            line.append(f"{change.group or '':<5} ", style="dim")
            line.append(f"{change.label:<12} ", style=TERMINAL_STYLES.get(change.label, ""))
            line.append(_describe(change))
            line.append(f"  …{change.context}…", style="dim")
            lines.append(line)
    return Group(*lines)


STAT_BAR = 50


def stat_view(report: DiffReport, width: int | None = None) -> RenderableType:
    """Like ``git diff --stat``: a line per changed bulletin, its count of changed mentions
    and a bar of ``+`` added, ``-`` removed, ``~`` changed, scaled to ``width`` columns (50
    for the bar when no width is given); then the totals.

    « deva-armenie-geoana-2019 |    3 +~~ (text-changed) »
    """
    counted: list[tuple[BulletinDiff, int, int, int]] = [
        (
            b,
            sum(c.kind == "added" for c in b.changes),
            sum(c.kind == "removed" for c in b.changes),
            sum(c.kind == "changed" for c in b.changes),
        )
        for b in report.bulletins
    ]
    name_width = max((len(b.id) for b in report.bulletins), default=0)
    bar_width = STAT_BAR if width is None else max(10, width - name_width - 26)
    largest = max((a + r + c for _, a, r, c in counted), default=0)
    lines: list[RenderableType] = []
    for bulletin, added, removed, changed in counted:
        line = Text(f" {bulletin.id:<{name_width}} | {added + removed + changed:>5} ")
        for count, sign, style in ((added, "+", "green"), (removed, "-", "red"), (changed, "~", "yellow")):
            bars = count if largest <= bar_width else (max(1, count * bar_width // largest) if count else 0)
            line.append(sign * bars, style=style)
        if bulletin.status != "changed":
            line.append(f" ({bulletin.status})", style="dim")
        lines.append(line)
    totals = report.summary.mentions["total"]
    lines.append(
        Text(
            f" {_plural(len(report.bulletins), 'bulletin')} changed, "
            f"{_plural(totals.added, 'mention')} added(+), "
            f"{totals.removed} removed(-), {totals.changed} changed(~)"
        )
    )
    return Group(*lines)


def html_view(report: DiffReport, old: Side, new: Side, title: str = "Extraction diff") -> str:
    """The HTML page of ``report`` (see ``bulletins.review.page``)."""
    from bulletins.review.page import html_view as page

    return page(report, old, new, title)
