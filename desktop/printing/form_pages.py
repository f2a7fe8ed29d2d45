"""Page furniture for rendered forms: the confidentiality band at the top and bottom of every
page, "page X of Y", the export id and date; paragraph styles shared by every template.

"Page X of Y" needs the page count before any page is finished, so the canvas keeps each page's
drawing state and stamps the furniture on all of them when the document is saved (the usual
ReportLab two-step). Everything stays in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.printing.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, nfc

MARKING_RED = colors.HexColor("#9b1c1c")
RULE_GREY = colors.HexColor("#777777")
LABEL_FILL = colors.HexColor("#eeeeee")
QUOTE_FILL = colors.HexColor("#f3f0e6")

MARGIN_X = 18 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm


@dataclass(frozen=True)
class Furniture:
    """What every page carries, already localised."""

    marking: str
    page_pattern: str  # with {page} and {pages}
    export_line: str


def numbered_canvas(furniture: Furniture) -> type[Canvas]:
    """A Canvas class that stamps `furniture` on every page once the page count is known."""

    class _FormCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._stamp(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _stamp(self, number: int, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            band_h = 6.5 * mm
            for y in (height - 6 * mm - band_h, 6 * mm):
                self.setFillColor(MARKING_RED)
                self.rect(MARGIN_X, y, width - 2 * MARGIN_X, band_h, stroke=0, fill=1)
                self.setFillColor(colors.white)
                self.setFont(BOLD, 9)
                self.drawCentredString(width / 2, y + 2.1 * mm, furniture.marking)
            self.setFillColor(colors.black)
            self.setFont(REGULAR, 7.5)
            text_y = 6 * mm + band_h + 1.6 * mm
            self.drawString(MARGIN_X, text_y, furniture.export_line)
            self.drawRightString(width - MARGIN_X, text_y,
                                 furniture.page_pattern.format(page=number, pages=total))
            self.restoreState()

    return _FormCanvas


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12.8)
    return {
        "body": ParagraphStyle("body_spaced", parent=base, spaceAfter=3),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5,
                                textColor=colors.HexColor("#333333")),
        "label": ParagraphStyle("label", parent=base, fontName=BOLD, fontSize=8.5, leading=11,
                                keepWithNext=1),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=19,
                                alignment=TA_CENTER, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontName=ITALIC, fontSize=10.5,
                                   leading=14, alignment=TA_CENTER, spaceAfter=6),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=12, leading=15.5,
                             spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=10.5, leading=13.5,
                             spaceBefore=6, spaceAfter=3, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=base, fontName=BOLD_ITALIC, fontSize=9.5,
                             leading=12.5, spaceBefore=4, spaceAfter=2,
                             keepWithNext=1),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, fontName=BOLD,
                                      alignment=TA_CENTER),
        "center_italic": ParagraphStyle("center_italic", parent=base, fontName=ITALIC,
                                        alignment=TA_CENTER),
        "quote": ParagraphStyle("quote", parent=base, fontName=BOLD, leftIndent=6),
        "staff": ParagraphStyle("staff", parent=base, textColor=colors.HexColor("#333333")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=BOLD, fontSize=8.5,
                                    leading=11),
    }


def clean(text: str) -> str:
    """NFC, and no control characters that would print as boxes."""
    return nfc("".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32))
