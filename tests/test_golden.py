"""Golden outputs: the full records of a few bulletins, compared field by field.

A change of behaviour shows here as a diff to read. Refresh the files on purpose with
``pytest tests/test_golden.py --update-golden``, never silently.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from bulletins.extraction.extract import extract
from bulletins.inputs.corpus import read_bulletin
from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
BULLETINS = [
    "deva-kazakhstan-liaison-2016",
    "devb-ue-cagre-juillet-2008",
    "devb-onu-hcr-actualites-mars-2022",
]


@pytest.mark.parametrize("bulletin_id", BULLETINS)
def test_golden_records(nlp: Language, bulletin_id: str, update_golden: bool) -> None:
    bulletin = read_bulletin(ROOT / "corpus" / f"{bulletin_id}.txt", ROOT / "corpus")
    [(_, records)] = list(extract(nlp, [bulletin]))
    produced = records.model_dump(mode="json", exclude={"bulletin": {"text"}})
    path = GOLDEN / f"{bulletin_id}.json"
    if update_golden:
        path.write_text(
            json.dumps(produced, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert produced["bulletin"] == expected["bulletin"]
    assert produced["entities"] == expected["entities"]
    produced_mentions = [
        (m["start"], m["text"], m["label"], m["entity"], m["country"], m["value"])
        for m in produced["mentions"]
    ]
    expected_mentions = [
        (m["start"], m["text"], m["label"], m["entity"], m["country"], m["value"])
        for m in expected["mentions"]
    ]
    assert produced_mentions == expected_mentions
    assert produced == expected
