"""PDF documents (``.pdf``): their text layer page by page, and their metadata.

The text layer is read with pypdfium2 (PDFium), page by page in reading order. The lines
that repeat at the top or the bottom of the pages (a running header, « Page 3 sur 5 »)
are furniture and are left out, and so are lone page numbers; a word cut at a line's end
is joined again (« coopé-⏎ration » → « coopération »; « Bosnie-⏎Herzégovine » keeps its
hyphen). The metadata gives the title (/Title), the publisher (/Author) and the date
(/CreationDate). A PDF without a text layer (a scan: images of pages) is an error
record that says so, never an empty bulletin.

>>> pdf_date("D:20230621100000+02'00'")
'2023-06-21'
>>> repair_hyphens("la coopé-\\nration avec la Bosnie-\\nHerzégovine")
'la coopération\\navec la Bosnie-Herzégovine'
>>> repair_hyphens("la sécu\\uffferité et la Bosnie\\ufffeHerzégovine")
'la sécurité et la Bosnie-Herzégovine'
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

from bulletins.inputs.formats import Extracted, PageMeta, library_version
from bulletins.inputs.problems import read_error

NAME = "pdf"
SUFFIXES = (".pdf",)
RANK = 10
BINARY = True  # a file named .pdf must be a PDF: nothing else reads it
LIBRARY = "pypdfium2"
EDGE_LINES = 2  # lines at the top and at the bottom of a page where a header or footer may be

_MAGIC = b"%PDF-"
_HYPHENATED = re.compile(r"(\w)[-\u00ad\u2010\ufffe\x02]\n[ \t]*(\w+)([^\S\n]*)")
_CUT_MARK = re.compile(r"(\w)\ufffe[ \t]*(\w)")  # PDFium's mark of a hyphen it took off a line's end
_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|sur|of)\s*\d{1,4})?", re.IGNORECASE
)
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
_DIGITS = re.compile(r"\d+")


def recognises(data: bytes) -> bool:
    """True when the bytes start like a PDF (``%PDF-`` within the first kilobyte)."""
    return _MAGIC in data[:1024]


def pdf_date(value: str | None) -> str | None:
    """The calendar day of a PDF date (``D:20230621100000Z`` → ``2023-06-21``), or None."""
    found = _PDF_DATE.match(value or "")
    if not found or not found.group(3):
        return None
    year, month, day = (int(part) for part in found.groups())
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def repair_hyphens(text: str) -> str:
    """Words cut at a line's end joined again; a compound whose second part has a capital
    keeps its hyphen. The rest of the line moves up with the word."""

    def join(match: re.Match[str]) -> str:
        first, rest = match.group(1), match.group(2)
        hyphen = "-" if rest[0].isupper() or rest[0].isdigit() else ""
        more = match.end() < len(text) and text[match.end()] != "\n"
        return f"{first}{hyphen}{rest}{chr(10) if more else ''}"

    def join_marked(match: re.Match[str]) -> str:
        first, rest = match.group(1), match.group(2)
        return f"{first}{'-' if rest.isupper() or rest.isdigit() else ''}{rest}"

    return _CUT_MARK.sub(join_marked, _HYPHENATED.sub(join, text))


def _edge_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).lower())


def without_furniture(pages: list[list[str]]) -> list[list[str]]:
    """The pages' lines without running headers and footers and without lone page numbers.

    A line is furniture when it is among the first or last ``EDGE_LINES`` lines of a
    page and the same line (numbers aside) is there on at least half of the pages (two
    at least).
    """
    edges = [
        [i for i in range(len(lines)) if i < EDGE_LINES or i >= len(lines) - EDGE_LINES] for lines in pages
    ]
    seen = Counter(
        key for lines, where in zip(pages, edges, strict=True) for key in {_edge_key(lines[i]) for i in where}
    )
    needed = max(2, (len(pages) + 1) // 2)
    kept = []
    for lines, where in zip(pages, edges, strict=True):
        drop = {
            i
            for i in where
            if (len(pages) > 1 and seen[_edge_key(lines[i])] >= needed)
            or _PAGE_NUMBER.fullmatch(lines[i].strip())
        }
        kept.append([line for i, line in enumerate(lines) if i not in drop])
    return kept


def _page_lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return [line for line in lines if line.strip()]


def extract(data: bytes, source_path: str) -> Extracted:
    """The text layer of a PDF's bytes, page by page, with its metadata."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        reason = "encrypted" if "password" in str(error).lower() else "bad-pdf"
        detail = (
            "the PDF is protected by a password; save an unprotected copy"
            if reason == "encrypted"
            else f"the PDF cannot be opened ({error}); download it again or save it again as PDF"
        )
        raise read_error(source_path, reason, detail) from error
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(_page_lines(textpage.get_text_range()))
            textpage.close()
            page.close()
        meta = document.get_metadata_dict(skip_empty=True)
    finally:
        document.close()
    if not any(pages):
        raise read_error(
            source_path,
            "no-text-layer",
            f"the PDF has {len(pages)} page(s) but no text layer: it is a scan (images of pages) or "
            f"holds no text; run OCR on it (for example ocrmypdf) and put the result in the corpus",
        )
    text = "\n\n".join("\n".join(lines) for lines in without_furniture(pages) if lines)
    return Extracted(
        repair_hyphens(text),
        NAME,
        PageMeta(
            title=" ".join(meta.get("Title", "").split()) or None,
            date=pdf_date(meta.get("CreationDate")),
            site=" ".join(meta.get("Author", "").split()) or None,
        ),
        library_version(LIBRARY),
    )
