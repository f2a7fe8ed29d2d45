"""A two-column field grid leaves no empty label/value cells beside a lone pair (issue 11: the
NRM sheet's "Interpreter's language / name" and "Place of interview" rows): the lone value
takes the rest of the row. Checked on the rendered page, as a reader sees it."""

from __future__ import annotations

import html
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium

from desktop.printing import forms

CONTEXT = {
    "org": {"name": "Oak Academy", "nrm_first_responder": False, "jurisdiction": "england"},
    "referrer": {"name": "Amira Haddad", "role": "Designated safeguarding lead",
                 "organisation": "Oak Academy", "phone": "01632 960000",
                 "email": "dsl@example.org"},
    "person": {"family_name": "Clarke", "given_names": "Amy", "estimated_age": 14,
               "sex": "female", "nationality": "British", "languages": ["English"],
               "interpreter_needed": True, "location": "Oak House", "documents": [],
               "is_child": True},
    "nrm": {"interview_at": "2026-11-20T15:00:00+00:00", "interview_place": "Library office",
            "interpreter": "Polish", "interpreter_used": True, "present": ["Amy", "DSL"]},
}
# The shading of a label cell (form_pages.LABEL_FILL, #eeeeee), as rendered.
SHADED = (0xEE, 0xEE, 0xEE)


def _words(pdf: Path) -> list[tuple[float, float, str]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(x), float(y), w) for x, y, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html.unescape(out))]


def test_a_lone_pair_has_no_empty_cells_beside_it(tmp_path: Path) -> None:
    for lang, first in (("en", ("Interpreter's", "Place")), ("vi", ("Ngôn", "Nơi"))):
        pdf = tmp_path / f"nrm-{lang}.pdf"
        pdf.write_bytes(forms.render("nrm-prompt-child", CONTEXT, lang, export_id="T-1",
                                     created=datetime(2026, 11, 21, tzinfo=UTC)))
        words = _words(pdf)
        page = pdfium.PdfDocument(str(pdf))[0]
        image = page.render(scale=1).to_pil().convert("RGB")
        # x of the right-hand label column: where "Languages"/"Ngôn" starts (Nationality row).
        right_x = next(x for x, _y, w in words if w in ("Languages", "Ngôn") and x > 250)
        right_y = next(y for x, y, w in words if w in ("Nationality", "Quốc") and x < 100)
        assert image.getpixel((int(right_x) + 60, int(right_y) + 2)) == SHADED  # a label
        rows = [y for x, y, w in words if w in first and x < 100]
        assert len(rows) >= 2, (lang, rows)
        for y in rows:
            # Beside the lone value: white, not an empty shaded label cell.
            assert image.getpixel((int(right_x) + 60, int(y) + 2)) == (255, 255, 255), (
                lang, first, y)
