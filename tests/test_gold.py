"""Gold files: the shipped ones validate, and broken ones are refused with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletins.schemas.gold import GoldFileError, read_gold
from tests.conftest import DATA, REPO_GOLD

BROKEN = DATA / "broken"


def test_repository_gold_validates() -> None:
    documents = read_gold(REPO_GOLD)
    assert len(documents) == 32
    assert all(d.text[s.start : s.end] == s.text for d in documents for s in d.spans)


def test_shared_gold_validates(shared: Path) -> None:
    assert len(read_gold(shared / "gold" / "dev.jsonl")) == 33


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("gold-bad-offsets.jsonl", r"gold-bad-offsets\.jsonl:2: .*says 'OTAN' but the text there is 'TAN'"),
        ("gold-bad-json.jsonl", r"gold-bad-json\.jsonl:2: not valid JSON"),
        ("gold-bad-label.jsonl", r"gold-bad-label\.jsonl:1: spans\.0\.label: Input should be"),
        ("gold-duplicate-id.jsonl", r"gold-duplicate-id\.jsonl:2: document id 'a' appears twice"),
        ("gold-overlap.jsonl", r"gold-overlap\.jsonl:1: .*overlaps"),
        (
            "gold-empty-span.jsonl",
            r"gold-empty-span\.jsonl:1: spans\.0: span with start 2 and end 2 is empty",
        ),
        ("gold-past-end.jsonl", r"gold-past-end\.jsonl:2: spans\.0: span 2-9 ends past the end of the text"),
        ("gold-bad-value.jsonl", r"gold-bad-value\.jsonl:1: spans\.0\.value: '2003-13' is not an EDTF date"),
        (
            "gold-bad-country.jsonl",
            r"gold-bad-country\.jsonl:1: spans\.0\.country: 'FRA' is not an ISO 3166-1",
        ),
        (
            "gold-lone-surrogate.jsonl",
            r"gold-lone-surrogate\.jsonl:1: text: a lone surrogate \(U\+D800\) at offset 7",
        ),
    ],
)
def test_broken_gold_names_the_line(name: str, message: str) -> None:
    with pytest.raises(GoldFileError, match=message):
        read_gold(BROKEN / name)


def test_empty_or_missing_gold(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match="holds no document"):
        read_gold(empty)
    with pytest.raises(GoldFileError, match="cannot be read"):
        read_gold(tmp_path / "absent.jsonl")
