"""B6 (evaluate side): a gold text holding a lone surrogate (« \\ud800 », case E38) crashed
`evaluate` with a UnicodeEncodeError inside spaCy. The gold reader refuses it now, naming
the line and the offset, and exits 1."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bulletins.cli.app import EXIT_FATAL, app

runner = CliRunner()


def _evaluate(tmp_path: Path, line: str) -> tuple[int, str]:
    gold = tmp_path / "gold.jsonl"
    ok = json.dumps({"id": "ok", "text": "L'OTAN.", "spans": []})
    gold.write_text(f"{ok}\n{line}\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, " ".join(result.output.split())


def test_a_lone_surrogate_in_the_text_is_refused_with_its_offset(tmp_path: Path) -> None:
    code, output = _evaluate(tmp_path, r'{"id": "s", "text": "abc \ud800 def", "spans": []}')
    assert code == EXIT_FATAL
    assert "gold.jsonl:2: text: a lone surrogate (U+D800) at offset 4 is not a character" in output


def test_a_lone_surrogate_in_the_id_or_meta_is_refused(tmp_path: Path) -> None:
    code, output = _evaluate(tmp_path, r'{"id": "s\udfff", "text": "abc", "spans": []}')
    assert (code, "gold.jsonl:2: id: a lone surrogate (U+DFFF) at offset 1" in output) == (EXIT_FATAL, True)
    code, output = _evaluate(tmp_path, r'{"id": "s", "text": "abc", "meta": {"u": "\udc00"}, "spans": []}')
    assert (code, "gold.jsonl:2: meta: holds a lone surrogate" in output) == (EXIT_FATAL, True)


def test_a_surrogate_pair_is_a_character(tmp_path: Path) -> None:
    code, output = _evaluate(tmp_path, r'{"id": "s", "text": "L\u2019OTAN \ud83d\ude00", "spans": []}')
    assert code == 0, output
