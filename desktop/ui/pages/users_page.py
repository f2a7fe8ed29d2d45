"""Users (administrators): list, add, disable, enable, reset; and anyone's own passphrase."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.app.users import UserInfo
from desktop.domain.roles import Role, manages_users
from desktop.ui import i18n, theme
from desktop.ui.editors.profile_dialog import OrgDetailsDialog, ProfileDialog
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text
from desktop.ui.shell.context import AppContext
from desktop.ui.shell.passphrase_fields import NewPassphraseFields, password_edit
from desktop.ui.tasks import RefreshOnChange, TaskRunner

C = "Users"
Index = QModelIndex | QPersistentModelIndex


def role_name(role: Role) -> str:
    return {Role.STAFF: tr("Roles", "Staff"), Role.LEAD: tr("Roles", "Safeguarding lead"),
            Role.ADMIN: tr("Roles", "Administrator")}[role]


class UsersModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.users: list[UserInfo] = []

    def set_users(self, users: list[UserInfo]) -> None:
        self.beginResetModel()
        self.users = list(users)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.users)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        user = self.users[index.row()]
        return [user.username, user.display_name, role_name(user.role),
                tr(C, "Active") if user.active else tr(C, "Disabled")][index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < 4:
            return None
        return [tr(C, "User name"), tr(C, "Name"), tr(C, "Role"), tr(C, "Status")][section]


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton(tr(C, "Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    ok.setAccessibleName(ok_text)
    cancel.setAccessibleName(tr(C, "Cancel"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, ok, cancel


@dataclass(frozen=True)
class NewUser:
    username: str
    display_name: str
    role: Role
    passphrase: str


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(C, "Add a user"))
        self.username = QLineEdit()
        self.username.setAccessibleName(tr(C, "User name"))
        self.display_name = QLineEdit()
        self.display_name.setAccessibleName(tr(C, "Full name"))
        self.role = QComboBox()
        for role in (Role.STAFF, Role.LEAD, Role.ADMIN):
            self.role.addItem(role_name(role), role)
        form = QFormLayout()
        for text, widget in ((tr(C, "&User name:"), self.username),
                             (tr(C, "&Full name:"), self.display_name),
                             (tr(C, "&Role:"), self.role)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.fields = NewPassphraseFields(self, form)
        hint = QLabel(tr(C, "Tell the person their first passphrase in private. They can "
                            "change it from the Waymark menu."))
        hint.setWordWrap(True)
        box, self.ok, _ = _buttons(self, tr(C, "Add user"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(box)
        self.username.textChanged.connect(self._update)
        self.fields.validity_changed.connect(self._update)
        self._update()
        self.setMinimumWidth(480)

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.username.text().strip()) and self.fields.valid)

    def result_user(self) -> NewUser:
        return NewUser(self.username.text().strip(), self.display_name.text().strip(),
                       Role(self.role.currentData()), self.fields.passphrase())

    @classmethod
    def ask(cls, parent: QWidget | None) -> NewUser | None:
        dialog = cls(parent)
        return dialog.result_user() if dialog.exec() == QDialog.DialogCode.Accepted else None


class SetPassphraseDialog(QDialog):
    """A new passphrase for another user (reset, or enabling a disabled account)."""

    def __init__(self, username: str, enabling: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(C, "Enable {user}").format(user=username) if enabling
                            else tr(C, "New passphrase for {user}").format(user=username))
        intro = QLabel(tr(C, "Choose a new passphrase for {user}. Tell it to them in private; "
                             "they can change it later.").format(user=username))
        intro.setWordWrap(True)
        self.fields = NewPassphraseFields()
        box, self.ok, _ = _buttons(self, tr(C, "Enable") if enabling
                                   else tr(C, "Set passphrase"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fields)
        layout.addWidget(box)
        self.fields.validity_changed.connect(self.ok.setEnabled)
        self.ok.setEnabled(False)
        self.setMinimumWidth(460)

    @classmethod
    def ask(cls, parent: QWidget | None, username: str, enabling: bool) -> str | None:
        dialog = cls(username, enabling, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.fields.passphrase()
        return None


class ChangeOwnPassphraseDialog(QDialog):
    """Anyone: current passphrase, new one twice. Does the change itself and stays open on
    an error so nothing typed is lost."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(tr(C, "Change my passphrase"))
        self.current = password_edit()
        self.current.setAccessibleName(tr(C, "Current passphrase"))
        label = QLabel(tr(C, "&Current passphrase:"))
        label.setBuddy(self.current)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(theme.css("error"))
        self.message.hide()
        box, self.ok, _ = _buttons(self, tr(C, "Change passphrase"))
        box.accepted.disconnect()
        box.accepted.connect(self.submit)
        form = QFormLayout()
        form.addRow(label, self.current)
        self.fields = NewPassphraseFields(self, form)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(box)
        self.current.textChanged.connect(self._update)
        self.fields.validity_changed.connect(self._update)
        self._update()
        self.setMinimumWidth(480)

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.current.text()) and self.fields.valid)

    def submit(self) -> None:
        old, new = self.current.text(), self.fields.passphrase()
        self.ok.setEnabled(False)
        self.runner.run(lambda s: s.users.change_own(old, new), lambda _: self.accept(),
                        self._failed)

    def _failed(self, exc: Exception) -> None:
        from desktop.app.errors import WrongPassphrase

        self.message.setText(tr(C, "The current passphrase is not right.")
                             if isinstance(exc, WrongPassphrase) else error_text(exc))
        self.message.show()
        self._update()

    @classmethod
    def ask(cls, runner: TaskRunner, parent: QWidget | None) -> bool:
        return cls(runner, parent).exec() == QDialog.DialogCode.Accepted


class UsersPage(QWidget):
    def __init__(self, runner: TaskRunner, context: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        RefreshOnChange(self, runner, self.refresh)
        self.context = context
        self.title = QLabel()
        theme.heading(self.title)
        self.model = UsersModel()
        self.table = QTableView()
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.add_button = QPushButton()
        self.reset_button = QPushButton()
        self.disable_button = QPushButton()
        self.enable_button = QPushButton()
        self.own_button = QPushButton()
        self.profile_button = QPushButton()
        self.org_button = QPushButton()
        self.profile_button.clicked.connect(self.edit_profile)
        self.org_button.clicked.connect(lambda: OrgDetailsDialog(self.runner, self).open())
        self.add_button.clicked.connect(self.add_user)
        self.reset_button.clicked.connect(self.reset_passphrase)
        self.disable_button.clicked.connect(self.disable_user)
        self.enable_button.clicked.connect(self.enable_user)
        self.own_button.clicked.connect(lambda: ChangeOwnPassphraseDialog.ask(self.runner, self))
        self.message = QLabel()
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.disable_button,
                       self.enable_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.profile_button)
        buttons.addWidget(self.org_button)
        buttons.addWidget(self.own_button)
        layout = QVBoxLayout(self)
        theme.page_layout(layout)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.title.setText(tr(C, "Users"))
        self.table.setAccessibleName(tr(C, "Users"))
        for button, text in ((self.add_button, tr(C, "&Add user…")),
                             (self.reset_button, tr(C, "&Reset passphrase…")),
                             (self.disable_button, tr(C, "&Disable")),
                             (self.enable_button, tr(C, "&Enable…")),
                             (self.profile_button, tr(C, "&Profile…")),
                             (self.org_button, tr(C, "&Organisation details…")),
                             (self.own_button, tr(C, "Change &my passphrase…"))):
            button.setText(text)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self.model.users:
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(len(self.model.users) - 1, 3))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.runner.run(lambda s: s.users.list(), self._loaded, self._failed)

    def _loaded(self, users: list[UserInfo]) -> None:
        selected = self.selected()
        self.model.set_users(users)
        if selected is not None:
            for row, user in enumerate(users):
                if user.username == selected.username:
                    self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.users[rows[0].row()] if rows else None

    def select_user(self, username: str) -> None:
        for row, user in enumerate(self.model.users):
            if user.username == username:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        user = self.selected()
        admin = manages_users(self.context.role)
        self.add_button.setEnabled(admin)
        self.reset_button.setEnabled(admin and user is not None and user.active)
        self.disable_button.setEnabled(admin and user is not None and user.active
                                       and user.username != self.context.username)
        self.enable_button.setEnabled(admin and user is not None and not user.active)
        # Everyone edits their own profile; an admin edits anyone's.
        self.profile_button.setEnabled(user is None or admin
                                       or user.username == self.context.username)
        self.org_button.setEnabled(admin)

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet(theme.css("success") if ok else theme.css("error"))
        self.message.setText(text)

    def _failed(self, exc: Exception) -> None:
        self._say(error_text(exc), ok=False)

    def _after(self, text: str) -> Any:
        def done(_: object) -> None:
            self._say(text)
            self.refresh()
        return done

    def edit_profile(self) -> None:
        user = self.selected()
        username = user.username if user is not None else self.context.username
        dialog = ProfileDialog(self.runner, username, self)
        dialog.accepted.connect(lambda: self._say(tr(C, "Profile saved.")))
        dialog.open()

    def add_user(self) -> None:
        new = AddUserDialog.ask(self)
        if new is None:
            return
        self.runner.run(
            lambda s: s.users.add(new.username, new.display_name, new.role, new.passphrase),
            self._after(tr(C, "{user} was added.").format(user=new.username)), self._failed)

    def reset_passphrase(self) -> None:
        user = self.selected()
        if user is None:
            return
        phrase = SetPassphraseDialog.ask(self, user.username, enabling=False)
        if phrase is None:
            return
        name = user.username
        self.runner.run(lambda s: s.users.reset_passphrase(name, phrase),
                        self._after(tr(C, "The passphrase of {user} was reset.").format(
                            user=name)), self._failed)

    def enable_user(self) -> None:
        user = self.selected()
        if user is None:
            return
        phrase = SetPassphraseDialog.ask(self, user.username, enabling=True)
        if phrase is None:
            return
        name = user.username
        self.runner.run(lambda s: s.users.enable(name, phrase),
                        self._after(tr(C, "{user} can sign in again.").format(user=name)),
                        self._failed)

    def disable_user(self) -> None:
        user = self.selected()
        if user is None or not self.confirm_disable(self, user.username):
            return
        name = user.username
        self.runner.run(lambda s: s.users.disable(name),
                        self._after(tr(C, "{user} was disabled and can no longer sign "
                                          "in.").format(user=name)), self._failed)

    @classmethod
    def confirm_disable(cls, parent: QWidget, username: str) -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr(C, "Disable a user"))
        box.setText(tr(C, "Disable {user}? They will not be able to sign in. Their records "
                          "stay in the vault.").format(user=username))
        yes = box.addButton(tr(C, "Disable"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr(C, "Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes
