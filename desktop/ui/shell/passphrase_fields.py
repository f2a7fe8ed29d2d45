"""A new passphrase typed twice, with live feedback on the policy, and Caps Lock detection."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from desktop.domain.passphrase import MIN_LENGTH, PassphraseRejected
from desktop.ui import i18n, theme
from desktop.ui.i18n import tr

C = "Passphrase"

# `PySide6.QtCore.Qt` is imported inside the functions that need it, never at module level:
# its first use builds every enum of the Qt namespace (~15 ms of CPU), and the unlock screen
# can draw without them (tests/integration/test_startup_imports.py holds it to that).


def caps_lock_from_key(text: str, shift: bool) -> bool | None:
    """Guess Caps Lock from one typed character: a capital letter typed without Shift (or a
    small one with Shift) means it is on. None when the key says nothing (digits, symbols).

    Qt has no portable way to read the Caps Lock state, so this is what KeePassXC-like apps
    fall back on; it is right after the first letter typed.
    """
    if len(text) != 1 or not text.isalpha() or text.lower() == text.upper():
        return None
    return text.isupper() != shift


class CapsLockWatcher(QObject):
    """Watches key presses on line edits and reports Caps Lock changes."""

    changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on = False

    def watch(self, edit: QLineEdit) -> None:
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            from PySide6.QtCore import Qt  # at the first key press, not at start (see above)

            if event.key() == Qt.Key.Key_CapsLock:
                self.set_state(not self.on)
            else:
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                guess = caps_lock_from_key(event.text(), shift)
                if guess is not None:
                    self.set_state(guess)
        return False

    def set_state(self, on: bool) -> None:
        if on != self.on:
            self.on = on
            self.changed.emit(on)


def caps_warning_label() -> QLabel:
    label = QLabel()
    label.setObjectName("capsWarning")
    label.setStyleSheet(theme.css("warning"))
    label.setWordWrap(True)
    label.hide()
    return label


def password_edit() -> QLineEdit:
    """A masked line edit. It takes input methods (Vietnamese is typed through one): Qt 6
    keeps them on for password fields, with hints that keep the text out of their history;
    tests/gui/test_unlock.py checks it."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class NewPassphraseFields(QWidget):
    """Two rows (passphrase, again) plus a feedback line; `valid` when both agree and pass.

    Given `form`, the rows go into that form (so their labels line up with the rows above);
    otherwise the widget lays them out itself.
    """

    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, form: QFormLayout | None = None) -> None:
        super().__init__(parent)
        self.first = password_edit()
        self.second = password_edit()
        self.first.setObjectName("newPassphrase")
        self.second.setObjectName("repeatPassphrase")
        self.first_label = QLabel()
        self.second_label = QLabel()
        self.first_label.setBuddy(self.first)
        self.second_label.setBuddy(self.second)
        self.feedback = QLabel()
        self.feedback.setObjectName("passphraseFeedback")
        self.feedback.setWordWrap(True)
        self.caps = caps_warning_label()
        self._watcher = CapsLockWatcher(self)
        self._watcher.watch(self.first)
        self._watcher.watch(self.second)
        self._watcher.changed.connect(self._show_caps)
        if form is None:
            form = QFormLayout(self)
            form.setContentsMargins(0, 0, 0, 0)
        else:
            self.hide()  # only the rows it put into `form` show
        form.addRow(self.first_label, self.first)
        form.addRow(self.second_label, self.second)
        form.addRow("", self.feedback)
        form.addRow("", self.caps)
        self._valid = False
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.retranslate()

    def retranslate(self) -> None:
        self.first_label.setText(tr(C, "New passphrase:"))
        self.second_label.setText(tr(C, "Type it again:"))
        self.first.setAccessibleName(tr(C, "New passphrase"))
        self.second.setAccessibleName(tr(C, "New passphrase, again"))
        self.caps.setText(tr(C, "Caps Lock is on."))
        self._update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _show_caps(self, on: bool) -> None:
        self.caps.setVisible(on)

    @property
    def valid(self) -> bool:
        return self._valid

    def passphrase(self) -> str:
        return self.first.text()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        first, second = self.first.text(), self.second.text()
        valid = False
        if not first:
            text = tr(C, "Use at least {n} characters. A few ordinary words in a row are "
                         "easy to remember and hard to guess.").format(n=MIN_LENGTH)
            colour = "muted"
        else:
            # Imported on first use: the unlock screen must not load the vault to draw, nor
            # the error wording (and the record labels and dates it brings) before an error.
            from desktop.app.users import check_passphrase
            from desktop.ui.messages.errors import passphrase_problem

            try:
                check_passphrase(first)
            except PassphraseRejected as exc:
                text, colour = passphrase_problem(exc.code), "error"
            else:
                if not second:
                    text, colour = tr(C, "Good. Now type it again."), "muted"
                elif second != first:
                    text, colour = tr(C, "The two passphrases are not the same yet."), "error"
                else:
                    text, colour, valid = tr(C, "The passphrase can be used."), "success", True
        self.feedback.setText(text)
        self.feedback.setStyleSheet(theme.css(colour))
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
