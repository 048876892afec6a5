"""A14: the gold reader accepted empty, reversed and out-of-text spans, DATE values that
are not EDTF and country codes that are not ISO 3166-1 alpha-2 (cases E21–E24, E37);
they were silently scored as misses. `evaluate` refuses them now, naming file, line and
span, before the model is loaded."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bulletins.cli.app import EXIT_FATAL, app

runner = CliRunner()
TEXT = "L'OTAN en 2003 à Tachkent."
GOOD = {"start": 2, "end": 6, "label": "ORGANISATION", "text": "OTAN", "entity": "OTAN"}


def _span(start: int, end: int, label: str, **fields: str) -> dict[str, Any]:
    return {"start": start, "end": end, "label": label, "text": TEXT[start:end], **fields}


CASES = {
    "E21-past-the-end-of-an-empty-text": (
        "",
        {"start": 3, "end": 7, "label": "DATE", "text": "", "value": "2003"},
        r"spans\.0: span 3-7 ends past the end of the text \(0 characters\)",
    ),
    "E21-past-the-end": (TEXT, _span(17, 40, "PLACE"), r"spans\.1: span 17-40 ends past the end of the text"),
    "E22-end-before-start": (
        TEXT,
        {"start": 14, "end": 10, "label": "DATE", "text": "", "value": "2003"},
        r"spans\.1: span with start 14 and end 10 is empty or reversed",
    ),
    "E23-negative-end": (
        TEXT,
        _span(17, -1, "PLACE"),  # a Python slice: the text matches
        r"spans\.1: span with start 17 and end -1 is empty or reversed",
    ),
    "E24-zero-length": (TEXT, _span(10, 10, "DATE", value="2003"), r"spans\.1: .*empty or reversed"),
    "E37-value-not-edtf": (
        TEXT,
        _span(10, 14, "DATE", value="not-a-date"),
        r"spans\.1\.value: 'not-a-date' is not an EDTF date: write the value in EDTF",
    ),
    "E37-value-impossible-day": (
        TEXT,
        _span(10, 14, "DATE", value="2003-02-30"),
        r"spans\.1\.value: '2003-02-30' is no day of the calendar",
    ),
    "E37-country-not-a-code": (
        TEXT,
        _span(17, 25, "PLACE", country="france!!"),
        r"spans\.1\.country: 'france!!' is not an ISO 3166-1 alpha-2 country code",
    ),
    "E37-country-lower-case": (
        TEXT,
        _span(17, 25, "PLACE", country="uz"),
        r"spans\.1\.country: 'uz' is not an ISO 3166-1 alpha-2",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_evaluate_refuses_the_span_and_names_it(tmp_path: Path, case: str) -> None:
    text, bad, message = CASES[case]
    first = {"id": "ok", "text": TEXT, "spans": [GOOD]}
    # after a good span (spans.1), or alone in an empty text (spans.0)
    second = {"id": "bad", "text": text, "spans": [GOOD, bad] if text else [bad]}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(f"{json.dumps(first)}\n{json.dumps(second)}\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold)])
    assert result.exit_code == EXIT_FATAL, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    output = " ".join(result.output.split())  # the console may wrap a long message
    assert "gold.jsonl:2: " in output
    assert re.search(message, output), output


def test_valid_values_and_countries_are_accepted(tmp_path: Path) -> None:
    spans = [GOOD, _span(10, 14, "DATE", value="2003"), _span(17, 25, "PLACE")]
    values = ["2003", "199X", "../2006", "1993/..", "2013/2017", "XXXX-10-04", "2023-10-13T15:52:00"]
    lines = [{"id": f"d{i}", "text": TEXT, "spans": spans} for i in range(2)]
    lines += [{"id": value, "text": TEXT, "spans": [_span(10, 14, "DATE", value=value)]} for value in values]
    lines.append({"id": "uz", "text": TEXT, "spans": [_span(17, 25, "PLACE", country="UZ")]})
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] == len(lines)
