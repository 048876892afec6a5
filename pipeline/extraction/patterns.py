"""The regular expressions of the name stages, in one place (the date grammar has its own
module, ``bulletins.extraction.dates.patterns``)."""

from __future__ import annotations

import re

# « EADRCC », « PpP », « CdE », « PAP-T », « G77 »: two capitals at least, starting with one.
ACRONYM_SHAPE = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9&]*(?:-[A-Z0-9][A-Za-z0-9]*)*")
# Roman numerals after a name (« Programme Sud II ») and never acronyms by themselves.
ROMAN_NUMERAL = re.compile(r"(?:X{0,3})(?:IX|IV|V?I{0,3})(?<=.)")
# A year closing a name: « Jeanne d'Arc 2018 », « SRBIJA 2018 ».
YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")
# Leading words that the guidelines leave outside a span: articles, elided articles.
LEADING_ARTICLE = re.compile(r"^(?:[LlDd]'|(?:[Ll]es?|[Ll]a|[Dd]u|[Dd]es|[Dd]e|[Aa]ux?)\s+)")
# A line break inside a sentence, where a long line was wrapped: the next line goes on
# in lower case, or the line ends on a word that cannot end a sentence.
_WORDS_THAT_DO_NOT_END_A_LINE = ("de", "du", "des", "la", "le", "les", "et", "en", "au", "aux", "à")
_NO_LINE_END = "|".join(rf"(?<=\s{word}\n)|(?<=\s{word.upper()}\n)" for word in _WORDS_THAT_DO_NOT_END_A_LINE)
# The line break comes first, so that the search jumps from one to the next instead of
# trying the look-behinds at every character.
WRAPPED_LINE_BREAK = re.compile(
    rf"\n(?:(?<=[^\W\d_]\n)(?=[a-zàâçéèêëîïôûùüÿœ])|(?:{_NO_LINE_END}|(?<=\s[dlDL]'\n))(?=\w))"
)
# Characters that never stand inside an organisation or place name.
NOT_IN_NAMES = re.compile(r"[>|/•·@#=+*\d]")
ORDINAL_WORD = re.compile(r"[\w-]+ième\b", re.IGNORECASE)
