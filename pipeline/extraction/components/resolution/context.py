"""What a document is about, to decide a name that several bodies share.

« PSC » is the EU's Political and Security Committee and the AU's Peace and Security
Council; « le Conseil » is the EU's Council on an EU page and the North Atlantic
Council on a NATO one. A long form in the same document decides; then the other bodies
the document names: an entry is related to them when one is the other's parent (or an
ancestor), or when the name of one is inside the other's (« Conseil de l'Union
européenne » and « Union européenne »). When nothing decides, the mention keeps no
knowledge-base id rather than a wrong one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bulletins.extraction.components.resolution.candidates import Candidate
from bulletins.extraction.resources import Resources, fold

UNDECIDED = "gazetteer-unlinked:ambiguous"  # the rule of a shared name that nothing decides
MAX_ANCESTORS = 8  # a parent chain longer than this is cut (and a cycle with it)


class DocumentContext:
    """The knowledge-base entries one document names, and how an entry relates to them."""

    def __init__(self, resources: Resources, keys: Iterable[str]) -> None:
        self.resources = resources
        self.keys = set(keys)
        self.lineage = {a for key in self.keys for a in self.ancestors(key)}
        self.names = {fold(e.name) for k in self.keys if (e := resources.entities.get(k))}

    def ancestors(self, key: str) -> list[str]:
        """``key`` and its parents up the chain: ``CAN`` → [CAN, OTAN]."""
        chain = [key]
        while len(chain) < MAX_ANCESTORS:
            entity = self.resources.entities.get(chain[-1])
            if entity is None or entity.parent is None or entity.parent in chain:
                break
            chain.append(entity.parent)
        return chain

    def relatedness(self, key: str) -> int:
        """How many ties ``key`` has to the document's bodies: named itself, an ancestor or
        descendant of one, its name holding or held by one's name."""
        ties = int(key in self.keys)
        ties += len(set(self.ancestors(key)[1:]) & self.keys)
        ties += int(key in self.lineage and key not in self.keys)
        entity = self.resources.entities.get(key)
        if entity is not None:
            own = fold(entity.name)
            ties += sum(1 for name in self.names if name != own and (name in own or own in name))
        return ties

    def choose(self, keys: Iterable[str]) -> str | None:
        """The one entry among ``keys`` most related to the document, or None on a tie or no tie."""
        scored = sorted(((self.relatedness(k), k) for k in keys), reverse=True)
        if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        return scored[0][1]


def decide_shared_names(rules: list[Candidate], resources: Resources) -> list[Candidate]:
    """Give each gazetteer match of a shared name (``Resources.ambiguous``) the entry the
    document speaks of: one whose unshared name or acronym the document also gives, else
    the one most related to the other bodies it names, else none (the mention stays, unlinked)."""
    if not resources.ambiguous:
        return rules
    shared_at = {
        i: resources.ambiguous[folded]
        for i, c in enumerate(rules)
        if c.stage == "gazetteer"
        and c.key
        and not c.short
        and (folded := fold(c.text)) in resources.ambiguous
    }
    if not shared_at:
        return rules
    named = [c.key for i, c in enumerate(rules) if c.key and not c.short and i not in shared_at]
    context = DocumentContext(resources, named)
    decided = list(rules)
    for i, keys in shared_at.items():
        long_forms = [k for k in keys if k in context.keys]
        key = long_forms[0] if len(long_forms) == 1 else context.choose(keys)
        candidate = rules[i]
        decided[i] = (
            replace(candidate, key=None, rule=UNDECIDED) if key is None else replace(candidate, key=key)
        )
    return decided
