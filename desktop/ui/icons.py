"""Icons on the main actions: small line drawings (resources/icons/actions/*.svg, rendered to
PNG masks by scripts/action_icons.py) tinted with the palette's button-text colour, and its
disabled colour, so an icon reads on a light and on a dark theme alike. The application's own
icon lives beside them in resources/icons/.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton

from desktop.resources import resource

SIZES = (16, 24, 32, 48)
ICON_PROPERTY = "waymarkIcon"  # the drawing's name, so the theme can tint it again


def _tinted(mask: QPixmap, colour: QColor) -> QPixmap:
    out = QPixmap(mask.size())
    out.fill(QColor(0, 0, 0, 0))  # transparent
    painter = QPainter(out)
    painter.drawPixmap(0, 0, mask)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(out.rect(), colour)
    painter.end()
    return out


def action_icon(name: str, palette: QPalette | None = None) -> QIcon:
    """The icon for an action (`new_person`, `concern`, …) in the palette's colours; an empty
    icon if the drawing is missing (the button still has its words)."""
    palette = palette if palette is not None else QGuiApplication.palette()
    normal = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    icon = QIcon()
    for size in SIZES:
        mask = QPixmap(str(resource("icons", "actions", f"{name}-{size}.png")))
        if mask.isNull():
            continue
        icon.addPixmap(_tinted(mask, normal), QIcon.Mode.Normal)
        icon.addPixmap(_tinted(mask, disabled), QIcon.Mode.Disabled)
    return icon


def give_icon(target: QAction | QAbstractButton, name: str) -> None:
    """Put an action icon on an action or a button, remembering which one it is so that a
    switch between light and dark tints it again (theme.restyle)."""
    target.setProperty(ICON_PROPERTY, name)
    target.setIcon(action_icon(name))
