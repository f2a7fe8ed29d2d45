"""Drive a window with the keyboard only, as a user without a mouse does (importable by the GUI
tests). Every helper presses keys on whatever has focus; a control is found by Tabbing to it,
never by clicking or by calling its methods. ASCII only: QTest.keyClicks with other letters
aborts the test process."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from keywalk import spoken_name

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def type_text(qtbot: Any, text: str) -> None:
    assert text.isascii()
    qtbot.keyClicks(focus(), text)


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier =
          Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focus(), key, modifier)


def tab_to(qtbot: Any, wanted: str | Callable[[QWidget], bool], limit: int = 80,
           backwards: bool = False) -> QWidget:
    """Press Tab (or Shift+Tab) until the focused control is called `wanted` (its spoken
    name starts with it) or satisfies it."""
    def matches(widget: QWidget) -> bool:
        if callable(wanted):
            return wanted(widget)
        return spoken_name(widget).replace("&", "").startswith(wanted)

    for _ in range(limit):
        if matches(focus()):
            return focus()
        if backwards:
            press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        else:
            press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {wanted!r}; last: {spoken_name(focus())!r}")


def activate(qtbot: Any, window: QWidget) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
