"""The JSON report of ``bulletins diff``: what changed between two datasets, or between a
gold file and a dataset, mention by mention."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ChangeKind = Literal["added", "removed", "changed"]
ChangeDetail = Literal["label", "boundary", "value"]
BulletinStatus = Literal["added", "removed", "text-changed", "changed"]
Provenance = Literal["code", "model", "resources", "settings", "inputs"]


class MentionView(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int
    end: int
    label: str
    text: str
    entity: str | None = None
    country: str | None = None
    value: str | None = None


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


class DiffReport(BaseModel):
    """``mode`` is « datasets » (old and new runs) or « gold » (old is the gold file)."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str
    mode: Literal["datasets", "gold"]
    provenance_changes: list[Provenance]
    summary: DiffSummary
    bulletins: list[BulletinDiff]

    @property
    def has_differences(self) -> bool:
        return bool(self.bulletins)
