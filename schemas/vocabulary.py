"""The vocabulary every part of the pipeline shares, defined once: labels, place kinds,
date granularities and the statistical model's labels.

Each vocabulary is a ``Literal`` type for the type checker and pydantic, and a tuple of
its values for the code that iterates over them.
"""

from __future__ import annotations

from typing import Literal, get_args

Label = Literal["ORGANISATION", "PROGRAMME", "PLACE", "DATE"]
LABELS: tuple[Label, ...] = get_args(Label)

NameLabel = Literal["ORGANISATION", "PROGRAMME"]
NAME_LABELS: tuple[NameLabel, ...] = get_args(NameLabel)

# « pays » (country), « ville » (city), « mer » (sea)…: what a PLACE mention names.
# « other »: a place the knowledge base does not know, found by the model or the grammar
PlaceKind = Literal[
    "country", "region", "continent", "sea", "area", "city", "island", "river", "strait", "other"
]
PLACE_KINDS: tuple[PlaceKind, ...] = get_args(PlaceKind)

Granularity = Literal["time", "day", "month", "year", "decade", "century"]
GRANULARITIES: tuple[Granularity, ...] = get_args(Granularity)

# The French model's entity labels we read, and the label each one becomes.
ModelLabel = Literal["ORG", "LOC"]
MODEL_LABELS: dict[str, Label] = {"ORG": "ORGANISATION", "LOC": "PLACE"}
