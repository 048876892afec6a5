"""A5, A13, B12: a damaged, edited or ill-shaped cache entry dropped or altered its bulletin
in every later dataset, or crashed every run: now it is recomputed, never trusted."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.regressions.runs import bulletins, corpus


def _entries(out: Path) -> list[Path]:
    return sorted((out / ".cache").glob("*/*.json"))


def _line(kind: str, value: object) -> bytes:
    return (
        json.dumps({kind: value}, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    ).encode()


def _records(data: bytes) -> tuple[bytes, list[dict[str, object]]]:
    """The raw text block of an entry and its JSON lines: header, bulletin (with the
    length of the text that follows it in raw bytes), mentions…, trailer."""
    header, rest = data.split(b"\n", 1)
    bulletin, rest = rest.split(b"\n", 1)
    length = json.loads(bulletin)["bulletin"]["text_bytes"]
    raw, rest = rest[: length + 1], rest[length + 1 :]
    return raw, [json.loads(header), json.loads(bulletin), *map(json.loads, rest.splitlines())]


def _damage(entry: Path, how: str) -> None:
    if how == "random-bytes":  # A5
        entry.write_bytes(bytes(range(256)) * 2)
    elif how == "wrong-shape":  # B12
        entry.write_text(json.dumps({"records": 5, "problems": []}))
    elif how in {"shifted-mention", "shifted-mention-rehashed"}:  # A13
        raw, lines = _records(entry.read_bytes())
        mention = next(line["mention"] for line in lines if "mention" in line)
        mention["start"] += 1
        mention["end"] += 1
        body = b"".join(_line(*line.popitem()) for line in lines[:2]) + raw
        body += b"".join(_line(*line.popitem()) for line in lines[2:-1])
        trailer = lines[-1]
        if how.endswith("rehashed"):  # whoever edited it also fixed the checksum
            trailer = {"trailer": {"sha256": hashlib.sha256(body).hexdigest()}}
        entry.write_bytes(body + _line(*trailer.popitem()))


@pytest.mark.parametrize(
    "how", ["random-bytes", "wrong-shape", "shifted-mention", "shifted-mention-rehashed"]
)
def test_a_bad_entry_is_recomputed(tmp_path: Path, how: str) -> None:
    source = corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    reference = tmp_path / "reference"
    assert bulletins("run", source, "--out", out).exit_code == 0
    for entry in _entries(out):
        _damage(entry, how)
    (source / "d.txt").write_text("La Serbie a rejoint le Partenariat pour la paix en 2006.")
    result = bulletins("run", source, "--out", out)
    assert result.exit_code == 0, result.output
    assert bulletins("rebuild", source, "--out", reference).exit_code == 0
    for name in ("bulletins.jsonl", "mentions.jsonl", "entities.jsonl", "errors.jsonl"):
        assert (out / name).read_bytes() == (reference / name).read_bytes()
    for line in (out / "mentions.jsonl").read_text(encoding="utf-8").split("\n")[:-1]:
        mention = json.loads(line)
        text = next(
            json.loads(b)["text"]
            for b in (out / "bulletins.jsonl").read_text(encoding="utf-8").split("\n")[:-1]
            if json.loads(b)["id"] == mention["bulletin_id"]
        )
        assert text[mention["start"] : mention["end"]] == mention["text"]
