"""The report of a dataset as one self-contained HTML page, and as a terminal summary.

The page loads nothing: its style is inline, its charts are inline SVG, its links point
inside it (each entity to the bulletins that name it, listed at the end). It holds no time
or path of the machine, so the same dataset gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from bulletins.dataset.output_file import GENERATOR_META
from bulletins.report.build import ReportError
from bulletins.report.summary import RANKINGS, Ranked, ReviewItem, Summary

CHART_IDS = (
    "chart-sources",
    "chart-years",
    "chart-formats",
    "chart-problems",
    "chart-labels",
    "chart-date-years",
    *(f"chart-top-{ranking.lower()}" for ranking in RANKINGS),
    "chart-timelines",
    "chart-heat",
)
TITLES = {
    "ORGANISATION": "Organisations",
    "PROGRAMME": "Programmes",
    "COUNTRY": "Countries",
    "PLACE": "Other places",
}
REVIEW_TITLES = {
    "unknown": "Names found by the model or the name grammar only",
    "acronyms": "Acronyms linked to no knowledge-base entry",
    "dates": "Dates left without a year",
}
STYLE = """
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 2rem;color:#222}
h1{margin-bottom:.2rem} h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
.lead{color:#555} nav a{margin-right:1rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(440px,100%),1fr));gap:1rem}
figure.chart{margin:0} figure.chart svg{max-width:100%;height:auto}
figcaption{font-weight:600;margin-bottom:.3rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 1rem} td,th{padding:.15rem .5rem;
border-bottom:1px solid #eee;text-align:left;vertical-align:top} td.n{text-align:right}
td.d{white-space:nowrap}
details summary{cursor:pointer;color:#3b6ea8} .ids a{margin-right:.5rem}
h1{overflow-wrap:anywhere} .scroll{overflow-x:auto;max-width:100%}
"""


def _anchor(bulletin_id: str) -> str:
    return f"#b-{quote(bulletin_id, safe='')}"


def _links(ids: Sequence[str]) -> str:
    shown = "".join(f'<a href="{escape(_anchor(i))}">{escape(i)}</a>' for i in ids)
    return f'<details><summary>{len(ids)} bulletin(s)</summary><div class="ids">{shown}</div></details>'


def _figure(chart_id: str, caption: str, svg: str) -> str:
    return (
        f'<figure class="chart" id="{chart_id}"><figcaption>{escape(caption)}</figcaption>'
        f'<div role="img" aria-label="{escape(caption)}">{svg}</div></figure>'
    )


def _scrolled(table: str) -> str:
    """A table in a box of its own that scrolls sideways on a narrow window, so that the
    page itself never does."""
    return f'<div class="scroll">{table}</div>'


def _head(*names: str) -> str:
    return "<tr>" + "".join(f"<th>{name}</th>" for name in names) + "</tr>"


def _top_table(rows: Sequence[Ranked]) -> str:
    head = _head("name", "key", "bulletins", "mentions", "first", "last", "named in")
    body = "".join(
        f"<tr><td>{escape(r.name)}</td><td>{escape(r.key)}</td><td class=n>{r.bulletins}</td>"
        f"<td class=n>{r.mentions}</td><td class=d>{escape(r.first_date or '')}</td>"
        f"<td class=d>{escape(r.last_date or '')}</td>"
        f"<td>{_links(r.bulletin_ids)}</td></tr>"
        for r in rows
    )
    return _scrolled(f"<table>{head}{body}</table>")


def _review_table(items: Sequence[ReviewItem]) -> str:
    if not items:
        return "<p>Nothing.</p>"
    head = (
        "<tr><th>#</th><th>text</th><th>label</th><th>bulletins</th><th>mentions</th><th>found in</th></tr>"
    )
    body = "".join(
        f"<tr><td class=n>{rank}</td><td>{escape(i.text)}</td><td>{i.label}</td>"
        f"<td class=n>{len(i.bulletin_ids)}</td><td class=n>{i.mentions}</td>"
        f"<td>{_links(i.bulletin_ids)}</td></tr>"
        for rank, i in enumerate(items, start=1)
    )
    return _scrolled(f"<table>{head}{body}</table>")


def html_page(summary: Summary) -> str:
    """The whole page, as text."""
    try:  # matplotlib: only for the page, not for the terminal summary
        from bulletins.report import charts
    except ImportError as error:
        raise ReportError(
            "the HTML report needs matplotlib: pip install '.[report]' (or use --format text)"
        ) from error

    s = summary
    outcomes = ", ".join(f"{n} {o}" for o, n in s.outcomes.items())
    problems = [(f"{severity}: {reason}", n) for severity, reason, n in s.problems]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8">{GENERATOR_META}',
        f"<title>Dataset report: {escape(s.name)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Dataset report: {escape(s.name)}</h1>",
        f'<p class="lead">{s.bulletins} bulletins ({s.inputs} inputs: {escape(outcomes)}); '
        f"{sum(n for _, n in s.labels)} mentions.</p>",
        '<nav><a href="#corpus">Corpus</a><a href="#mentions">Mentions</a><a href="#top">Top entities</a>'
        '<a href="#timelines">Timelines</a><a href="#cooccurrence">Countries × programmes</a>'
        '<a href="#review">To review</a><a href="#bulletins">Bulletins</a></nav>',
        '<section id="corpus"><h2>The corpus</h2><div class="grid">',
        _figure("chart-sources", "Bulletins by source", charts.bars(s.by_source, "bulletins")),
        _figure("chart-years", "Bulletins by year of their date", charts.columns(s.by_year, "bulletins")),
        _figure("chart-formats", "Inputs by format", charts.bars(s.formats, "inputs")),
        _figure(
            "chart-problems",
            "Errors and warnings by reason",
            charts.bars(problems, "inputs", empty="no errors, no warnings"),
        ),
        "</div></section>",
        '<section id="mentions"><h2>Mentions</h2><div class="grid">',
        _figure("chart-labels", "Mentions per label", charts.bars(s.labels, "mentions")),
        _figure(
            "chart-date-years",
            "DATE mentions by the year they speak of",
            charts.columns([(str(y), n) for y, n in s.date_years], "mentions"),
        ),
        "</div></section>",
        '<section id="top"><h2>Top entities, by bulletins then mentions</h2>',
    ]
    for ranking in RANKINGS:
        rows = s.top[ranking]
        parts.append(
            f'<h3 id="top-{ranking.lower()}">{TITLES[ranking]}</h3><div class="grid">'
            + _figure(
                f"chart-top-{ranking.lower()}",
                f"{TITLES[ranking]}: bulletins that name them",
                charts.bars([(r.name, r.bulletins) for r in rows], "bulletins"),
            )
            + _top_table(rows)
            + "</div>"
        )
    parts += [
        "</section>",
        '<section id="timelines"><h2>Timelines of the top entities</h2>',
        _figure("chart-timelines", "First and last year named", charts.timelines(s.timelines)),
        "</section>",
        '<section id="cooccurrence"><h2>Countries × programmes</h2>',
        _figure("chart-heat", "Bulletins naming both the country and the programme", charts.heat_map(s.heat)),
        "</section>",
        '<section id="review"><h2>What to review</h2>',
        *(f"<h3>{REVIEW_TITLES[kind]}</h3>{_review_table(items)}" for kind, items in s.review.items()),
        "</section>",
        '<section id="bulletins"><h2>Bulletins</h2><div class="scroll"><table>',
        _head("id", "title", "date", "file"),
        *(
            f'<tr id="b-{escape(quote(b.id, safe=""))}"><td>{escape(b.id)}</td><td>{escape(b.title)}</td>'
            f"<td>{escape(b.date or '')}</td><td>{escape(b.source_path)}</td></tr>"
            for b in s.table
        ),
        "</table></div></section></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _rows(pairs: Sequence[tuple[str, int]], limit: int = 10) -> list[str]:
    width = max((len(name) for name, _ in pairs[:limit]), default=0)
    return [f"  {name:<{width}}  {count:>6}" for name, count in pairs[:limit]] or ["  (none)"]


def text_summary(summary: Summary, limit: int = 10) -> str:
    """The same report in a few lines, for a terminal."""
    s = summary
    outcomes = ", ".join(f"{n} {o}" for o, n in s.outcomes.items())
    lines = [f"{s.name}: {s.bulletins} bulletins ({s.inputs} inputs: {outcomes})", "", "By source:"]
    lines += _rows(s.by_source, limit)
    lines += ["By year of the bulletin:", *_rows(s.by_year, 50), "Formats:", *_rows(s.formats)]
    lines += ["Errors and warnings:", *_rows([(f"{sv}: {r}", n) for sv, r, n in s.problems])]
    lines += ["Mentions per label:", *_rows(s.labels)]
    if s.date_years:
        lines.append(f"DATE mentions speak of {s.date_years[0][0]}–{s.date_years[-1][0]}")
    for ranking in RANKINGS:
        lines.append(f"Top {TITLES[ranking].lower()} (bulletins, first → last date):")
        rows = s.top[ranking][:limit]
        width = max((len(r.name) for r in rows), default=0)
        lines += [
            f"  {r.name:<{width}}  {r.bulletins:>6}  {r.first_date or '?'} → {r.last_date or '?'}"
            for r in rows
        ] or ["  (none)"]
    for kind, items in s.review.items():
        lines.append(f"To review: {REVIEW_TITLES[kind].lower()}:")
        lines += _rows([(f"{i.text} ({i.label})", len(i.bulletin_ids)) for i in items], limit)
    return "\n".join(lines) + "\n"
