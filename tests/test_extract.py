"""Extraction never loses a bulletin: a stage that fails on one leaves an error for it."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bulletins.extraction.components.annotations import register_extensions
from bulletins.extraction.extract import ExtractionError, extract, process
from bulletins.extraction.nlp import _skip_failed_batch
from bulletins.inputs.corpus import BulletinText


@Language.component("fails_on_poison")
def _fails_on_poison(doc: Doc) -> Doc:
    if "POISON" in doc.text:
        raise RuntimeError("this stage cannot read POISON")
    return doc


def _bulletin(name: str, text: str) -> BulletinText:
    return BulletinText(id=name, source_path=f"{name}.txt", sha256="0" * 64, text=text)


def test_a_failing_stage_drops_no_bulletin_silently() -> None:
    register_extensions()
    nlp = spacy.blank("fr")
    nlp.add_pipe("fails_on_poison")
    nlp.default_error_handler = _skip_failed_batch
    bulletins = [_bulletin("a", "Texte un."), _bulletin("b", "POISON ici."), _bulletin("c", "Texte trois.")]
    out = [(b.id, doc is not None) for b, doc in process(nlp, bulletins, batch_size=2)]
    assert out == [("a", True), ("b", False), ("c", True)]
    results = dict((b.id, r) for b, r in extract(nlp, bulletins))
    assert isinstance(results["b"], ExtractionError)
    assert "stage of the pipeline failed" in str(results["b"])
