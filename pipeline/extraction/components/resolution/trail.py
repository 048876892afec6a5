"""The resolver's debug trail: one decision per candidate, kept or refused, and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Verdict = Literal["kept", "refused", "overlap-lost"]


@dataclass(frozen=True)
class Decision:
    """What the resolver did with one candidate span.

    ``rule`` is the candidate's rule when it is kept or loses an overlap, and the id of
    the refusal otherwise: « Secrétaire général » from the model is refused with
    ``model-refused:role-word``. ``detail`` names the winner of a lost overlap.
    """

    start: int
    end: int
    text: str
    label: str
    stage: str
    rule: str
    verdict: Verdict
    detail: str = ""
