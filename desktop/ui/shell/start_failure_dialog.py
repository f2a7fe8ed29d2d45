"""Start failures on screen, and Qt's own fatal start errors in the start log.

Qt ends the process (abort) when its platform plugin cannot load, e.g. a missing libxcb-cursor0.
It hands the message to the installed message handler first, so while the QApplication is being
made we log a fatal message to the start log; the abort itself cannot be prevented.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from desktop import start_failure


class QtFatalError(RuntimeError):
    """Qt's fatal message, as the error class and message of the start log line."""


def _on_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if sys.stderr is not None:
        print(message, file=sys.stderr, flush=True)  # what Qt's default handler would do
    if kind == QtMsgType.QtFatalMsg:
        start_failure.write_log("qt-fatal", QtFatalError(message))


def create_application(style: str | None = None) -> QApplication:
    """QApplication(), with Qt's fatal start errors written to the start log. A `style` is
    given to Qt as the `-style` argument: the same as `setStyle()` afterwards, but without
    bringing QStyle's Python type (and its enums, ~5 ms) into a start that never uses it."""
    previous = qInstallMessageHandler(_on_qt_message)
    try:
        return QApplication(sys.argv[:1] + (["-style", style] if style else []))
    finally:
        qInstallMessageHandler(previous)


NO_SCREEN_PLATFORMS = ("offscreen", "minimal")


def show_start_failure(message: str, wait: bool = True) -> None:
    """The message in a dialog, so a user who started Waymark from an icon sees it. On a
    platform with no screen (offscreen, minimal), or with `wait` off (--exit-on-ready), it is
    not waited for: nobody could close it."""
    from PySide6.QtWidgets import QMessageBox  # only when the start failed

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    text = message.removeprefix("waymark: ")
    box = QMessageBox(QMessageBox.Icon.Critical, "Waymark", text[:1].upper() + text[1:])
    if wait and QApplication.platformName() not in NO_SCREEN_PLATFORMS:
        box.exec()
    else:
        box.show()
        app.processEvents()
        box.close()
