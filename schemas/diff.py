"""The JSON report of ``bulletins diff``: what changed between two datasets, or between a
gold file and a dataset, mention by mention."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ChangeKind = Literal["added", "removed", "changed"]
ChangeDetail = Literal["label", "boundary", "value"]
BulletinStatus = Literal["added", "removed", "text-changed", "changed"]
Provenance = Literal["code", "model", "resources", "settings", "inputs"]
Category = Literal[
    "added",
    "removed",
    "label",
    "boundary",
    "value",
    "missed",
    "spurious",
    "wrong boundary",
    "wrong label",
    "wrong value",
]
CATEGORIES: tuple[Category, ...] = (
    "added", "removed", "label", "boundary", "value",
    "missed", "spurious", "wrong boundary", "wrong label", "wrong value",
)  # fmt: skip


class MentionView(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int
    end: int
    label: str
    text: str
    entity: str | None = None
    country: str | None = None
    value: str | None = None
    place_kind: str | None = None
    in_country: str | None = None


class MentionChange(BaseModel):
    """One difference. ``changed`` has a ``detail``: a new label on the same span, a new
    boundary on an overlapping span, or new values (``fields`` names them)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ChangeKind
    detail: ChangeDetail | None = None
    fields: list[str] = Field(default_factory=list)
    label: str
    old: MentionView | None = None
    new: MentionView | None = None
    context: str = Field(description="The text around the mention, the mention between ⟦ ⟧.")
    group: str | None = Field(default=None, description="The id of its group in ``DiffReport.groups``.")


class ChangeGroup(BaseModel):
    """Identical changes: the same category, label and before → after (entity key, value,
    label or span text), with how many mentions and which bulletins.

    « g1: ORGANISATION entity CAN → CONSEIL-DE-L-ATLANTIQUE-NORD: 170 mentions in 32 bulletins »
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="« g1 », « g2 »…: the groups by count, the largest first.")
    category: Category = Field(
        description="Between datasets: added, removed, label, boundary, value. Against a gold "
        "file: missed, spurious, wrong boundary, wrong label, wrong value."
    )
    kind: ChangeKind
    detail: ChangeDetail | None = None
    label: str
    before: str | None = None
    after: str | None = None
    description: str
    count: int = Field(description="How many mentions changed so.")
    bulletins: list[str] = Field(description="The ids of the bulletins where it happens, sorted.")


class BulletinDiff(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    status: BulletinStatus
    old_mentions: int
    new_mentions: int
    changes: list[MentionChange]


class KindCounts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    added: int = 0
    removed: int = 0
    changed: int = 0


class DiffSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bulletins_added: int = 0
    bulletins_removed: int = 0
    bulletins_text_changed: int = 0
    bulletins_changed: int = 0
    bulletins_unchanged: int = 0
    mentions: dict[str, KindCounts] = Field(description="Per label, and « total ».")
    categories: dict[str, int] = Field(
        default_factory=dict,
        description="Mentions per category (against a gold file: the kinds of error), the largest first.",
    )


class DiffReport(BaseModel):
    """``mode`` is « datasets » (old and new runs) or « gold » (old is the gold file)."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str
    mode: Literal["datasets", "gold"]
    provenance_changes: list[Provenance]
    summary: DiffSummary
    groups: list[ChangeGroup] = Field(
        default_factory=list, description="Identical changes, the largest first."
    )
    bulletins: list[BulletinDiff]

    @property
    def has_differences(self) -> bool:
        return bool(self.bulletins)
