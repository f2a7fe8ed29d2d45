"""The visual style (issue 16): every text colour the interface sets keeps WCAG AA contrast
(4.5:1) on the background it is written on, in a light and in a dark system theme, and no
widget hard-codes a colour of its own (a #555 grey that read on white gave 1.9:1 on a dark
palette)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from desktop.ui import theme

ROOT = Path(__file__).resolve().parents[2]
AA = 4.5
# Text colours written straight on the window or a list; the others only on our backgrounds.
ON_PALETTE = ("muted", "error", "warning", "success", "link")


def _palettes() -> dict[str, QPalette]:
    style = QApplication.style()
    assert style is not None
    return {"light": style.standardPalette(), "dark": theme.dark_palette()}


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_text_colour_is_readable_on_the_palette(qapp, name: str) -> None:
    palette = _palettes()[name]
    assert theme.is_dark(palette) == (name == "dark")
    low = []
    for text in ON_PALETTE:
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base,
                     QPalette.ColorRole.AlternateBase):
            ratio = theme.contrast(theme.colour(text, palette), palette.color(role))
            if ratio < AA:
                low.append(f"{text} on {role.name}: {ratio:.2f}")
    assert low == []


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_text_on_our_own_backgrounds_is_readable(qapp, name: str) -> None:
    palette = _palettes()[name]
    low = []
    for text, back in theme.PAIRS:
        ratio = theme.contrast(theme.colour(text, palette), theme.background(back, palette))
        if ratio < AA:
            low.append(f"{text} on {back}: {ratio:.2f}")
    assert low == []


def test_the_old_grey_fails_on_a_dark_palette_and_the_theme_does_not(qapp) -> None:
    dark = theme.dark_palette().color(QPalette.ColorRole.Window)
    assert theme.contrast(QColor("#555555"), dark) < 2.0  # what the issue measured
    assert theme.contrast(theme.colour("muted", theme.dark_palette()), dark) >= AA


def test_a_label_styled_by_the_theme_follows_a_dark_palette(qapp) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    try:
        app.setPalette(theme.dark_palette())
        label = QLabel("3 people")
        label.setStyleSheet(theme.css("muted"))
        label.ensurePolished()
        colour = label.palette().color(QPalette.ColorRole.WindowText)
        assert theme.contrast(colour, theme.dark_palette().color(QPalette.ColorRole.Window)) \
            >= AA
    finally:
        app.setPalette(before)


# Drawings keep their own colours: the body map is drawn as on the printed page (its own
# light fill behind it), the chart's bars and the timeline's marks use a colour-blind-safe
# series beside words, and the start-up self-test renders black on white on purpose.
DRAWINGS = {"body_map_widget.py", "concern_chart.py", "timeline_dialog.py", "selftest_qt.py",
            "theme.py"}
HARD_CODED = re.compile(r"#[0-9a-fA-F]{3}\b|#[0-9a-fA-F]{6}\b|GlobalColor\.|QColor\(\"")


def test_no_widget_hard_codes_a_colour() -> None:
    found = []
    for path in sorted((ROOT / "desktop" / "ui").rglob("*.py")):
        if path.name in DRAWINGS:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("  #", 1)[0]
            if HARD_CODED.search(code) and not code.lstrip().startswith("#"):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert found == []
