"""Property: whatever the text, extraction does not crash and every offset holds.

The strings mix French bulletin phrases with what broke or could break the pipeline (the
reliability report's property test): combining marks, bidirectional controls, emoji and
ZWJ sequences, lone surrogates, every kind of line end, invisible and no-break spaces,
long tokens, runs of parentheses, unbalanced « OTAN ( », digits and slashes, decomposed
French, impossible and reversed dates, year-less dates with no document date.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import cache
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from bulletins.extraction.extract import ExtractionError, extract
from bulletins.inputs.corpus import BulletinText
from bulletins.schemas.edtf import date_bounds
from bulletins.schemas.records import BulletinRecords
from tests.helpers import run_text

FRENCH = [
    "L'OTAN", "l’Ouzbékistan", " (EADRCC) ", "le 4 octobre 2006", "depuis 1993", " de 2013 à 2017 ",
    "la même année", "Conseil de l'Europe", "« défense »", "\u00a0", "\u202f", "\n", "\n\n", "  • ",
    "République de Moldova", "programme de renforcement", "Mis à jour le: 13 Oct. 2023 15:52",
]  # fmt: skip
SENTENCES = [
    "L'Ouzbékistan a signé le 4 décembre 2006 à Genève avec l'Organisation des Nations unies.",
    "Le Conseil de l'Atlantique Nord (CAN) s'est réuni le mercredi 3 mars à Bruxelles.",
    "Depuis février 2018, l'OSCE déploie une mission spéciale d'observation en Ukraine.",
]
ADVERSARIAL = [
    # combining marks, bidirectional controls, other scripts, emoji and ZWJ sequences
    "e\u0301", "\u0327c", "a\u0300\u0301\u0302", "\u202e", "\u200f", "\u2067OTAN\u2069", "שלום", "مرحبا",
    "👩\u200d👩\u200d👧", "🇫🇷", "\u200d", "🏳️\u200d🌈",
    # line ends and invisible or no-break spaces
    "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\u200b", "\ufeff", "\u00a0", "\u202f",
    "\u00ad", "\t",
    # unbalanced brackets, digits and slashes
    "OTAN (", "OTAN (EADRCC", "(OTAN", ") (", "AB/4372", "C/08/207 11666/1/08", "12/03/2019/2020",
    "2019/2012", "1/2/3/4", "00/00/0000", "n° 2019-03",
    # impossible, reversed and year-less dates
    "30 février 2019", "32 mars 2019", "2019-13-01", "0000-01-01", "le 31 avril 2020", "29 février 2019",
    "du 15 au 3 mars 2019", "entre 2019 et 2012", "de 2019 à 2012", "du 5 au 3 mars", "2019-2012",
    "jusqu'au 30 juin", "depuis le 3 mars", "d'ici le 30 juin", "dès septembre", "le 4 octobre",
    "du 21 décembre au 5 janvier", "l'année suivante", "ce mardi", "juin prochain",
]  # fmt: skip
DECOMPOSED = [unicodedata.normalize(form, s) for s in SENTENCES for form in ("NFD", "NFKD")]
LONE_SURROGATES = ["\ud800", "\udcff", "\udfff", "abc \ud800 def"]

pieces = st.one_of(
    st.sampled_from(FRENCH),
    st.sampled_from(SENTENCES + DECOMPOSED),
    st.sampled_from(ADVERSARIAL),
    st.text(max_size=12),
    st.integers(min_value=1, max_value=300).map(lambda n: "(" * n),  # not 10,000: that is C2's speed
    st.builds(lambda c, n: c * n, st.sampled_from("aZ9é-/."), st.integers(min_value=50, max_value=3_000)),
)
texts = st.lists(pieces, min_size=1, max_size=25).map("".join).filter(lambda t: t.strip() != "")
with_surrogates = st.tuples(texts, st.sampled_from(LONE_SURROGATES), st.integers(min_value=0)).map(
    lambda t: t[0][: t[2] % (len(t[0]) + 1)] + t[1] + t[0][t[2] % (len(t[0]) + 1) :]
)
CONTROL = "L'OSCE a ouvert un bureau à Vienne en avril 2010."


def _bulletin(name: str, text: str) -> BulletinText:
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return BulletinText(id=name, source_path=f"{name}.txt", sha256=digest, text=text)


@cache
def _edtf_reads(value: str) -> bool:
    from edtf import parse_edtf

    parse_edtf(value)  # raises on a value it cannot read
    return True


def _check_records(text: str, records: BulletinRecords) -> None:
    """P1 and P4: offsets, order, entity pointers, bounds, EDTF."""
    assert records.bulletin.text == text
    mentions = records.mentions
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert all(a.end <= b.start for a, b in pairwise(mentions)), "unsorted or overlapping"
    starts = {m.start for m in mentions}
    assert all(set(e.mentions) <= starts for e in records.entities)
    for m in mentions:
        if m.label == "DATE":
            assert m.value is not None
            assert (m.earliest, m.latest) == date_bounds(m.value), m
            assert _edtf_reads(m.value), m.value
    if records.bulletin.date is not None:
        assert _edtf_reads(records.bulletin.date.value)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_any_text_extracts_with_exact_offsets(nlp: Language, text: str) -> None:
    """P1–P4: no exception out of ``extract()``, no bulletin fails, every offset and value holds."""
    results = list(extract(nlp, [_bulletin("text", text), _bulletin("control", CONTROL)]))
    assert [b.id for b, _ in results] == ["text", "control"]
    (_, records), (_, control) = results
    assert not isinstance(records, ExtractionError), records
    assert isinstance(control, BulletinRecords)
    _check_records(text, records)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=with_surrogates)
def test_a_lone_surrogate_fails_its_bulletin_only(nlp: Language, text: str) -> None:
    results = list(extract(nlp, [_bulletin("bad", text), _bulletin("control", CONTROL)]))
    assert [b.id for b, _ in results] == ["bad", "control"]
    (_, bad), (_, control) = results
    assert isinstance(bad, ExtractionError) and "lone surrogate" in str(bad)
    assert isinstance(control, BulletinRecords)
    _check_records(CONTROL, control)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, copies=st.integers(min_value=50, max_value=400))
def test_huge_texts_go_through_in_pieces_with_exact_offsets(nlp: Language, text: str, copies: int) -> None:
    """A text far longer than a piece (lowered here to 2,000 characters, as a 5 MB file is to
    the real 100,000) is cut and merged back with every offset into the whole text."""
    from unittest import mock

    from bulletins.extraction import extract

    huge = (text + "\n\n") * copies
    with mock.patch.object(extract, "PIECE_CHARS", 2_000):
        records = run_text(nlp, huge)
    assert all(huge[m.start : m.end] == m.text for m in records.mentions)
    assert [m.start for m in records.mentions] == sorted(m.start for m in records.mentions)
