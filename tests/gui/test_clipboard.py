"""Copied text is cleared from the clipboard after a while, and at once on lock."""

from __future__ import annotations

import pytest

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from desktop.ui.shell.clipboard_guard import ClipboardGuard


@pytest.fixture()
def focused(qtbot) -> QLineEdit:  # type: ignore[no-untyped-def]
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    return field


def test_text_copied_from_waymark_is_cleared_after_the_delay(qtbot, focused) -> None:
    guard = ClipboardGuard(clear_after_ms=100)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("Nguyễn Thị Hồng, 14, Larkspur House")
    assert clipboard.text() == "Nguyễn Thị Hồng, 14, Larkspur House"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=5000)
    guard.deleteLater()


def test_locking_clears_at_once(qtbot, focused) -> None:
    guard = ClipboardGuard(clear_after_ms=60_000)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("concern text")
    guard.clear_now()
    assert clipboard.text() == ""
    guard.deleteLater()


def test_what_another_program_copied_later_is_left_alone(qtbot, focused, monkeypatch) -> None:
    guard = ClipboardGuard(clear_after_ms=60_000)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("concern text")
    monkeypatch.setattr(QGuiApplication, "focusWindow", staticmethod(lambda: None))
    clipboard.setText("a shopping list")  # copied in another program
    guard.clear_now()
    assert clipboard.text() == "a shopping list"
    guard.deleteLater()
