"""The OK / Cancel row every small dialog ends with: our own words on both buttons (Qt's
standard buttons would stay English in Vietnamese), wired to accept and reject."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from desktop.ui.i18n import tr


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """The button row for `dialog`; the caller places it in its layout."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Buttons", "Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
