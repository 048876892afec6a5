"""What a run shows: phases, true rates, counts that add up; a bar on a terminal, log lines elsewhere."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from bulletins.cli.app import EXIT_INPUTS_FAILED, app
from bulletins.cli.progress import ProgressView, Rates, log_line
from bulletins.running.batch import CHECKING, EXTRACTING, LOADING, WRITING, RunProgress

runner = CliRunner()
TEXTS = {
    "a.txt": "Bruxelles, le 4 octobre 2006 – Le Conseil de l'Atlantique Nord a reçu la Serbie.",
    "b.txt": "Genève, le 12 mars 2019 – L'OSCE a ouvert un bureau à Tachkent.",
}
LINE = re.compile(
    r"^bulletins: phase=(?P<phase>[a-z-]+) done=(?P<done>\d+)/(?P<total>\d+) processed=(?P<processed>\d+) "
    r"unchanged=(?P<unchanged>\d+) failed=(?P<failed>\d+)( bulletins_per_s=[\d.]+ words_per_s=\d+)?$"
)


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


def _run(*args: str | Path) -> Result:
    return runner.invoke(app, ["run", *(str(a) for a in args)])


def _log_lines(stderr: str) -> list[re.Match[str]]:
    lines = [line for line in stderr.splitlines() if line.startswith("bulletins: ")]
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    return [m for m in matches if m is not None]


def test_without_a_terminal_one_line_per_phase_and_counts_that_add_up(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    first = _run(corpus, "--out", out)
    assert first.exit_code == 0, first.output
    lines = _log_lines(first.stderr)
    assert [m["phase"] for m in lines] == [
        "checking-the-corpus",
        "loading-the-model",
        "extracting",
        "writing",
    ]
    for m in lines:
        assert int(m["processed"]) + int(m["unchanged"]) + int(m["failed"]) == int(m["done"])
    assert lines[-1]["done"] == lines[-1]["total"] == "2"
    assert "━" not in first.stderr  # no bar
    assert "2 bulletin(s): 2 processed, 0 unchanged, 0 failed" in first.stderr
    assert re.search(r"extraction [\d.]+ bulletins/s, [\d,]+ words/s \(model load included\)", first.stderr)
    (corpus / "c.txt").write_bytes(b"")  # fails, and its failure is cached
    (corpus / "d.txt").write_text("L'OTAN a reçu le ministre à Bruxelles.", encoding="utf-8")
    second = _run(corpus, "--out", out, "--format", "json")
    assert second.exit_code == EXIT_INPUTS_FAILED, second.output
    summary = json.loads(second.stdout)
    assert (summary["processed"], summary["unchanged"], summary["failed"], summary["total"]) == (1, 2, 1, 4)
    assert summary["words"] == 7 and summary["bulletins_per_second"] > 0
    (corpus / "e.txt").write_text("L'OSCE à Vienne.", encoding="utf-8")
    third = _run(corpus, "--out", out)
    assert (
        "5 bulletin(s): 1 processed, 3 unchanged, 1 failed" in third.stderr
    )  # the cached failure stays failed
    assert [m["phase"] for m in _log_lines(third.stderr)][-1] == "writing"


def test_quiet_prints_nothing_and_verbose_logs_the_stages(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    quiet = _run(corpus, "--out", tmp_path / "q", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""
    (corpus / "bad.txt").write_bytes(b"")
    failing = _run(corpus, "--out", tmp_path / "q", "-q")
    assert failing.exit_code == EXIT_INPUTS_FAILED and failing.stderr == ""
    verbose = _run(corpus, "--out", tmp_path / "v", "--verbose")
    assert "INFO bulletins." in verbose.stderr and "bulletins: phase=extracting" in verbose.stderr


def test_a_log_line_every_n_seconds_within_a_phase() -> None:
    stream = io.StringIO()
    view = ProgressView(Console(file=stream, width=200), "log", log_every=0.1)
    with view:
        view(RunProgress(CHECKING))
        view(RunProgress(EXTRACTING, total=3, processed=1))
        view(RunProgress(EXTRACTING, total=3, processed=2))  # too soon: no line
        time.sleep(0.15)
        view(RunProgress(EXTRACTING, total=3, processed=3))
    phases = [m["phase"] for m in _log_lines(stream.getvalue())]
    assert phases == ["checking-the-corpus", "extracting", "extracting"]


def test_rates_are_those_of_the_bulletins_extracted_from_the_first_result_on() -> None:
    rates = Rates()
    rates.update(RunProgress(LOADING, total=100, unchanged=90), now=0.0)  # unchanged: never a rate
    rates.update(RunProgress(EXTRACTING, total=100, processed=1, unchanged=90, words=300), now=10.0)
    assert rates.per_second is None  # the model load is behind the first result, not in the rate
    rates.update(RunProgress(EXTRACTING, total=100, processed=5, unchanged=90, words=1500), now=12.0)
    assert rates.per_second == (2.0, 600.0)
    assert rates.text() == "2.0 bulletins/s, 600 words/s"
    line = log_line(RunProgress(WRITING, total=100, processed=10, unchanged=90), rates)
    assert line.endswith("bulletins_per_s=2.00 words_per_s=600")


@pytest.mark.slow
def test_on_a_terminal_a_bar_with_phase_counts_and_rates(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    for index in range(6):
        (corpus / f"x{index}.txt").write_text(
            f"Le {index + 1} mars 2019, l'OTAN a reçu l'OSCE.", encoding="utf-8"
        )
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bulletins", "run", str(corpus), "--out", str(tmp_path / "out")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        env={**os.environ, "COLUMNS": "200", "TERM": "xterm"},
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the process closed its side
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=120) == 0
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert "━" in text  # the bar
    assert "8/8" in text and "8 processed, 0 unchanged, 0 failed" in text
    assert "loading the model" in text or "extracting" in text
    assert "bulletins: phase=" not in text  # no log lines on a terminal


def test_log_every_is_an_option_of_run_and_rebuild(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    refused = _run(corpus, "--out", tmp_path / "o", "--log-every", "0")
    assert refused.exit_code == 2 and "--log-every" in refused.output
    result = runner.invoke(app, ["rebuild", str(corpus), "-o", str(tmp_path / "o"), "--log-every", "0.1"])
    assert result.exit_code == 0, result.output
    phases = [m["phase"] for m in _log_lines(result.stderr)]
    assert phases[0] == "checking-the-corpus" and phases[-1] == "writing"
    assert set(phases) == {"checking-the-corpus", "loading-the-model", "extracting", "writing"}
