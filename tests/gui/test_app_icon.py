"""Every window carries Waymark's icon (issue 16)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop.ui.shell.application import app_icon, configure


def test_the_application_icon_is_set_in_every_size(qapp: QApplication) -> None:
    icon = app_icon()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 48, 256, 512} <= sizes
    font, style = qapp.font(), qapp.style().name()
    try:
        configure(qapp)
        assert not qapp.windowIcon().isNull()
        assert {s.width() for s in qapp.windowIcon().availableSizes()} == sizes
        assert qapp.desktopFileName() == "org.waymark.Waymark"
    finally:  # other tests' layouts keep the session's font and style
        qapp.setFont(font)
        qapp.setStyle(style)
