"""The unlock screen: user, passphrase, Caps Lock warning, throttling, and recovery by code."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QFont, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.app.errors import Throttled, WrongPassphrase
from desktop.app.session import SignedIn, unlock_wait
from desktop.ui import i18n, theme
from desktop.ui.i18n import tr, trn
from desktop.ui.shell.passphrase_fields import (
    CapsLockWatcher,
    NewPassphraseFields,
    caps_warning_label,
    password_edit,
)
from desktop.ui.tasks import TaskRunner

C = "Unlock"


def _heading(point_delta: int = 6) -> QLabel:
    label = QLabel()
    font = QFont(label.font())
    font.setPointSize(font.pointSize() + point_delta)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


# No `PySide6.QtCore.Qt` at start: its first use builds every enum of the Qt namespace (~15 ms
# of CPU, a tenth of the whole start). What needs it here waits until it is used: the message
# becomes selectable when it first shows, the link's hand cursor is set when the mouse first
# comes over it (tests/integration/test_startup_imports.py keeps it that way).


class _MessageLabel(QLabel):
    """The error or progress line under a form; its text can be selected and copied."""

    def __init__(self) -> None:
        super().__init__()
        self._selectable = False
        self.setObjectName("unlockMessage")
        self.setWordWrap(True)
        self.setStyleSheet(theme.css("error"))
        self.hide()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._selectable:
            from PySide6.QtCore import Qt

            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._selectable = True
        super().showEvent(event)


class _LinkButton(QPushButton):
    """A flat button drawn as a link, with the hand cursor links have."""

    def __init__(self) -> None:
        super().__init__()
        self._cursor_set = False
        self.setFlat(True)
        self.setStyleSheet("QPushButton { color: palette(link); text-decoration: "
                           "underline; border: none; padding: 4px 0; }")

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802
        if not self._cursor_set:
            from PySide6.QtCore import Qt

            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self._cursor_set = True
        super().enterEvent(event)


def _message_label() -> QLabel:
    return _MessageLabel()


class UnlockWidget(QWidget):
    """Embeddable: shown on its own at start, and inside the main window when locked."""

    unlocked = Signal(object)  # SignedIn: who unlocked (the session is open)

    def __init__(self, runner: TaskRunner, vault_dir: Path, username: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.vault_dir = vault_dir
        self.wait_left = 0
        self._busy = False
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self.tick)

        self._wait_reason = ""
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_unlock_page(username))
        self._wait_label: QLabel = self.message
        self.pages.addWidget(self._build_recovery_page())
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.pages.setMaximumWidth(560)
        self.pages.setMinimumWidth(420)
        row.addWidget(self.pages, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        # Keyboard order follows the task, not the layout: the link comes after Unlock.
        QWidget.setTabOrder(self.user_edit, self.pass_edit)
        QWidget.setTabOrder(self.pass_edit, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.forgot_button)
        QWidget.setTabOrder(self.code_edit, self.rec_user_edit)
        QWidget.setTabOrder(self.rec_user_edit, self.new_pass.first)
        QWidget.setTabOrder(self.new_pass.first, self.new_pass.second)
        QWidget.setTabOrder(self.new_pass.second, self.recover_button)
        QWidget.setTabOrder(self.recover_button, self.back_button)
        self.retranslate()

    # --- building ---------------------------------------------------------------------------
    def _build_unlock_page(self, username: str) -> QWidget:
        page = QWidget()
        self.title = _heading()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.user_edit = QLineEdit(username)
        self.user_edit.setObjectName("unlockUser")
        self.pass_edit = password_edit()
        self.pass_edit.setObjectName("unlockPassphrase")
        self.user_label = QLabel()
        self.user_label.setBuddy(self.user_edit)
        self.pass_label = QLabel()
        self.pass_label.setBuddy(self.pass_edit)
        self.caps_label = caps_warning_label()
        self.caps = CapsLockWatcher(self)
        self.caps.watch(self.pass_edit)
        self.caps.changed.connect(self.caps_label.setVisible)
        self.message = _message_label()
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.forgot_button = _LinkButton()
        self.forgot_button.setObjectName("forgotButton")
        self.forgot_button.clicked.connect(lambda: self.show_recovery(True))
        self.user_edit.returnPressed.connect(self.pass_edit.setFocus)
        self.pass_edit.returnPressed.connect(self.try_unlock)
        self.user_edit.textChanged.connect(self._update_buttons)
        self.pass_edit.textChanged.connect(self._update_buttons)

        form = QFormLayout()
        form.addRow(self.user_label, self.user_edit)
        form.addRow(self.pass_label, self.pass_edit)
        form.addRow("", self.caps_label)
        layout = QVBoxLayout(page)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.forgot_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        layout.addStretch(1)  # the stack is as tall as the recovery page: pack to the top
        return page

    def _build_recovery_page(self) -> QWidget:
        page = QWidget()
        self.rec_title = _heading(4)
        self.rec_intro = QLabel()
        self.rec_intro.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("recoveryCode")
        self.code_label = QLabel()
        self.code_label.setBuddy(self.code_edit)
        self.rec_user_edit = QLineEdit()
        self.rec_user_edit.setObjectName("recoveryUser")
        self.rec_user_label = QLabel()
        self.rec_user_label.setBuddy(self.rec_user_edit)
        self.rec_message = _message_label()
        self.recover_button = QPushButton()
        self.recover_button.setObjectName("recoverButton")
        self.recover_button.clicked.connect(self.try_recover)
        self.back_button = QPushButton()
        self.back_button.setObjectName("recoveryBack")
        self.back_button.clicked.connect(lambda: self.show_recovery(False))
        form = QFormLayout()
        form.addRow(self.code_label, self.code_edit)
        form.addRow(self.rec_user_label, self.rec_user_edit)
        self.new_pass = NewPassphraseFields(page, form)
        for signal in (self.code_edit.textChanged, self.rec_user_edit.textChanged):
            signal.connect(self._update_buttons)
        self.new_pass.validity_changed.connect(self._update_buttons)
        layout = QVBoxLayout(page)
        layout.addWidget(self.rec_title)
        layout.addWidget(self.rec_intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.rec_message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.recover_button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    # --- language ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(tr(C, "Unlock Waymark"))
        self.intro.setText(tr(C, "Enter your user name and passphrase. Your records stay "
                                 "encrypted until you do."))
        self.user_label.setText(tr(C, "&User name:"))
        self.pass_label.setText(tr(C, "&Passphrase:"))
        self.user_edit.setAccessibleName(tr(C, "User name"))
        self.pass_edit.setAccessibleName(tr(C, "Passphrase"))
        self.caps_label.setText(tr(C, "Caps Lock is on. Your passphrase may be typed in "
                                      "capital letters."))
        self.unlock_button.setText(tr(C, "Unlock"))
        self.unlock_button.setAccessibleName(tr(C, "Unlock"))
        self.forgot_button.setText(tr(C, "Forgot your passphrase? Use the recovery code"))
        self.forgot_button.setAccessibleName(tr(C, "Forgot your passphrase? Use the recovery "
                                                   "code"))
        self.rec_title.setText(tr(C, "Unlock with the recovery code"))
        self.rec_intro.setText(tr(C, "Use this only when no passphrase works. Type the "
                                     "recovery code from the sheet printed at set-up, your "
                                     "user name, and a new passphrase."))
        self.code_label.setText(tr(C, "Recovery &code:"))
        self.rec_user_label.setText(tr(C, "U&ser name:"))
        self.code_edit.setAccessibleName(tr(C, "Recovery code"))
        self.rec_user_edit.setAccessibleName(tr(C, "User name"))
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.recover_button.setText(tr(C, "Unlock and set the new passphrase"))
        self.recover_button.setAccessibleName(tr(C, "Unlock and set the new passphrase"))
        self.back_button.setText(tr(C, "Back"))
        self.back_button.setAccessibleName(tr(C, "Back to the unlock screen"))
        if self.wait_left > 0:
            self._show_wait()
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- behaviour --------------------------------------------------------------------------
    def reset(self, username: str = "") -> None:
        """Ready for the next unlock (after a lock): keep the user name, clear the rest."""
        self.show_recovery(False)
        self.user_edit.setText(username)
        self.pass_edit.clear()
        self.code_edit.clear()
        self.new_pass.clear()
        self.message.hide()
        self.rec_message.hide()
        self._busy = False
        self._update_buttons()
        self.check_throttle()

    def focus_first(self) -> None:
        (self.pass_edit if self.user_edit.text() else self.user_edit).setFocus()

    def show_recovery(self, on: bool) -> None:
        self.pages.setCurrentIndex(1 if on else 0)
        if on:
            self.rec_user_edit.setText(self.rec_user_edit.text() or self.user_edit.text())
            self.code_edit.setFocus()
        else:
            self.focus_first()

    def check_throttle(self) -> None:
        """A restart keeps the slow-down: read it so the button starts disabled if needed."""
        folder, user = self.vault_dir, self.user_edit.text().strip()
        self.runner.submit(lambda: unlock_wait(folder, user), self._throttle_read)

    def _throttle_read(self, wait: int) -> None:
        if wait > 0:
            self.start_wait(wait, tr(C, "There have been too many wrong tries."))

    def try_unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        folder, user, phrase = self.vault_dir, self.user_edit.text().strip(), \
            self.pass_edit.text()
        runner = self.runner

        def job() -> SignedIn:
            return runner.session.unlock(folder, user, phrase)

        self._set_busy(True, self.message)
        runner.submit(job, self._done, lambda exc: self._failed(exc, self.message))

    def try_recover(self) -> None:
        if not self.recover_button.isEnabled():
            return
        folder, code = self.vault_dir, self.code_edit.text()
        user, phrase = self.rec_user_edit.text().strip(), self.new_pass.passphrase()
        runner = self.runner

        def job() -> SignedIn:
            return runner.session.recover(folder, code, user, phrase)

        self._set_busy(True, self.rec_message)
        runner.submit(job, self._done, lambda exc: self._failed(exc, self.rec_message))

    def _set_busy(self, busy: bool, message: QLabel) -> None:
        self._busy = busy
        if busy:
            message.setStyleSheet(theme.css("muted"))
            message.setText(tr(C, "Unlocking…"))
            message.show()
        self._update_buttons()

    def _done(self, user: SignedIn) -> None:
        self._busy = False
        self.pass_edit.clear()
        self.new_pass.clear()
        self.code_edit.clear()
        self.message.hide()
        self.rec_message.hide()
        self._update_buttons()
        self.unlocked.emit(user)

    def _failed(self, exc: Exception, message: QLabel) -> None:
        self._busy = False
        message.setStyleSheet(theme.css("error"))
        if isinstance(exc, WrongPassphrase):
            self.pass_edit.clear()
            self.pass_edit.setFocus()
            if exc.delay_seconds > 0:
                self.start_wait(exc.delay_seconds, tr(C, "The user name or passphrase is not "
                                                         "right."), message)
                return
        if isinstance(exc, Throttled):
            self.start_wait(exc.wait_seconds, tr(C, "There have been too many wrong tries."),
                            message)
            return
        from desktop.ui.messages.errors import error_text  # only when something went wrong

        message.setText(error_text(exc))
        message.show()
        self._update_buttons()

    def start_wait(self, seconds: int, reason: str, message: QLabel | None = None) -> None:
        self.wait_left = seconds
        self._wait_reason = reason
        self._wait_label = message or self.message
        self._show_wait()
        self._countdown.start()
        self._update_buttons()

    def _show_wait(self) -> None:
        label = self._wait_label
        label.setStyleSheet(theme.css("error"))
        label.setText(self._wait_reason + " " + trn(
            C, "You can try again in %n seconds.", self.wait_left))
        label.show()

    def tick(self) -> None:
        self.wait_left = max(0, self.wait_left - 1)
        if self.wait_left > 0:
            self._show_wait()
        else:
            self._countdown.stop()
            self._wait_label.setText(self._wait_reason + " " + tr(C, "You can try again now."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        free = not self._busy and self.wait_left == 0
        self.unlock_button.setEnabled(free and bool(self.user_edit.text().strip())
                                      and bool(self.pass_edit.text()))
        self.recover_button.setEnabled(free and bool(self.code_edit.text().strip())
                                       and bool(self.rec_user_edit.text().strip())
                                       and self.new_pass.valid)


class UnlockWindow(QWidget):
    """The first screen when a vault exists."""

    def __init__(self, runner: TaskRunner, vault_dir: Path, username: str = "") -> None:
        super().__init__()
        self.form = UnlockWidget(runner, vault_dir, username, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.resize(760, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr(C, "Waymark — unlock"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
