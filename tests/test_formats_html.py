"""Web pages: the article is kept, the site's furniture is not, the metadata is recorded,
and the mentions point exactly into the text stored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from spacy.language import Language

from bulletins.extraction.extract import ExtractionError, extract
from bulletins.inputs.corpus import BulletinText, read_bulletin, read_text
from bulletins.inputs.formats import html
from bulletins.schemas.records import BulletinRecords
from tests.conftest import ROOT

CORPUS = ROOT / "corpus"
NATO = "otan-actualite-moldavie-2024.html"
UN = "onu-couverture-conseil-securite-2023.html"
EU = "ue-conseil-communique-sahel-2022.html"

# What every page's furniture says: navigation, menus, cookie banner, share buttons, footer.
FURNITURE = [
    "cookies", "Accepter", "Accueil", "Navigation", "Partager", "Imprimer", "Rechercher",
    "Mentions légales", "Plan du site", "Suivez-nous", "Facebook", "Confidentialité",
    "Avis juridique", "Sur le même sujet", "Sélectionnez une langue", "Langue :", "©",
]  # fmt: skip

PAGES = {
    NATO: {
        "title": "L’OTAN renforce son soutien à la République de Moldova",
        "published": "2024-04-17",
        "site": "OTAN",
        "url": "https://www.nato.int/cps/fr/natohq/news_224411.htm",
        "kept": [
            "L’OTAN renforce son soutien à la République de Moldova\n17 avr. 2024\n",  # heading, dateline
            "Maia Sandu, à Chișinău.",  # the photo's caption
            "Un partenariat de trente ans",  # a sub-heading
            "programme de renforcement des capacités de défense (DCB)",
        ],
    },
    UN: {
        "title": "Le Conseil de sécurité proroge le mandat de la MINUSCA jusqu’en novembre 2024",
        "published": "2023-11-14",
        "site": "Couverture des réunions & communiqués de presse",
        "url": "https://press.un.org/fr/2023/cs15490.doc.htm",
        "kept": ["\n14 novembre 2023\n", "Explications de vote", "la résolution 2709 (2023)"],
    },
    EU: {
        "title": "Sahel : le Conseil prolonge la mission EUCAP Sahel Mali jusqu’en 2025",
        "published": "2022-12-12",
        "site": "Conseil européen - Conseil de l'Union européenne",
        "url": "https://www.consilium.europa.eu/fr/press/press-releases/2022/12/12/sahel-council-extends-eucap-sahel-mali/",
        "kept": ["Communiqué de presse\n12 décembre 2022 16:05\n", "Contexte", "EUCAP Sahel Niger"],
    },
}


def _records(nlp: Language, bulletin: BulletinText) -> BulletinRecords:
    [(_, records)] = list(extract(nlp, [bulletin]))
    assert not isinstance(records, ExtractionError), records
    return records


@pytest.mark.parametrize("name", list(PAGES))
def test_the_article_is_kept_and_the_furniture_is_not(name: str) -> None:
    bulletin = read_bulletin(CORPUS / name, CORPUS)
    expected = PAGES[name]
    assert bulletin.format == "html" and bulletin.extractor and bulletin.extractor.startswith("trafilatura ")
    for kept in expected["kept"]:
        assert kept in bulletin.text
    for furniture in FURNITURE:
        assert furniture not in bulletin.text, furniture
    assert (bulletin.title, bulletin.published, bulletin.site, bulletin.url) == (
        expected["title"],
        expected["published"],
        expected["site"],
        expected["url"],
    )
    assert bulletin.language == "fr" and bulletin.warnings == ()


def test_mentions_of_a_page_point_into_its_stored_text(nlp: Language) -> None:
    records = _records(nlp, read_bulletin(CORPUS / UN, CORPUS))
    text = records.bulletin.text
    assert all(text[m.start : m.end] == m.text for m in records.mentions)
    found = {(m.label, m.text) for m in records.mentions}
    assert {("ORGANISATION", "MINUSCA"), ("PLACE", "Bangui"), ("ORGANISATION", "CEEAC")} <= found
    bulletin = records.bulletin
    assert bulletin.title == PAGES[UN]["title"] and bulletin.format == "html"
    assert bulletin.published == "2023-11-14" and bulletin.url == PAGES[UN]["url"]
    assert bulletin.date is not None and (bulletin.date.value, bulletin.date.source) == ("2023-11-14", "text")


PAGE_WITHOUT_DATE_IN_TEXT = """<!DOCTYPE html><html lang="fr"><head>
<title>Le Conseil de l'Europe reçoit une délégation du Parlement européen</title>
<meta property="og:site_name" content="Conseil de l'Europe">
<meta property="article:published_time" content="2021-03-09T09:00:00+01:00">
</head><body><nav><ul><li><a href="/">Accueil</a></li><li><a href="/presse">Presse</a></li></ul></nav>
<article><h1>Le Conseil de l'Europe reçoit une délégation du Parlement européen</h1>
<p>Une délégation du Parlement européen a été reçue à Strasbourg par la Secrétaire générale du
Conseil de l'Europe. Les échanges ont porté sur l'adhésion de l'Union européenne à la Convention
européenne des droits de l'homme et sur la coopération avec la Cour européenne des droits de
l'homme, dont les juges ont présenté leurs travaux aux parlementaires.</p></article>
<footer><p>© Conseil de l'Europe</p></footer></body></html>"""


def test_the_document_date_is_the_text_s_then_the_page_s_then_the_sidecar_s(
    nlp: Language, tmp_path: Path
) -> None:
    page = tmp_path / "visite.html"
    page.write_text(PAGE_WITHOUT_DATE_IN_TEXT, encoding="utf-8")
    (tmp_path / "visite.meta.json").write_text('{"date": "2021-03-01"}', encoding="utf-8")
    bulletin = _records(nlp, read_bulletin(page, tmp_path)).bulletin
    assert bulletin.date is not None and (bulletin.date.value, bulletin.date.source) == (
        "2021-03-09",
        "metadata",
    )
    assert bulletin.published == "2021-03-09" and bulletin.site == "Conseil de l'Europe"
    undated = PAGE_WITHOUT_DATE_IN_TEXT.replace(
        '<meta property="article:published_time" content="2021-03-09T09:00:00+01:00">', ""
    )
    page.write_text(undated, encoding="utf-8")
    bulletin = _records(nlp, read_bulletin(page, tmp_path)).bulletin
    assert bulletin.date is not None and (bulletin.date.value, bulletin.date.source) == (
        "2021-03-01",
        "sidecar",
    )
    assert bulletin.published is None
    dated_text = undated.replace("<p>Une délégation", "<p>Strasbourg, le 12 mars 2021. Une délégation")
    page.write_text(dated_text, encoding="utf-8")
    bulletin = _records(nlp, read_bulletin(page, tmp_path)).bulletin
    assert bulletin.date is not None and (bulletin.date.value, bulletin.date.source) == ("2021-03-12", "text")


@pytest.mark.parametrize("name", ["page.HTM", "page.Html", "page.txt"])
def test_pages_are_read_whatever_the_suffix_s_case_and_in_a_txt(name: str, tmp_path: Path) -> None:
    shutil.copy(CORPUS / NATO, tmp_path / name)
    bulletin = read_bulletin(tmp_path / name, tmp_path)
    assert bulletin.id == "page" and bulletin.format == "html"
    assert "Plan du site" not in bulletin.text and bulletin.title == PAGES[NATO]["title"]
    warnings = [(w.reason, w.detail) for w in bulletin.warnings]
    assert warnings == (
        [("html", "the file is HTML: its main text was extracted")] if name.endswith("txt") else []
    )


def test_a_page_too_short_to_tell_keeps_all_its_visible_text() -> None:
    page = b"<html><body><h1>L'OTAN</h1><p>Le 4&nbsp;d\xc3\xa9cembre 2006, \xc3\xa0 <b>Bruxelles</b>.</p></body></html>"
    text, warnings = read_text(page, "court.html")
    assert text == "L'OTAN\nLe 4 décembre 2006, à Bruxelles." and warnings == []
    assert html.recognises(page) and not html.recognises(b"Le Conseil <de> l'OTAN")


def test_a_text_file_named_html_is_read_as_text_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "note.html").write_text("Le Conseil de l'OTAN s'est réuni à Bruxelles.", encoding="utf-8")
    bulletin = read_bulletin(tmp_path / "note.html", tmp_path)
    assert bulletin.format == "text" and bulletin.text == "Le Conseil de l'OTAN s'est réuni à Bruxelles."
    [warning] = bulletin.warnings
    assert (warning.reason, warning.detail) == (
        "format",
        "its suffix .html says html but its content is text: read as such",
    )


def test_the_dataset_records_the_provenance_of_a_page(nlp: Language, tmp_path: Path) -> None:
    from bulletins.running.batch import run_corpus
    from bulletins.schemas.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / EU, corpus / EU)
    out = tmp_path / "out"
    run_corpus(corpus, out, Settings())
    [line] = (out / "bulletins.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert {k: record[k] for k in ("format", "site", "url", "published", "language", "title")} == {
        "format": "html",
        "site": PAGES[EU]["site"],
        "url": PAGES[EU]["url"],
        "published": "2022-12-12",
        "language": "fr",
        "title": PAGES[EU]["title"],
    }
    assert record["extractor"].startswith("trafilatura ")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["extractors"]["html"] == record["extractor"]
    assert set(manifest["extractors"]) == {"html", "pdf", "language"}
    assert manifest["versions"]["trafilatura"] == record["extractor"].split()[1]
    mentions = [json.loads(m) for m in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert mentions and all(record["text"][m["start"] : m["end"]] == m["text"] for m in mentions)
