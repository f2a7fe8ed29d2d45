"""The bundled DejaVu Sans family, registered with ReportLab once.

ReportLab's built-in fonts lack most Vietnamese letters, so every document uses DejaVu Sans
(resources/fonts, licence beside it). Text is normalised to NFC first: DejaVu has the precomposed
Vietnamese letters, and decomposed input would print accents beside their letters.
"""

from __future__ import annotations

import threading
import unicodedata

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.resources import resource

FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the four faces as one family (so <b> and <i> in paragraphs work); returns the
    family name. Safe to call many times and from several threads."""
    global _registered
    with _lock:
        if not _registered:
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
            pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                          boldItalic=BOLD_ITALIC)
            for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC),
                                       (1, 1, BOLD_ITALIC)):
                addMapping(FAMILY, bold, italic, face)
            _registered = True
    return FAMILY


def nfc(text: str) -> str:
    """Precomposed form of `text`, the one DejaVu Sans renders correctly."""
    return unicodedata.normalize("NFC", text)
