"""Web pages (``.html``, ``.htm``, and HTML saved into a ``.txt``): their main text and metadata.

The main text is trafilatura's: the article's headings, paragraphs, captions and
datelines, without the site's navigation, menus, cookie banner, share buttons and
footer. The page's metadata gives the title, publication date, site name, canonical URL
and language (``<html lang>``). Two things trafilatura drops are made plain paragraphs
first, since they belong to the article: figure captions (« <figcaption> ») and dates
marked up as « <time> ». A page too short for its article to be told from its
furniture (under ``SHORT_PAGE`` characters of main text) keeps all its visible text.

>>> html_to_text("<html><body><h1>L'OTAN</h1><p>Le 4&nbsp;octobre</p></body></html>")
"L'OTAN\\nLe 4 octobre"
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from typing import Any

from bulletins.inputs.formats import Extracted, PageMeta, library_version
from bulletins.inputs.formats import text as text_format
from bulletins.inputs.problems import read_error

NAME = "html"
SUFFIXES = (".html", ".htm")
RANK = 20
SHORT_PAGE = 250
LIBRARY = "trafilatura"

_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "title", "table", "blockquote", "dd", "dt",
}  # fmt: skip
_HIDDEN = {"script", "style", "noscript", "template", "head"}
_HTML_MARKERS = re.compile(r"<(?:!doctype\s+html|html|body|head|div|p|br)\b", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_MIN_TAGS = 3
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}")


def looks_like_html(text: str) -> bool:
    return bool(_HTML_MARKERS.search(text[:5000])) and len(_TAG.findall(text[:20000])) >= _MIN_TAGS


def _head(data: bytes) -> str:
    """The first characters of a file, decoded well enough to see markup."""
    sample = data[:20000]
    for mark, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if sample.startswith(mark) and not sample.startswith(codecs.BOM_UTF32_LE):
            return sample[len(mark) :].decode(codec, "ignore")
    return sample.decode("utf-8", "ignore")


def recognises(data: bytes) -> bool:
    """True when the bytes are a web page: an HTML tag near the start, and a few more."""
    return looks_like_html(_head(data))


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
    """All the visible text of a page, one block a line."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = [" ".join(line.split()) for line in "".join(collector.parts).splitlines()]
    return "\n".join(line for line in lines if line)


def _article_parts_kept(tree: Any) -> None:
    """Captions and ``<time>`` dates become plain text, so that the extraction keeps them."""
    for element in tree.iter("figure"):
        element.tag = "div"
    for element in tree.iter("figcaption"):
        element.tag = "p"
    for element in list(tree.iter("time")):
        element.drop_tag()


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def main_text(markup: str, source_path: str) -> tuple[str, PageMeta]:
    """The main text of a page and its metadata (trafilatura), or all its visible text when short."""
    import lxml.etree
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as error:
        raise read_error(
            source_path, "bad-html", f"the page cannot be parsed as HTML ({error}); save it again"
        ) from error
    language = tree.get("lang") or ""
    found = _LANGUAGE.match(language)
    _article_parts_kept(tree)
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    fields: dict[str, Any] = document.as_dict() if document is not None else {}
    date = _clean(fields.get("date"))
    meta = PageMeta(
        title=_clean(fields.get("title")),
        date=date if date and _DAY.fullmatch(date) else None,
        site=_clean(fields.get("sitename")),
        url=_clean(fields.get("url")),
        language=found.group().lower() if found else None,
    )
    text = (fields.get("text") or "").strip()
    if len(text) < SHORT_PAGE:
        text = html_to_text(markup)
    return text, meta


def extract(data: bytes, source_path: str) -> Extracted:
    """The main text of a web page's bytes, with the page's metadata."""
    decoded = text_format.read(data, source_path)
    text, meta = main_text(decoded.text, source_path)
    return Extracted(text, NAME, meta, library_version(LIBRARY), decoded.warnings)
