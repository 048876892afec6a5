"""The clean-up before spaCy: a wrapped line break becomes a space, and nothing else moves."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bulletins.extraction.patterns import _WORDS_THAT_DO_NOT_END_A_LINE, WRAPPED_LINE_BREAK
from bulletins.extraction.text import clean_for_nlp

LOWER_STARTS = set("abcdefghijklmnopqrstuvwxyzàâçéèêëîïôûùüÿœ")
ENDINGS = {w for word in _WORDS_THAT_DO_NOT_END_A_LINE for w in (word, word.upper())}
ENDINGS |= {f"{letter}'" for letter in "dlDL"}


def wrapped(text: str, i: int) -> bool:
    """The rule, said in Python: the line goes on in lower case after a letter, or the line
    ends on a word that cannot end a sentence (« de », « LA », « l' ») and a word follows."""
    before, after = text[:i], text[i + 1 : i + 2]
    if before[-1:] and re.fullmatch(r"[^\W\d_]", before[-1]) and after in LOWER_STARTS:
        return True
    if not re.fullmatch(r"\w", after):
        return False
    return any(before.endswith(word) and before[-len(word) - 1 : -len(word)].isspace() for word in ENDINGS)


PIECES = [
    "de",
    "DE",
    "la",
    "LA",
    "l'",
    "D'",
    "aux",
    "à",
    "À",
    "Conseil",
    "x",
    "1",
    "_",
    " ",
    "\t",
    "\n",
    ".",
    "é",
]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_wrapped_line_breaks_are_the_ones_the_rule_describes(text: str) -> None:
    found = [m.start() for m in WRAPPED_LINE_BREAK.finditer(text)]
    assert found == [i for i, c in enumerate(text) if c == "\n" and wrapped(text, i)]


def test_a_wrapped_name_runs_across_its_line_break_and_a_paragraph_does_not() -> None:
    text = "École d'application\ndes officiers.\nLe Conseil de\nl'Europe.\n\nOTAN"
    cleaned = clean_for_nlp(text)
    assert cleaned == "École d'application des officiers.\nLe Conseil de l'Europe.\n\nOTAN"
    assert len(cleaned) == len(text)
