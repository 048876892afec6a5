"""Entity grouping: the mentions of one organisation or programme in one document, and the
entity a short name (« le Conseil », « l'Alliance ») stands for."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from bulletins.extraction.components.annotations import EntityGroup
from bulletins.extraction.components.resolution.candidates import Candidate
from bulletins.extraction.patterns import ACRONYM_SHAPE
from bulletins.extraction.resources import Resources, fold


def slug(text: str) -> str:
    """Entity key from a name: « université Al Farabi » → ``UNIVERSITE-AL-FARABI``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "-", ascii_text.upper()).strip("-") or "ENTITY"


class Grouper:
    """Groups name candidates by text, knowledge-base key, acronym link and short name."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources

    def short_target(self, names: list[Candidate], index: int) -> str | None:
        """The knowledge-base key a short name (« le Conseil ») stands for in this document."""
        short = names[index]
        text = short.text
        claimed = set(self.resources.short_names.get(text, []))
        before = [c for c in names[:index] if not c.short]
        after = [c for c in names[index + 1 :] if not c.short]
        for pool in (reversed(before), after):
            for other in pool:
                if other.key in claimed:
                    return other.key
        for other in reversed(before):
            if other.text.startswith(text + " "):
                return f"text:{fold(other.text)}"
        if len(claimed) == 1:
            return next(iter(claimed))
        return None

    def group(self, names: list[Candidate]) -> list[EntityGroup]:
        parent = list(range(len(names)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            parent[find(i)] = find(j)

        by_token: dict[str, int] = {}
        targets: dict[int, str | None] = {}
        for i, candidate in enumerate(names):
            tokens = []
            if candidate.short:
                targets[i] = self.short_target(names, i)
                tokens.append(f"short:{candidate.text}")
                if targets[i]:
                    tokens.append(targets[i] if targets[i].startswith("text:") else f"kb:{targets[i]}")
            else:
                tokens.append(f"text:{fold(candidate.text)}")
                if candidate.key:
                    tokens.append(f"kb:{candidate.key}")
            if candidate.link:
                tokens.append(candidate.link)
            for token in tokens:
                if token in by_token:
                    union(i, by_token[token])
                else:
                    by_token[token] = i

        members: dict[int, list[int]] = {}
        for i in range(len(names)):
            members.setdefault(find(i), []).append(i)
        groups = []
        for indexes in members.values():
            groups.append(self.entity(names, indexes, targets))
        groups.sort(key=lambda g: g.starts[0])
        return groups

    def entity(
        self, names: list[Candidate], indexes: list[int], targets: dict[int, str | None]
    ) -> EntityGroup:
        cands = [names[i] for i in indexes]
        kb_keys = Counter(c.key for c in cands if c.key and not c.short)
        kb_keys.update(t for i in indexes if (t := targets.get(i)) and not t.startswith("text:"))
        kb_id = kb_keys.most_common(1)[0][0] if kb_keys else None
        known = self.resources.entities.get(kb_id) if kb_id else None
        texts = [c.text for c in cands if not c.short] or [c.text for c in cands]
        acronyms = [t for t in texts if ACRONYM_SHAPE.fullmatch(t)]
        long_forms = [t for t in texts if t not in acronyms]
        if known is not None:
            label, name, acronym, kind = known.label, known.name, known.acronym, known.kind
        else:
            label = Counter(c.label for c in cands).most_common(1)[0][0]
            name = max(long_forms or texts, key=len)
            acronym = acronyms[0] if acronyms else None
            kind = None
        key = kb_id or acronym or slug(name)
        return EntityGroup(
            key=key,
            label=label,
            name=name,
            acronym=acronym,
            kb_id=kb_id,
            kind=kind,
            starts=tuple(sorted(c.start for c in cands)),
        )
