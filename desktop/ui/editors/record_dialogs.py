"""Small dialogs for the people and tasks pages. Each has a `classmethod ask()` that tests
replace with a stub."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.buttons import ok_cancel
from desktop.ui.i18n import tr


class _TextDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, intro: str, label: str,
                 ok_text: str, required: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.required = required
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.label = QLabel(label)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(label)
        self.label.setBuddy(self.text)
        layout.addWidget(self.label)
        layout.addWidget(self.text, 1)
        self.buttons = ok_cancel(self, ok_text)
        layout.addWidget(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if required:
            ok.setEnabled(False)
            self.text.textChanged.connect(
                lambda: ok.setEnabled(bool(self.text.toPlainText().strip())))
        self.text.setFocus()


class NoteDialog(_TextDialog):
    def __init__(self, parent: QWidget | None, person_name: str) -> None:
        super().__init__(
            parent, tr("RecordDialogs", "Add a note"),
            tr("RecordDialogs", "A note about {name}. It is added to the chronology with your "
                                "name and the time, and cannot be changed later.").format(
                name=person_name),
            tr("RecordDialogs", "Note"), tr("RecordDialogs", "Add note"), required=True)

    @classmethod
    def ask(cls, parent: QWidget | None, person_name: str, initial: str = "",
            opened: Callable[[NoteDialog | None], None] | None = None) -> str | None:
        """The note typed, or None. `initial` restores a kept draft; `opened` is told of the
        open dialog (and None when it closes) so a lock can keep what is being typed."""
        dialog = cls(parent, person_name)
        dialog.text.setPlainText(initial)
        if opened is not None:
            opened(dialog)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.text.toPlainText().strip()
        finally:
            if opened is not None:
                opened(None)


class MarkDoneDialog(_TextDialog):
    def __init__(self, parent: QWidget | None, task_title: str) -> None:
        super().__init__(
            parent, tr("RecordDialogs", "Mark task done"),
            tr("RecordDialogs", "Mark this task done? Your name and the time are recorded.")
            + "\n\n" + task_title,
            tr("RecordDialogs", "What was done (optional)"), tr("RecordDialogs", "Mark done"),
            required=False)

    @classmethod
    def ask(cls, parent: QWidget | None, task_title: str) -> str | None:
        """The note ("" for none), or None when cancelled."""
        dialog = cls(parent, task_title)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text.toPlainText().strip()


class ShareDialog(QDialog):
    def __init__(self, parent: QWidget | None, person_name: str,
                 colleagues: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("RecordDialogs", "Share with a colleague"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("RecordDialogs", "The colleague will be able to read everything "
                                           "recorded about {name}.").format(name=person_name))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.colleague = QComboBox()
        for username, display in colleagues:
            self.colleague.addItem(f"{display} ({username})", username)
        label = QLabel(tr("RecordDialogs", "Colleague"))
        label.setBuddy(self.colleague)
        form.addRow(label, self.colleague)
        layout.addLayout(form)
        buttons = ok_cancel(self, tr("RecordDialogs", "Share"))
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, person_name: str,
            colleagues: list[tuple[str, str]]) -> str | None:
        dialog = cls(parent, person_name, colleagues)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        data = dialog.colleague.currentData()
        return str(data) if data else None
