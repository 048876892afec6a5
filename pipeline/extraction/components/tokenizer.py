"""The tokenizer's suffix search, looking at the end of a word only.

spaCy's tokenizer strips the prefixes of a word one by one and, at each step, searches
the rest of the word for a suffix with a regular expression anchored at its end. That
search tries every position of the rest, so a word of n characters costs n² steps:
« (((…(OTAN » of 20,000 parentheses took minutes. Suffixes are short, so searching the
last ``window`` characters finds the same suffix; when a match reaches the window's
start (« ..... », the one suffix of unbounded length), the whole rest is searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer  # type: ignore[import-not-found]  # a Cython module without a stub

SUFFIX_WINDOW = 64


class TailSearch:
    """``pattern.search`` limited to the last ``window`` characters, with the same result.

    >>> search = TailSearch(re.compile(r"\\)$|\\.\\.+$"), 4).search
    >>> search("(OTAN)").span(), search("fin" + "." * 10).span()
    ((5, 6), (3, 13))
    """

    def __init__(self, regex: re.Pattern[str], window: int = SUFFIX_WINDOW) -> None:
        self.regex = regex
        self.pattern = regex.pattern  # spaCy serialises a tokenizer's searches by this attribute
        self.window = window

    def search(self, string: str) -> re.Match[str] | None:
        start = len(string) - self.window
        if start <= 0:
            return self.regex.search(string)
        match = self.regex.search(string, start)  # look-behinds still see the characters before
        if match is not None and match.start() == start:
            return self.regex.search(string)
        return match


def bound_suffix_search(nlp: Language, window: int = SUFFIX_WINDOW) -> None:
    """Make ``nlp``'s tokenizer search suffixes at the ends of words only (same tokens)."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a custom tokenizer: nothing to bound
    current: Callable[[str], re.Match[str] | None] | None = getattr(tokenizer, "suffix_search", None)
    regex = getattr(current, "__self__", None)
    if isinstance(regex, re.Pattern):
        tokenizer.suffix_search = TailSearch(regex, window).search
