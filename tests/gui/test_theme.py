"""The visual style (issue 16): every text colour the interface sets keeps WCAG AA contrast
(4.5:1) on the background it is written on, in a light and in a dark system theme, and no
widget hard-codes a colour of its own (a #555 grey that read on white gave 1.9:1 on a dark
palette)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QWidget,
)

from desktop.ui import theme
from desktop.ui.icons import give_icon

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


def _light() -> QPalette:
    style = QApplication.style()
    assert style is not None
    return style.standardPalette()


def _colour_of(sheet: str) -> QColor:
    match = re.search(r"color:\s*(#[0-9a-fA-F]{6})", sheet)
    assert match, sheet
    return QColor(match.group(1))


def test_open_windows_recolour_when_the_desktop_turns_dark(qtbot, qapp) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(_light())
    follower = theme.follow_palette()  # what configure() starts
    follower.check()
    window = QWidget()
    qtbot.addWidget(window)
    muted = QLabel("3 people", window)
    muted.setStyleSheet(theme.css("muted"))
    rich = QLabel(theme.span("error", "Overdue"), window)
    banner = QLabel("Saved offline", window)
    banner.setStyleSheet(theme.panel_css("info"))
    table = QTableWidget(1, 1, window)
    cell = QTableWidgetItem("Due soon")
    cell.setForeground(theme.colour("warning"))
    table.setItem(0, 0, cell)
    button = QPushButton("Record concern", window)
    give_icon(button, "concern")
    review = QTextBrowser(window)
    review.setHtml(f"<p>She said<br><span style='{theme.css('warning')}'>not told yet</span>")
    side = QListWidget(window)  # styled without colours, like the main window's side list
    side.setStyleSheet("QListWidget { padding: 4px; }")
    dialog = QDialog()  # a second window, open at the same time
    qtbot.addWidget(dialog)
    warning = QLabel("Age disputed", dialog)
    warning.setStyleSheet(theme.css("warning", bold=True))
    window.show()
    dialog.show()
    light_muted = _colour_of(muted.styleSheet())
    try:
        app.setPalette(theme.dark_palette())
        dark = theme.dark_palette()
        window_colour = dark.color(QPalette.ColorRole.Window)
        # Every theme colour in the open windows is now the dark palette's, and readable on it
        # (Qt tells widgets of the new palette through the event loop).
        qtbot.waitUntil(lambda: _colour_of(muted.styleSheet()) != light_muted, timeout=2000)
        for label, name in ((muted, "muted"), (warning, "warning")):
            shown = _colour_of(label.styleSheet())
            assert shown == theme.colour(name, dark)
            assert theme.contrast(shown, window_colour) >= AA
            label.ensurePolished()
            assert label.palette().color(QPalette.ColorRole.WindowText) == shown
        assert theme.colour("error", dark).name() in rich.text()
        assert theme.background("info", dark).name() in banner.styleSheet()
        assert theme.contrast(_colour_of(banner.styleSheet()), theme.background("info", dark)) \
            >= AA
        assert cell.foreground().color() == theme.colour("warning", dark)
        assert theme.colour("warning", dark).name() in review.toHtml()
        assert "She said" in review.toPlainText()
        assert side.palette().color(QPalette.ColorRole.Base) == dark.color(QPalette.ColorRole.Base)
        # The icon is tinted with the dark palette's (light) button text.
        image = button.icon().pixmap(QSize(24, 24)).toImage()
        inked = [image.pixelColor(x, y) for x in range(24) for y in range(24)
                 if image.pixelColor(x, y).alpha() == 255]
        assert inked and all(c.lightness() > 128 for c in inked)
    finally:
        app.setPalette(before)
    # And back again when the desktop turns light.
    if not theme.is_dark():
        qtbot.waitUntil(lambda: _colour_of(muted.styleSheet()) == light_muted, timeout=2000)


@pytest.mark.parametrize("to_dark", [True, False])
def test_no_theme_colour_stands_for_two(to_dark: bool) -> None:
    table = theme.swaps(to_dark)  # raises if one colour would have to become two
    assert table


def test_the_application_starts_following_the_desktop_theme(qapp, monkeypatch) -> None:
    from desktop.ui.shell.application import configure

    started: list[bool] = []
    monkeypatch.setattr(theme, "follow_palette", lambda: started.append(True))
    font, style = qapp.font(), qapp.style().name()
    try:
        configure(qapp)
    finally:  # other tests' layouts keep the session's font and style
        qapp.setFont(font)
        qapp.setStyle(style)
    assert started == [True]
