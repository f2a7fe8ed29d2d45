"""Waymark's look: a few named colours, spacing and type sizes, for light and dark desktops.

Every colour the interface sets itself is named here, once for a light palette and once for a
dark one, and picked by the lightness of the palette the desktop gives Qt; text colours keep
WCAG AA contrast (4.5:1) on the palette's window and base colours and on the backgrounds named
here (tests/gui/test_theme.py measures every pair). Widgets ask for `css("error")` or
`colour("muted")` instead of writing a hex code: a hard-coded grey that reads on white
disappears on a dark palette.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

# Spacing (px) between buttons that wrap, and type sizes, so pages and dialogs share one rhythm.
SPACING = 6
HEADING_SCALE = 1.5      # a page's main heading (the person's name)
SUBHEADING_SCALE = 1.15  # a panel's heading (Chronology)

# name: (on a light palette, on a dark palette)
TEXT: dict[str, tuple[str, str]] = {
    "muted": ("#5a5a5a", "#b4b4b4"),    # secondary words: counts, hints, labels of facts
    "error": ("#a11d1d", "#ff8f86"),    # something failed or must be done now
    "warning": ("#7a4a00", "#f4c27a"),  # take care (age disputed, due soon)
    "success": ("#1d6b2f", "#8fd19e"),  # it worked
    "link": ("#1a4f8b", "#9cc4f5"),
}
BACKGROUND: dict[str, tuple[str, str]] = {
    "info": ("#eef4fb", "#1f3247"),     # a banner that tells, not warns
    "danger": ("#fbe9e7", "#4a1f1c"),   # overdue, a risk to someone
    "caution": ("#fff4e0", "#45351a"),  # due soon, a child in a group
    "calm": ("#eef4ee", "#1f3a24"),     # nothing found
}
BORDER: dict[str, tuple[str, str]] = {
    "info": ("#9bb8d8", "#4d6f94"),
    "danger": ("#b03a2e", "#c86a60"),
    "caution": ("#b58900", "#a07a2a"),
    "calm": ("#5a8a5a", "#5f9a66"),
}
# Which text colours are written on which of our backgrounds (the contrast test checks these,
# beside every text colour on the palette's own window and base).
PAIRS: tuple[tuple[str, str], ...] = (
    ("error", "danger"), ("warning", "caution"), ("success", "calm"), ("text", "info"),
    ("text", "danger"), ("text", "caution"), ("text", "calm"), ("on_danger", "strong_danger"),
)
TEXT["text"] = ("#1a1a1a", "#ececec")          # body text on our own backgrounds
TEXT["on_danger"] = ("#ffffff", "#ffffff")
BACKGROUND["strong_danger"] = ("#8a1c1c", "#8a1c1c")  # immediate danger: the same everywhere


def _palette(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else QGuiApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    return _palette(palette).color(QPalette.ColorRole.Window).lightness() < 128


def _pick(table: dict[str, tuple[str, str]], name: str, palette: QPalette | None) -> QColor:
    light, dark = table[name]
    return QColor(dark if is_dark(palette) else light)


def colour(name: str, palette: QPalette | None = None) -> QColor:
    """A text colour by name (see TEXT)."""
    return _pick(TEXT, name, palette)


def background(name: str, palette: QPalette | None = None) -> QColor:
    return _pick(BACKGROUND, name, palette)


def border(name: str, palette: QPalette | None = None) -> QColor:
    return _pick(BORDER, name, palette)


def css(name: str, bold: bool = False) -> str:
    """A style sheet that colours a label's text."""
    return f"color: {colour(name).name()};" + (" font-weight: bold;" if bold else "")


def panel_css(kind: str, text: str = "text", selector: str = "") -> str:
    """A framed panel (a banner, a warning) in one of our backgrounds."""
    body = (f"background: {background(kind).name()}; color: {colour(text).name()}; "
            f"border: 1px solid {border(kind).name()}; border-radius: 4px; padding: 6px;")
    return f"{selector} {{ {body} }}" if selector else body


def span(name: str, html_text: str, bold: bool = False) -> str:
    """Escaped text in one of our colours, for rich-text labels."""
    tag = "b" if bold else "span"
    return f"<{tag} style='color:{colour(name).name()}'>{html_text}</{tag}>"


def heading(widget: QWidget, scale: float = HEADING_SCALE) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    widget.setFont(font)


def luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def dark_palette() -> QPalette:
    """What a dark desktop theme hands Qt (close to Adwaita-dark and Windows' dark mode): used
    by the contrast test and the screenshot script to stand in for a dark system theme."""
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d6fa5",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#a0a0a0",
        QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.Mid: "#4a4a4a",
        QPalette.ColorRole.Dark: "#151515", QPalette.ColorRole.Light: "#505050",
        QPalette.ColorRole.Midlight: "#404040", QPalette.ColorRole.Shadow: "#000000",
    }
    for role, value in roles.items():
        p.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#8a8a8a"))
    return p


def style(name: str) -> str:
    """A CSS colour declaration for rich text (`<p style='…'>`)."""
    return f"color:{colour(name).name()}"
