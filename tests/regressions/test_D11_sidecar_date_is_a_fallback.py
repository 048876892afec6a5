"""D11: the sidecar gives the document's date only when the text states none (README)."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from bulletins.cli.app import app
from bulletins.inputs.corpus import read_bulletin
from tests.regressions.inputs_batch import corpus_with, run_batch, runner

DATED = "Bruxelles, le 24 octobre 2019\n\nLe Conseil de l'OTAN s'est réuni le 3 mars.".encode()
UNDATED = "Le Conseil de l'OTAN s'est réuni le 3 mars.".encode()
SIDECAR = b'{"date": "2006-10-04"}'


def test_the_sidecar_date_is_kept_as_a_fallback(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path, {"dated.txt": DATED, "dated.meta.json": SIDECAR})
    bulletin = read_bulletin(corpus / "dated.txt", corpus)
    assert bulletin.fallback_date == "2006-10-04" and bulletin.imposed_date is None


def test_the_text_date_wins_over_the_sidecar(tmp_path: Path) -> None:
    corpus = corpus_with(
        tmp_path,
        {
            "dated.txt": DATED,
            "dated.meta.json": SIDECAR,
            "undated.txt": UNDATED,
            "undated.meta.json": SIDECAR,
        },
    )
    batch = run_batch(corpus, tmp_path / "out")
    assert batch.result.exit_code == 0, batch.result.output
    by_id = {b["id"]: b for b in batch.bulletins}
    assert by_id["dated"]["date"]["value"] == "2019-10-24" and by_id["dated"]["date"]["source"] == "text"
    assert by_id["undated"]["date"] == {
        "value": "2006-10-04",
        "source": "sidecar",
        "start": None,
        "end": None,
    }


def test_the_date_option_wins_over_the_text(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_bytes(DATED)
    result = runner.invoke(app, ["extract", str(path), "--date", "2006-10-04"])
    assert result.exit_code == 0, result.output
    assert '"source": "option"' in result.output and '"value": "2006-10-04"' in result.output


def test_a_long_bulletin_in_pieces_takes_its_header_date_over_the_sidecar(tmp_path: Path) -> None:
    from bulletins.extraction import extract

    long = DATED + b"\n\n" + b"L'OSCE a ouvert un bureau le 5 mai.\n\n" * 80
    corpus = corpus_with(tmp_path, {"long.txt": long, "long.meta.json": SIDECAR})
    with mock.patch.object(extract, "PIECE_CHARS", 1_000):
        batch = run_batch(corpus, tmp_path / "out")
    assert batch.result.exit_code == 0, batch.result.output
    [dated] = [b for b in batch.bulletins if b["id"] == "long"]
    assert (dated["date"]["value"], dated["date"]["source"]) == ("2019-10-24", "text")
    assert any(e["reason"] == "pieces" for e in batch.errors)
