"""Entity grouping: the mentions of one organisation or programme in one document, and the
entity a short name (« le Conseil », « l'Alliance ») stands for."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from bulletins.extraction.components.annotations import EntityGroup
from bulletins.extraction.components.resolution.candidates import Candidate
from bulletins.extraction.components.resolution.context import DocumentContext
from bulletins.extraction.patterns import ACRONYM_SHAPE, YEAR_TOKEN
from bulletins.extraction.resources import Resources, fold


def slug(text: str) -> str:
    """Entity key from a name: « université Al Farabi » → ``UNIVERSITE-AL-FARABI``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "-", ascii_text.upper()).strip("-") or "ENTITY"


def _without_closing_year(text: str) -> str | None:
    """« Jeanne d'Arc 2018 » → « Jeanne d'Arc »; None when no year closes a name of two
    words at least (« Agenda 2063 » stays whole)."""
    rest, _, last = text.rpartition(" ")
    if not YEAR_TOKEN.fullmatch(last) or len(rest.split()) < 2:
        return None
    return rest


class Grouper:
    """Groups name candidates by text, knowledge-base key, acronym link and short name."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources

    def short_targets(self, names: list[Candidate]) -> dict[int, str | None]:
        """The knowledge-base key each short name (« le Conseil ») stands for in this
        document, by its index in ``names``: the nearest full name before it that it can
        stand for, else the nearest after it, else the nearest name before it that it
        begins (« Conseil » for « Conseil de l'Europe »), else the possible key most
        related to the bodies the document names, else none.

        One pass each way: the full names' latest index by key and by the words that
        begin them, so a document of many short names stays linear.
        """
        targets: dict[int, str | None] = {}
        claims = {i: set(self.resources.short_names.get(c.text, [])) for i, c in enumerate(names) if c.short}
        if not claims:
            return targets
        before: dict[int, int] = {}  # short name's index → index of the nearest full name before it
        latest_by_key: dict[str, int] = {}
        latest_by_beginning: dict[str, int] = {}
        beginning_before: dict[int, int] = {}
        for i, candidate in enumerate(names):
            if candidate.short:
                found = [latest_by_key[k] for k in claims[i] if k in latest_by_key]
                if found:
                    before[i] = max(found)
                if candidate.text in latest_by_beginning:
                    beginning_before[i] = latest_by_beginning[candidate.text]
                continue
            if candidate.key is not None:
                latest_by_key[candidate.key] = i
            text = candidate.text
            for cut in (k for k, character in enumerate(text) if character == " "):
                # the first body of the page whose name it begins: « la Commission » after
                # « Commission de l'Union africaine » and « Commission électorale… » is the first
                latest_by_beginning.setdefault(text[:cut], i)
        after: dict[int, int] = {}
        next_by_key: dict[str, int] = {}
        for i in range(len(names) - 1, -1, -1):
            candidate = names[i]
            if candidate.short:
                found = [next_by_key[k] for k in claims[i] if k in next_by_key]
                if found:
                    after[i] = min(found)
            elif candidate.key is not None:
                next_by_key[candidate.key] = i
        context: DocumentContext | None = None
        for i, claimed in claims.items():
            if i in before or i in after:
                targets[i] = names[before[i] if i in before else after[i]].key
            elif i in beginning_before:
                targets[i] = f"text:{fold(names[beginning_before[i]].text)}"
            elif claimed:
                # no full name of the body: the one the rest of the document speaks of, or none
                # (« le Conseil » on a NATO page is not the EU's Council)
                if context is None:
                    context = DocumentContext(self.resources, (c.key for c in names if c.key and not c.short))
                targets[i] = context.choose(claimed)
            else:
                targets[i] = None
        return targets

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
        targets = self.short_targets(names)
        for i, candidate in enumerate(names):
            tokens = []
            if candidate.short:
                tokens.append(f"short:{candidate.text}")
                if (target := targets[i]) is not None:
                    tokens.append(target if target.startswith("text:") else f"kb:{target}")
            else:
                tokens.append(f"text:{fold(candidate.text)}")
                yearless = _without_closing_year(candidate.text)
                if yearless is not None:  # « Jeanne d'Arc 2018 » and « Jeanne d'Arc »: one mission
                    tokens.append(f"text:{fold(yearless)}")
                # a known name the document defines as an acronym joins its long form:
                # « EUCAP Sahel (Mission … au Sahel) »
                tokens.append(f"acro:{candidate.text}")
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
        label: str
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
            parent=known.parent if known is not None else None,
        )
