"""Property: whatever the text, extraction does not crash and every offset holds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from tests.helpers import run_text

FRENCH = [
    "L'OTAN", "l’Ouzbékistan", " (EADRCC) ", "le 4 octobre 2006", "depuis 1993", " de 2013 à 2017 ",
    "la même année", "Conseil de l'Europe", "« défense »", "\u00a0", "\u202f", "\n", "\n\n", "  • ",
    "République de Moldova", "programme de renforcement", "Mis à jour le: 13 Oct. 2023 15:52",
]  # fmt: skip
pieces = st.one_of(st.sampled_from(FRENCH), st.text(max_size=12))
texts = st.lists(pieces, min_size=1, max_size=25).map("".join).filter(lambda t: t.strip() != "")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_any_text_extracts_with_exact_offsets(nlp: Language, text: str) -> None:
    records = run_text(nlp, text)  # the record models check text[start:end] == mention.text
    assert records.bulletin.text == text
    assert all(text[m.start : m.end] == m.text for m in records.mentions)
    starts = {m.start for m in records.mentions}
    assert all(set(e.mentions) <= starts for e in records.entities)


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
