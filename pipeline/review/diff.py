"""Comparing two datasets (or a gold file and a dataset) mention by mention.

Within a bulletin whose text did not change, mentions are paired in three passes: the
same span and label (a change of entity key, country or EDTF value is a « value »
change), then the same span (a « label » change), then overlapping spans (a « boundary »
change); what is left is « added » or « removed ». Against a gold file, entity keys are
not compared (their spelling is free; linking is scored by ``bulletins evaluate``).

Reading, comparing and rendering never load spaCy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import accumulate
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bulletins.dataset.writer import BULLETINS_FILE, MANIFEST_FILE, MENTIONS_FILE
from bulletins.errors import BulletinsError
from bulletins.schemas import SCHEMA_VERSION
from bulletins.schemas.diff import (
    BulletinDiff,
    DiffReport,
    DiffSummary,
    KindCounts,
    MentionChange,
    MentionView,
    Provenance,
)
from bulletins.schemas.gold import GoldFileError, read_gold
from bulletins.schemas.manifest import Manifest
from bulletins.schemas.records import LABELS

CONTEXT = 40
VALUE_FIELDS = ("entity", "country", "value")


class DiffInputError(BulletinsError, ValueError):
    """A side of the diff that cannot be read; the message says what and where."""

    exit_code = 2  # as `bulletins diff` documents: 2 on an error, in every mode


@dataclass
class Side:
    """One side of a diff: the texts and mentions of its bulletins, and its manifest."""

    texts: dict[str, str]
    mentions: dict[str, list[MentionView]] = field(default_factory=dict)
    manifest: Manifest | None = None


def _lines(path: Path) -> Iterable[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as error:
                        raise DiffInputError(f"{path}:{number}: not valid JSON ({error.msg})") from error
    except OSError as error:
        raise DiffInputError(f"{path}: cannot be read ({error.strerror})") from error


def read_dataset(directory: Path) -> Side:
    """A dataset folder written by ``bulletins run``."""
    try:
        manifest = Manifest.model_validate_json((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    except OSError as error:
        raise DiffInputError(f"{directory}: no readable {MANIFEST_FILE}; is it a dataset folder?") from error
    except ValidationError as error:
        raise DiffInputError(
            f"{directory / MANIFEST_FILE}: not a manifest of this tool ({error.errors()[0]['msg']})"
        ) from error
    if manifest.schema_version != SCHEMA_VERSION:
        raise DiffInputError(
            f"{directory}: schema version {manifest.schema_version}, this tool reads {SCHEMA_VERSION}; "
            f"rebuild the dataset with this version"
        )
    side = Side(texts={b["id"]: b["text"] for b in _lines(directory / BULLETINS_FILE)}, manifest=manifest)
    for mention in _lines(directory / MENTIONS_FILE):
        view = MentionView(**{k: mention.get(k) for k in MentionView.model_fields})
        side.mentions.setdefault(mention["bulletin_id"], []).append(view)
    return side


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
    return fields if compare_entities else [f for f in fields if f != "entity"]


def compare_mentions(
    text: str, old: list[MentionView], new: list[MentionView], compare_entities: bool = True
) -> list[MentionChange]:
    """The changes between two lists of mentions of the same text, in text order."""
    changes: list[MentionChange] = []
    old_left = list(old)
    new_by_key = {(m.start, m.end, m.label): m for m in new}
    for mention in old:
        other = new_by_key.pop((mention.start, mention.end, mention.label), None)
        if other is None:
            continue
        old_left.remove(mention)
        fields = _changed_fields(mention, other, compare_entities)
        if fields:
            changes.append(
                MentionChange(
                    kind="changed", detail="value", fields=fields, label=other.label, old=mention, new=other,
                    context=_context(text, other.start, other.end),
                )
            )  # fmt: skip
    new_left = list(new_by_key.values())
    for mention in list(old_left):
        same_span = next((m for m in new_left if (m.start, m.end) == (mention.start, mention.end)), None)
        overlapping = sorted(
            (m for m in new_left if m.start < mention.end and mention.start < m.end),
            key=lambda m: (-(min(m.end, mention.end) - max(m.start, mention.start)), m.start),
        )
        other = same_span or (overlapping[0] if overlapping else None)
        if other is None:
            continue
        old_left.remove(mention)
        new_left.remove(other)
        changes.append(
            MentionChange(
                kind="changed",
                detail="label" if other is same_span else "boundary",
                fields=_changed_fields(mention, other, compare_entities),
                label=other.label,
                old=mention,
                new=other,
                context=_context(text, other.start, other.end),
            )
        )
    changes += [
        MentionChange(kind="removed", label=m.label, old=m, context=_context(text, m.start, m.end))
        for m in old_left
    ]
    changes += [
        MentionChange(kind="added", label=m.label, new=m, context=_context(text, m.start, m.end))
        for m in new_left
    ]
    return sorted(changes, key=_change_order)


CHARACTER_DIFF_LIMIT = 50_000


def _offset_map(old: str, new: str) -> list[tuple[int, int, int]]:
    """(old start, old end, shift) of the runs the two texts share: runs of characters,
    or of lines for long texts (a character diff grows with the square of the length)."""
    if max(len(old), len(new)) <= CHARACTER_DIFF_LIMIT:
        matcher = SequenceMatcher(None, old, new, autojunk=False)
        return [(a, a + size, b - a) for a, b, size in matcher.get_matching_blocks() if size]
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_starts = [0, *accumulate(len(line) for line in old_lines)]
    new_starts = [0, *accumulate(len(line) for line in new_lines)]
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    return [
        (old_starts[a], old_starts[a + size], new_starts[b] - old_starts[a])
        for a, b, size in matcher.get_matching_blocks()
        if size
    ]


def _compare_edited(
    old_text: str, new_text: str, old: list[MentionView], new: list[MentionView], compare_entities: bool
) -> list[MentionChange]:
    """Mentions of a bulletin whose text was edited: those in unchanged text are moved to
    their new offsets and compared there; those in edited text are removed (or added)."""
    blocks = _offset_map(old_text, new_text)
    originals: dict[tuple[int, int, str], MentionView] = {}
    moved: list[MentionView] = []
    lost: list[MentionChange] = []
    for mention in old:
        block = next((b for b in blocks if b[0] <= mention.start and mention.end <= b[1]), None)
        if block is None:
            context = _context(old_text, mention.start, mention.end)
            lost.append(MentionChange(kind="removed", label=mention.label, old=mention, context=context))
            continue
        view = mention.model_copy(update={"start": mention.start + block[2], "end": mention.end + block[2]})
        originals[(view.start, view.end, view.label)] = mention
        moved.append(view)
    changes = [
        change.model_copy(update={"old": originals[(change.old.start, change.old.end, change.old.label)]})
        if change.old is not None
        else change
        for change in compare_mentions(new_text, moved, new, compare_entities)
    ]
    return sorted([*changes, *lost], key=_change_order)


def _change_order(change: MentionChange) -> tuple[int, int, str]:
    mention = change.new or change.old
    assert mention is not None
    return mention.start, mention.end, change.kind


def compare(old: Side, new: Side, mode: str = "datasets") -> DiffReport:
    """The report of every difference between ``old`` and ``new``."""
    summary = DiffSummary(mentions={label: KindCounts() for label in (*LABELS, "total")})
    bulletins: list[BulletinDiff] = []

    def count(kind: str, label: str) -> None:
        for key in (label, "total"):
            counts = summary.mentions.setdefault(key, KindCounts())
            setattr(counts, kind, getattr(counts, kind) + 1)

    for bulletin_id in sorted(set(old.texts) | set(new.texts)):
        old_mentions = old.mentions.get(bulletin_id, [])
        new_mentions = new.mentions.get(bulletin_id, [])
        if bulletin_id not in old.texts or bulletin_id not in new.texts:
            added = bulletin_id not in old.texts
            text = new.texts[bulletin_id] if added else old.texts[bulletin_id]
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
        elif old.texts[bulletin_id] != new.texts[bulletin_id]:
            status = "text-changed"
            summary.bulletins_text_changed += 1
            changes = _compare_edited(
                old.texts[bulletin_id], new.texts[bulletin_id], old_mentions, new_mentions, mode != "gold"
            )
        else:
            changes = compare_mentions(new.texts[bulletin_id], old_mentions, new_mentions, mode != "gold")
            if not changes:
                summary.bulletins_unchanged += 1
                continue
            status = "changed"
            summary.bulletins_changed += 1
        for change in changes:
            count(change.kind, change.label)
        bulletins.append(
            BulletinDiff(
                id=bulletin_id,
                status=status,  # type: ignore[arg-type]
                old_mentions=len(old_mentions),
                new_mentions=len(new_mentions),
                changes=changes,
            )
        )
    return DiffReport(
        schema_version=SCHEMA_VERSION,
        mode=mode,  # type: ignore[arg-type]
        provenance_changes=provenance_changes(old.manifest, new.manifest),
        summary=summary,
        bulletins=bulletins,
    )
