"""The one overlap policy over every stage's candidates.

In this order:
1. Rule candidates (gazetteer, acronyms, name grammar, dates) compete among themselves:
   the longest span wins, then the stage with the higher priority. A grammar name that
   starts where a known name starts but runs past it is cut back to the known name
   (the knowledge base knows where its names end).
2. The statistical model's ORG and LOC entities only fill the gaps the rules leave.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from bulletins.extraction.components.resolution.candidates import Candidate
from bulletins.extraction.components.resolution.trail import Decision
from bulletins.extraction.resources import fold

ACRONYM_NAME_RULE = "grammar:acronym-name"  # « EUBAM Rafah »: a known acronym opens a longer name
ENGLISH_NAME_RULE = "grammar:english"  # « NATO-Ukraine Council »: the head closes the name
RUNS_PAST_KNOWN_NAME = "names-refused:runs-past-known-name"
INSIDE_A_LONGER_PLACE = "gazetteer-refused:inside-a-longer-place"
MAX_WORDS_BEFORE_A_PLACE = 2  # « New York », « Addis Abeba »: the words a model's place adds


def select(candidates: list[Candidate], taken: list[Candidate], trail: list[Decision]) -> list[Candidate]:
    """Add to ``taken`` the candidates that overlap none of it, longest first.

    A candidate that loses names the first-taken of the spans it overlaps.
    """
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.rule))
    intervals = _Intervals(taken)
    for candidate in ordered:
        winner = intervals.first_overlap(candidate)
        if winner is None:
            intervals.add(candidate)
            taken.append(candidate)
        else:
            detail = f"{winner.stage} {winner.rule} « {winner.text} » {winner.start}-{winner.end}"
            trail.append(candidate.decision("overlap-lost", detail=detail))
    return taken


class _Intervals:
    """Spans that overlap one another nowhere, sorted by (start, end): then their ends are
    sorted too, and the spans that overlap a candidate are one run of them, found by bisection."""

    def __init__(self, spans: list[Candidate]) -> None:
        self.keys: list[tuple[int, int]] = []
        self.ends: list[int] = []
        self.spans: list[tuple[int, Candidate]] = []  # (order taken, span)
        self.count = 0
        for span in spans:
            self.add(span)

    def add(self, span: Candidate) -> None:
        where = bisect.bisect_right(self.keys, (span.start, span.end))
        self.keys.insert(where, (span.start, span.end))
        self.ends.insert(where, span.end)
        self.spans.insert(where, (self.count, span))
        self.count += 1

    def first_overlap(self, candidate: Candidate) -> Candidate | None:
        """The first-taken span that overlaps ``candidate`` (starts before its end, ends after its start)."""
        # the spans [0, last) start before its end, and those of [first, last) end after its start
        last = bisect.bisect_left(self.keys, (candidate.end, -1))
        first = bisect.bisect_right(self.ends, candidate.start, 0, last)
        if first >= last:
            return None
        return min(self.spans[first:last], key=lambda pair: pair[0])[1]


def cut_grammar_to_known_names(rules: list[Candidate], trail: list[Decision]) -> list[Candidate]:
    """Drop a grammar name that starts at a known name and walks past its end, unless the
    known name is a head and its adjectives only and the rest names the body it belongs to:
    « Secrétariat international de l'OTAN » is one name, « Division Diplomatie publique
    de l'OTAN » two (the known name stands by itself)."""
    known = {c.start: c for c in rules if c.stage == "gazetteer" and c.key and not c.short}
    bodies = {
        (c.start, c.end) for c in rules if c.label == "ORGANISATION" and c.stage in {"gazetteer", "acronyms"}
    }
    longest: dict[int, Candidate] = {}
    for c in rules:
        if (
            c.stage == "gazetteer"
            and c.key
            and not c.short
            and (c.start not in longest or c.end > longest[c.start].end)
        ):
            longest[c.start] = c
    kept = []
    for candidate in rules:
        whole = longest.get(candidate.start)
        if candidate.rule == ACRONYM_NAME_RULE and whole is not None and whole.end < candidate.end:
            rest = candidate.text[whole.end - candidate.start :]
            if not any(word[:1].isupper() for word in rest.split()):
                # « SPF Affaires étrangères, …, Coopération au développement sert »: the known name
                # is whole, the lower-case words after it are the sentence's
                trail.append(candidate.decision("refused", RUNS_PAST_KNOWN_NAME))
                continue
        name = known.get(candidate.start)
        walked_past = candidate.stage == "names" and candidate.rule not in {
            ACRONYM_NAME_RULE,
            ENGLISH_NAME_RULE,
        }
        if walked_past and name is not None and candidate.end > name.end:
            if not _owner_follows(name, candidate, bodies):
                # « Conseil de l'Atlantique Nord » known, the walk went on: trust the name
                trail.append(candidate.decision("refused", RUNS_PAST_KNOWN_NAME))
                continue
            candidate = replace(candidate, key=name.key)  # the body's own key, for linking
        kept.append(candidate)
    return kept


_SMALL_WORDS = frozenset(
    {"de", "du", "des", "la", "le", "les", "pour", "sur", "contre", "en", "au", "aux", "à", "et"}
)
_OWNER = re.compile(r"\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+)")


def _owner_follows(known: Candidate, walked: Candidate, bodies: set[tuple[int, int]]) -> bool:
    """True when ``known`` is a head and lower-case adjectives (« Secrétariat international »)
    and the rest of ``walked`` is « de » and a body: « de l'OTAN »."""
    words = known.text.split()
    if len(words) < 2 or any(not w[:1].islower() or "'" in w or w in _SMALL_WORDS for w in words[1:]):
        return False  # « Fonds pour la paix » has its complement: « de l'UA » is another name
    rest = walked.text[known.end - walked.start :].replace("\u2019", "'")
    owner = _OWNER.match(rest)
    return owner is not None and (known.end + owner.end(), walked.end) in bodies


def give_way_to_longer_places(
    rules: list[Candidate], model: list[Candidate], trail: list[Decision]
) -> list[Candidate]:
    """Drop a known place that ends or opens a longer place of the model whose other words
    are capitalised: « New York » holds the known « York », which is not that place;
    « Asie-Pacifique » holds « Asie »."""
    known_places = [c for c in rules if c.stage == "gazetteer" and c.label == "PLACE"]
    if not known_places:
        return rules
    places_ending = {c.end: c for c in known_places}
    places_starting = {c.start: c for c in known_places}
    dropped: set[int] = set()
    rule_starts = sorted(c.start for c in rules)
    for place in model:
        if place.label != "PLACE":
            continue
        known = places_ending.get(place.end)
        if known is not None and known.start > place.start:
            words = place.text[: known.start - place.start].split()
            extra = (place.start, known.start)
        elif (known := places_starting.get(place.start)) is not None and known.end < place.end:
            rest = place.text[known.end - place.start :]  # « Asie-Pacifique »: « -Pacifique »
            words = [rest[1:]] if rest[:1] == "-" and "-" not in rest[1:] and " " not in rest else []
            extra = (known.end, place.end)
        else:
            continue
        if not (0 < len(words) <= MAX_WORDS_BEFORE_A_PLACE) or not all(
            w[:1].isupper() and w.replace("-", "").isalpha() for w in words
        ):
            continue
        # no other rule candidate may start inside the model's extra words
        first = bisect.bisect_left(rule_starts, extra[0])
        if first < len(rule_starts) and rule_starts[first] < extra[1]:
            continue
        dropped.add(id(known))
        trail.append(known.decision("refused", INSIDE_A_LONGER_PLACE, f"model « {place.text} »"))
    return [c for c in rules if id(c) not in dropped]


def bodies_named_alike(kept: list[Candidate]) -> list[Candidate]:
    """A place of the model that the page also names as a body, and no country, is that
    body: « les opérateurs de la Francophonie » beside « la Secrétaire générale de la
    Francophonie »."""
    bodies = {fold(c.text) for c in kept if c.label == "ORGANISATION"}
    if not bodies:
        return kept
    return [
        replace(c, label="ORGANISATION", country=None, place_kind=None)
        if c.stage == "model" and c.label == "PLACE" and c.country is None and fold(c.text) in bodies
        else c
        for c in kept
    ]
