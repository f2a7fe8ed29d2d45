"""Text copied out of Waymark does not linger on the clipboard (DESIGN.md: cleared after 30 s).

A copy made while a Waymark window is active is cleared 30 s later, or at once when the app
locks, hides or quits, unless something else has been copied since.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000


class ClipboardGuard(QObject):
    def __init__(self, clear_after_ms: int = CLEAR_AFTER_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clipboard: QClipboard = QGuiApplication.clipboard()
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_now)
        self._clipboard.dataChanged.connect(self._changed)

    def _changed(self) -> None:
        text = self._clipboard.text()
        if QGuiApplication.focusWindow() is not None and text:
            # Copied from one of our windows (another app would have the focus).
            self._ours = text
            self._timer.start()
        elif text != self._ours:
            self._ours = None
            self._timer.stop()

    def clear_now(self) -> None:
        """Clear the clipboard if it still holds what was copied from Waymark."""
        self._timer.stop()
        if self._ours is not None and self._clipboard.text() == self._ours:
            self._clipboard.clear()
        self._ours = None
