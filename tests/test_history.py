"""Dataset history: previous datasets kept under DIR/.history/, their log, their addresses."""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bulletins.cli.app import EXIT_USAGE, app
from bulletins.dataset.history import HISTORY_DIR, DatasetAddressError, dataset_at, runs
from bulletins.dataset.reader import verify

runner = CliRunner()
WEEKS = [
    {"a.txt": "Bruxelles, le 4 octobre 2006 – Le Conseil de l'Atlantique Nord a reçu la Serbie."},
    {"b.txt": "Genève, le 12 mars 2019 – L'OSCE a ouvert un bureau à Tachkent."},
    {"c.txt": "Le 3 mai 2021, l'Union européenne a lancé le programme Horizon Europe."},
]


def _bulletins(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def _weeks(tmp_path: Path, count: int, *options: str) -> tuple[Path, Path]:
    """``count`` weekly runs, one new bulletin each week."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for week in WEEKS[:count]:
        for name, text in week.items():
            (corpus / name).write_text(text, encoding="utf-8")
        result = _bulletins("run", corpus, "--out", out, *options)
        assert result.exit_code == 0, result.output
    return corpus, out


def test_each_run_keeps_the_previous_dataset_and_logs_the_chain(tmp_path: Path) -> None:
    _, out = _weeks(tmp_path, 3)
    kept = runs(out)
    assert [r.record.run for r in kept] == [1, 2, 3]
    assert [r.record.inputs for r in kept] == [1, 2, 3]
    assert [r.directory for r in kept] == [out / HISTORY_DIR / "1", out / HISTORY_DIR / "2", out]
    for older, newer in itertools.pairwise(kept):  # the manifests chain
        assert newer.record.previous == older.record.manifest_sha256
    assert kept[-1].record.manifest_sha256 == hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()
    for run in kept[:-1]:
        assert len(verify(run.directory).inputs) == run.record.inputs  # each is a whole, intact dataset
        assert sorted(p.name for p in run.directory.iterdir()) == [
            "bulletins.jsonl", "entities.jsonl", "entities_index.jsonl", "errors.jsonl", "manifest.json",
            "mentions.jsonl",
        ]  # fmt: skip
    assert kept[0].record.settings["command"] == "run" and kept[0].record.settings["keep"] == 3


def test_diff_previous_reviews_this_weeks_change(tmp_path: Path) -> None:
    _, out = _weeks(tmp_path, 2)
    result = _bulletins("diff", f"{out}@previous", out, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["bulletins_added"] == 1
    same = _bulletins("diff", f"{out}@1", f"{out}@previous", "--exit-code")
    assert same.exit_code == 0, same.output
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert dataset_at(f"{out}@{today}") == out
    assert dataset_at(f"{out}@latest") == out


def test_keep_limits_the_history(tmp_path: Path) -> None:
    _, out = _weeks(tmp_path, 3, "--keep", "1")
    assert [r.record.run for r in runs(out)] == [2, 3]
    assert sorted(p.name for p in (out / HISTORY_DIR).iterdir()) == ["2", "runs.jsonl"]


def test_keep_0_keeps_none_and_previous_says_so(tmp_path: Path) -> None:
    _, out = _weeks(tmp_path, 2, "--keep", "0")
    assert [r.record.run for r in runs(out)] == [2]
    result = _bulletins("diff", f"{out}@previous", out)
    assert result.exit_code == EXIT_USAGE
    assert "keeps no previous dataset" in result.output and "Traceback" not in result.output


def test_bad_addresses_say_what_to_write(tmp_path: Path) -> None:
    _, out = _weeks(tmp_path, 1)
    with pytest.raises(DatasetAddressError, match="no run 7 is kept"):
        dataset_at(f"{out}@7")
    with pytest.raises(DatasetAddressError, match="on 2000-01-01 or before"):
        dataset_at(f"{out}@2000-01-01")
    with pytest.raises(DatasetAddressError, match="use DIR@previous, DIR@N"):
        dataset_at(f"{out}@yesterday")
    with pytest.raises(DatasetAddressError, match="is not a dataset folder"):
        dataset_at(f"{tmp_path / 'nowhere'}@previous")
    literal = tmp_path / "copy@previous"  # a folder whose name holds an @ is itself
    shutil.copytree(out, literal)
    assert dataset_at(literal) == literal


def test_a_dataset_older_than_its_log_becomes_run_1(tmp_path: Path) -> None:
    corpus, out = _weeks(tmp_path, 1)
    shutil.rmtree(out / HISTORY_DIR)  # as written before datasets had a history
    [only] = runs(out)
    assert (only.record.run, only.current) == (1, True)
    (corpus / "b.txt").write_text(WEEKS[1]["b.txt"], encoding="utf-8")
    assert _bulletins("run", corpus, "--out", out).exit_code == 0
    assert [(r.record.run, r.record.inputs) for r in runs(out)] == [(1, 1), (2, 2)]


def test_a_history_taken_by_a_killed_run_is_put_back(tmp_path: Path) -> None:
    corpus, out = _weeks(tmp_path, 2)
    staging = tmp_path / ".out.staging-999999"  # what a run killed before its swap leaves
    staging.mkdir()
    (out / HISTORY_DIR).rename(staging / HISTORY_DIR)
    (corpus / "c.txt").write_text(WEEKS[2]["c.txt"], encoding="utf-8")
    assert _bulletins("run", corpus, "--out", out).exit_code == 0
    assert [r.record.run for r in runs(out)] == [1, 2, 3]
    assert not staging.exists()


def test_log_lists_the_runs_with_their_addresses(tmp_path: Path) -> None:
    _, out = _weeks(tmp_path, 2)
    table = runner.invoke(app, ["log", str(out)], env={"COLUMNS": "240"})
    assert table.exit_code == 0, table.output
    assert f"{out}@previous" in table.stdout and "date (UTC)" in table.stdout
    listed = json.loads(_bulletins("log", out, "--format", "json").stdout)
    assert [(r["run"], r["inputs"], r["address"]) for r in listed] == [
        (1, 1, f"{out}@previous"),
        (2, 2, str(out)),
    ]
    missing = _bulletins("log", tmp_path / "corpus")
    assert missing.exit_code == 1 and "is not a dataset folder" in missing.output


def test_the_same_bytes_again_or_a_damaged_dataset_are_not_kept(tmp_path: Path) -> None:
    corpus, out = _weeks(tmp_path, 1)
    assert _bulletins("rebuild", corpus, "--out", out).exit_code == 0  # the same bytes: no new run
    assert [r.record.run for r in runs(out)] == [1]
    (corpus / "b.txt").write_text(WEEKS[1]["b.txt"], encoding="utf-8")
    assert _bulletins("run", corpus, "--out", out).exit_code == 0
    (out / "mentions.jsonl").write_text("", encoding="utf-8")  # damaged: it does not verify
    (corpus / "c.txt").write_text(WEEKS[2]["c.txt"], encoding="utf-8")
    assert _bulletins("run", corpus, "--out", out).exit_code == 0
    assert [r.record.run for r in runs(out)] == [1, 3]  # run 2 was damaged: not kept
    assert not (out / HISTORY_DIR / "2").exists()
