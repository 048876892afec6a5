"""HTML dropped into a corpus instead of text: its visible text, one block a line.

>>> html_to_text("<html><body><h1>L'OTAN</h1><p>Le 4&nbsp;octobre</p></body></html>")
"L'OTAN\\nLe 4 octobre"
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from bulletins.inputs.formats import Decoded
from bulletins.inputs.problems import read_warning

_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "title", "table", "blockquote", "dd", "dt",
}  # fmt: skip
_HIDDEN = {"script", "style", "noscript", "template", "head"}
_HTML_MARKERS = re.compile(r"<(?:!doctype\s+html|html|body|head|div|p|br)\b", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_MIN_TAGS = 3


def looks_like_html(text: str) -> bool:
    return bool(_HTML_MARKERS.search(text[:5000])) and len(_TAG.findall(text[:20000])) >= _MIN_TAGS


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = [" ".join(line.split()) for line in "".join(collector.parts).splitlines()]
    return "\n".join(line for line in lines if line)


def read(text: str, source_path: str) -> Decoded:
    """The text itself, or its visible text with a warning ``html`` when it is HTML."""
    if not looks_like_html(text):
        return Decoded(text)
    warning = read_warning(source_path, "html", "the file is HTML: its markup was stripped")
    return Decoded(html_to_text(text), (warning,))
