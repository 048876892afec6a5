"""Comparing two datasets (or a gold file and a dataset) mention by mention.

Within a bulletin whose text did not change, mentions are paired in three passes: the
same span and label (a change of entity key, country, EDTF value, place kind or the
country a city lies in is a « value » change), then the same span (a « label » change),
then overlapping spans (a « boundary » change); what is left is « added » or « removed ».
Against a gold file, entity keys are not compared (their spelling is free; linking is
scored by ``bulletins evaluate``), nor place kinds (gold spans have none).

Identical changes are then grouped (``group_of``): « value: ORGANISATION key CAN →
CONSEIL-DE-L-ATLANTIQUE-NORD », 90 mentions in 60 bulletins; against gold the groups are
the pipeline's errors (missed, spurious, wrong boundary, wrong label, wrong value).

Both datasets are read as streams, a bulletin at a time, and only the bulletins that
differ are kept (for the HTML page). Reading, comparing and rendering never load spaCy.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from rapidfuzz.distance import Indel

from bulletins.dataset.reader import RERUN, DatasetError, dataset_folder, verify
from bulletins.dataset.writer import BULLETINS_FILE, ENTITIES_FILE, ERRORS_FILE, MENTIONS_FILE
from bulletins.errors import BulletinsError
from bulletins.schemas import SCHEMA_VERSION
from bulletins.schemas.bulletin import Bulletin as BulletinRecord
from bulletins.schemas.diff import (
    CATEGORIES,
    BulletinDiff,
    Category,
    ChangeDetail,
    ChangeGroup,
    DiffReport,
    DiffSummary,
    KindCounts,
    MentionChange,
    MentionView,
    Provenance,
)
from bulletins.schemas.gold import GoldFileError, read_gold
from bulletins.schemas.jsonl import validation_message
from bulletins.schemas.manifest import Manifest
from bulletins.schemas.records import LABELS, Entity, ErrorRecord, Mention

ModelT = TypeVar("ModelT", bound=BaseModel)
CONTEXT = 40
VALUE_FIELDS = ("entity", "country", "value", "place_kind", "in_country")
DATASET_ONLY_FIELDS = ("entity", "place_kind", "in_country")  # not compared against a gold file


class DiffInputError(BulletinsError, ValueError):
    """A side of the diff that cannot be read, or a report that cannot be written; the
    message says what and where."""

    exit_code = 2


Bulletin = tuple[str, str, list[MentionView]]  # id, text, mentions


@dataclass
class Side:
    """One side of a diff: the texts and mentions of its bulletins, and its manifest.

    A dataset's side is read as a stream (``stream``), one bulletin at a time, so that
    memory does not grow with the corpus; ``compare`` keeps in ``texts`` and ``mentions``
    only the bulletins that differ, for the views that show them.
    """

    texts: dict[str, str]
    mentions: dict[str, list[MentionView]] = field(default_factory=dict)
    manifest: Manifest | None = None
    stream: Callable[[], Iterator[Bulletin]] | None = None

    def bulletins(self) -> Iterator[Bulletin]:
        """Every bulletin, by id."""
        if self.stream is not None:
            yield from self.stream()
            return
        for bulletin_id in sorted(self.texts):
            yield bulletin_id, self.texts[bulletin_id], self.mentions.get(bulletin_id, [])

    def keep(self, bulletin: Bulletin) -> None:
        """Hold one bulletin for the views (a streamed side holds none otherwise)."""
        if self.stream is not None:
            self.texts[bulletin[0]], self.mentions[bulletin[0]] = bulletin[1], bulletin[2]


def _records(path: Path, model: type[ModelT]) -> Iterator[ModelT]:
    """The records of a dataset file, validated by ``model``, read a line at a time (the
    file matched its manifest: it is as the writer wrote it, one JSON object a line)."""
    try:
        with path.open("rb") as stream:
            for number, line in enumerate(stream, start=1):
                try:
                    yield model.model_validate_json(line)
                except ValidationError as error:
                    raise DiffInputError(f"{path}:{number}: {validation_message(error)}; {RERUN}") from error
    except OSError as error:
        raise DiffInputError(f"{path}: cannot be read ({error.strerror or error}); {RERUN}") from error


def _stream(directory: Path) -> Iterator[Bulletin]:
    """The bulletins of a verified dataset with their mentions, one at a time, checked as
    ``bulletins.dataset.reader.read_dataset`` checks them: every mention lies in its
    bulletin's text, every mention and entity belongs to a bulletin of the dataset; and
    the files are in the order the writer gives them (by bulletin id)."""
    names = tuple(MentionView.model_fields)
    mentions = _records(directory / MENTIONS_FILE, Mention)
    pending = next(mentions, None)
    ids: set[str] = set()
    previous: str | None = None
    for bulletin in _records(directory / BULLETINS_FILE, BulletinRecord):
        if previous is not None and bulletin.id <= previous:
            raise DiffInputError(f"{directory / BULLETINS_FILE}: not in the order of bulletin ids; {RERUN}")
        views: list[MentionView] = []
        while pending is not None and pending.bulletin_id == bulletin.id:
            if bulletin.text[pending.start : pending.end] != pending.text:
                raise DiffInputError(
                    f"{directory / MENTIONS_FILE}: mention {pending.text!r} at {pending.start}-{pending.end} "
                    f"does not match the text of {bulletin.id!r} there; {RERUN}"
                )
            values = pending.__dict__
            views.append(MentionView.model_validate({name: values[name] for name in names}))  # fast: in Rust
            pending = next(mentions, None)
        if pending is not None and pending.bulletin_id < bulletin.id:
            break  # a mention of no bulletin, or out of order: said below
        ids.add(bulletin.id)
        previous = bulletin.id
        yield bulletin.id, bulletin.text, views
    if pending is not None:
        raise DiffInputError(
            f"{directory / MENTIONS_FILE}: a mention of {pending.bulletin_id!r}, a bulletin the dataset "
            f"does not hold (or out of the order of bulletins.jsonl); {RERUN}"
        )
    for entity in _records(directory / ENTITIES_FILE, Entity):
        if entity.bulletin_id not in ids:
            raise DiffInputError(
                f"{directory / ENTITIES_FILE}: an entity of {entity.bulletin_id!r}, "
                f"a bulletin the dataset does not hold; {RERUN}"
            )
    for _ in _records(directory / ERRORS_FILE, ErrorRecord):
        pass


def read_dataset(directory: Path) -> Side:
    """A dataset folder written by ``bulletins run``, verified against its manifest (its
    records are read and checked as ``compare`` goes)."""
    try:
        manifest = verify(directory)
        folder = dataset_folder(directory)  # « DIR@previous » is a folder under DIR/.history/
    except DatasetError as error:
        raise DiffInputError(str(error)) from error
    return Side(texts={}, manifest=manifest, stream=lambda: _stream(folder))


def read_gold_side(path: Path) -> Side:
    try:
        documents = read_gold(path)
    except GoldFileError as error:
        raise DiffInputError(str(error)) from error
    side = Side(texts={d.id: d.text for d in documents})
    for document in documents:
        side.mentions[document.id] = [
            MentionView(
                start=s.start,
                end=s.end,
                label=s.label,
                text=s.text,
                entity=s.entity,
                country=s.country,
                value=s.value,
            )
            for s in document.spans
        ]
    return side


def provenance_changes(old: Manifest | None, new: Manifest | None) -> list[Provenance]:
    """Which of code, model, resources, settings and inputs differ between two manifests."""
    if old is None or new is None:
        return []
    changes: list[Provenance] = []
    if (old.code, old.pipeline_version) != (new.code, new.pipeline_version):
        changes.append("code")
    if old.model != new.model or old.spacy_version != new.spacy_version:
        changes.append("model")
    if old.resources != new.resources:
        changes.append("resources")
    if old.settings != new.settings:
        changes.append("settings")
    if [(i.source_path, i.sha256) for i in old.inputs] != [(i.source_path, i.sha256) for i in new.inputs]:
        changes.append("inputs")
    return changes


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return " ".join(f"{before}⟦{text[start:end]}⟧{after}".split())


def _changed_fields(old: MentionView, new: MentionView, compare_entities: bool) -> list[str]:
    fields = [f for f in VALUE_FIELDS if getattr(old, f) != getattr(new, f)]
    return fields if compare_entities else [f for f in fields if f not in DATASET_ONLY_FIELDS]


class _Pool:
    """The mentions of one side not paired yet, indexed by span and by start, so that
    pairing costs about n log n instead of n² (a bulletin can hold 90,000 mentions)."""

    def __init__(self, mentions: list[MentionView]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]
        self.reach = list(accumulate((m.end for m in self.mentions), max))  # furthest end so far
        self.free = [True] * len(self.mentions)
        self.by_span: dict[tuple[int, int], deque[int]] = defaultdict(deque)
        for index, mention in enumerate(self.mentions):
            self.by_span[(mention.start, mention.end)].append(index)

    def take_span(self, start: int, end: int) -> MentionView | None:
        """The first free mention on exactly this span, taken out of the pool."""
        indices = self.by_span.get((start, end))
        while indices:
            index = indices.popleft()
            if self.free[index]:
                self.free[index] = False
                return self.mentions[index]
        return None

    def take_overlapping(self, start: int, end: int) -> MentionView | None:
        """The free mention that shares the most characters with ``start``-``end`` (the
        leftmost on a tie), taken out of the pool."""
        best: tuple[int, int, int] | None = None
        index = bisect_left(self.starts, end) - 1
        while index >= 0 and self.reach[index] > start:
            mention = self.mentions[index]
            if self.free[index] and mention.end > start:
                key = (-(min(mention.end, end) - max(mention.start, start)), mention.start, index)
                best = key if best is None or key < best else best
            index -= 1
        if best is None:
            return None
        self.free[best[2]] = False
        return self.mentions[best[2]]

    def left(self) -> list[MentionView]:
        return [m for m, free in zip(self.mentions, self.free, strict=True) if free]


def compare_mentions(
    text: str, old: list[MentionView], new: list[MentionView], compare_entities: bool = True
) -> list[MentionChange]:
    """The changes between two lists of mentions of the same text, in text order."""
    changes: list[MentionChange] = []
    new_by_key: dict[tuple[int, int, str], deque[MentionView]] = defaultdict(deque)
    for mention in new:
        new_by_key[(mention.start, mention.end, mention.label)].append(mention)
    old_left: list[MentionView] = []
    for mention in old:
        same = new_by_key.get((mention.start, mention.end, mention.label))
        if not same:
            old_left.append(mention)
            continue
        other = same.popleft()
        fields = _changed_fields(mention, other, compare_entities)
        if fields:
            changes.append(
                MentionChange(
                    kind="changed", detail="value", fields=fields, label=other.label, old=mention, new=other,
                    context=_context(text, other.start, other.end),
                )
            )  # fmt: skip
    pool = _Pool([m for mentions in new_by_key.values() for m in mentions])
    removed: list[MentionView] = []
    for mention in old_left:
        match = pool.take_span(mention.start, mention.end)
        detail: ChangeDetail = "label"
        if match is None:
            match, detail = pool.take_overlapping(mention.start, mention.end), "boundary"
        if match is None:
            removed.append(mention)
            continue
        changes.append(
            MentionChange(
                kind="changed",
                detail=detail,
                fields=_changed_fields(mention, match, compare_entities),
                label=match.label,
                old=mention,
                new=match,
                context=_context(text, match.start, match.end),
            )
        )
    changes += [
        MentionChange(kind="removed", label=m.label, old=m, context=_context(text, m.start, m.end))
        for m in removed
    ]
    changes += [
        MentionChange(kind="added", label=m.label, new=m, context=_context(text, m.start, m.end))
        for m in pool.left()
    ]
    return sorted(changes, key=_change_order)


CHARACTER_DIFF_LIMIT = 20_000
DIRECT_CELLS = 25_000_000  # a stretch of n × m parts at most this big is compared directly
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
_WORDS = re.compile(r"\s+|\S+\s*")
_CHARACTERS = re.compile(r".", re.DOTALL)
_LEVELS = (_LINES, _WORDS, _CHARACTERS)
Block = tuple[int, int, int]  # (start in old, start in new, length), in parts


def _anchors(
    a: Sequence[Hashable], b: Sequence[Hashable], a1: int, a2: int, b1: int, b2: int
) -> list[tuple[int, int]]:
    """The parts found once in ``a[a1:a2]`` and once in ``b[b1:b2]``, as (i, j) pairs, the
    longest run of them in the same order on both sides (patience sorting, n log n)."""
    count_a = Counter(a[a1:a2])
    count_b = Counter(b[b1:b2])
    where_b = {b[j]: j for j in range(b1, b2) if count_b[b[j]] == 1 and count_a[b[j]] == 1}
    pairs = [(i, where_b[a[i]]) for i in range(a1, a2) if a[i] in where_b]
    tails: list[int] = []  # the smallest j ending a run of each length
    ends: list[int] = []  # the index in pairs of that run's last pair
    previous = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[length], ends[length] = j, index
        previous[index] = ends[length - 1] if length else -1
    chain: list[tuple[int, int]] = []
    index = ends[-1] if ends else -1
    while index >= 0:
        chain.append(pairs[index])
        index = previous[index]
    return chain[::-1]


def _blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """The runs ``a`` and ``b`` share, in order, near linear in their length.

    The common start and end are taken off; a small stretch is compared directly (a longest
    common subsequence by ``rapidfuzz``'s bit-parallel ``Indel``, n·m/64 steps); a large
    one is cut at the parts found once on each side, in the same order (as ``patience
    diff`` does), and each piece between two of them is compared in the same way. A large
    stretch with no such part is left to the next, finer level.
    """
    out: list[Block] = []

    def solve(a1: int, a2: int, b1: int, b2: int, depth: int) -> None:
        same = 0
        while a1 + same < a2 and b1 + same < b2 and a[a1 + same] == b[b1 + same]:
            same += 1
        if same:
            out.append((a1, b1, same))
        a1, b1 = a1 + same, b1 + same
        tail = 0
        while a2 - tail > a1 and b2 - tail > b1 and a[a2 - tail - 1] == b[b2 - tail - 1]:
            tail += 1
        a2, b2 = a2 - tail, b2 - tail
        if a1 < a2 and b1 < b2:
            if (a2 - a1) * (b2 - b1) <= DIRECT_CELLS:
                for op in Indel.opcodes(a[a1:a2], b[b1:b2]):
                    if op.tag == "equal":
                        out.append((a1 + op.src_start, b1 + op.dest_start, op.src_end - op.src_start))
            elif depth < 100:
                previous_a, previous_b = a1, b1
                for i, j in _anchors(a, b, a1, a2, b1, b2):
                    if i > previous_a and j > previous_b:
                        solve(previous_a, i, previous_b, j, depth + 1)
                    out.append((i, j, 1))
                    previous_a, previous_b = i + 1, j + 1
                if (previous_a, previous_b) != (a1, b1) and previous_a < a2 and previous_b < b2:
                    solve(previous_a, a2, previous_b, b2, depth + 1)
        if tail:
            out.append((a2, b2, tail))

    solve(0, len(a), 0, len(b), 0)
    merged: list[Block] = []
    for block in out:  # runs that touch are one
        if merged and merged[-1][0] + merged[-1][2] == block[0] and merged[-1][1] + merged[-1][2] == block[1]:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + block[2])
        elif block[2]:
            merged.append(block)
    return merged


def _shared_runs(old: str, new: str, level: int = 0) -> list[tuple[int, int, int]]:
    """(old start, old end, shift) of the runs the two texts share, in text order.

    The texts are compared line by line (lines end at ``\\n`` only), then word by word
    inside the stretches that changed, then character by character inside those that are
    short enough (``CHARACTER_DIFF_LIMIT``), each level by ``_blocks``.
    """
    if not old or not new:
        return []
    pattern = _LEVELS[level]
    if pattern is _CHARACTERS:
        if max(len(old), len(new)) > CHARACTER_DIFF_LIMIT:
            return []
        old_parts: Sequence[str] = old
        new_parts: Sequence[str] = new
    else:
        old_parts, new_parts = pattern.findall(old), pattern.findall(new)
    old_starts = [0, *accumulate(len(part) for part in old_parts)]
    new_starts = [0, *accumulate(len(part) for part in new_parts)]
    runs: list[tuple[int, int, int]] = []
    done_a = done_b = 0
    for i, j, size in [*_blocks(old_parts, new_parts), (len(old_parts), len(new_parts), 0)]:
        if i > done_a and j > done_b and level + 1 < len(_LEVELS):  # a stretch that changed
            o1, o2, n1, n2 = old_starts[done_a], old_starts[i], new_starts[done_b], new_starts[j]
            inner = _shared_runs(old[o1:o2], new[n1:n2], level + 1)
            runs.extend((o1 + start, o1 + end, n1 - o1 + shift) for start, end, shift in inner)
        if size:
            runs.append((old_starts[i], old_starts[i + size], new_starts[j] - old_starts[i]))
        done_a, done_b = i + size, j + size
    return runs


def _compare_edited(
    old_text: str, new_text: str, old: list[MentionView], new: list[MentionView], compare_entities: bool
) -> list[MentionChange]:
    """Mentions of a bulletin whose text was edited: those in unchanged text are moved to
    their new offsets and compared there; those in edited text are removed (or added)."""
    blocks: list[tuple[int, int, int]] = []
    for run in _shared_runs(old_text, new_text):  # runs that touch with the same shift are one
        if blocks and blocks[-1][1] == run[0] and blocks[-1][2] == run[2]:
            blocks[-1] = (blocks[-1][0], run[1], run[2])
        else:
            blocks.append(run)
    block_starts = [block[0] for block in blocks]
    originals: dict[tuple[int, int, str], MentionView] = {}
    moved: list[MentionView] = []
    lost: list[MentionChange] = []
    for mention in old:
        index = bisect_right(block_starts, mention.start) - 1
        block = blocks[index] if index >= 0 and mention.end <= blocks[index][1] else None
        if block is None:
            context = _context(old_text, mention.start, mention.end)
            lost.append(MentionChange(kind="removed", label=mention.label, old=mention, context=context))
            continue
        view = mention.model_copy(  # already valid: only moved
            update={"start": mention.start + block[2], "end": mention.end + block[2]}
        )
        originals[(view.start, view.end, view.label)] = mention
        moved.append(view)
    changes = [
        change.model_copy(update={"old": originals[(change.old.start, change.old.end, change.old.label)]})
        if change.old is not None
        else change
        for change in compare_mentions(new_text, moved, new, compare_entities)
    ]
    return sorted([*changes, *lost], key=_change_order)


GOLD_CATEGORIES: dict[str, Category] = {
    "added": "spurious",
    "removed": "missed",
    "boundary": "wrong boundary",
    "label": "wrong label",
    "value": "wrong value",
}
FIELD_NAMES = {
    "entity": "key",
    "country": "country",
    "value": "value",
    "place_kind": "kind",
    "in_country": "in country",
}
GroupKey = tuple[Category, str, str | None, str | None]


def _identity(mention: MentionView, compare_entities: bool) -> str:
    """What makes a mention the same as another in a group: its entity key (not against
    gold, whose keys are spelt freely), else its value, else its text: « CAN », « 2019-03 »,
    « «Bruxelles» »."""
    if compare_entities and mention.entity:
        return mention.entity
    return mention.value or f"«{mention.text}»"


def group_of(change: MentionChange, gold: bool = False) -> tuple[GroupKey, str]:
    """The key that identical changes share, and its description.

    « value: ORGANISATION key CAN → CONSEIL-DE-L-ATLANTIQUE-NORD », « missed: PLACE «Bruxelles» »
    """
    old, new = change.old, change.new
    before = after = None
    if change.kind == "added" and new is not None:
        category: str = "added"
        after = _identity(new, not gold)
        text = f"{change.label} {after}"
    elif change.kind == "removed" and old is not None:
        category = "removed"
        before = _identity(old, not gold)
        text = f"{change.label} {before}"
    elif old is not None and new is not None and change.detail == "value":
        category = "value"
        before = ", ".join(f"{FIELD_NAMES[f]} {getattr(old, f)}" for f in change.fields)
        after = ", ".join(f"{FIELD_NAMES[f]} {getattr(new, f)}" for f in change.fields)
        text = f"{change.label} " + ", ".join(
            f"{FIELD_NAMES[f]} {getattr(old, f)} → {getattr(new, f)}" for f in change.fields
        )
    elif old is not None and new is not None and change.detail == "label":
        category = "label"
        before = f"{old.label} {_identity(old, not gold)}"
        after = f"{new.label} {_identity(new, not gold)}"
        text = f"{_identity(new, not gold)} {old.label} → {new.label}"
    elif old is not None and new is not None:
        category = "boundary"
        before, after = f"«{old.text}»", f"«{new.text}»"
        text = f"{change.label} {before} → {after}"
    else:  # pragma: no cover - a change always has its sides
        raise ValueError(f"a {change.kind} change without its mentions")
    named: Category = GOLD_CATEGORIES[category] if gold else category  # type: ignore[assignment]
    return (named, change.label, before, after), f"{named}: {text}"


def _grouped(bulletins: list[BulletinDiff], gold: bool) -> tuple[list[ChangeGroup], list[BulletinDiff]]:
    """The groups of identical changes, the largest first (then by category, label, before
    and after: the same bytes every time), and the bulletins with each change's group id."""
    keys: dict[GroupKey, str] = {}
    kinds: dict[GroupKey, MentionChange] = {}
    counts: dict[GroupKey, int] = defaultdict(int)
    where: dict[GroupKey, set[str]] = defaultdict(set)
    for bulletin in bulletins:
        for change in bulletin.changes:
            key, description = group_of(change, gold)
            keys.setdefault(key, description)
            kinds.setdefault(key, change)
            counts[key] += 1
            where[key].add(bulletin.id)
    order = sorted(keys, key=lambda k: (-counts[k], CATEGORIES.index(k[0]), k[1], k[2] or "", k[3] or ""))
    ids = {key: f"g{index}" for index, key in enumerate(order, 1)}
    groups = [
        ChangeGroup(
            id=ids[key],
            category=key[0],
            kind=kinds[key].kind,
            detail=kinds[key].detail,
            label=key[1],
            before=key[2],
            after=key[3],
            description=keys[key],
            count=counts[key],
            bulletins=sorted(where[key]),
        )
        for key in order
    ]
    tagged = [
        bulletin.model_copy(
            update={
                "changes": [
                    change.model_copy(update={"group": ids[group_of(change, gold)[0]]})
                    for change in bulletin.changes
                ]
            }
        )
        for bulletin in bulletins
    ]
    return groups, tagged


def _change_order(change: MentionChange) -> tuple[int, int, str]:
    mention = change.new or change.old
    assert mention is not None
    return mention.start, mention.end, change.kind


def _merged(
    old: Iterator[Bulletin], new: Iterator[Bulletin]
) -> Iterator[tuple[str, Bulletin | None, Bulletin | None]]:
    """The bulletins of both sides by id (both come sorted by id): (id, old, new)."""
    left, right = next(old, None), next(new, None)
    while left is not None or right is not None:
        if right is None or (left is not None and left[0] < right[0]):
            yield left[0], left, None  # type: ignore[index]
            left = next(old, None)
        elif left is None or right[0] < left[0]:
            yield right[0], None, right
            right = next(new, None)
        else:
            yield left[0], left, right
            left, right = next(old, None), next(new, None)


def compare(old: Side, new: Side, mode: str = "datasets", keep: bool = True) -> DiffReport:
    """The report of every difference between ``old`` and ``new``; with ``keep``, the
    bulletins that differ are held in the sides for the HTML view (``Side.keep``)."""
    summary = DiffSummary(mentions={label: KindCounts() for label in (*LABELS, "total")})
    bulletins: list[BulletinDiff] = []

    def count(kind: str, label: str) -> None:
        for key in (label, "total"):
            counts = summary.mentions.setdefault(key, KindCounts())
            setattr(counts, kind, getattr(counts, kind) + 1)

    for bulletin_id, before, after in _merged(old.bulletins(), new.bulletins()):
        old_mentions = before[2] if before else []
        new_mentions = after[2] if after else []
        if before is None or after is None:
            added = before is None
            text = after[1] if after is not None else before[1]  # type: ignore[index]
            kind = "added" if added else "removed"
            changes = [
                MentionChange(
                    kind=kind,
                    label=m.label,
                    **{"new" if added else "old": m},
                    context=_context(text, m.start, m.end),
                )
                for m in (new_mentions if added else old_mentions)
            ]
            status = kind
            if added:
                summary.bulletins_added += 1
            else:
                summary.bulletins_removed += 1
        elif before[1] != after[1]:
            status = "text-changed"
            summary.bulletins_text_changed += 1
            changes = _compare_edited(before[1], after[1], old_mentions, new_mentions, mode != "gold")
        else:
            changes = compare_mentions(after[1], old_mentions, new_mentions, mode != "gold")
            if not changes:
                summary.bulletins_unchanged += 1
                continue
            status = "changed"
            summary.bulletins_changed += 1
        if keep and before is not None:
            old.keep(before)
        if keep and after is not None:
            new.keep(after)
        for change in changes:
            count(change.kind, change.label)
        bulletins.append(
            BulletinDiff(
                id=bulletin_id,
                status=status,
                old_mentions=len(old_mentions),
                new_mentions=len(new_mentions),
                changes=changes,
            )
        )
    groups, bulletins = _grouped(bulletins, mode == "gold")
    categories: dict[str, int] = defaultdict(int)
    for group in groups:
        categories[group.category] += group.count
    summary.categories = dict(
        sorted(categories.items(), key=lambda item: (-item[1], CATEGORIES.index(item[0])))
    )
    return DiffReport(
        schema_version=SCHEMA_VERSION,
        mode=mode,
        provenance_changes=provenance_changes(old.manifest, new.manifest),
        summary=summary,
        groups=groups,
        bulletins=bulletins,
    )
