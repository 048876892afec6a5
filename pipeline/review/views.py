"""The views of a diff report: Rich renderables for the terminal, one self-contained HTML
page (no external assets) with the texts highlighted and filters by label and change."""

from __future__ import annotations

import html
from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bulletins.review.diff import Side
from bulletins.schemas.diff import BulletinDiff, DiffReport, MentionChange, MentionView
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
        values = ", ".join(
            f"{f}={getattr(mention, f)}" for f in ("entity", "country", "value") if getattr(mention, f)
        )
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


def terminal_view(report: DiffReport) -> RenderableType:
    """A summary table, then each changed bulletin's changes with some context."""
    old_name = "gold" if report.mode == "gold" else "old"
    table = Table(title=f"mentions: {old_name} → new")
    for column in ("label", "added", "removed", "changed"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for label, counts in report.summary.mentions.items():
        table.add_row(Text(label), str(counts.added), str(counts.removed), str(counts.changed))
    s = report.summary
    lines: list[RenderableType] = [
        table,
        Text(
            f"bulletins: {s.bulletins_added} added, {s.bulletins_removed} removed, "
            f"{s.bulletins_text_changed} with a new text, {s.bulletins_changed} with changed mentions, "
            f"{s.bulletins_unchanged} unchanged"
        ),
        Text("what changed: " + (", ".join(report.provenance_changes) or "nothing the manifests record")),
    ]
    for bulletin in report.bulletins:
        lines.append(
            Text(
                f"\n{bulletin.id} ({_counts(bulletin)})",
                style="bold",
            )
        )
        for change in bulletin.changes:
            line = Text(f"  {SIGNS[change.kind]} ", style=KIND_STYLES[change.kind])
            line.append(f"{change.label:<12} ", style=TERMINAL_STYLES.get(change.label, ""))
            line.append(_describe(change))
            line.append(f"  …{change.context}…", style="dim")
            lines.append(line)
    return Group(*lines)


_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em;border-top:1px solid #ddd;padding-top:1em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}
.panes{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.pane{white-space:pre-wrap;border:1px solid #ddd;padding:.6em;font-size:.9em;background:#fafafa}
.pane h3{margin:0 0 .4em;font-size:.95em;white-space:normal}
mark{background:none;border-bottom:3px solid var(--c);padding:0 1px}
mark.k-removed{background:#fdd;text-decoration:line-through}
mark.k-added{background:#dfd}mark.k-changed{background:#ffd}
mark::after{content:attr(data-label);font-size:.65em;color:var(--c);vertical-align:super;margin-left:2px}
ul.changes{font-size:.9em}li.k-added{color:#176317}li.k-removed{color:#a11}li.k-changed{color:#7a5b00}
.filters label{margin-right:1em}
"""
_SCRIPT = """
document.querySelectorAll('.filters input').forEach(function(box){
  box.addEventListener('change', function(){
    document.body.classList.toggle('hide-' + box.value, !box.checked);
  });
});
"""


def _mark_text(text: str, mentions: list[MentionView], kinds: dict[tuple[int, int, str], str]) -> str:
    """The text, HTML-escaped, with each mention in a <mark> of its label and change kind."""
    parts: list[str] = []
    cursor = 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start < cursor:
            continue
        kind = kinds.get((mention.start, mention.end, mention.label), "same")
        parts.append(html.escape(text[cursor : mention.start]))
        parts.append(
            f'<mark class="{_label_class(mention.label)} {_kind_class(kind)}" '
            f'style="--c:{COLOURS.get(mention.label, "#555")}" '
            f'data-label="{html.escape(mention.label[:3])}" title="{html.escape(_title(mention))}">'
            f"{html.escape(text[mention.start : mention.end])}</mark>"
        )
        cursor = mention.end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)


def _title(mention: MentionView) -> str:
    values = [f"{f}={getattr(mention, f)}" for f in ("entity", "country", "value") if getattr(mention, f)]
    return " ".join([mention.label, *values])


def _filter_css() -> str:
    rules = []
    for name in (*LABELS, "added", "removed", "changed", "same"):
        prefix = "L" if name in LABELS else "k"
        rules.append(
            f".hide-{name} mark.{prefix}-{name}{{background:none;border:none;text-decoration:none}}"
            f".hide-{name} mark.{prefix}-{name}::after{{content:none}}"
            f".hide-{name} li.{prefix}-{name}{{display:none}}"
        )
    return "".join(rules)


def _bulletin_sections(report: DiffReport, old: Side, new: Side) -> Iterator[str]:
    for bulletin in report.bulletins:
        old_kinds: dict[tuple[int, int, str], str] = {}
        new_kinds: dict[tuple[int, int, str], str] = {}
        for change in bulletin.changes:
            if change.old is not None:
                old_kinds[(change.old.start, change.old.end, change.old.label)] = change.kind
            if change.new is not None:
                new_kinds[(change.new.start, change.new.end, change.new.label)] = change.kind
        old_text = old.texts.get(bulletin.id)
        new_text = new.texts.get(bulletin.id)
        panes = []
        for title, text, mentions, kinds in (
            (
                "gold" if report.mode == "gold" else "before",
                old_text,
                old.mentions.get(bulletin.id, []),
                old_kinds,
            ),
            ("after", new_text, new.mentions.get(bulletin.id, []), new_kinds),
        ):
            body = _mark_text(text, mentions, kinds) if text is not None else "<em>absent</em>"
            panes.append(f'<div class="pane"><h3>{html.escape(title)}</h3>{body}</div>')
        items = "".join(
            f'<li class="{_kind_class(c.kind)} {_label_class(c.label)}">{SIGNS.get(c.kind, "?")} '
            f"{html.escape(c.label)} "
            f"{html.escape(_describe(c))}</li>"
            for c in bulletin.changes
        )
        yield (
            f'<section class="bulletin" id="{html.escape(bulletin.id)}"><h2>{html.escape(bulletin.id)} '
            f"<small>({html.escape(_counts(bulletin))})</small></h2>"
            f'<ul class="changes">{items}</ul><div class="panes">{"".join(panes)}</div></section>'
        )


def html_view(report: DiffReport, old: Side, new: Side, title: str = "Extraction diff") -> str:
    """One self-contained page: summary, filters, then each changed bulletin's texts."""
    s = report.summary
    rows = "".join(
        f"<tr><td>{html.escape(label)}</td><td>{c.added}</td><td>{c.removed}</td><td>{c.changed}</td></tr>"
        for label, c in s.mentions.items()
    )
    filters = "".join(
        f'<label><input type="checkbox" value="{name}" checked> {name.lower()}</label>'
        for name in (*LABELS, "added", "removed", "changed", "same")
    )
    changes = ", ".join(report.provenance_changes) or "nothing the manifests record"
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}{_filter_css()}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        '<section id="summary"><table><tr><th>mentions</th><th>added</th><th>removed</th>'
        "<th>changed</th></tr>"
        f"{rows}</table><p>bulletins: {s.bulletins_added} added, {s.bulletins_removed} removed, "
        f"{s.bulletins_text_changed} with a new text, {s.bulletins_changed} with changed mentions, "
        f"{s.bulletins_unchanged} unchanged. "
        f"What changed: {html.escape(changes)}.</p></section>"
        f'<p class="filters">Show: {filters}</p>'
        + "".join(_bulletin_sections(report, old, new))
        + f"<script>{_SCRIPT}</script></body></html>\n"
    )
