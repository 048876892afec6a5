"""Every command of the README runs, as written, in a copy of the repository.

Each ```bash block of the README is run line by line (``&`` lines in the background, stopped
at the end) in a scratch copy of the repository, with the commands of the current
environment. A block this test does not know fails it: a command added to the README must
be run here. ``pip install`` lines are not run (the environment is installed already): the
extras they name must exist. The two set-up commands run for real in a slow test.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL)
BIN = Path(sys.executable).parent
SET_UP = BLOCKS[0].strip()
TESTS = BLOCKS[1].strip()


def _lines(block: str) -> list[str]:
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def _sandbox(tmp_path: Path) -> Path:
    """A copy of what the repository tracks, plus the dataset of the main command."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in listed.stdout.splitlines():
        source = ROOT / name
        if source.is_file():
            target = tmp_path / "repo" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return tmp_path / "repo"


def _extras_named(line: str) -> set[str]:
    return set(re.findall(r"\[(\w+)\]", line))


def _wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


def _run_block(block: str, cwd: Path) -> list[subprocess.CompletedProcess[str]]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "160"}
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    background: list[subprocess.Popen[str]] = []
    results = []
    try:
        for line in _lines(block):
            if line.startswith("pip install"):
                assert _extras_named(line) <= set(extras), line
                continue
            if line.endswith("&"):
                command = shlex.split(line.removesuffix("&"))
                background.append(
                    subprocess.Popen(
                        command,
                        cwd=cwd,
                        env=env,
                        text=True,
                        start_new_session=True,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
                if (port := re.search(r"--port (\d+)", line)) is not None:
                    _wait_for_port(int(port.group(1)))
                elif command[:2] == ["dask", "worker"]:
                    time.sleep(8)  # the workers join the scheduler
                continue
            results.append(
                subprocess.run(
                    ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
                )
            )
    finally:
        for process in background:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    return results


def test_every_block_of_the_readme_is_known() -> None:
    known = {SET_UP, TESTS, *(block.strip() for block in RUNNABLE.values())}
    assert [b.strip() for b in BLOCKS if b.strip() not in known] == []


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TESTS in [line.strip() for line in ci.splitlines()]


def _block_after(heading: str) -> str:
    section = README.split(heading, 1)[1]
    return re.search(r"```bash\n(.*?)```", section, flags=re.DOTALL).group(1)  # type: ignore[union-attr]


RUNNABLE = {
    "diff": _block_after("### Reviewing a change"),
    "dask": _block_after("### On a Dask cluster"),
    "weekly": _block_after("## Every week"),
    "report": _block_after("### Looking at a dataset"),
    "exports": _block_after("### Loading the dataset elsewhere"),
    "candidates": _block_after("### Growing the knowledge base"),
}
# the pandas and DuckDB lines of the same section, run with the Python of the tests
LOADING = re.findall(
    r"```python\n(.*?)```",
    README.split("### Loading the dataset elsewhere", 1)[1].split("\n## ", 1)[0],
    re.DOTALL,
)


def _with_dataset(repo: Path) -> None:
    subprocess.run(
        [BIN / "bulletins", "run", "corpus", "--out", "outputs"], cwd=repo, check=True, capture_output=True
    )


@pytest.mark.slow
def test_the_review_commands_run(tmp_path: Path) -> None:
    repo = _sandbox(tmp_path)
    _with_dataset(repo)
    shutil.copytree(repo / "pipeline" / "extraction" / "resources", repo / "my-resources")
    results = _run_block(RUNNABLE["diff"], repo)
    assert [r.returncode for r in results] == [0, 0, 0, 0], [r.stderr for r in results]
    assert (repo / "diff.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert '"summary"' in results[-1].stdout


@pytest.mark.slow
def test_the_report_and_export_commands_run(tmp_path: Path) -> None:
    repo = _sandbox(tmp_path)
    _with_dataset(repo)
    results = _run_block(RUNNABLE["report"], repo)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert (repo / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert results[1].stdout.startswith("outputs: 36 bulletins")
    results = _run_block(RUNNABLE["exports"], repo)
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
    assert len(LOADING) == 2
    pandas, duckdb = (
        subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True)
        for code in LOADING
    )
    assert "ORGANISATION" in pandas.stdout and "OTAN" in duckdb.stdout


@pytest.mark.slow
def test_the_dask_commands_run(tmp_path: Path) -> None:
    repo = _sandbox(tmp_path)
    results = _run_block(RUNNABLE["dask"], repo)
    assert [r.returncode for r in results] == [0], [r.stderr for r in results]
    assert len((repo / "outputs" / "bulletins.jsonl").read_text(encoding="utf-8").splitlines()) == 36


@pytest.mark.slow
def test_the_set_up_command_installs_and_runs_the_main_job(tmp_path: Path) -> None:
    repo = _sandbox(tmp_path)
    result = subprocess.run(["bash", "-c", SET_UP], cwd=repo, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len((repo / "outputs" / "bulletins.jsonl").read_text(encoding="utf-8").splitlines()) == 36
    assert (repo / "outputs" / "README.md").is_file()


def _commands() -> set[str]:
    from bulletins.cli.app import app

    return {command.name or command.callback.__name__ for command in app.registered_commands}  # type: ignore[union-attr]


@pytest.mark.slow
def test_the_weekly_walk_through_runs(tmp_path: Path) -> None:
    repo = _sandbox(tmp_path)
    _with_dataset(repo)  # last week's dataset
    shutil.copy(repo / "corpus" / "deva-serbie-2022.txt", repo / "corpus" / "new-this-week.txt")
    block = RUNNABLE["weekly"]
    if "report" not in _commands():  # `bulletins report` comes with its own change: its line runs then
        block = "\n".join(line for line in block.splitlines() if not line.startswith("bulletins report"))
    results = _run_block(block, repo)
    assert [r.returncode for r in results] == [0] * len(results), [r.stderr for r in results]
    assert (repo / "bulletins.toml").is_file()
    assert "bulletins: phase=writing" in results[1].stderr  # no terminal: log lines
    assert "up to date" in results[2].stdout
    assert "new-this-week" in results[3].stdout  # this week's change
    assert "outputs@previous" in results[4].stdout


@pytest.mark.slow
def test_the_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bulletins

    code = README.split("### From Python", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "corpus").mkdir()
    for name in sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))[:3]:
        shutil.copy(ROOT / "corpus" / name, tmp_path / "corpus" / name)
    monkeypatch.chdir(tmp_path)
    bulletins.run("corpus", "outputs")  # an earlier run, for outputs@previous
    shutil.copy(ROOT / "corpus" / "deva-serbie-2022.txt", tmp_path / "corpus" / "new.txt")
    scope: dict[str, object] = {}
    exec(code, scope)
    records = scope["records"]
    assert [(m.text, m.label) for m in records.mentions] == [("4 octobre", "DATE"), ("OTAN", "ORGANISATION")]  # type: ignore[attr-defined]
    assert scope["summary"].extracted == 1  # type: ignore[attr-defined]
    assert len(scope["before"].bulletins) == 3  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_curation_loop_runs(tmp_path: Path) -> None:
    repo = _sandbox(tmp_path)
    _with_dataset(repo)
    results = _run_block(RUNNABLE["candidates"], repo)
    assert [r.returncode for r in results] == [0] * 9, [r.stderr for r in results]
    assert "Conseil national de sécurité" in results[1].stdout
    assert '"label": "PLACE"' in results[2].stdout
    curated = (repo / "curated" / "organisations" / "curated.jsonl").read_text(encoding="utf-8")
    assert '"kind": "academy"' in curated and len(curated.splitlines()) == 1
    assert "ACADEMIE-MILITAIRE-INTERARMES-MAURITANIE" in results[7].stdout
    assert "Académie militaire" not in results[8].stdout
