"""The base of record editors whose typing is kept as an encrypted draft until saved."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QDialog, QLabel

from desktop.ui import theme
from desktop.ui.editors.draft_keeper import DraftKeeper
from desktop.ui.editors.draft_notices import draft_notices


class DraftedDialog(QDialog):
    """Closing, cancelling or locking never loses what was typed: until the record is saved,
    each of them saves the draft first."""

    keeper: DraftKeeper

    def is_saved(self) -> bool:
        """True once the record itself is saved (or deliberately discarded)."""
        raise NotImplementedError

    def abandon(self) -> None:
        """Stop autosaving without a last save (already flushed; another user is next)."""
        self.keeper.finish()

    def flush_draft(self) -> None:
        """Save the draft synchronously; the lock hook calls this before the vault closes."""
        if not self.is_saved():
            self.keeper.flush()

    def reject(self) -> None:
        if not self.is_saved():
            self._keep_draft()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.is_saved():
            self._keep_draft()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        name_typed_fields(self)
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            name_typed_fields(self)

    def _keep_draft(self) -> None:
        """Save the draft and, once per closing, say so where the user looks next."""
        self.keeper.save_now()
        if self.keeper.stored and not getattr(self, "_kept_said", False):
            self._kept_said = True
            draft_notices().kept.emit(self.keeper.kind, self.keeper.ref or "")

    @staticmethod
    def heading_label(scale: float = 1.3) -> QLabel:
        """The dialog's heading: bold, larger, wrapping."""
        label = QLabel()
        label.setWordWrap(True)
        theme.heading(label, scale)
        return label

    @staticmethod
    def error_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet(theme.css("error", bold=True))
        label.hide()
        return label

    @staticmethod
    def status_label() -> QLabel:
        # Wrapping: a long status ("Answers not sent at … were restored.") beside the buttons
        # must not widen the dialog past its size, or the rows above are squeezed and overlap.
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet(theme.css("muted"))
        return label


def name_typed_fields(dialog: QDialog) -> None:
    """An editable drop-down's own text field is what takes focus, and a screen reader reads
    its name, not the drop-down's label: give it the label's words (England's typed local
    authority on the person's dialog had none)."""
    for label in dialog.findChildren(QLabel):
        combo = label.buddy()
        typed = combo.lineEdit() if isinstance(combo, QComboBox) else None
        if typed is not None and label.text().strip():
            typed.setAccessibleName(label.text().replace("&", "").rstrip(" :"))
