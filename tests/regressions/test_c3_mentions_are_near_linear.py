"""C3: time was quadratic in the mentions of one piece (250, 500, 1,000 sentences of three
mentions: 0.9 s, 2.6 s, 9.0 s). The overlap policy scanned every kept span for each
candidate, the acronym stage scanned every gazetteer span and the model's entities for
each « (ACR) », and the model's entities were checked against every blocked acronym.
Four times the sentences, in one piece (under 100,000 characters), must take well under
four times the quadratic cost."""

from __future__ import annotations

import time

import pytest
from spacy.language import Language

from bulletins.extraction.extract import PIECE_CHARS
from tests.helpers import run_text

SENTENCE = "L'OTAN et l'UE à Paris. "
PARAGRAPH = (
    "Le 4 mars 2019, l'Organisation du traité de l'Atlantique Nord (OTAN) a réuni le Conseil à "
    "Bruxelles. La politique de sécurité et de défense commune (PSDC) et l'Alliance. "
)


def _timed(nlp: Language, text: str) -> tuple[float, int]:
    assert len(text) < PIECE_CHARS  # one piece: no cutting hides the cost
    started = time.perf_counter()
    records = run_text(nlp, text)
    return time.perf_counter() - started, len(records.mentions)


@pytest.mark.slow
def test_sentences_of_three_mentions_take_time_near_linear_in_their_number(nlp: Language) -> None:
    short, found = min(_timed(nlp, SENTENCE * 1_000) for _ in range(2))
    assert found == 3_000
    long, found = _timed(nlp, SENTENCE * 4_000)
    assert found == 12_000
    assert long / short < 6, f"4 times the mentions took {long / short:.1f} times as long"


@pytest.mark.slow
def test_acronym_definitions_and_blocked_acronyms_take_time_near_linear(nlp: Language) -> None:
    short, found = min(_timed(nlp, PARAGRAPH * 140) for _ in range(2))
    long, more = _timed(nlp, PARAGRAPH * 560)
    assert more == 4 * found
    assert long / short < 6, f"4 times the definitions took {long / short:.1f} times as long"
