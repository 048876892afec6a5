"""Web pages (``.html``, ``.htm``, and HTML saved into a ``.txt``): their main text and metadata.

The main text is trafilatura's: the article's headings, paragraphs, captions and
datelines, without the site's navigation, menus, cookie banner, share buttons and
footer. The page's metadata gives the title, publication date, site name, canonical URL
and language (``<html lang>``): read here from the usual tags (Open Graph, Dublin Core,
``<link rel="canonical">``, ``<time datetime>``), since trafilatura's own metadata
search costs as much as its text extraction (9 ms a page of the 17) and would take the
reading of files past a tenth of a run. Two things trafilatura drops are made plain paragraphs
first, since they belong to the article: figure captions (« <figcaption> ») and dates
marked up as « <time> ». A page too short for its article to be told from its
furniture (under ``SHORT_PAGE`` characters of main text) keeps all its visible text.

>>> html_to_text("<html><body><h1>L'OTAN</h1><p>Le 4&nbsp;octobre</p></body></html>")
"L'OTAN\\nLe 4 octobre"
"""

from __future__ import annotations

import codecs
import datetime
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
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Where a page says what it is, best first: (attribute, value) of its <meta> tags.
_TITLE_TAGS = (("property", "og:title"), ("name", "twitter:title"), ("name", "dc.title"))
_SITE_TAGS = (("property", "og:site_name"), ("name", "application-name"), ("name", "publisher"))
_URL_TAGS = (("property", "og:url"),)
_DATE_TAGS = (
    ("property", "article:published_time"), ("name", "article:published_time"),
    ("name", "dcterms.date"), ("name", "dcterms.issued"), ("name", "dc.date"), ("name", "dc.date.issued"),
    ("name", "citation_publication_date"), ("name", "pubdate"), ("name", "publish-date"), ("name", "date"),
    ("itemprop", "datePublished"), ("property", "og:published_time"),
)  # fmt: skip
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


def _day(value: str | None) -> str | None:
    """« 2024-04-17T10:30:00+02:00 » → « 2024-04-17 », when it is a calendar day."""
    found = _DAY.match((value or "").strip())
    if found is None:
        return None
    try:
        return datetime.date(*(int(part) for part in found.groups())).isoformat()
    except ValueError:
        return None


def page_meta(tree: Any) -> PageMeta:
    """Title, date, site, canonical address and language, from a page's tags."""
    metas: dict[tuple[str, str], str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        for attribute in ("property", "name", "itemprop"):
            key = element.get(attribute)
            if key and content and (attribute, key.lower()) not in metas:
                metas[(attribute, key.lower())] = content

    def first(tags: tuple[tuple[str, str], ...]) -> str | None:
        return next((_clean(metas[(a, k.lower())]) for a, k in tags if (a, k.lower()) in metas), None)

    heading = next(iter(tree.iter("h1")), None)
    title_element = next(iter(tree.iter("title")), None)
    title = (
        first(_TITLE_TAGS)
        or (_clean(heading.text_content()) if heading is not None else None)
        or (_clean(title_element.text_content()) if title_element is not None else None)
    )
    canonical = next(
        (e.get("href") for e in tree.iter("link") if e.get("rel", "").lower() == "canonical"), None
    )
    date = next((d for a, k in _DATE_TAGS if (d := _day(metas.get((a, k.lower())))) is not None), None)
    if date is None:
        date = next((d for e in tree.iter("time") if (d := _day(e.get("datetime"))) is not None), None)
    language = _LANGUAGE.match(tree.get("lang") or "")
    return PageMeta(
        title=title,
        date=date,
        site=first(_SITE_TAGS),
        url=_clean(canonical) or first(_URL_TAGS),
        language=language.group().lower() if language else None,
    )


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
    meta = page_meta(tree)
    _article_parts_kept(tree)
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        fast=True,  # no second opinion from readability or jusText: as good here, and faster
    )
    fields: dict[str, Any] = (
        {} if document is None else document if isinstance(document, dict) else document.as_dict()
    )
    text = str(fields.get("text") or "").strip()
    if len(text) < SHORT_PAGE:
        text = html_to_text(markup)
    return text, meta


def extract(data: bytes, source_path: str) -> Extracted:
    """The main text of a web page's bytes, with the page's metadata."""
    decoded = text_format.read(data, source_path)
    text, meta = main_text(decoded.text, source_path)
    return Extracted(text, NAME, meta, library_version(LIBRARY), decoded.warnings)
