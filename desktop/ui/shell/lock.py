"""Idle auto-lock, and the quick-hide cover.

`IdleMonitor` is an application-wide event filter: any key, click, wheel or touch anywhere in
the app restarts the countdown (like KeePassXC's InactivityTimer). Mouse moves count too, so a
person reading a long record is not locked out mid-sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QWidget

QUICK_HIDE_KEY = Qt.Key.Key_F12
LOCK_KEY = Qt.Key.Key_L  # with Ctrl

_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
}


class IdleMonitor(QObject):
    """Emits `idle` after `timeout_ms` without user input; `quick_hide` on F12 and
    `lock_requested` on Ctrl+L anywhere in the app (even inside a dialog, where the main
    window's shortcuts do not reach)."""

    idle = Signal()
    quick_hide = Signal()
    lock_requested = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.idle)
        self._timer.setInterval(max(1, timeout_ms))
        self._installed = False

    @staticmethod
    def minutes_to_ms(minutes: int) -> int:
        return int(minutes) * 60_000

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, ms: int) -> None:
        self._timer.setInterval(max(1, ms))
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def uninstall(self) -> None:
        self.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def record_activity(self) -> None:
        if self._timer.isActive():
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if (kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and not event.isAutoRepeat()):
            if event.key() == QUICK_HIDE_KEY:
                self.quick_hide.emit()
                return True
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if event.key() == LOCK_KEY and mods == Qt.KeyboardModifier.ControlModifier:
                self.lock_requested.emit()
                return True
        if kind in _ACTIVITY:
            self.record_activity()
        return False


class CoverScreen(QWidget):
    """A plain, neutral surface: no name, no logo, no text, nothing from the records.

    It takes no typing: keys pressed on it go nowhere (someone typing blind after F12 must not
    fill, or submit, the passphrase field behind it). A click, or F12 again, is the user asking
    for the unlock screen (`revealed`); the data stays locked behind it.
    """

    revealed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cover")
        self.setAutoFillBackground(True)
        # The palette's own window colour: calm, and right in a light or a dark theme.
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # A neutral name for screen readers: nothing that says what the app is.
        self.setAccessibleName(" ")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == QUICK_HIDE_KEY:
            self.revealed.emit()
        event.accept()  # swallowed: never passed on to a parent or the lock screen

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        event.accept()

    def mousePressEvent(self, event: object) -> None:  # noqa: N802
        self.revealed.emit()
