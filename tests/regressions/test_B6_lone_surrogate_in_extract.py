"""B6: a lone surrogate made ``extract()`` raise ``UnicodeEncodeError`` from spaCy's tokenizer,
which ended the generator: the other bulletins of the call were lost. Now that bulletin alone
is an ``ExtractionError``, before spaCy sees it.

The command line cannot give such a text: corpus files and standard input are bytes,
decoded strictly (gold files refuse them, see test_b6_gold_lone_surrogate).
"""

from __future__ import annotations

import hashlib

import pytest
from spacy.language import Language

from bulletins.extraction.extract import ExtractionError, explain, extract
from bulletins.inputs.corpus import BulletinText
from bulletins.schemas.records import BulletinRecords


def _bulletin(name: str, text: str) -> BulletinText:
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return BulletinText(id=name, source_path=f"{name}.txt", sha256=digest, text=text)


def test_a_lone_surrogate_fails_its_bulletin_only(nlp: Language) -> None:
    bulletins = [
        _bulletin("first", "L'OTAN a reçu le ministre le 4 octobre 2006."),
        _bulletin("bad", "abc \ud800 def"),
        _bulletin("escaped", "Genève \udcff"),
        _bulletin("last", "L'OSCE a ouvert un bureau à Vienne en avril 2010."),
    ]
    results = list(extract(nlp, bulletins, batch_size=2))
    assert [b.id for b, _ in results] == ["first", "bad", "escaped", "last"]
    first, bad, escaped, last = (r for _, r in results)
    assert isinstance(first, BulletinRecords) and isinstance(last, BulletinRecords)
    assert [m.text for m in last.mentions] == ["OSCE", "Vienne", "avril 2010"]
    assert isinstance(bad, ExtractionError) and isinstance(escaped, ExtractionError)
    assert str(bad) == (
        "bad.txt: the text holds a lone surrogate (U+D800 at character 4), which is not Unicode "
        "text; decode the input strictly or replace it"
    )
    assert "U+DCFF at character 7" in str(escaped)


def test_explain_refuses_a_lone_surrogate(nlp: Language) -> None:
    with pytest.raises(ExtractionError, match="lone surrogate"):
        explain(nlp, "abc \ud800 def")
