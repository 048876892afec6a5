"""PDFs made for the tests and the benchmark: a two-column report with a running header
and footer on each page, and a scan (an image of a page, no text layer).

The core font (Helvetica) covers Latin-1 only: the French below uses ' for the apostrophe.
"""

from __future__ import annotations

import datetime

from fpdf import FPDF

HEADER = "Conseil de l'Europe - Direction de la communication"
FOOTER = "Communiqué DC 112(2023) - Page {page} sur {pages}"
TITLE = "Le Conseil de l'Europe et l'Union européenne renforcent leur coopération"
AUTHOR = "Conseil de l'Europe"
CREATED = datetime.datetime(2023, 6, 21, 10, 0, tzinfo=datetime.UTC)

# Each column is a list of lines as they are set, a word cut at a line's end included.
LEFT = [
    "Strasbourg, 20 juin 2023",
    "Le Comité des Ministres du Conseil de",
    "l'Europe a examiné mardi la coopé-",
    "ration avec l'Union européenne dans",
    "le domaine des droits de l'homme.",
    "La Commission européenne et le Con-",
    "seil de l'Europe ont signé un nouvel",
    "accord sur la formation des juges.",
]
RIGHT = [
    "Le programme conjoint Partenariat",
    "pour la bonne gouvernance couvre la",
    "République de Moldova, l'Arménie et",
    "la Bosnie-",
    "Herzégovine jusqu'en décembre 2026.",
    "La Cour européenne des droits de",
    "l'homme en suivra la mise en oeuvre.",
]
SECOND_PAGE = [
    "Le Secrétaire général a salué à Bruxelles",
    "le soutien de l'Organisation pour la sécu-",
    "rité et la coopération en Europe (OSCE).",
]


class _Report(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.set_xy(10, 8)
        self.cell(0, 5, HEADER, align="C")

    def footer(self) -> None:
        self.set_font("Helvetica", size=8)
        self.set_xy(10, -12)
        self.cell(0, 5, FOOTER.format(page=self.page_no(), pages="{nb}"), align="C")


def two_column_report() -> bytes:
    """Two pages; the first in two columns, each with the same header and footer."""
    pdf = _Report()
    pdf.set_creation_date(CREATED)
    pdf.set_title(TITLE)
    pdf.set_author(AUTHOR)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for column, x in ((LEFT, 15.0), (RIGHT, 110.0)):  # set column by column, as a word processor does
        for i, line in enumerate(column):
            pdf.text(x, 30 + 6 * i, line)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for i, line in enumerate(SECOND_PAGE):
        pdf.text(15, 30 + 6 * i, line)
    return bytes(pdf.output())


def scan() -> bytes:
    """A page that is only a picture of text, as a scanner makes it: no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (620, 200), 255)
    ImageDraw.Draw(image).text((20, 80), "Le Conseil de l'Europe, Strasbourg, 20 juin 2023", fill=0)
    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    return bytes(pdf.output())
