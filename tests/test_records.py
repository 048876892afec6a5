"""The record models refuse what would make a dataset wrong."""

from __future__ import annotations

import hashlib

import pytest
from pydantic import ValidationError

from bulletins.schemas.bulletin import Bulletin
from bulletins.schemas.records import BulletinRecords, Entity, Mention, Provenance

TEXT = "L'OTAN et l'Ouzbékistan."
BULLETIN = Bulletin(
    id="b", source_path="b.txt", sha256=hashlib.sha256(b"x").hexdigest(), title="t", text=TEXT
)
RULE = Provenance(stage="gazetteer", rule="OTAN:acronym")


def _mention(start: int, end: int, label: str = "ORGANISATION", **fields: str) -> Mention:
    fields.setdefault("entity", "OTAN") if label == "ORGANISATION" else None
    return Mention(
        bulletin_id="b", label=label, text=TEXT[start:end], start=start, end=end, sentence=0,
        provenance=RULE, **fields,
    )  # type: ignore[arg-type]  # fmt: skip


def test_valid_records() -> None:
    otan = _mention(2, 6)
    place = _mention(12, 23, "PLACE", country="UZ", place_kind="country")
    entity = Entity(bulletin_id="b", key="OTAN", label="ORGANISATION", name="OTAN", mentions=[2])
    records = BulletinRecords(bulletin=BULLETIN, mentions=[otan, place], entities=[entity])
    assert records.mentions[1].country == "UZ"


def test_offsets_must_match_the_text() -> None:
    wrong = Mention(
        bulletin_id="b",
        label="PLACE",
        text="OTAN",
        start=3,
        end=7,
        sentence=0,
        provenance=RULE,
        place_kind="other",
    )
    with pytest.raises(ValidationError, match="does not match the text"):
        BulletinRecords(bulletin=BULLETIN, mentions=[wrong], entities=[])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"label": "ORGANISATION"}, "has no entity key"),
        ({"label": "DATE"}, "has no value"),
        ({"label": "ORGANISATION", "entity": "X", "country": "UZ"}, "only PLACE mentions carry a country"),
        ({"label": "PLACE", "country": "uz"}, "String should match pattern"),
        ({"label": "PLACE", "colour": "red"}, "Extra inputs are not permitted"),
        ({"label": "PLACE"}, "has no place kind"),
        ({"label": "PLACE", "place_kind": "city", "country": "UZ"}, "carries a country code but is a city"),
        (
            {"label": "PLACE", "place_kind": "region", "in_country": "UZ"},
            "is said to lie in UZ but is no city",
        ),
        (
            {"label": "DATE", "value": "2019", "granularity": "year", "in_country": "UZ"},
            "only PLACE mentions",
        ),
    ],
)
def test_mention_fields_follow_the_label(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Mention(bulletin_id="b", text="OTAN", start=2, end=6, sentence=0, provenance=RULE, **fields)  # type: ignore[arg-type]


def test_records_are_frozen_and_entities_point_to_mentions() -> None:
    otan = _mention(2, 6)
    with pytest.raises(ValidationError):
        otan.start = 3  # type: ignore[misc]
    orphan = Entity(bulletin_id="b", key="UE", label="ORGANISATION", name="UE", mentions=[40])
    with pytest.raises(ValidationError, match="points to no mention"):
        BulletinRecords(bulletin=BULLETIN, mentions=[otan], entities=[orphan])
