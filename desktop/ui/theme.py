"""Waymark's look: a few named colours, spacing and type sizes, for light and dark desktops.

Every colour the interface sets itself is named here, once for a light palette and once for a
dark one, and picked by the lightness of the palette the desktop gives Qt; text colours keep
WCAG AA contrast (4.5:1) on the palette's window and base colours and on the backgrounds named
here (tests/gui/test_theme.py measures every pair). Widgets ask for `css("error")` or
`colour("muted")` instead of writing a hex code: a hard-coded grey that reads on white
disappears on a dark palette.

When the desktop switches between light and dark while windows are open, `follow_palette`
(installed once, by the application's `configure`) re-applies the theme to every open window
and dialog in one place: colours of the other scheme in style sheets, rich-text labels and
table items become this scheme's, and action icons are tinted again.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

# The unlock screen imports this module: what only a switch between light and dark needs (the
# Qt namespace, ~16 ms of enums; the item views; the action icons) is imported there, not here
# (tests/integration/test_startup_imports.py).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLayout, QListWidget, QTableWidget

# Spacing (px) between buttons that wrap, and type sizes, so pages and dialogs share one rhythm.
SPACING = 6
PAGE_MARGIN = 10         # round the edge of a main page (People, Tasks, Groups, ...)
PAGE_SPACING = 6         # between the rows of a main page (the Overview is tight at 1366x768)
HEADING_SCALE = 1.4      # every page's main heading (Tasks and deadlines; the person's name)
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


def page_layout(layout: QLayout) -> None:
    """The margins and spacing every main page uses, so the pages line up when switching."""
    layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
    layout.setSpacing(PAGE_SPACING)


# --- following the desktop between light and dark ----------------------------------------------
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
RICH_HEX = re.compile(r"((?:color|background)\s*:\s*)(#[0-9a-fA-F]{6})\b")


def swaps(to_dark: bool) -> dict[str, str]:
    """Each of our colours of the other scheme and what it is in this one; a colour that would
    have to become two different colours is a mistake in the tables (a test looks)."""
    out: dict[str, str] = {}
    for table in (TEXT, BACKGROUND, BORDER):
        for light, dark in table.values():
            old, new = (light, dark) if to_dark else (dark, light)
            old, new = old.lower(), new.lower()
            if out.get(old, new) != new:
                raise ValueError(f"{old} stands for two colours")
            if old != new:
                out[old] = new
    return out


def _swap(text: str, table: dict[str, str], pattern: re.Pattern[str]) -> str:
    def one(m: re.Match[str]) -> str:
        colour_text = m.group(m.lastindex or 0)
        new = table.get(colour_text.lower(), colour_text)
        return m.group(0)[: len(m.group(0)) - len(colour_text)] + new

    return pattern.sub(one, text)


def restyle(to_dark: bool, widgets: list[QWidget] | None = None) -> None:
    """Re-apply the theme to open widgets after the palette changed scheme."""
    from PySide6.QtWidgets import QListWidget, QTableWidget, QTextBrowser

    table = swaps(to_dark)
    for widget in widgets if widgets is not None else QApplication.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            # Style sheets are ours (no user's words in them). Set again even when no colour
            # changed: a styled widget keeps the palette it was polished with (the side list
            # stayed white on a dark desktop) until its sheet is applied again.
            widget.setStyleSheet(_swap(sheet, table, HEX))
        if isinstance(widget, QLabel) and "<" in widget.text():
            # Only colours inside style attributes: the label's words may be anyone's.
            text = _swap(widget.text(), table, RICH_HEX)
            if text != widget.text():
                widget.setText(text)
        if isinstance(widget, QTextBrowser):  # read-only rich text (a disclosure's review)
            html = widget.toHtml()
            swapped = _swap(html, table, RICH_HEX)
            if swapped != html:
                bar = widget.verticalScrollBar()
                at = bar.value()
                widget.setHtml(swapped)
                bar.setValue(at)
        if isinstance(widget, QTableWidget | QListWidget):
            _restyle_items(widget, table)
        _retint(widget)


def _restyle_items(view: QTableWidget | QListWidget, table: dict[str, str]) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidgetItem, QTableWidget, QTableWidgetItem

    items: list[QTableWidgetItem | QListWidgetItem | None]
    if isinstance(view, QTableWidget):
        items = [view.item(r, c) for r in range(view.rowCount())
                 for c in range(view.columnCount())]
    else:
        items = [view.item(r) for r in range(view.count())]
    for item in items:
        if item is None:
            continue
        for get, put in ((item.foreground, item.setForeground),
                         (item.background, item.setBackground)):
            brush = get()
            new = (table.get(brush.color().name())
                   if brush.style() != Qt.BrushStyle.NoBrush else None)
            if new is not None:
                put(QColor(new))


def _retint(widget: QWidget) -> None:
    """Icons are tinted with the palette's text colour when made: tint them again."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton

    from desktop.ui.icons import ICON_PROPERTY, action_icon

    targets: list[QWidget | QAction] = [widget, *widget.actions()]
    for target in targets:
        name = target.property(ICON_PROPERTY)
        if isinstance(name, str) and name and isinstance(target, QAbstractButton | QAction):
            target.setIcon(action_icon(name))


class PaletteFollower(QWidget):
    """Never shown: Qt tells every widget inside a window when the application's palette
    changes, and this one re-applies the theme to all the others when the change crossed
    between light and dark. (Qt tells windows through their native window, which a hidden
    one has not got, so the follower sits inside a hidden holder.) The desktop's colour-scheme
    signal is watched too, for platforms that switch the scheme before they hand Qt the new
    palette."""

    def __init__(self, holder: QWidget) -> None:
        super().__init__(holder)
        self.setObjectName("waymarkPaletteFollower")
        self.dark = is_dark()
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: QTimer.singleShot(0, self.check))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            self.check()
        super().changeEvent(event)

    def check(self) -> None:
        dark = is_dark()
        if dark != self.dark:
            self.dark = dark
            restyle(dark)


_follower: list[PaletteFollower] = []
_holder: list[QWidget] = []  # kept: the follower lives as long as its holder


def follow_palette() -> PaletteFollower:
    """Start following the desktop's light or dark theme (once per application)."""
    if not _follower:
        holder = QWidget()
        holder.setObjectName("waymarkPaletteHolder")
        _holder.append(holder)
        _follower.append(PaletteFollower(holder))
    return _follower[0]
