"""PDFs, made in the tests: the text layer page by page without running headers and footers,
words cut at line ends joined, the metadata recorded; a scan is an error record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from bulletins.cli.app import EXIT_INPUTS_FAILED, app
from bulletins.extraction.extract import ExtractionError, extract
from bulletins.inputs.corpus import BulletinReadError, read_bulletin, read_text
from tests.data import pdfs
from tests.data.pdfs import AUTHOR, TITLE

runner = CliRunner()


@pytest.fixture(scope="module")
def report() -> bytes:
    return pdfs.two_column_report()


def test_the_text_layer_without_header_footer_and_cut_words(report: bytes, tmp_path: Path) -> None:
    (tmp_path / "communique.PDF").write_bytes(report)
    bulletin = read_bulletin(tmp_path / "communique.PDF", tmp_path)
    text = bulletin.text
    assert bulletin.id == "communique" and bulletin.format == "pdf"
    assert bulletin.extractor is not None and bulletin.extractor.startswith("pypdfium2 ")
    assert (bulletin.title, bulletin.site, bulletin.published) == (TITLE, AUTHOR, "2023-06-21")
    assert "Direction de la communication" not in text and "Page 1" not in text and "Page 2" not in text
    assert "la coopération avec l'Union européenne" in text and "coopé-" not in text
    assert "le Conseil de l'Europe ont signé" in text
    assert "la Bosnie-Herzégovine jusqu'en décembre 2026" in text
    assert "l'Organisation pour la sécurité et la coopération en Europe (OSCE)" in text
    # the columns one after the other, never line by line across the page
    assert text.index("accord sur la formation des juges.") < text.index("Le programme conjoint Partenariat")
    assert text.startswith("Strasbourg, 20 juin 2023\n")
    assert text.index("l'homme en suivra") < text.index("\n\nLe Secrétaire général")  # page 2 after page 1


def test_mentions_of_a_pdf_point_into_its_stored_text(nlp: Language, report: bytes, tmp_path: Path) -> None:
    (tmp_path / "communique.pdf").write_bytes(report)
    [(_, records)] = list(extract(nlp, [read_bulletin(tmp_path / "communique.pdf", tmp_path)]))
    assert not isinstance(records, ExtractionError), records
    text = records.bulletin.text
    assert all(text[m.start : m.end] == m.text for m in records.mentions)
    found = {(m.label, m.text) for m in records.mentions}
    assert {("PLACE", "Strasbourg"), ("ORGANISATION", "OSCE"), ("PLACE", "Bosnie-Herzégovine")} <= found
    assert records.bulletin.title == TITLE and records.bulletin.format == "pdf"
    assert records.bulletin.date is not None and records.bulletin.date.value == "2023-06-20"


def test_a_scan_is_an_error_record_that_says_so(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "scan.pdf").write_bytes(pdfs.scan())
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == EXIT_INPUTS_FAILED, result.output
    [error] = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (error["source_path"], error["severity"], error["reason"]) == (
        "scan.pdf",
        "error",
        "no-text-layer",
    )
    assert "no text layer" in error["detail"] and "OCR" in error["detail"]
    assert (out / "bulletins.jsonl").read_text(encoding="utf-8") == ""


@pytest.mark.parametrize(
    ("data", "name", "reason", "detail"),
    [
        (b"<html><body><p>Erreur 404</p></body></html>", "a.pdf", "not-pdf", "named PDF but is not one"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "a.pdf", "bad-pdf", "cannot be opened"),
    ],
)
def test_what_is_not_a_readable_pdf_says_why(data: bytes, name: str, reason: str, detail: str) -> None:
    with pytest.raises(BulletinReadError) as caught:
        read_text(data, name)
    assert caught.value.record.reason == reason and detail in caught.value.record.detail


def test_a_pdf_saved_as_txt_is_read_as_a_pdf(report: bytes) -> None:
    text, warnings = read_text(report, "communique.txt")
    assert "la coopération avec l'Union européenne" in text
    assert [(w.reason, w.detail) for w in warnings] == [
        ("format", "its suffix .txt says text but its content is pdf: read as such")
    ]
