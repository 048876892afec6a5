"""``bulletins watch``: a real process that keeps a dataset up to date with a corpus folder."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from bulletins.cli import app
from bulletins.dataset.guard import lock_path
from bulletins.extraction.resources import RESOURCE_DIR
from bulletins.running.batch import run_corpus
from bulletins.schemas.settings import Settings
from tests.conftest import ROOT

FILES = ("bulletins.jsonl", "mentions.jsonl", "entities.jsonl", "errors.jsonl", "manifest.json")
TEXTS = {
    "otan.txt": "Bruxelles, le 4 décembre 2006.\n\nL'OTAN a reçu le ministère de la Défense.\n",
    "onu.txt": "Genève, le 3 mai 2019.\n\nL'Organisation des Nations unies s'est réunie à Paris.\n",
}
runner = CliRunner()


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


class Watcher:
    """A ``bulletins watch`` process, its standard error in a file."""

    def __init__(
        self, corpus: Path | None, out: Path | None, log: Path, *options: str, cwd: Path = ROOT
    ) -> None:
        self.log = log
        self.handle = log.open("wb")
        where = [*([str(corpus)] if corpus else []), *(["--out", str(out)] if out else [])]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bulletins", "watch", *where, *options],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=self.handle,
        )

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, needle: str, count: int = 1, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while self.text().count(needle) < count:
            assert self.process.poll() is None, f"watch ended early:\n{self.text()}"
            assert time.monotonic() < deadline, f"no {needle!r} ×{count} within {timeout} s:\n{self.text()}"
            time.sleep(0.05)

    def stop(self, sig: signal.Signals) -> int:
        os.kill(self.process.pid, sig)
        try:
            return self.process.wait(timeout=60)
        finally:
            self.handle.close()


@pytest.mark.slow
def test_watch_publishes_what_run_publishes_holds_the_lock_and_stops_on_sigterm(
    nlp: Language, tmp_path: Path
) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    watcher = Watcher(corpus, out, tmp_path / "watch.log")
    try:
        watcher.wait_for("processed")
        assert "2 bulletin(s): 2 processed" in watcher.text()
        # while it lives, no run may write the same dataset
        locked = runner.invoke(app, ["run", str(corpus), "--out", str(out)])
        assert locked.exit_code == 1
        assert "another run" in locked.output
        assert lock_path(out).exists()

        (corpus / "ue.txt").write_text(
            "Strasbourg, le 12 juin 2018.\n\nLe Conseil de l'Europe a reçu l'OTAN.\n", encoding="utf-8"
        )
        watcher.wait_for("processed", 2)
        assert "3 bulletin(s): 1 processed" in watcher.text()
        reference = tmp_path / "reference"
        run_corpus(corpus, reference, Settings())
        assert _files(out) == _files(reference)  # the same bytes as a run

        (corpus / "onu.txt").unlink()
        watcher.wait_for("processed", 3)
        assert "2 bulletin(s): 0 processed" in watcher.text()
        after_removal = tmp_path / "after-removal"
        run_corpus(corpus, after_removal, Settings())
        assert _files(out) == _files(after_removal)
    finally:
        code = watcher.stop(signal.SIGTERM)
    assert code == 0, watcher.text()
    assert "stopped after 3 update(s)" in watcher.text()
    assert not lock_path(out).exists()  # the lock is released: a run may write again
    again = runner.invoke(app, ["run", str(corpus), "--out", str(out)])
    assert again.exit_code == 0, again.output


@pytest.mark.slow
def test_watch_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    watcher = Watcher(corpus, out, tmp_path / "watch.log")
    watcher.wait_for("processed")
    assert watcher.stop(signal.SIGINT) == 0, watcher.text()
    assert "Traceback" not in watcher.text()
    assert "stopped after 1 update(s)" in watcher.text()
    assert not lock_path(out).exists()


def test_watch_refuses_a_folder_that_is_not_a_dataset_before_loading_anything(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mes notes", encoding="utf-8")
    result = runner.invoke(app, ["watch", str(corpus), "--out", str(mine)])
    assert result.exit_code == 1
    assert "mine" in result.output
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "mes notes"


def test_watch_refuses_a_corpus_that_is_not_a_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["watch", str(tmp_path / "absent"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "is not a folder" in result.output


def _project(folder: Path, settings: str) -> Path:
    """A project folder: its corpus (the two texts and an empty file, which fails) and its
    bulletins.toml."""
    folder.mkdir()
    _corpus(folder / "bulletins")
    (folder / "bulletins" / "vide.txt").write_bytes(b"")
    (folder / "bulletins.toml").write_text(settings, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_watch_with_no_argument_does_what_bulletins_toml_says(tmp_path: Path) -> None:
    project = _project(tmp_path / "projet", 'corpus = "bulletins"\nout = "data"\nmax-errors = 0\nkeep = 0\n')
    watcher = Watcher(None, None, tmp_path / "watch.log", cwd=project)
    try:
        watcher.wait_for("not updated")  # max-errors = 0: the empty file stops the update
        assert "more than 0 input(s) failed" in watcher.text()
        assert not (project / "data" / "manifest.json").exists()
        (project / "bulletins" / "vide.txt").unlink()
        watcher.wait_for("processed")
        assert "2 bulletin(s): 2 processed" in watcher.text()
        assert "→ data" in watcher.text()
        assert (project / "data" / "manifest.json").exists()  # out = "data", relative to the file
    finally:
        code = watcher.stop(signal.SIGTERM)
    assert code == 0, watcher.text()


def test_watch_options_come_from_the_command_line_then_the_project_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path / "projet", 'corpus = "ailleurs"\nresources = "mes-ressources"\n')
    monkeypatch.chdir(project)
    from_file = runner.invoke(app, ["watch"])
    assert from_file.exit_code == 1
    assert "ailleurs is not a folder" in from_file.output  # the corpus of bulletins.toml
    from_file = runner.invoke(app, ["watch", "bulletins"])
    assert from_file.exit_code == 1
    assert "--resources mes-ressources: no such folder" in from_file.output  # checked before any load
    other = tmp_path / "other.toml"
    other.write_text('corpus = "projet/absent"\n', encoding="utf-8")
    given = runner.invoke(app, ["watch", "--config", str(other)])
    assert given.exit_code == 1
    assert "projet/absent is not a folder" in given.output  # relative to --config's folder
    assert runner.invoke(app, ["watch", "--config", str(tmp_path / "none.toml")]).exit_code == 2


KAZBRIG = (
    '{"id": "KAZBRIG", "kind": "brigade", "fr": ["Brigade de maintien de la paix du Kazakhstan"], '
    '"en": ["Kazakhstan Peacekeeping Brigade"], "acronyms": ["KAZBRIG"]}\n'
)
LONG = "\n\n".join(
    f"Le {day} mars 2019, le Conseil de l'Atlantique Nord a reçu à Bruxelles la délégation de la Serbie."
    for day in [*range(1, 29)] * 40
)  # 113,000 characters: two pieces, the first of them seconds of work, past a limit of 1 s


def _manifest_inputs(out: Path) -> list[str]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return [entry["source_path"] for entry in manifest["inputs"]]


@pytest.mark.slow
def test_watch_max_errors_resources_and_verbose_have_their_effect(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    (corpus / "kazbrig.txt").write_text(
        "Astana, le 3 mai 2019.\n\nLa Brigade de maintien de la paix du Kazakhstan a reçu l'OTAN.\n",
        encoding="utf-8",
    )
    (corpus / "vide.txt").write_bytes(b"")  # an empty file fails
    resources = tmp_path / "resources"
    shutil.copytree(RESOURCE_DIR, resources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with (resources / "organisations.jsonl").open("a", encoding="utf-8") as stream:
        stream.write(KAZBRIG)  # a name the packaged knowledge base does not hold
    options = ("--max-errors", "0", "--resources", str(resources), "--verbose")
    watcher = Watcher(corpus, out, tmp_path / "watch.log", *options)
    try:
        # --max-errors 0: one failed input stops the update, as it stops a run: nothing published
        watcher.wait_for("not updated")
        assert f"more than 0 input(s) failed; {out} was left as it was" in watcher.text()
        assert not (out / "manifest.json").exists()

        (corpus / "vide.txt").unlink()
        watcher.wait_for("processed")
        assert "3 bulletin(s): 3 processed, 0 failed" in watcher.text()
        entities = (out / "mentions.jsonl").read_text(encoding="utf-8")
        assert '"entity":"KAZBRIG"' in entities  # found with --resources only
        assert "INFO bulletins." in watcher.text()  # --verbose: what the stages do

        for name in ("kazbrig.txt", *TEXTS):  # without --allow-shrink, an emptied corpus is refused
            (corpus / name).unlink()
        watcher.wait_for("not updated", 2)
        assert "the corpus folder holds no bulletin" in watcher.text()
        assert len(_manifest_inputs(out)) == 3  # the dataset as it was
    finally:
        code = watcher.stop(signal.SIGTERM)
    assert code == 0, watcher.text()


@pytest.mark.slow
def test_watch_allow_shrink_and_time_limit_have_their_effect(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "out"
    (corpus / "ue.txt").write_text(
        "Strasbourg, le 12 juin 2018.\n\nLe Conseil de l'Europe.\n", encoding="utf-8"
    )
    watcher = Watcher(corpus, out, tmp_path / "watch.log", "--allow-shrink", "--time-limit", "1")
    try:
        watcher.wait_for("processed")
        assert "3 bulletin(s): 3 processed" in watcher.text()
        for name in TEXTS:  # two of three gone: refused without --allow-shrink, accepted with it
            (corpus / name).unlink()
        watcher.wait_for("processed", 2)
        assert "1 bulletin(s): 0 processed" in watcher.text()
        assert _manifest_inputs(out) == ["ue.txt"]

        (corpus / "long.txt").write_text(LONG, encoding="utf-8")
        watcher.wait_for("processed", 3)
        errors = [
            json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        assert [(e["source_path"], e["reason"]) for e in errors if e["severity"] == "error"] == [
            ("long.txt", "time-limit")
        ]
        assert "took more than 1 s" in next(e["detail"] for e in errors if e["reason"] == "time-limit")
        assert "INFO " not in watcher.text()  # no --verbose: warnings only
    finally:
        code = watcher.stop(signal.SIGTERM)
    assert code == 0, watcher.text()
    assert "not updated" not in watcher.text()


@pytest.mark.slow
def test_watch_with_a_missing_model_fails_as_run_does(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    model = ("--model", "fr_modele_absent_md")
    watched = subprocess.run(
        [sys.executable, "-m", "bulletins", "watch", str(corpus), "--out", str(tmp_path / "w"), *model],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    ran = subprocess.run(
        [sys.executable, "-m", "bulletins", "run", str(corpus), "--out", str(tmp_path / "r"), "--quiet", *model],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert watched.returncode == ran.returncode == 1, watched.stderr
    error = [line for line in ran.stderr.splitlines() if line.startswith("error:")]
    assert error and "fr_modele_absent_md" in error[0] and "not installed" in error[0]
    assert [line for line in watched.stderr.splitlines() if line.startswith("error:")] == error
    assert "Traceback" not in watched.stderr
    assert not (tmp_path / "w").exists() and not lock_path(tmp_path / "w").exists()
