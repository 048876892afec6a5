"""``bulletins diff`` at the scale of a real change: 30 sample bulletins run before and after
one knowledge-base entry is renamed and one bulletin edited, then copied ten times into
datasets of 300 bulletins (by the project's dataset writer). Groups, ``--stat``,
``--width``, the HTML page for hundreds of bulletins (in Chromium), and ``--gold``."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from bulletins.cli.app import app
from bulletins.dataset.reader import read_dataset
from bulletins.extraction.resources import RESOURCE_DIR
from bulletins.review.diff import Side, compare
from bulletins.running.batch import run_corpus
from bulletins.schemas.diff import DiffReport, MentionView
from bulletins.schemas.settings import Settings
from tests.conftest import REPO_GOLD, ROOT
from tests.regressions.datasets import write_dataset
from tests.test_diff import CHROMIUM, CHROMIUM_FLAGS

runner = CliRunner()
RENAMED = "CONSEIL-DE-L-ATLANTIQUE-NORD"
COPIES = 10
EDITED = "deva-armenie-geoana-2019"


def _replicate(source: Path, target: Path, copies: int) -> Path:
    """A dataset of ``copies`` copies of each bulletin of ``source`` (ids « …-03 »)."""
    dataset = read_dataset(source)
    mentions: dict[str, list] = {}
    for mention in dataset.mentions:
        mentions.setdefault(mention.bulletin_id, []).append(mention)
    documents = []
    for copy in range(copies):
        for bulletin in dataset.bulletins:
            new_id = f"{bulletin.id}-{copy:02d}"
            documents.append(
                (
                    bulletin.model_copy(update={"id": new_id, "source_path": f"{new_id}.txt"}),
                    [m.model_copy(update={"bulletin_id": new_id}) for m in mentions.get(bulletin.id, [])],
                )
            )
    return write_dataset(target, documents)


@pytest.fixture(scope="module")
def small(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """30 bulletins run before and after: the entry CAN renamed, one bulletin edited."""
    root = tmp_path_factory.mktemp("scale")
    corpus = root / "corpus"
    corpus.mkdir()
    for path in sorted((ROOT / "corpus").glob("*.txt"))[:30]:
        shutil.copy(path, corpus / path.name)
    before, after = root / "before", root / "after"
    run_corpus(corpus, before, Settings())
    resources = root / "resources"
    shutil.copytree(RESOURCE_DIR, resources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    entries = resources / "organisations.jsonl"
    entries.write_text(
        entries.read_text(encoding="utf-8").replace('{"id": "CAN",', f'{{"id": "{RENAMED}",', 1),
        encoding="utf-8",
    )
    for family in (resources / "organisations").glob("*.jsonl"):  # the bodies CAN is the parent of
        family.write_text(
            family.read_text(encoding="utf-8").replace('"parent": "CAN"', f'"parent": "{RENAMED}"'),
            encoding="utf-8",
        )
    edited = corpus / f"{EDITED}.txt"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("reçu le jeudi", "reçu à Bruxelles le jeudi", 1), encoding="utf-8")
    run_corpus(corpus, after, Settings(resources=str(resources)))
    return before, after


@pytest.fixture(scope="module")
def large(small: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same change on 300 bulletins."""
    root = tmp_path_factory.mktemp("scale300")
    return _replicate(small[0], root / "before", COPIES), _replicate(small[1], root / "after", COPIES)


def _json(*args: str) -> DiffReport:
    result = runner.invoke(app, ["diff", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return DiffReport.model_validate_json(result.stdout)


def test_identical_changes_are_grouped(large: tuple[Path, Path]) -> None:
    report = _json(str(large[0]), str(large[1]))
    renamed = next(g for g in report.groups if g.after == f"key {RENAMED}")
    assert (renamed.category, renamed.kind, renamed.label, renamed.before) == (
        "value",
        "changed",
        "ORGANISATION",
        "key CAN",
    )
    assert renamed.description == f"value: ORGANISATION key CAN → {RENAMED}"
    in_bulletins = {
        b.id: sum(c.group == renamed.id for c in b.changes) for b in report.bulletins
    }  # every change names its group, and the group counts them
    assert renamed.count == sum(in_bulletins.values()) > COPIES
    assert renamed.bulletins == sorted(i for i, n in in_bulletins.items() if n)
    assert len(renamed.bulletins) % COPIES == 0
    counts = [g.count for g in report.groups]
    assert counts == sorted(counts, reverse=True) and [g.id for g in report.groups][:2] == ["g1", "g2"]
    assert all(c.group for b in report.bulletins for c in b.changes)
    assert sum(counts) == sum(len(b.changes) for b in report.bulletins)
    assert report.summary.categories["value"] >= renamed.count
    edited = next(b for b in report.bulletins if b.id == f"{EDITED}-00")
    assert edited.status == "text-changed"
    assert ("added", "PLACE", "Bruxelles") in {
        (c.kind, c.label, c.new and c.new.text) for c in edited.changes
    }


def test_terminal_shows_groups_first_and_never_wraps_off_a_terminal(large: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["diff", str(large[0]), str(large[1])])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "\x1b[" not in out  # no colour off a terminal
    header = out.index("groups of identical changes")
    line = next(x for x in out.splitlines() if f"key CAN → {RENAMED}" in x and "mentions in" in x)
    assert re.search(r"g\d+ +value: ORGANISATION key CAN → \S+: \d+ mentions in \d+ bulletins", line)
    assert header < out.index(line) < out.index(f"\n{EDITED}-00 (")
    lines = out.splitlines()
    assert max(len(x) for x in lines) > 200  # a detail line with its context, whole
    assert any(f"entity: CAN → {RENAMED}" in x and "…" in x for x in lines)  # change and context on one line


def test_width_wraps_the_text_view(large: tuple[Path, Path], tmp_path: Path) -> None:
    result = runner.invoke(app, ["diff", str(large[0]), str(large[1]), "--width", "70"])
    assert result.exit_code == 0, result.output
    assert max(len(x) for x in result.output.splitlines()) <= 70
    report = tmp_path / "diff.txt"
    result = runner.invoke(app, ["diff", str(large[0]), str(large[1]), "-o", str(report)])
    assert result.exit_code == 0, result.output
    assert max(len(x) for x in report.read_text(encoding="utf-8").splitlines()) > 200
    for wrong in (["--width", "-3"], ["--width", "70", "--format", "json"], ["--stat", "--format", "json"]):
        assert runner.invoke(app, ["diff", str(large[0]), str(large[1]), *wrong]).exit_code == 2


def test_stat_gives_a_line_per_changed_bulletin(large: tuple[Path, Path]) -> None:
    report = _json(str(large[0]), str(large[1]))
    result = runner.invoke(app, ["diff", str(large[0]), str(large[1]), "--stat"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(report.bulletins) + 1
    total = report.summary.mentions["total"]
    assert lines[-1] == (
        f" {len(report.bulletins)} bulletins changed, {total.added} mention{'s' * (total.added != 1)} added(+), "
        f"{total.removed} removed(-), {total.changed} changed(~)"
    )
    edited = next(x for x in lines if f" {EDITED}-00 " in x)
    count = len(next(b for b in report.bulletins if b.id == f"{EDITED}-00").changes)
    assert re.fullmatch(rf" {EDITED}-00 +\| +{count} [+~-]+ \(text-changed\)", edited)
    narrow = runner.invoke(app, ["diff", str(large[0]), str(large[1]), "--stat", "--width", "90"])
    assert max(len(x) for x in narrow.output.splitlines()[:-1]) <= 90


@pytest.mark.slow
def test_colours_and_wrapping_on_a_terminal(large: tuple[Path, Path]) -> None:
    """In a pseudo-terminal of 100 columns: colours, and lines cut at 100."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(COLUMNS="100", LINES="40", TERM="xterm-256color")
    process = subprocess.Popen(
        [sys.executable, "-m", "bulletins", "diff", str(large[0]), str(large[1]), "--stat"],
        stdout=follower, stderr=subprocess.PIPE, env=env, cwd=ROOT,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=120) == 0
    os.close(leader)
    out = b"".join(chunks).decode("utf-8")
    assert "\x1b[" in out  # coloured
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert max(len(x) for x in plain.splitlines()) <= 100


def test_html_page_for_hundreds_of_bulletins(large: tuple[Path, Path], tmp_path: Path) -> None:
    report = _json(str(large[0]), str(large[1]))
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    for page in (first, second):
        result = runner.invoke(
            app, ["diff", str(large[0]), str(large[1]), "--format", "html", "-o", str(page)]
        )
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()  # deterministic
    content = first.read_text(encoding="utf-8")
    assert "http://" not in content and "https://" not in content and content.count("<script") == 1
    for anchor in ('id="summary"', 'id="legend"', 'id="groups"', 'id="toc"', 'id="counter"'):
        assert anchor in content
    assert content.index('id="groups"') < content.index('id="toc"') < content.index('class="bulletin"')
    assert content.count('<li id="toc-b-') == len(report.bulletins)
    assert content.count('<tr id="row-g') == len(report.groups)
    assert content.count('<div class="change ') == sum(len(b.changes) for b in report.bulletins)
    assert content.count('<details class="full">') == len(report.bulletins)
    assert content.count('<pre class="hunk">') == sum(len(b.changes) for b in report.bulletins)
    # a hunk is a few lines, not the whole text
    hunks = re.findall(r'<pre class="hunk">(.*?)</pre>', content, re.DOTALL)
    assert max(len(re.sub(r"<[^>]+>", "", h)) for h in hunks) < 1200
    assert len(content) < 30_000_000


_PROBE = """<script>
(function(){
var out={};
out.toc=document.querySelectorAll('#toc li').length;
out.groups=document.querySelectorAll('#groups tr[data-group]').length;
out.counter0=document.getElementById('counter').textContent;
function key(k){document.dispatchEvent(new KeyboardEvent('keydown',{key:k,bubbles:true}));}
key('j');out.first=document.body.dataset.current;out.y1=window.scrollY;
key('j');out.second=document.body.dataset.current;out.y2=window.scrollY;
key('k');out.back=document.body.dataset.current;
out.position=document.getElementById('position').textContent;
var box=document.querySelector('.filters input[value=changed]');box.checked=false;
box.dispatchEvent(new Event('change'));
out.hidden=[].filter.call(document.querySelectorAll('section.bulletin'),function(b){return b.hidden;}).length;
out.hiddenGroups=document.querySelectorAll('#groups tr[data-group][hidden]').length;
out.counter1=document.getElementById('counter').textContent;
out.tocHidden=document.querySelectorAll('#toc li[hidden]').length;
var search=document.getElementById('search');search.value='-07';search.dispatchEvent(new Event('input'));
out.counter2=document.getElementById('counter').textContent;
document.title='probe:'+JSON.stringify(out);
})();
</script></body>"""


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (.ci/run installs Debian's)")
def test_the_page_of_300_bulletins_in_a_real_browser(large: tuple[Path, Path], tmp_path: Path) -> None:
    report = _json(str(large[0]), str(large[1]))
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["diff", str(large[0]), str(large[1]), "--format", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", _PROBE), encoding="utf-8")
    profile = tmp_path / "profile"
    dumped = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1400,1000",
         "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    found = re.search(r"<title>probe:(.*?)</title>", dumped.stdout, re.DOTALL)
    assert found, dumped.stderr[-2000:]
    out = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    changed = len(report.bulletins)
    changes = sum(len(b.changes) for b in report.bulletins)
    assert out["toc"] == changed >= COPIES and out["groups"] == len(report.groups)
    assert out["counter0"] == (
        f"showing {changed} of {changed} bulletins, {changes} of {changes} changes, "
        f"{len(report.groups)} of {len(report.groups)} groups"
    )
    assert (out["first"], out["second"], out["back"]) == ("c-1-1", _second_change(report), "c-1-1")
    assert out["y2"] > out["y1"] > 0  # the key moves the page to the change
    assert out["position"] == f"change 1 of {changes}"
    only_changed = sum(all(c.kind == "changed" for c in b.changes) for b in report.bulletins)
    assert out["hidden"] == out["tocHidden"] == only_changed > 0  # whole bulletins hidden
    assert out["hiddenGroups"] == sum(g.kind == "changed" for g in report.groups) > 0
    assert out["counter1"].startswith(f"showing {changed - only_changed} of {changed} bulletins")
    assert out["counter2"].startswith("showing ") and not out["counter2"].startswith(
        f"showing {changed - only_changed} "
    )
    console = [line for line in dumped.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    screenshot = tmp_path / "diff-300.png"
    shot = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1400,1600",
         f"--screenshot={screenshot}", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert shot.returncode == 0 and screenshot.stat().st_size > 10_000
    print(f"screenshot of the 300-bulletin diff page: {screenshot}")


def _second_change(report: DiffReport) -> str:
    first = report.bulletins[0]
    return "c-1-2" if len(first.changes) > 1 else "c-2-1"


def test_gold_errors_are_grouped_by_kind(small: tuple[Path, Path], tmp_path: Path) -> None:
    dataset = small[0]
    ids = {json.loads(line)["id"] for line in (dataset / "bulletins.jsonl").open(encoding="utf-8")}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "".join(line for line in REPO_GOLD.open(encoding="utf-8") if json.loads(line)["id"] in ids),
        encoding="utf-8",
    )
    report = _json("--gold", str(gold), str(dataset))
    names = {"missed", "spurious", "wrong boundary", "wrong label", "wrong value"}
    assert set(report.summary.categories) <= names and report.summary.categories
    assert {g.category for g in report.groups} <= names
    counts = list(report.summary.categories.values())
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == sum(len(b.changes) for b in report.bulletins)
    missed = next(g for g in report.groups if g.category == "missed" and g.before == "«KAZBRIG»")
    assert missed.description == f"missed: {missed.label} «KAZBRIG»"
    result = runner.invoke(app, ["diff", "--gold", str(gold), str(dataset)])
    assert result.exit_code == 0
    first_kind = next(iter(report.summary.categories))
    assert f"errors by kind: {first_kind} {report.summary.categories[first_kind]}" in result.output
    assert "missed: " in result.output


def test_one_edited_bulletin_of_50_kb_diffs_in_under_a_second() -> None:
    lines = (p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    sample = "\n".join(dict.fromkeys(x for text in lines for x in text.splitlines()))  # no line twice
    old = sample[:50_000]
    new = old
    for step in range(1, 31):  # 30 insertions spread over the text
        at = new.index(" ", step * 1_600)
        new = new[:at] + " à Tombouctou" + new[at:]
    spans = [(m.start(), m.end()) for m in re.finditer(r"OTAN|Bruxelles", old)]
    views = [MentionView(start=s, end=e, label="ORGANISATION", text=old[s:e]) for s, e in spans]
    moved = [
        MentionView(start=m.start(), end=m.end(), label="ORGANISATION", text=m.group())
        for m in re.finditer(r"OTAN|Bruxelles|Tombouctou", new)
    ]
    started = time.perf_counter()
    report = compare(Side({"b": old}, {"b": views}), Side({"b": new}, {"b": moved}))
    seconds = time.perf_counter() - started
    assert seconds < 1, seconds
    assert report.summary.mentions["total"].added == 30 and report.summary.mentions["total"].removed == 0
