"""Windows open no larger than the screen they are on.

A dialog sized for a large monitor (1100×760) put its buttons under the taskbar on a 1366×768
school laptop. `fit_to_screen` gives a window its preferred size where there is room and
otherwise the room there is, leaving space for the window frame and title bar, and lowers a
minimum size that would not fit (the layouts inside scroll rather than clip).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for the window manager's frame and title bar around a top-level window.
FRAME = QSize(16, 48)


def available_area(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fit_to_screen(window: QWidget, preferred: QSize, area: QRect | None = None) -> None:
    room = (area or available_area(window)).size() - FRAME
    window.setMinimumSize(min(window.minimumWidth(), room.width()),
                          min(window.minimumHeight(), room.height()))
    window.resize(min(preferred.width(), room.width()), min(preferred.height(), room.height()))
