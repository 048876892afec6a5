"""The HTML page of a diff report, made to review hundreds of bulletins in a minute.

One self-contained file (no external asset, no network), the same bytes for the same
report: a summary, a legend, the groups of identical changes with links, a table of
contents of the changed bulletins, then each bulletin's changes as short hunks (a few
lines around the mention, like a code review) with its full text before and after a
click away. A bar at the top filters by label, kind of change, group and bulletin id
(hiding whole bulletins and groups), counts what is shown, and the keys ``j``/``n`` and
``k``/``p`` go to the next and previous change shown.

Every field of the report is escaped; class names, ids and data attributes come from
fixed vocabularies or counters, never from the data.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from bulletins.dataset.output_file import GENERATOR_META
from bulletins.review.diff import VALUE_FIELDS, Side
from bulletins.review.views import COLOURS, SIGNS, _counts, _describe, _kind_class, _label_class
from bulletins.schemas.diff import BulletinDiff, DiffReport, MentionChange, MentionView
from bulletins.schemas.records import LABELS

CONTEXT_LINES = 1  # lines shown before and after the line of a change
CONTEXT_CHARACTERS = 240  # at most this much text either side of the mention
GROUP_LINKS = 6  # bulletins linked from a group's row, the others counted
KINDS = ("added", "removed", "changed")

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 2em 2em;color:#222;max-width:1400px}
[hidden]{display:none!important}
h1{font-size:1.4em;margin:.6em 0 .3em}h2{font-size:1.1em;margin-top:1.6em}
section.bulletin>h2{border-top:1px solid #ddd;padding-top:1em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}
#groups td,#groups th{text-align:left}#groups td.where{font-size:.85em}#groups td.n{text-align:right}
.bar{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.4em 0;z-index:1;
font-size:.9em}
.bar label{margin-right:.8em;white-space:nowrap}.bar .keys{color:#666}
#counter,#position{font-weight:600}
.legend span.sw{display:inline-block;margin-right:1.2em}
.panes{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.pane{white-space:pre-wrap;border:1px solid #ddd;padding:.6em;font-size:.9em;background:#fafafa}
.pane h3{margin:0 0 .4em;font-size:.95em;white-space:normal}
.change{border-left:4px solid #ccc;margin:.6em 0;padding:.1em .6em}
.change.k-added{border-color:#3a3}.change.k-removed{border-color:#c33}.change.k-changed{border-color:#cb0}
.change.current{outline:3px solid #48f;outline-offset:2px}
.change p.what{margin:.2em 0;font-size:.9em}.change .gid{color:#666;font-size:.85em}
pre.hunk{white-space:pre-wrap;margin:.2em 0;padding:.4em;background:#fafafa;border:1px solid #eee;
font:13px/1.45 ui-monospace,monospace}
pre.hunk .ln{color:#999}
mark{background:none;border-bottom:3px solid var(--c);padding:0 1px}
mark.k-removed{background:#fdd;text-decoration:line-through}
mark.k-added{background:#dfd}mark.k-changed{background:#ffd}
mark.focus{outline:1px dashed #555}
mark::after{content:attr(data-label);font-size:.65em;color:var(--c);vertical-align:super;margin-left:2px}
ul.changes{font-size:.9em}li.k-added{color:#176317}li.k-removed{color:#a11}li.k-changed{color:#7a5b00}
details.full{margin:.6em 0}details.full>summary{cursor:pointer;color:#245}
#toc ol{columns:3;font-size:.9em}
"""

_SCRIPT = """
(function(){
var boxes=[].slice.call(document.querySelectorAll('.filters input[type=checkbox]'));
var only=document.getElementById('only'),search=document.getElementById('search');
var changes=[].slice.call(document.querySelectorAll('.change'));
var bulletins=[].slice.call(document.querySelectorAll('section.bulletin'));
var groups=[].slice.call(document.querySelectorAll('#groups tr[data-group]'));
var current=null;
function shown(el){return !el.hidden&&!el.closest('section.bulletin').hidden;}
function apply(){
  var hidden={};
  boxes.forEach(function(box){
    hidden[box.value]=!box.checked;
    document.body.classList.toggle('hide-'+box.value,!box.checked);
  });
  var group=only.value,query=search.value.trim().toLowerCase();
  changes.forEach(function(c){
    c.hidden=hidden[c.dataset.label]||hidden[c.dataset.kind]||(group!==''&&c.dataset.group!==group);
  });
  var nb=0,nc=0;
  bulletins.forEach(function(b){
    var visible=b.querySelectorAll('.change:not([hidden])').length;
    b.hidden=visible===0||(query!==''&&b.dataset.name.indexOf(query)<0);
    var entry=document.getElementById('toc-'+b.id);
    if(entry){entry.hidden=b.hidden;}
    if(!b.hidden){nb+=1;nc+=visible;}
  });
  var ng=0;
  groups.forEach(function(g){
    g.hidden=hidden[g.dataset.label]||hidden[g.dataset.kind]||(group!==''&&g.dataset.group!==group);
    if(!g.hidden){ng+=1;}
  });
  document.getElementById('counter').textContent='showing '+nb+' of '+bulletins.length+
    ' bulletins, '+nc+' of '+changes.length+' changes, '+ng+' of '+groups.length+' groups';
  if(current&&!shown(current)){current.classList.remove('current');current=null;}
  position();
}
function position(){
  var list=changes.filter(shown);
  var at=current?list.indexOf(current)+1:0;
  document.getElementById('position').textContent=(at?'change '+at:'no change selected')+' of '+list.length;
}
function move(step){
  var list=changes.filter(shown);
  if(!list.length){return;}
  var at=current?list.indexOf(current):-1;
  var next=at<0?(step>0?0:list.length-1):Math.min(list.length-1,Math.max(0,at+step));
  if(current){current.classList.remove('current');}
  current=list[next];
  current.classList.add('current');
  current.scrollIntoView({block:'center'});
  document.body.dataset.current=current.id;
  position();
}
boxes.forEach(function(box){box.addEventListener('change',apply);});
only.addEventListener('change',apply);
search.addEventListener('input',apply);
document.querySelectorAll('button[data-only]').forEach(function(button){
  button.addEventListener('click',function(){only.value=button.dataset.only;apply();});
});
document.addEventListener('keydown',function(event){
  var tag=(event.target&&event.target.tagName)||'';
  if(tag==='INPUT'||tag==='SELECT'||tag==='TEXTAREA'||event.ctrlKey||event.metaKey||event.altKey){return;}
  if(event.key==='j'||event.key==='n'){move(1);event.preventDefault();}
  if(event.key==='k'||event.key==='p'){move(-1);event.preventDefault();}
});
apply();
})();
"""


def _filter_css() -> str:
    rules = []
    for name in (*LABELS, *KINDS, "same"):
        prefix = "L" if name in LABELS else "k"
        rules.append(
            f".hide-{name} mark.{prefix}-{name}{{background:none;border:none;text-decoration:none}}"
            f".hide-{name} mark.{prefix}-{name}::after{{content:none}}"
            f".hide-{name} li.{prefix}-{name}{{display:none}}"
        )
    return "".join(rules)


def _title(mention: MentionView) -> str:
    values = [f"{f}={getattr(mention, f)}" for f in VALUE_FIELDS if getattr(mention, f)]
    return " ".join([mention.label, *values])


def _mark(text: str, mention: MentionView, kind: str, focus: bool = False) -> str:
    classes = f"{_label_class(mention.label)} {_kind_class(kind)}" + (" focus" if focus else "")
    return (
        f'<mark class="{classes}" style="--c:{COLOURS.get(mention.label, "#555")}" '
        f'data-label="{html.escape(mention.label[:3])}" title="{html.escape(_title(mention))}">'
        f"{html.escape(text[mention.start : mention.end])}</mark>"
    )


def _mark_text(
    text: str,
    mentions: list[MentionView],
    kinds: dict[tuple[int, int, str], str],
    low: int = 0,
    high: int | None = None,
    focus: MentionView | None = None,
    starts: list[int] | None = None,
) -> str:
    """``text[low:high]``, HTML-escaped, with each mention inside it in a <mark> of its label
    and change kind (``mentions`` sorted by start; an overlapping one is left out)."""
    high = len(text) if high is None else high
    parts: list[str] = []
    cursor = low
    first = bisect_left(starts if starts is not None else [m.start for m in mentions], low) if low else 0
    for mention in mentions[first:]:
        if mention.start >= high:
            break
        if mention.start < cursor or mention.end > high:
            continue
        kind = kinds.get((mention.start, mention.end, mention.label), "same")
        parts.append(html.escape(text[cursor : mention.start]))
        parts.append(_mark(text, mention, kind, mention == focus))
        cursor = mention.end
    parts.append(html.escape(text[cursor:high]))
    return "".join(parts)


class _Text:
    """One side's text of a bulletin, with its line starts and sorted mentions, to cut
    hunks out of it quickly."""

    def __init__(
        self, text: str, mentions: list[MentionView], kinds: dict[tuple[int, int, str], str]
    ) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.kinds = kinds
        self.starts = [m.start for m in self.mentions]
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def hunk(self, mention: MentionView) -> str:
        """The lines around ``mention`` (``CONTEXT_LINES`` either side, at most
        ``CONTEXT_CHARACTERS`` of text either side), numbered like a code review's."""
        first = max(0, bisect_right(self.line_starts, mention.start) - 1 - CONTEXT_LINES)
        last = min(
            len(self.line_starts) - 1,
            bisect_right(self.line_starts, max(mention.start, mention.end - 1)) - 1 + CONTEXT_LINES,
        )
        low = max(self.line_starts[first], mention.start - CONTEXT_CHARACTERS)
        end_of_last = self.line_starts[last + 1] - 1 if last + 1 < len(self.line_starts) else len(self.text)
        high = min(end_of_last, mention.end + CONTEXT_CHARACTERS)
        number = bisect_right(self.line_starts, low)
        body = _mark_text(self.text, self.mentions, self.kinds, low, high, focus=mention, starts=self.starts)
        lead = "…" if low > self.line_starts[first] else ""
        tail = "…" if high < end_of_last else ""
        return f'<pre class="hunk"><span class="ln">line {number}:</span>\n{lead}{body}{tail}</pre>'


def _data_label(label: str) -> str:
    return label if label in LABELS else "other"


def _data_kind(kind: str) -> str:
    return kind if kind in KINDS else "other"


def _kinds(
    changes: list[MentionChange],
) -> tuple[dict[tuple[int, int, str], str], dict[tuple[int, int, str], str]]:
    old_kinds: dict[tuple[int, int, str], str] = {}
    new_kinds: dict[tuple[int, int, str], str] = {}
    for change in changes:
        if change.old is not None:
            old_kinds[(change.old.start, change.old.end, change.old.label)] = change.kind
        if change.new is not None:
            new_kinds[(change.new.start, change.new.end, change.new.label)] = change.kind
    return old_kinds, new_kinds


def _tally(bulletin: BulletinDiff) -> str:
    counts = {kind: sum(1 for c in bulletin.changes if c.kind == kind) for kind in KINDS}
    return f"+{counts['added']} -{counts['removed']} ~{counts['changed']}"


def _bulletin_sections(report: DiffReport, old: Side, new: Side) -> Iterator[str]:
    old_name = "gold" if report.mode == "gold" else "before"
    for number, bulletin in enumerate(report.bulletins, 1):
        old_kinds, new_kinds = _kinds(bulletin.changes)
        old_text, new_text = old.texts.get(bulletin.id), new.texts.get(bulletin.id)
        sides = {
            "old": _Text(old_text, old.mentions.get(bulletin.id, []), old_kinds)
            if old_text is not None
            else None,
            "new": _Text(new_text, new.mentions.get(bulletin.id, []), new_kinds)
            if new_text is not None
            else None,
        }
        hunks = []
        for index, change in enumerate(bulletin.changes, 1):
            side = "new" if change.new is not None else "old"
            mention = change.new if change.new is not None else change.old
            text = sides[side]
            assert mention is not None
            group = html.escape(change.group or "")
            snippet = text.hunk(mention) if text is not None else ""
            hunks.append(
                f'<div class="change {_kind_class(change.kind)} {_label_class(change.label)}" '
                f'id="c-{number}-{index}" data-kind="{_data_kind(change.kind)}" '
                f'data-label="{_data_label(change.label)}" data-group="{group}">'
                f'<p class="what">{SIGNS.get(change.kind, "?")} <b>{html.escape(change.label)}</b> '
                f"{html.escape(_describe(change))} "
                f'<a class="gid" href="#row-{group}">{group}</a>'
                f"{' (' + old_name + ')' if side == 'old' else ''}</p>{snippet}</div>"
            )
        panes = []
        for title, side in ((old_name, "old"), ("after", "new")):
            text = sides[side]
            body = _mark_text(text.text, text.mentions, text.kinds) if text is not None else "<em>absent</em>"
            panes.append(f'<div class="pane"><h3>{html.escape(title)}</h3>{body}</div>')
        yield (
            f'<section class="bulletin" id="b-{number}" data-name="{html.escape(bulletin.id.lower())}">'
            f"<h2>{html.escape(bulletin.id)} <small>({html.escape(_counts(bulletin))}; "
            f'{_tally(bulletin)})</small> <a href="#toc" title="table of contents">↑</a></h2>'
            + "".join(hunks)
            + '<details class="full"><summary>Full text, before and after</summary>'
            f'<div class="panes">{"".join(panes)}</div></details></section>'
        )


def _groups_table(report: DiffReport) -> str:
    anchors = {bulletin.id: f"b-{number}" for number, bulletin in enumerate(report.bulletins, 1)}
    rows = []
    for group in report.groups:
        links = ", ".join(
            f'<a href="#{anchors[b]}">{html.escape(b)}</a>'
            for b in group.bulletins[:GROUP_LINKS]
            if b in anchors
        )
        more = len(group.bulletins) - GROUP_LINKS
        if more > 0:
            links += f" and {more} more"
        rows.append(
            f'<tr id="row-{html.escape(group.id)}" data-group="{html.escape(group.id)}" '
            f'data-kind="{_data_kind(group.kind)}" data-label="{_data_label(group.label)}" '
            f'class="{_kind_class(group.kind)} {_label_class(group.label)}">'
            f"<td>{html.escape(group.id)}</td>"
            f"<td>{SIGNS.get(group.kind, '?')} {html.escape(group.description)}</td>"
            f'<td class="n">{group.count}</td><td class="n">{len(group.bulletins)}</td>'
            f'<td class="where">{links}</td>'
            f'<td><button type="button" data-only="{html.escape(group.id)}">only these</button></td></tr>'
        )
    return (
        f'<section id="groups"><h2>Groups of identical changes ({len(report.groups)})</h2>'
        "<table><tr><th>group</th><th>change</th><th>mentions</th><th>bulletins</th>"
        f"<th>where</th><th></th></tr>{''.join(rows)}</table></section>"
    )


def _toc(report: DiffReport) -> str:
    entries = "".join(
        f'<li id="toc-b-{number}"><a href="#b-{number}">{html.escape(b.id)}</a> '
        f"<small>{html.escape(b.status)}, {_tally(b)}</small></li>"
        for number, b in enumerate(report.bulletins, 1)
    )
    return (
        f'<section id="toc"><h2>Changed bulletins ({len(report.bulletins)})</h2><ol>{entries}</ol></section>'
    )


def _legend(report: DiffReport) -> str:
    labels = "".join(
        f'<span class="sw"><mark class="{_label_class(label)} k-same" style="--c:{COLOURS[label]}" '
        f'data-label="{label[:3]}">{label.lower()}</mark></span>'
        for label in LABELS
    )
    old_name = "the gold file" if report.mode == "gold" else "the old dataset"
    kinds = (
        '<span class="sw"><mark class="k-added" style="--c:#3a3">+ added</mark> only in the new dataset'
        + (" (spurious)" if report.mode == "gold" else "")
        + "</span>"
        f'<span class="sw"><mark class="k-removed" style="--c:#c33">- removed</mark> only in {old_name}'
        + (" (missed)" if report.mode == "gold" else "")
        + "</span>"
        '<span class="sw"><mark class="k-changed" style="--c:#cb0">~ changed</mark> '
        "a new label, boundary or value</span>"
    )
    return (
        f'<section id="legend" class="legend"><h2>Legend</h2><p>Labels: {labels}</p><p>Changes: {kinds}</p>'
        "<p>Each change shows the lines around it (the mention outlined); the full text, before "
        "and after, is under « Full text ». Keys: <kbd>j</kbd> or <kbd>n</kbd> next change, "
        "<kbd>k</kbd> or <kbd>p</kbd> previous.</p></section>"
    )


def _bar(report: DiffReport) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" value="{name}" checked> {name.lower()}</label>'
        for name in (*LABELS, *KINDS, "same")
    )
    options = "".join(
        f'<option value="{html.escape(g.id)}">{html.escape(g.id)} ({g.count})</option>' for g in report.groups
    )
    changes = sum(len(b.changes) for b in report.bulletins)
    counter = (
        f"showing {len(report.bulletins)} of {len(report.bulletins)} bulletins, {changes} of {changes} "
        f"changes, {len(report.groups)} of {len(report.groups)} groups"
    )
    return (
        f'<nav class="bar"><div class="filters">Show: {boxes}'
        f'<label>group <select id="only"><option value="">all</option>{options}</select></label>'
        '<label>bulletin <input type="search" id="search" placeholder="id contains…"></label></div>'
        f'<div><span id="counter">{counter}</span> · '
        f'<span id="position">no change selected of {changes}</span>'
        ' · <span class="keys">j/n next, k/p previous</span> · <a href="#groups">groups</a> · '
        '<a href="#toc">contents</a></div></nav>'
    )


def _summary(report: DiffReport) -> str:
    s = report.summary
    rows = "".join(
        f"<tr><td>{html.escape(label)}</td><td>{c.added}</td><td>{c.removed}</td><td>{c.changed}</td></tr>"
        for label, c in s.mentions.items()
    )
    kinds = ", ".join(f"{html.escape(name)} {count}" for name, count in s.categories.items()) or "none"
    changes = ", ".join(report.provenance_changes) or "nothing the manifests record"
    return (
        '<section id="summary"><table><tr><th>mentions</th><th>added</th><th>removed</th>'
        f"<th>changed</th></tr>{rows}</table><p>bulletins: {s.bulletins_added} added, "
        f"{s.bulletins_removed} removed, {s.bulletins_text_changed} with a new text, "
        f"{s.bulletins_changed} with changed mentions, {s.bulletins_unchanged} unchanged. "
        f"{'Errors' if report.mode == 'gold' else 'Changes'} by kind: {kinds}. "
        f"What changed: {html.escape(changes)}.</p></section>"
    )


def html_view(report: DiffReport, old: Side, new: Side, title: str = "Extraction diff") -> str:
    """One self-contained page: the filter bar, summary, legend, groups, table of contents,
    then each changed bulletin's hunks and full texts."""
    return (
        f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">{GENERATOR_META}'
        f"<title>{html.escape(title)}</title><style>{_STYLE}{_filter_css()}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        + _bar(report)
        + _summary(report)
        + _legend(report)
        + _groups_table(report)
        + _toc(report)
        + "".join(_bulletin_sections(report, old, new))
        + f"<script>{_SCRIPT}</script></body></html>\n"
    )
