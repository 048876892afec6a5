"""Length-preserving clean-up of bulletin text before it reaches spaCy.

Every replacement swaps one code point for one code point, so an offset in the
cleaned text is the same offset in the original: records always slice the
original text. « l’OTAN » becomes « l'OTAN », « avril\xa02003 » becomes
« avril 2003 ».
"""

from __future__ import annotations

from bulletins.extraction.patterns import WRAPPED_LINE_BREAK

_REPLACEMENTS = {
    "\u2019": "'",  # right single quotation mark, the usual French apostrophe
    "\u2018": "'",
    "\u02bc": "'",
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space, before « : ; ! ? » in French typography
    "\u2009": " ",
    "\u2007": " ",
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u00ad": "-",  # soft hyphen
}
_TABLE = str.maketrans(_REPLACEMENTS)


def clean_for_nlp(text: str) -> str:
    """Return ``text`` with typographic variants unified, the same length as ``text``.

    A line break where a sentence was wrapped (« École d'application\\ndes officiers »)
    becomes a space, so that names and sentences run across it.
    """
    cleaned = WRAPPED_LINE_BREAK.sub(" ", text.translate(_TABLE))
    if len(cleaned) != len(text):  # pragma: no cover - guarded by the table's shape
        raise AssertionError("clean-up must preserve length")
    return cleaned
