"""``bulletins diff`` on datasets made by real runs before and after real changes: a
knowledge-base entry added, a bulletin edited, a bulletin removed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.extraction.resources import RESOURCE_DIR
from bulletins.running.batch import run_corpus
from bulletins.schemas.diff import DiffReport
from bulletins.schemas.settings import Settings
from tests.conftest import REPO_GOLD, ROOT

runner = CliRunner()
NAMES = [
    "deva-armenie-geoana-2019.txt",
    "deva-kazakhstan-liaison-2016.txt",
    "devb-coe-accords-ue-2014.txt",
    "devb-osce-afghanistan-2010.txt",
]
KAZBRIG = (
    '{"id": "KAZBRIG", "kind": "brigade", "fr": ["Brigade de maintien de la paix du Kazakhstan"], '
    '"en": ["Kazakhstan Peacekeeping Brigade"], "acronyms": ["KAZBRIG"]}\n'
)


@pytest.fixture(scope="module")
def datasets(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("diff")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in NAMES:
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    before, after = root / "before", root / "after"
    run_corpus(corpus, before, Settings())
    resources = root / "resources"
    shutil.copytree(RESOURCE_DIR, resources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with (resources / "organisations.jsonl").open("a", encoding="utf-8") as stream:
        stream.write(KAZBRIG)  # a knowledge-base entry added
    edited = corpus / NAMES[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("reçu le jeudi", "reçu à Bruxelles le jeudi", 1), encoding="utf-8")
    (corpus / NAMES[2]).unlink()  # a bulletin removed
    run_corpus(corpus, after, Settings(resources=str(resources)))
    return before, after


def _report(*args: str) -> DiffReport:
    result = runner.invoke(app, ["diff", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return DiffReport.model_validate_json(result.stdout)


def test_the_diff_names_every_change(datasets: tuple[Path, Path]) -> None:
    before, after = datasets
    report = _report(str(before), str(after))
    by_id = {b.id: b for b in report.bulletins}
    assert set(by_id) == {
        "deva-armenie-geoana-2019",
        "deva-kazakhstan-liaison-2016",
        "devb-coe-accords-ue-2014",
    }
    edited = by_id["deva-armenie-geoana-2019"]
    assert edited.status == "text-changed"
    assert [(c.kind, c.label, c.new.text if c.new else None) for c in edited.changes] == [
        ("added", "PLACE", "Bruxelles")
    ]
    kazbrig = by_id["deva-kazakhstan-liaison-2016"]
    assert [(c.kind, c.new.entity if c.new else None) for c in kazbrig.changes] == [("added", "KAZBRIG")]
    assert "⟦KAZBRIG⟧" in kazbrig.changes[0].context
    removed = by_id["devb-coe-accords-ue-2014"]
    assert removed.status == "removed" and removed.new_mentions == 0
    assert all(c.kind == "removed" for c in removed.changes) and len(removed.changes) == removed.old_mentions
    assert report.summary.bulletins_unchanged == 1
    assert report.summary.mentions["total"].added == 2
    assert set(report.provenance_changes) == {"resources", "settings", "inputs"}


def test_json_output_is_deterministic(datasets: tuple[Path, Path], tmp_path: Path) -> None:
    before, after = datasets
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for path in (first, second):
        assert (
            runner.invoke(
                app, ["diff", str(before), str(after), "--format", "json", "-o", str(path)]
            ).exit_code
            == 0
        )
    assert first.read_bytes() == second.read_bytes()


def test_terminal_view_shows_changes_in_context(datasets: tuple[Path, Path]) -> None:
    before, after = datasets
    result = runner.invoke(app, ["diff", str(before), str(after)])
    assert result.exit_code == 0
    assert "deva-kazakhstan-liaison-2016" in result.output and "KAZBRIG" in result.output
    assert "what changed: resources, settings, inputs" in result.output


def test_exit_codes_for_ci(datasets: tuple[Path, Path], tmp_path: Path) -> None:
    before, after = datasets
    assert runner.invoke(app, ["diff", str(before), str(after), "--exit-code"]).exit_code == 1
    assert runner.invoke(app, ["diff", str(before), str(before), "--exit-code"]).exit_code == 0
    assert (
        runner.invoke(app, ["diff", str(before), str(after), "--exit-code", "--fail-on", "removed"]).exit_code
        == 1
    )
    assert runner.invoke(app, ["diff", str(before), str(tmp_path / "missing")]).exit_code == 2
    mismatch = tmp_path / "old-schema"
    shutil.copytree(before, mismatch)
    manifest = json.loads((mismatch / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_version"] = "0"
    (mismatch / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(mismatch), str(after), "--exit-code"])
    assert result.exit_code == 2 and "schema version 0" in result.output
    assert runner.invoke(app, ["diff", str(before), str(after), "--fail-on", "moved"]).exit_code == 2


def test_diff_against_gold_shows_the_pipeline_errors(nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    run_corpus(ROOT / "corpus", out, Settings())
    report = _report("--gold", str(REPO_GOLD), str(out))
    assert report.mode == "gold"
    liaison = next(b for b in report.bulletins if b.id == "deva-kazakhstan-liaison-2016")
    assert ("removed", "KAZBRIG") in {(c.kind, c.old.text if c.old else None) for c in liaison.changes}
    assert report.summary.bulletins_changed + report.summary.bulletins_unchanged == 32


@pytest.mark.slow
def test_diff_never_loads_spacy(datasets: tuple[Path, Path]) -> None:
    before, after = datasets
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom bulletins.cli.app import app\n"
        f"result = CliRunner().invoke(app, ['diff', {str(before)!r}, {str(after)!r}, '--format', 'json'])\n"
        "print(result.exit_code, 'spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == ["0", "False"]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (.ci/run installs Debian's)")
def test_html_page_renders_in_a_real_browser(datasets: tuple[Path, Path], tmp_path: Path) -> None:
    before, after = datasets
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["diff", str(before), str(after), "--format", "html", "--output", str(page)])
    assert result.exit_code == 0
    content = page.read_text(encoding="utf-8")
    assert "http://" not in content and "https://" not in content  # self-contained
    # a filter unchecked by script after load must hide the programme highlights
    probe = tmp_path / "probe.html"
    probe.write_text(
        content.replace(
            "</body>",
            "<script>var box=document.querySelector('input[value=PROGRAMME]');box.checked=false;"
            "box.dispatchEvent(new Event('change'));"
            "var m=document.querySelector('mark.L-PROGRAMME');"
            "document.title='filtered:'+document.body.classList.contains('hide-PROGRAMME')+':'"
            "+getComputedStyle(m).borderBottomStyle;</script></body>",
        ),
        encoding="utf-8",
    )
    profile = tmp_path / "profile"
    dumped = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "<title>filtered:true:none</title>" in dumped.stdout
    assert 'id="summary"' in dumped.stdout and 'class="L-ORGANISATION k-added"' in dumped.stdout
    console = [line for line in dumped.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    screenshot = tmp_path / "report.png"
    shot = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1400,1600",
         f"--screenshot={screenshot}", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert shot.returncode == 0 and screenshot.stat().st_size > 10_000
    assert not [line for line in shot.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


PLACES_TEXT = "Bruxelles, le 4 décembre 2006.\n\nL'OTAN a reçu les ministres du Caucase du Sud.\n"


def test_a_curated_place_whose_only_change_is_its_kind_or_country_is_a_change(
    nlp: Language, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "caucase.txt").write_text(PLACES_TEXT, encoding="utf-8")
    before, after = tmp_path / "before", tmp_path / "after"
    run_corpus(corpus, before, Settings())
    resources = tmp_path / "resources"
    shutil.copytree(RESOURCE_DIR, resources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for name, old, new in (
        ("places.jsonl", '{"name": "Caucase du Sud", "kind": "region"}', '{"name": "Caucase du Sud", "kind": "area"}'),
        ("cities.jsonl", '{"names": ["Bruxelles", "Brussels"], "country": "BE"}', '{"names": ["Bruxelles", "Brussels"], "country": "LU"}'),
    ):  # fmt: skip
        path = resources / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    run_corpus(corpus, after, Settings(resources=str(resources)))

    report = _report(str(before), str(after))
    changes = [c for b in report.bulletins for c in b.changes]
    assert [(c.kind, c.detail, c.fields, c.new.text if c.new else None) for c in changes] == [
        ("changed", "value", ["in_country"], "Bruxelles"),
        ("changed", "value", ["place_kind"], "Caucase du Sud"),
    ]
    assert [(c.old.in_country, c.new.in_country) for c in changes[:1] if c.old and c.new] == [("BE", "LU")]
    assert [(c.old.place_kind, c.new.place_kind) for c in changes[1:] if c.old and c.new] == [
        ("region", "area")
    ]
    assert {g.description for g in report.groups} == {
        "value: PLACE in country BE → LU",
        "value: PLACE kind region → area",
    }
    assert runner.invoke(app, ["diff", str(before), str(after), "--exit-code"]).exit_code == 1

    terminal = runner.invoke(app, ["diff", str(before), str(after)])
    assert terminal.exit_code == 0, terminal.output
    assert "«Caucase du Sud» place_kind: region → area" in terminal.output
    assert "«Bruxelles» in_country: BE → LU" in terminal.output

    page = tmp_path / "diff.html"
    shown = runner.invoke(app, ["diff", str(before), str(after), "--format", "html", "-o", str(page)])
    assert shown.exit_code == 0, shown.output
    html = page.read_text(encoding="utf-8")
    assert "«Caucase du Sud» place_kind: region → area" in html
    assert "place_kind=area" in html  # the mark's title in the text
