"""What the report of a dataset shows, counted from its verified records (no drawing here).

Every count is made in one pass over the records, in their order, so the same dataset
gives the same summary: ties are broken by name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from babel import Locale

from bulletins.dataset.index import index_key
from bulletins.dataset.reader import Dataset
from bulletins.schemas.index import IndexEntry
from bulletins.schemas.records import Entity, Mention

TOP = 15
TIMELINES = 12
HEAT_ROWS = 15
HEAT_COLUMNS = 10
REVIEW = 25
NO_DATE = "sans date"
# The top lists: the three labels of names, countries apart from the other places.
RANKINGS = ("ORGANISATION", "PROGRAMME", "COUNTRY", "PLACE")
REVIEW_STAGES = ("model", "names")  # mentions no knowledge base stands behind
_COUNTRY_NAMES = Locale("fr").territories


def source_of(source_path: str) -> str:
    """The source of a bulletin: its first folder, else the part of its name before « - ».

    >>> source_of("otan/2019/geoana.txt"), source_of("deva-armenie-2019.txt"), source_of("note.txt")
    ('otan', 'deva', 'note')
    """
    path = PurePosixPath(source_path)
    if len(path.parts) > 1:
        return path.parts[0]
    return path.stem.split("-", 1)[0]


def format_of(source_path: str) -> str:
    """« a/b.html » → ``html``; a name without a suffix gives « (none) »."""
    return PurePosixPath(source_path).suffix.lstrip(".").lower() or "(none)"


@dataclass(frozen=True)
class Ranked:
    """One entity of a top list, with the bulletins that name it (ids, in dataset order)."""

    ranking: str
    key: str
    name: str
    bulletins: int
    mentions: int
    first_date: str | None
    last_date: str | None
    bulletin_ids: tuple[str, ...]
    years: tuple[tuple[int, int], ...] = ()  # (year, bulletins of that year)


@dataclass(frozen=True)
class ReviewItem:
    """A text to look at again: how often it was found, and where."""

    text: str
    label: str
    why: str
    mentions: int
    bulletin_ids: tuple[str, ...]


@dataclass(frozen=True)
class BulletinRow:
    id: str
    title: str
    date: str | None
    source_path: str


@dataclass(frozen=True)
class HeatMap:
    """Bulletins that name both a country (row) and a programme (column)."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Summary:
    name: str
    bulletins: int
    inputs: int
    outcomes: dict[str, int]
    by_source: list[tuple[str, int]]
    by_year: list[tuple[str, int]]
    formats: list[tuple[str, int]]
    problems: list[tuple[str, str, int]]  # severity, reason, count
    labels: list[tuple[str, int]]
    date_years: list[tuple[int, int]]
    top: dict[str, list[Ranked]]
    timelines: list[Ranked]
    heat: HeatMap
    review: dict[str, list[ReviewItem]]
    table: list[BulletinRow] = field(default_factory=list)


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


def top_counts(counter: Counter[str], limit: int = TOP) -> list[tuple[str, int]]:
    """The ``limit`` largest counts, the rest added up as « (N others) »."""
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    if len(ranked) <= limit:
        return ranked
    rest = ranked[limit - 1 :]
    return [*ranked[: limit - 1], (f"({len(rest)} others)", sum(n for _, n in rest))]


def _display(entry: IndexEntry, texts: Counter[str]) -> str:
    """A country by its French name, anything else by the text it is most often found as."""
    if entry.country and entry.key == entry.country:
        return str(_COUNTRY_NAMES.get(entry.country, entry.country))
    return min(texts.items(), key=lambda item: (-item[1], item[0]))[0] if texts else entry.names[0]


def _ranking_of(entry: IndexEntry) -> str:
    if entry.label == "PLACE":
        return "COUNTRY" if entry.country and entry.key == entry.country else "PLACE"
    return entry.label


def summarise(dataset: Dataset) -> Summary:
    """Count what the report shows, from a dataset read by ``read_dataset``."""
    manifest = dataset.manifest
    dates = {b.id: (b.date.value if b.date else None) for b in dataset.bulletins}
    entities: dict[str, dict[str, Entity]] = defaultdict(dict)
    for record in dataset.entities:
        entities[record.bulletin_id][record.key] = record

    labels: Counter[str] = Counter()
    date_years: Counter[int] = Counter()
    texts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    named_in: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)  # ordered sets of bulletins
    review: dict[str, dict[tuple[str, str], list[Mention]]] = {
        "unknown": defaultdict(list),
        "acronyms": defaultdict(list),
        "dates": defaultdict(list),
    }
    for mention in dataset.mentions:
        labels[mention.label] += 1
        if mention.label == "DATE":
            bound = mention.earliest or mention.latest
            year = bound.year if bound else None
            if year is None:
                review["dates"][("DATE", mention.text)].append(mention)
            else:
                date_years[year] += 1
            continue
        found = index_key(mention, entities.get(mention.bulletin_id, {}))
        if found is None:  # pragma: no cover - only DATE has no entry
            continue
        label, key, entity = found
        texts[(label, key)][mention.text] += 1
        named_in[(label, key)][mention.bulletin_id] = None
        if mention.provenance.stage in REVIEW_STAGES:
            review["unknown"][(mention.label, mention.text)].append(mention)
        elif entity is not None and entity.kb_id is None and entity.acronym == mention.text:
            review["acronyms"][(mention.label, mention.text)].append(mention)

    top: dict[str, list[Ranked]] = {ranking: [] for ranking in RANKINGS}
    for entry in dataset.index:
        ids = tuple(named_in.get((entry.label, entry.key), {}))
        years = Counter(year for b in ids if (year := _year(dates.get(b))) is not None)
        top[_ranking_of(entry)].append(
            Ranked(
                ranking=_ranking_of(entry),
                key=entry.key,
                name=_display(entry, texts.get((entry.label, entry.key), Counter())),
                bulletins=entry.bulletins,
                mentions=entry.mentions,
                first_date=entry.first_date,
                last_date=entry.last_date,
                bulletin_ids=ids,
                years=tuple(sorted(years.items())),
            )
        )
    for ranking, rows in top.items():
        top[ranking] = sorted(rows, key=lambda r: (-r.bulletins, -r.mentions, r.name))[:TOP]
    timelines = sorted(
        (r for ranking in ("ORGANISATION", "PROGRAMME", "COUNTRY") for r in top[ranking] if r.years),
        key=lambda r: (-r.bulletins, -r.mentions, r.name),
    )[:TIMELINES]

    countries, programmes = top["COUNTRY"][:HEAT_ROWS], top["PROGRAMME"][:HEAT_COLUMNS]
    heat = HeatMap(
        rows=tuple(c.name for c in countries),
        columns=tuple(p.name for p in programmes),
        counts=tuple(
            tuple(len(set(c.bulletin_ids) & set(p.bulletin_ids)) for p in programmes) for c in countries
        ),
    )

    why = {
        "unknown": "found by the model or the name grammar only",
        "acronyms": "an acronym no knowledge-base entry stands behind",
        "dates": "a date without a year",
    }
    reviewed: dict[str, list[ReviewItem]] = {}
    for kind, groups in review.items():
        items = [
            ReviewItem(
                text=text,
                label=label,
                why=why[kind],
                mentions=len(found),
                bulletin_ids=tuple(dict.fromkeys(m.bulletin_id for m in found)),
            )
            for (label, text), found in groups.items()
        ]
        reviewed[kind] = sorted(items, key=lambda i: (-len(i.bulletin_ids), -i.mentions, i.text))[:REVIEW]

    sources = Counter(source_of(b.source_path) for b in dataset.bulletins)
    years_of_bulletins = Counter(str(_year(d)) if _year(d) else NO_DATE for d in dates.values())
    return Summary(
        name=dataset.directory.name,
        bulletins=len(dataset.bulletins),
        inputs=len(manifest.inputs),
        outcomes=dict(sorted(Counter(i.outcome for i in manifest.inputs).items())),
        by_source=top_counts(sources),
        by_year=sorted(years_of_bulletins.items()),
        formats=top_counts(Counter(format_of(i.source_path) for i in manifest.inputs)),
        problems=sorted(
            ((s, r, n) for (s, r), n in Counter((e.severity, e.reason) for e in dataset.errors).items()),
            key=lambda p: (-p[2], p[0], p[1]),
        ),
        labels=[(label, labels[label]) for label in ("ORGANISATION", "PROGRAMME", "PLACE", "DATE")],
        date_years=sorted(date_years.items()),
        top=top,
        timelines=timelines,
        heat=heat,
        review=reviewed,
        table=[
            BulletinRow(b.id, b.title, b.date.value if b.date else None, b.source_path)
            for b in dataset.bulletins
        ],
    )
