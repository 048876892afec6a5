"""The command line of issue 18: --version, -h, plain help texts, --format json, status,
--max-errors over cached failures, clear messages, extract of several files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import bulletins
from bulletins.cli.app import EXIT_FATAL, EXIT_INPUTS_FAILED, EXIT_STOPPED, EXIT_USAGE, app
from tests.conftest import REPO_GOLD
from tests.regressions.runs import tree

runner = CliRunner()
COMMANDS = ["init", "run", "rebuild", "status", "log", "extract", "evaluate", "export", "diff", "schema"]
TEXTS = {
    "a.txt": "Bruxelles, le 4 octobre 2006 – Le Conseil de l'Atlantique Nord a reçu la Serbie.",
    "b.txt": "Genève, le 12 mars 2019 – L'OSCE a ouvert un bureau à Tachkent.",
}


def _bulletins(*args: str | Path, **env: str) -> Result:
    return runner.invoke(app, [str(a) for a in args], env=env or None)


def _corpus(folder: Path, texts: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (texts or TEXTS).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_version_and_short_help() -> None:
    for option in ("--version", "-V"):
        result = _bulletins(option)
        assert result.exit_code == 0 and result.stdout == f"bulletins {bulletins.__version__}\n"
    short, long = _bulletins("-h"), _bulletins("--help")
    assert short.exit_code == 0 and short.stdout == long.stdout
    assert all(command in short.stdout for command in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_texts_have_no_placeholders_nor_broken_sentences(command: str) -> None:
    result = _bulletins(command, "-h", COLUMNS="100")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert not re.search(r"<[a-z]", text), text  # no <bool>, <str>, <path> placeholders
    assert not re.search(r"\w \.", text), text  # « model once . »
    assert "Usage: bulletins " + command in " ".join(text.split())


def test_run_out_has_a_short_option(tmp_path: Path) -> None:
    result = _bulletins("run", _corpus(tmp_path / "corpus"), "-o", tmp_path / "ds", "-q")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ds" / "manifest.json").is_file()


def test_status_says_what_a_run_would_do(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    before = _bulletins("status", out, corpus, "--format", "json")
    assert before.exit_code == 0, before.output
    assert json.loads(before.stdout)["exists"] is False and json.loads(before.stdout)["to_extract"] == 2
    (corpus / "empty.txt").write_bytes(b"")
    assert _bulletins("run", corpus, "-o", out).exit_code == EXIT_INPUTS_FAILED
    up_to_date = _bulletins("status", out, corpus)
    assert up_to_date.exit_code == 0 and "failed last time: 1 (empty.txt)" in up_to_date.stdout
    written = tree(out)
    (corpus / "a.txt").write_text("L'OTAN à Bruxelles.", encoding="utf-8")
    (corpus / "b.txt").unlink()
    (corpus / "c.txt").write_text("L'OSCE à Vienne.", encoding="utf-8")
    data = json.loads(_bulletins("status", out, corpus, "-f", "json").stdout)
    assert (data["new"], data["changed"], data["removed"], data["failed_last_time"]) == (
        ["c.txt"], ["a.txt"], ["b.txt"], ["empty.txt"],
    )  # fmt: skip
    assert data["to_extract"] == 2 and data["up_to_date"] is False and data["pipeline_changed"] is False
    text = _bulletins("status", out, corpus).stdout
    assert "new: 1 (c.txt)" in text and "removed: 1 (b.txt)" in text and "a run would extract 2" in text
    assert tree(out) == written  # and nothing was written
    not_a_corpus = _bulletins("status", out, tmp_path / "nowhere")
    assert not_a_corpus.exit_code == EXIT_FATAL and "is not a folder" in not_a_corpus.output


@pytest.mark.slow
def test_status_does_not_import_spacy(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    assert _bulletins("run", corpus, "-o", out, "-q").exit_code == 0
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bulletins", "status", str(out), str(corpus)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "is up to date" in done.stdout
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "bulletins.dataset.manifest" in imported  # the listing is there: it read the manifest
    assert not {name for name in imported if name.split(".")[0] in {"spacy", "thinc"}}


def test_max_errors_counts_the_failures_in_the_cache(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    for index in range(3):
        (corpus / f"empty{index}.txt").write_bytes(b"")
    assert _bulletins("run", corpus, "-o", out).exit_code == EXIT_INPUTS_FAILED
    before = tree(out)
    again = _bulletins("run", corpus, "-o", out, "--max-errors", "2")  # nothing new: 3 cached failures
    assert again.exit_code == EXIT_STOPPED and "more than 2 input(s) failed" in again.output
    (corpus / "c.txt").write_text("L'OSCE à Vienne.", encoding="utf-8")
    stopped = _bulletins("run", corpus, "-o", out, "--max-errors", "2")
    assert stopped.exit_code == EXIT_STOPPED, stopped.output
    assert "was left as it was" in stopped.output
    assert tree(out) == before
    accepted = _bulletins("run", corpus, "-o", out, "--max-errors", "3")
    assert accepted.exit_code == EXIT_INPUTS_FAILED, accepted.output


def test_a_missing_gold_file_says_it_is_missing(tmp_path: Path) -> None:
    missing = _bulletins("evaluate", tmp_path / "absent.jsonl")
    assert missing.exit_code == EXIT_FATAL
    assert "absent.jsonl: cannot be read: no such file" in missing.output
    assert "UTF-8" not in missing.output
    folder = _bulletins("evaluate", tmp_path)
    assert folder.exit_code == EXIT_FATAL and "a folder, not a gold file" in folder.output


def test_evaluate_format_json_and_its_json_alias(tmp_path: Path) -> None:
    gold = tmp_path / "one.jsonl"
    gold.write_text(REPO_GOLD.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    reports = [
        json.loads(_bulletins("evaluate", gold, *options).stdout)
        for options in (["--format", "json"], ["--json"])
    ]
    assert reports[0] == reports[1] and reports[0]["documents"] == 1
    assert "strict span scores" in _bulletins("evaluate", gold).stdout


def test_the_parquet_hint_keeps_its_square_brackets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    assert _bulletins("run", corpus, "-o", out, "-q").exit_code == 0
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as without the [parquet] extra: import fails
    result = _bulletins("export", out, "--format", "parquet")
    assert result.exit_code == EXIT_FATAL
    assert "pip install '.[parquet]'" in result.output


def test_extract_several_files_and_folders(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    other = tmp_path / "c.txt"
    other.write_text("<html><body><p>L'OSCE à Vienne, le 3 mai 2021.</p></body></html>", encoding="utf-8")
    result = _bulletins("extract", corpus, other)
    assert result.exit_code == 0, result.output
    assert [r["bulletin"]["id"] for r in json.loads(result.stdout)] == ["a", "b", "c"]
    assert "warning: " in result.stderr and "html" in result.stderr  # warnings go to standard error
    lines = _bulletins("extract", corpus / "a.txt", corpus / "b.txt", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["bulletin"]["id"] for line in lines] == ["a", "b"]
    one = _bulletins("extract", corpus / "a.txt", "-f", "jsonl").stdout
    assert one.count("\n") == 1 and json.loads(one)["bulletin"]["id"] == "a"


def test_extract_goes_on_when_one_of_several_fails(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    (corpus / "empty.txt").write_bytes(b"")
    result = _bulletins("extract", corpus, "--format", "jsonl")
    assert result.exit_code == EXIT_INPUTS_FAILED, result.output
    assert [json.loads(line)["bulletin"]["id"] for line in result.stdout.splitlines()] == ["a", "b"]
    assert "error: " in result.stderr and "empty.txt" in result.stderr
    explain = _bulletins("extract", corpus, "--explain")
    assert explain.exit_code == EXIT_USAGE and "--explain takes one bulletin file" in explain.output


def test_log_and_status_read_the_project_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _corpus(tmp_path / "bulletins")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bulletins.toml").write_text('corpus = "bulletins"\nout = "data"\n', encoding="utf-8")
    assert _bulletins("run", "-q").exit_code == 0
    assert json.loads(_bulletins("log", "-f", "json").stdout)[0]["address"] == "data"
    assert "is up to date" in _bulletins("status").stdout
    shutil.rmtree(tmp_path / "data")
    assert "no dataset yet" in _bulletins("status").stdout
