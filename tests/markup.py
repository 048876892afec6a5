"""Inline-markup French examples: ``<PLACE country=UZ>Ouzbékistan</PLACE>`` and friends.

``parse("En <DATE value=2003-04>avril 2003</DATE>, …")`` gives the plain text and the
expected spans, so a test reads like the sentence it checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TAG = re.compile(r"<(?P<close>/)?(?P<label>[A-Z]+)(?P<attrs>(?:\s+\w+=[^\s>]+)*)\s*>")
ALIASES = {"ORG": "ORGANISATION", "PROG": "PROGRAMME", "LOC": "PLACE"}


@dataclass(frozen=True)
class Expected:
    start: int
    end: int
    label: str
    text: str
    attrs: dict[str, str] = field(default_factory=dict)


def parse(markup: str) -> tuple[str, list[Expected]]:
    """Plain text and expected spans of an inline-markup example."""
    text_parts: list[str] = []
    spans: list[Expected] = []
    open_tag: tuple[int, str, dict[str, str]] | None = None
    position = 0
    length = 0
    for match in _TAG.finditer(markup):
        chunk = markup[position : match.start()]
        text_parts.append(chunk)
        length += len(chunk)
        position = match.end()
        label = ALIASES.get(match["label"], match["label"])
        if match["close"]:
            assert open_tag is not None and open_tag[1] == label, f"unbalanced </{label}>"
            start, _, attrs = open_tag
            text = "".join(text_parts)[start:length]
            spans.append(Expected(start, length, label, text, attrs))
            open_tag = None
        else:
            assert open_tag is None, "tags do not nest"
            attrs = dict(a.split("=", 1) for a in match["attrs"].split())
            open_tag = (length, label, attrs)
    text_parts.append(markup[position:])
    return "".join(text_parts), spans
