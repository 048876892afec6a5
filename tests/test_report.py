"""``bulletins report``: the summary of a dataset, the HTML page and its charts, the terminal
summary, the entities index it relies on, and the page in a real browser."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from bulletins.cli import app
from bulletins.dataset.cache import Outcome
from bulletins.dataset.reader import read_dataset, verify
from bulletins.dataset.writer import INDEX_FILE, DatasetWriter
from bulletins.report.page import CHART_IDS, html_page
from bulletins.report.summary import summarise, top_counts
from bulletins.running.batch import run_corpus
from bulletins.schemas import SCHEMA_VERSION
from bulletins.schemas.bulletin import Bulletin, DocumentDate
from bulletins.schemas.manifest import InputEntry, Manifest, ModelInfo
from bulletins.schemas.records import Entity, ErrorRecord, Mention, Provenance
from bulletins.schemas.settings import Settings
from tests.conftest import ROOT
from tests.test_diff import CHROMIUM, CHROMIUM_FLAGS

runner = CliRunner()

# Three bulletins: the OTAN (known) in all, the PPP (a programme) with the Géorgie in two, an
# unknown body found by the name grammar, an acronym linked to nothing, a date without a year.
TEXTS = {
    "a-2019": "L'OTAN et la Géorgie renforcent le PPP à Tbilissi le 3 mars 2019.",
    "a-2021": "L'OTAN salue la Géorgie : le PPP avance. La CENI se réunit le 5 mai.",
    "b-2022": "L'OTAN et l'Académie des sciences de Mongolie à Oulan-Bator en 2022.",
}
DATES = {"a-2019": "2019-03-03", "a-2021": "2021-05-05", "b-2022": "2022"}


def _mention(bid: str, text: str, label: str, stage: str = "gazetteer", **fields: object) -> Mention:
    start = TEXTS[bid].index(text)
    return Mention(
        bulletin_id=bid,
        label=label,  # type: ignore[arg-type]
        text=text,
        start=start,
        end=start + len(text),
        sentence=0,
        provenance=Provenance(stage=stage, rule="test"),
        **fields,  # type: ignore[arg-type]
    )


def _records(bid: str) -> tuple[list[Mention], list[Entity]]:
    if bid == "a-2019":
        mentions = [
            _mention(bid, "OTAN", "ORGANISATION", entity="OTAN"),
            _mention(bid, "Géorgie", "PLACE", country="GE", place_kind="country"),
            _mention(bid, "PPP", "PROGRAMME", entity="PPP"),
            _mention(bid, "Tbilissi", "PLACE", place_kind="city"),
            _mention(bid, "3 mars 2019", "DATE", "dates", value="2019-03-03", granularity="day",
                     earliest="2019-03-03", latest="2019-03-03"),
        ]  # fmt: skip
        entities = [("OTAN", "ORGANISATION", "OTAN", "OTAN"), ("PPP", "PROGRAMME", "PPP", "PPP")]
    elif bid == "a-2021":
        mentions = [
            _mention(bid, "OTAN", "ORGANISATION", entity="OTAN"),
            _mention(bid, "Géorgie", "PLACE", country="GE", place_kind="country"),
            _mention(bid, "PPP", "PROGRAMME", entity="PPP"),
            _mention(bid, "CENI", "ORGANISATION", "acronyms", entity="CENI"),
            _mention(bid, "5 mai", "DATE", "dates", value="XXXX-05-05", granularity="day"),
        ]
        entities = [
            ("OTAN", "ORGANISATION", "OTAN", "OTAN"),
            ("PPP", "PROGRAMME", "PPP", "PPP"),
            ("CENI", "ORGANISATION", None, "CENI"),
        ]
    else:
        mentions = [
            _mention(bid, "OTAN", "ORGANISATION", entity="OTAN"),
            _mention(bid, "Académie des sciences de Mongolie", "ORGANISATION", "names", entity="ACADEMIE"),
            _mention(bid, "Oulan-Bator", "PLACE", "model", place_kind="other"),
            _mention(bid, "2022", "DATE", "dates", value="2022", granularity="year",
                     earliest="2022-01-01", latest="2022-12-31"),
        ]  # fmt: skip
        entities = [
            ("OTAN", "ORGANISATION", "OTAN", "OTAN"),
            ("ACADEMIE", "ORGANISATION", None, None),
        ]
    records = [
        Entity(
            bulletin_id=bid,
            key=key,
            label=label,  # type: ignore[arg-type]
            name=next(m.text for m in mentions if m.entity == key),
            acronym=acronym,
            kb_id=kb_id,
            mentions=[m.start for m in mentions if m.entity == key],
        )
        for key, label, kb_id, acronym in entities
    ]
    return sorted(mentions, key=lambda m: m.start), records


def build_dataset(directory: Path, failed: bool = True) -> Path:
    """The three bulletins above through the real dataset writer (and a failed input)."""
    writer = DatasetWriter(directory)
    inputs = []
    for bid, text in TEXTS.items():
        bulletin = Bulletin(
            id=bid,
            source_path=f"{bid.split('-')[0]}/{bid}.txt",
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            title=text[:30],
            date=DocumentDate(value=DATES[bid], source="sidecar"),
            text=text,
        )
        mentions, entities = _records(bid)
        records = {"bulletin": bulletin, "mentions": mentions, "entities": entities}
        writer.add(Outcome.model_validate({"records": records, "problems": []}))
        inputs.append(InputEntry(source_path=bulletin.source_path, sha256=bulletin.sha256, bulletin_id=bid, outcome="ok"))  # fmt: skip
    if failed:
        problem = ErrorRecord(source_path="b/empty.html", severity="error", reason="empty", detail="no text")
        writer.add(Outcome(problems=[problem]))
        inputs.append(
            InputEntry(source_path="b/empty.html", sha256="0" * 64, bulletin_id=None, outcome="error")
        )
    writer.close(
        Manifest(
            schema_version=SCHEMA_VERSION, pipeline_version="test", fingerprint="0" * 64, code="0" * 64,
            spacy_version="test", model=ModelInfo(name="fr_core_news_md", version="test"), resources={},
            versions={}, settings=Settings(), inputs=sorted(inputs, key=lambda i: i.source_path), outputs=[],
        )
    )  # fmt: skip
    return directory


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return build_dataset(tmp_path / "ds")


def test_the_entities_index_counts_each_entity_across_bulletins(dataset: Path) -> None:
    assert INDEX_FILE in {entry.file for entry in verify(dataset).outputs}  # hashed in the manifest
    lines = [json.loads(line) for line in (dataset / INDEX_FILE).read_text(encoding="utf-8").splitlines()]
    index = {(e["label"], e["key"]): e for e in lines}
    otan = index[("ORGANISATION", "OTAN")]
    assert (otan["bulletins"], otan["mentions"], otan["known"], otan["kb_id"]) == (3, 3, True, "OTAN")
    assert (otan["first_date"], otan["last_date"]) == ("2019-03-03", "2022")
    georgia = index[("PLACE", "GE")]
    assert (georgia["country"], georgia["names"], georgia["bulletins"]) == ("GE", ["Géorgie"], 2)
    unknown = index[("ORGANISATION", "ACADEMIE-DES-SCIENCES-DE-MONGOLIE")]  # the normalised name
    assert unknown["known"] is False and unknown["names"] == ["Académie des sciences de Mongolie"]
    assert index[("PLACE", "OULAN-BATOR")]["known"] is False  # the model's, not the gazetteer's
    assert index[("PLACE", "TBILISSI")]["known"] is True
    assert [(e["label"], e["key"]) for e in lines] == sorted(index)  # a stable order
    assert ("DATE", "2022") not in index


def test_the_summary_counts_the_corpus_the_mentions_and_what_to_review(dataset: Path) -> None:
    summary = summarise(read_dataset(dataset))
    assert (summary.bulletins, summary.inputs, summary.outcomes) == (3, 4, {"error": 1, "ok": 3})
    assert summary.by_source == [("a", 2), ("b", 1)]
    assert summary.by_year == [("2019", 1), ("2021", 1), ("2022", 1)]
    assert summary.formats == [("txt", 3), ("html", 1)]
    assert summary.problems == [("error", "empty", 1)]
    assert dict(summary.labels) == {"ORGANISATION": 5, "PROGRAMME": 2, "PLACE": 4, "DATE": 3}
    assert summary.date_years == [(2019, 1), (2022, 1)]  # « 5 mai » speaks of no year
    otan = summary.top["ORGANISATION"][0]
    assert (otan.name, otan.bulletins, otan.bulletin_ids) == ("OTAN", 3, ("a-2019", "a-2021", "b-2022"))
    assert otan.years == ((2019, 1), (2021, 1), (2022, 1))
    assert [r.name for r in summary.top["COUNTRY"]] == ["Géorgie"]  # by its French name
    assert summary.heat.rows == ("Géorgie",) and summary.heat.columns == ("PPP",)
    assert summary.heat.counts == ((2,),)
    assert [i.text for i in summary.review["unknown"]] == ["Académie des sciences de Mongolie", "Oulan-Bator"]
    assert [(i.text, i.bulletin_ids) for i in summary.review["acronyms"]] == [("CENI", ("a-2021",))]
    assert [i.text for i in summary.review["dates"]] == ["5 mai"]


def _svgs(page: str) -> dict[str, str]:
    found = re.findall(r'<figure class="chart" id="([^"]+)">(.*?)</figure>', page, flags=re.DOTALL)
    return dict(found)


def test_report_writes_one_self_contained_deterministic_page(dataset: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(dataset)])  # default: beside the dataset
    assert result.exit_code == 0, result.output
    page = (tmp_path / "ds-report.html").read_text(encoding="utf-8")
    charts = _svgs(page)
    assert list(charts) == list(CHART_IDS)
    assert all("<svg" in svg and "</svg>" in svg for svg in charts.values())
    assert "<?xml" not in page and not re.search(r'(src|href)="(https?:)?//', page)  # loads nothing
    assert "<script" not in page and "@import" not in page and not re.search(r"url\((?!#)", page)
    assert '<a href="#b-a-2021">a-2021</a>' in page and '<tr id="b-a-2021">' in page  # entity → bulletins
    assert "Académie des sciences de Mongolie" in page and "5 mai" in page  # to review
    assert "Géorgie" in charts["chart-heat"] and "PPP" in charts["chart-heat"]
    again = tmp_path / "again.html"
    assert runner.invoke(app, ["report", str(dataset), "--output", str(again)]).exit_code == 0
    assert again.read_bytes() == (tmp_path / "ds-report.html").read_bytes()  # the same bytes
    short = tmp_path / "short.html"
    assert runner.invoke(app, ["report", str(dataset), "-o", str(short), "--format", "html"]).exit_code == 0
    assert short.read_bytes() == again.read_bytes()


def test_an_empty_dataset_still_gives_every_chart(tmp_path: Path) -> None:
    writer = DatasetWriter(tmp_path / "empty")
    writer.close(
        Manifest(
            schema_version=SCHEMA_VERSION, pipeline_version="test", fingerprint="0" * 64, code="0" * 64,
            spacy_version="test", model=ModelInfo(name="fr_core_news_md", version="test"), resources={},
            versions={}, settings=Settings(), inputs=[], outputs=[],
        )
    )  # fmt: skip
    page = html_page(summarise(read_dataset(tmp_path / "empty")))
    assert list(_svgs(page)) == list(CHART_IDS) and "nothing to show" in page


def test_report_text_is_a_terminal_summary(dataset: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(dataset), "--format", "text"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("ds: 3 bulletins (4 inputs: 1 error, 3 ok)")
    assert "error: empty" in out and "OTAN" in out and "2019-03-03 → 2022" in out
    assert "CENI (ORGANISATION)" in out and "5 mai (DATE)" in out
    assert not (tmp_path / "ds-report.html").exists()  # the terminal only
    written = tmp_path / "summary.txt"
    result = runner.invoke(app, ["report", str(dataset), "--format", "text", "--output", str(written)])
    assert result.exit_code == 0 and written.read_text(encoding="utf-8") == out


def test_report_refuses_what_it_cannot_read_or_write(dataset: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["report", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and "not a complete dataset" in missing.output
    folder = runner.invoke(app, ["report", str(dataset), "--output", str(tmp_path)])
    assert folder.exit_code == 1 and "is a folder" in folder.output
    nowhere = runner.invoke(app, ["report", str(dataset), "-o", str(tmp_path / "no" / "r.html")])
    assert nowhere.exit_code == 1 and "does not exist; create it first" in nowhere.output
    (dataset / "mentions.jsonl").write_text("", encoding="utf-8")  # damaged: refused, not reported
    damaged = runner.invoke(app, ["report", str(dataset), "--format", "text"])
    assert damaged.exit_code == 1 and "run `bulletins run` again" in damaged.output
    bad = runner.invoke(app, ["report", str(dataset), "--format", "pdf"])
    assert bad.exit_code == 2


NARROW_PROBE = (
    "<script>var page=document.scrollingElement,tables=document.querySelectorAll('table');"
    "var boxed=[].filter.call(tables,function(t){var box=t.parentElement;"
    "return getComputedStyle(box).overflowX==='auto'&&box.clientWidth<=page.clientWidth;}).length;"
    "document.title='width:'+page.scrollWidth+'/'+page.clientWidth+':'+boxed+'/'+tables.length;</script></body>"
)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (.ci/run installs Debian's)")
def test_the_report_of_a_real_run_renders_in_a_real_browser(nlp: Language, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in sorted(p.name for p in (ROOT / "corpus").glob("deva-*.txt"))[:8]:
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    (corpus / "devc-vide.txt").write_bytes(b"")  # an input that fails: the errors chart has a bar
    assert run_corpus(corpus, tmp_path / "ds", Settings()).failed == 1
    page = tmp_path / "report.html"
    assert runner.invoke(app, ["report", str(tmp_path / "ds"), "-o", str(page)]).exit_code == 0
    # in the browser: every chart is there, drawn (an SVG with a size and with marks)
    probe = tmp_path / "probe.html"
    probe.write_text(
        page.read_text(encoding="utf-8").replace(
            "</body>",
            "<script>var ids=" + json.dumps(list(CHART_IDS)) + ";var ok=ids.filter(function(i){"
            "var s=document.querySelector('#'+i+' svg');if(!s)return false;var b=s.getBoundingClientRect();"
            "return b.width>100&&b.height>50&&s.querySelectorAll('path,text,rect,use').length>3;});"
            "document.title='charts:'+ok.length+'/'+ids.length+':'+ids.filter(function(i){"
            "return ok.indexOf(i)<0;}).join(',');</script></body>",
        ),
        encoding="utf-8",
    )
    profile = tmp_path / "profile"
    dumped = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert f"<title>charts:{len(CHART_IDS)}/{len(CHART_IDS)}:</title>" in dumped.stdout
    console = [line for line in dumped.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    # on a narrow window the page never scrolls sideways: its wide tables scroll in their own box
    narrow = tmp_path / "narrow.html"
    narrow.write_text(page.read_text(encoding="utf-8").replace("</body>", NARROW_PROBE), encoding="utf-8")
    measured = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=360,900",
         "--dump-dom", narrow.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    width = re.search(r"<title>width:(\d+)/(\d+):(\d+)/(\d+)</title>", measured.stdout)
    assert width is not None, measured.stdout[-2000:]
    scroll_width, client_width, boxed, tables = map(int, width.groups())
    assert scroll_width == client_width, f"the page is {scroll_width} px wide in a {client_width} px window"
    assert tables > 0 and boxed == tables  # every table is in a box that scrolls
    screenshot = tmp_path / "report.png"  # kept under the test's tmp path, for a person to look at
    shot = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,4000",
         f"--screenshot={screenshot}", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert shot.returncode == 0 and screenshot.stat().st_size > 50_000


@pytest.mark.slow
def test_report_never_loads_spacy(dataset: Path) -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom bulletins.cli.app import app\n"
        f"result = CliRunner().invoke(app, ['report', {str(dataset)!r}, '--format', 'text'])\n"
        "print(result.exit_code, 'spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == ["0", "False"]


def test_long_lists_end_in_a_bucket_of_the_others() -> None:
    ranked = top_counts(Counter({f"source{i:02d}": 20 - i for i in range(20)}), limit=15)
    assert len(ranked) == 15 and ranked[0] == ("source00", 20)
    assert ranked[-1] == ("(6 others)", sum(range(1, 7)))


def test_schema_prints_the_entities_index_entry() -> None:
    result = runner.invoke(app, ["schema", "index"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "IndexEntry" and {"key", "bulletins", "first_date"} <= set(schema["properties"])


def test_a_bulletin_taken_back_by_the_writer_is_not_in_the_index(tmp_path: Path) -> None:
    writer = DatasetWriter(tmp_path / "ds")
    mentions, entities = _records("a-2019")
    bulletin = Bulletin(
        id="a-2019", source_path="a/a-2019.txt", sha256="0" * 64, title="t", text=TEXTS["a-2019"]
    )

    def broken():  # a cache entry that breaks after two mentions
        yield "bulletin", bulletin
        yield from (("mention", m) for m in mentions[:2])
        raise OSError("the entry could not be read to its end")

    with pytest.raises(OSError):
        writer.add_lines(broken())
    assert writer.index.entries == {}
    writer.add_lines(
        [("bulletin", bulletin), *(("mention", m) for m in mentions), *(("entity", e) for e in entities)]
    )
    assert writer.index.entries[("ORGANISATION", "OTAN")].mentions == 1
