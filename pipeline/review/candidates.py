"""The names a dataset holds that the knowledge base does not know: what to curate next.

A candidate is an organisation or programme without a knowledge-base id that the name
grammar, the model or an acronym pair defined in the text (« Commission électorale
nationale indépendante (CENI) ») found, or a place the model or the grammar found whose
kind the knowledge base cannot tell. Candidates are grouped by their folded name (the key
of ``bulletins.extraction.resources.fold``), ranked by the number of bulletins that name
them, then by their mentions, and shown with two contexts.

Each candidate can be written as a resource line (``KnowledgeBaseEntry`` for an
organisation or programme, ``PlaceEntry`` for a place) whose kind is the placeholder
« unknown »: the loader refuses it until a curator gives the real kind, then the line
is loaded with ``--resources`` like any other.

Reading a dataset and proposing lines never loads spaCy.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from bulletins.dataset.reader import Dataset
from bulletins.extraction.resources import Resources, fold, resources_for
from bulletins.schemas.records import Entity, Mention
from bulletins.schemas.resources import UNKNOWN_KIND
from bulletins.schemas.vocabulary import Label

CURATED_LABELS: tuple[Label, ...] = ("ORGANISATION", "PROGRAMME", "PLACE")
# the stages that find names without the knowledge base
FINDING_STAGES = frozenset({"model", "names", "acronyms"})
CONTEXTS = 2
CONTEXT_CHARS = 50
# words a knowledge-base id leaves out: « BUREAU-LIAISON-ASIE-CENTRALE »
_ID_STOP_WORDS = frozenset(
    {"a", "au", "aux", "aupres", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "pour", "sur"}
    | {"the", "of", "and", "for", "in", "on"}
)
_ARTICLE = re.compile(r"^(?:[Ll][’']|(?:[Ll]es?|[Ll]a)\s+)")
_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
_SPACES = re.compile(r"\s+")


class CandidateContext(BaseModel):
    """One place where the candidate is named: « …l'invitée de l'[université Al Farabi], à Almaty… »."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bulletin_id: str
    start: int
    end: int
    before: str
    text: str
    after: str

    def line(self, width: int = CONTEXT_CHARS) -> str:
        """The context on one line, the name between brackets, ``width`` characters each side."""
        before = self.before if len(self.before) <= width else "…" + self.before[-width:].lstrip()
        after = self.after if len(self.after) <= width else self.after[:width].rstrip() + "…"
        return f"{before}[{self.text}]{after}"


class Candidate(BaseModel):
    """A name the knowledge base does not know, with what the dataset says of it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: Label
    key: str
    name: str
    acronym: str | None = None
    forms: list[str]
    stages: list[str]
    bulletins: int
    mentions: int
    contexts: list[CandidateContext]


@dataclass
class _Group:
    label: Label
    key: str
    names: Counter[str] = field(default_factory=Counter)
    acronyms: Counter[str] = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    stages: set[str] = field(default_factory=set)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _context(text: str, mention: Mention) -> CandidateContext:
    before = text[max(0, mention.start - CONTEXT_CHARS) : mention.start]
    after = text[mention.end : mention.end + CONTEXT_CHARS]
    return CandidateContext(
        bulletin_id=mention.bulletin_id,
        start=mention.start,
        end=mention.end,
        before=("…" if mention.start > CONTEXT_CHARS else "") + _SPACES.sub(" ", before).lstrip(),
        text=_one_line(mention.text),
        after=_SPACES.sub(" ", after).rstrip() + ("…" if mention.end + CONTEXT_CHARS < len(text) else ""),
    )


def _known_names(resources: Resources) -> set[str]:
    """The folded names, acronyms and place names the knowledge base holds."""
    known = {fold(form.text) for form in resources.name_forms if form.form != "short"}
    known.update(fold(place.text) for place in resources.place_forms)
    return known


def _groups(dataset: Dataset, labels: Iterable[Label], known: set[str]) -> list[_Group]:
    wanted = set(labels)
    entities: dict[tuple[str, str], Entity] = {(e.bulletin_id, e.key): e for e in dataset.entities}
    found_by_rules = {
        (m.bulletin_id, m.entity)
        for m in dataset.mentions
        if m.entity and m.provenance.stage in FINDING_STAGES
    }
    groups: dict[tuple[str, str], _Group] = {}
    for mention in dataset.mentions:
        if mention.label not in wanted:
            continue
        acronym = None
        if mention.label == "PLACE":
            if mention.provenance.stage not in FINDING_STAGES or mention.place_kind != "other":
                continue
            name = _one_line(mention.text)
        else:
            entity = entities.get((mention.bulletin_id, mention.entity or ""))
            if entity is None or entity.kb_id is not None:
                continue
            if (mention.bulletin_id, entity.key) not in found_by_rules:
                continue
            name, acronym = _one_line(entity.name), entity.acronym
        key = fold(name)
        if key in known:
            continue
        group = groups.setdefault((mention.label, key), _Group(mention.label, key))
        group.names[name] += 1
        if acronym:
            group.acronyms[acronym] += 1
        group.mentions.append(mention)
        group.stages.add(mention.provenance.stage)
    return list(groups.values())


def _candidate(group: _Group, texts: dict[str, str]) -> Candidate:
    mentions = group.mentions
    firsts: dict[str, Mention] = {}
    for mention in mentions:
        firsts.setdefault(mention.bulletin_id, mention)
    chosen = list(firsts.values())[:CONTEXTS]
    chosen += [m for m in mentions if m not in chosen][: CONTEXTS - len(chosen)]
    return Candidate(
        label=group.label,
        key=group.key,
        name=group.names.most_common(1)[0][0],
        acronym=group.acronyms.most_common(1)[0][0] if group.acronyms else None,
        forms=sorted({_one_line(m.text) for m in mentions}),
        stages=sorted(group.stages),
        bulletins=len(firsts),
        mentions=len(mentions),
        contexts=[_context(texts[m.bulletin_id], m) for m in chosen],
    )


def find_candidates(
    dataset: Dataset,
    resources: Resources,
    labels: Iterable[Label] = CURATED_LABELS,
    min_bulletins: int = 1,
    limit: int | None = None,
) -> list[Candidate]:
    """The candidates of a verified dataset, most widespread first.

    Names that ``resources`` knows (a later edit of the knowledge base) are left out.
    """
    texts = {b.id: b.text for b in dataset.bulletins}
    candidates = [_candidate(g, texts) for g in _groups(dataset, labels, _known_names(resources))]
    candidates = [c for c in candidates if c.bulletins >= min_bulletins]
    order = {label: index for index, label in enumerate(CURATED_LABELS)}
    candidates.sort(key=lambda c: (-c.bulletins, -c.mentions, order[c.label], c.key))
    return candidates if limit is None else candidates[:limit]


def dataset_resources(dataset: Dataset, folder: Path | None = None) -> Resources:
    """The resources to compare with: ``folder``, else those the dataset was made with
    (its manifest's settings), else the packaged ones."""
    if folder is not None:
        return resources_for(str(folder))
    recorded = dataset.manifest.settings.resources
    return resources_for(recorded if recorded and Path(recorded).is_dir() else None)


def proposed_id(name: str, acronym: str | None) -> str:
    """A knowledge-base id in the file's style: the acronym, else the name's significant words.

    >>> proposed_id("Académie militaire interarmes de Mauritanie", None)
    'ACADEMIE-MILITAIRE-INTERARMES-MAURITANIE'
    >>> proposed_id("Commission électorale nationale indépendante", "CENI")
    'CENI'
    """
    if acronym and _ID.fullmatch(acronym.upper().replace(" ", "-")):
        return acronym.upper().replace(" ", "-")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^A-Za-z0-9]+", ascii_name) if w]
    significant = [w for w in words if w.lower() not in _ID_STOP_WORDS] or words
    return "-".join(significant).upper() or "CANDIDATE"


def _without_article(name: str) -> str:
    return _ARTICLE.sub("", name, count=1)


def resource_lines(candidates: list[Candidate], resources: Resources) -> list[dict[str, Any]]:
    """One resource line per candidate, its kind left « unknown » for a curator to fix.

    An organisation or programme gets a ``KnowledgeBaseEntry`` with a proposed id that no
    entry holds yet; an acronym the knowledge base already gives another entry is left
    out, and one that several candidates share is listed as ``ambiguous`` in each, so
    that the lines load once their kinds are fixed. A place gets a ``PlaceEntry``.
    """
    known = _known_names(resources)
    taken = set(resources.entities)
    lines: list[dict[str, Any]] = []
    for candidate in candidates:
        name = _without_article(candidate.name)
        if candidate.label == "PLACE":
            lines.append({"name": name, "kind": UNKNOWN_KIND})
            continue
        base = proposed_id(name, candidate.acronym)
        key, number = base, 1
        while key in taken:
            number += 1
            key = f"{base}-{number}"
        taken.add(key)
        line: dict[str, Any] = {"id": key, "kind": UNKNOWN_KIND, "fr": [name]}
        if candidate.acronym and fold(candidate.acronym) not in known:
            line["acronyms"] = [candidate.acronym]
        lines.append(line)
    claims = Counter(
        fold(n) for line in lines if "id" in line for n in [*line["fr"], *line.get("acronyms", [])]
    )
    for line in lines:
        if "id" in line:
            shared = [n for n in [*line["fr"], *line.get("acronyms", [])] if claims[fold(n)] > 1]
            if shared:
                line["ambiguous"] = shared
    return lines
