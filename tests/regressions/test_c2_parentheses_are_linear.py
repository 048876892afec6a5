"""C2: « (((…(OTAN » was superlinear in the run of parentheses (36.7 s for 10,000, 92 s for
20,000): spaCy's tokenizer strips one « ( » at a time and searched the whole rest of the
word for a suffix at each step. The suffix search now looks at the end of the word only,
and finds the same suffixes."""

from __future__ import annotations

import re
import time

from spacy.language import Language

from bulletins.extraction.components.tokenizer import TailSearch
from tests.helpers import run_text


def _seconds(nlp: Language, text: str) -> float:
    started = time.perf_counter()
    run_text(nlp, text)
    return time.perf_counter() - started


def test_a_run_of_parentheses_takes_time_linear_in_its_length(nlp: Language) -> None:
    """Quadratic, 8 times the parentheses took about 50 times as long (16,000: about 100 s).
    Linear would be 8; spaCy's own stages on one doc of 16,000 tokens take about 10 times
    as long as on 2,000, and the machine may be loaded: the bound leaves room for both."""
    short = min(_seconds(nlp, "(" * 2_000 + "OTAN") for _ in range(2))
    long = _seconds(nlp, "(" * 16_000 + "OTAN")
    assert long < 20, f"16,000 parentheses took {long:.1f} s"
    assert long / short < 16, f"8 times the parentheses took {long / short:.1f} times as long"


def test_the_suffixes_found_are_those_of_the_whole_word(nlp: Language) -> None:
    search = nlp.tokenizer.suffix_search
    assert isinstance(search.__self__, TailSearch)  # type: ignore[attr-defined]
    full = search.__self__.regex.search  # type: ignore[attr-defined]
    words = [
        "(" * 200 + "OTAN)",
        "fin" + "." * 300,  # « \.\.+$ », a suffix of any length
        "x" * 100 + "12km",
        "a" * 70 + "l'OTAN»",
        "(" * 100 + "2019).",
        "é" * 63 + "s.",
        "mots" + "," * 80,
    ]
    for word in words:
        for end in range(len(word) + 1):
            mine, theirs = search(word[:end]), full(word[:end])
            assert (mine and mine.span()) == (theirs and theirs.span()), word[:end]


def test_the_tokens_are_those_of_the_unbounded_search(nlp: Language) -> None:
    text = "Réunion (((OTAN))) du 4 mars 2019..... 12km, « UE » ; " + "(" * 300 + "PAP-T)." + "." * 90
    bounded = [t.text for t in nlp.tokenizer(text)]
    tokenizer = nlp.tokenizer
    search = tokenizer.suffix_search
    try:
        tokenizer.suffix_search = search.__self__.regex.search  # type: ignore[attr-defined]
        unbounded = [t.text for t in tokenizer(text)]
    finally:
        tokenizer.suffix_search = search
    assert bounded == unbounded
    assert isinstance(tokenizer.suffix_search.__self__, TailSearch)  # type: ignore[attr-defined]


def test_the_window_falls_back_on_the_whole_word_when_a_suffix_fills_it() -> None:
    search = TailSearch(re.compile(r"\)$|\.\.+$"), 4).search
    assert search("(OTAN)").span() == (5, 6)
    assert search("fin" + "." * 10).span() == (3, 13)
    assert search("OTAN") is None
