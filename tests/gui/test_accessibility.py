"""What a screen reader and a keyboard-only user need, checked on every window the shell owns.

Rules (STYLE.md, AT-SPI on Linux): every focusable input has an accessible name, or for line
edits, spin boxes and text edits a buddy label; a button has an accessible name or visible text
(which Qt speaks as its name; icon-only buttons fail); a combo box must have a buddy label (its
accessible name is ignored); tables do not trap Tab; text edits pass Tab on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QWidget,
    QWizard,
)

from desktop.ui.pages.users_page import (
    AddUserDialog,
    ChangeOwnPassphraseDialog,
    SetPassphraseDialog,
)
from desktop.ui.shell.first_run import FirstRunWizard
from desktop.ui.shell.main_window import MainWindow, ShortcutsDialog
from desktop.ui.shell.unlock import UnlockWindow

INPUTS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
          QTextEdit, QPlainTextEdit)
BUDDY_OK = (QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


def _internal(widget: QWidget) -> bool:
    """Parts of a compound widget (a spin box's line edit, a combo's view, scroll bars)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractSpinBox, QComboBox)):
            return True
        parent = parent.parentWidget()
    return False


def problems(top: QWidget) -> list[str]:
    found: list[str] = []
    buddies = {id(label.buddy()) for label in top.findChildren(QLabel)
               if label.buddy() is not None and label.text().strip()}
    for widget in [top, *top.findChildren(QWidget)]:
        if not isinstance(widget, INPUTS) or _internal(widget):
            continue
        where = f"{type(top).__name__}: {type(widget).__name__} {widget.objectName()!r}"
        if isinstance(widget, QTableView) and widget.tabKeyNavigation():
            found.append(f"{where} traps Tab (setTabKeyNavigation(False))")
        if isinstance(widget, (QTextEdit, QPlainTextEdit)) and not widget.tabChangesFocus():
            found.append(f"{where} keeps Tab (setTabChangesFocus(True))")
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        has_buddy = id(widget) in buddies
        if isinstance(widget, QComboBox):
            if not has_buddy:
                found.append(f"{where} has no buddy label")
            continue
        if not widget.accessibleName().strip() and not (isinstance(widget, BUDDY_OK)
                                                        and has_buddy):
            # What the screen reader is told: Qt falls back to a button's own text.
            spoken = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
            if not spoken.strip() or not isinstance(widget, QAbstractButton):
                found.append(f"{where} has no accessible name")
    return found


def test_unlock_window(qtbot, runner, made_vault) -> None:
    w = UnlockWindow(runner, made_vault.folder)
    qtbot.addWidget(w)
    assert problems(w) == []


def test_first_run_wizard_every_page(qtbot, runner, tmp_path) -> None:
    w = FirstRunWizard(runner, tmp_path / "v")
    qtbot.addWidget(w)
    w.show()
    assert problems(w) == []
    for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton):
        assert w.button(which).accessibleName()


def test_main_window_with_every_section(qtbot, admin_runner, admin_context) -> None:
    w = MainWindow(admin_runner, admin_context)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    for key in w.section_keys():
        w.show_section_key(key)
        qtbot.waitUntil(lambda: admin_runner.pending == 0)
    assert w.section_keys() == ["people", "tasks", "overview", "users", "sync", "settings",
                                "groups"]
    found = problems(w)
    assert found == [], "\n".join(found)


def test_dialogs(qtbot, admin_runner) -> None:
    for dialog in (AddUserDialog(None), SetPassphraseDialog("tuan", True, None),
                   ChangeOwnPassphraseDialog(admin_runner, None), ShortcutsDialog(None)):
        qtbot.addWidget(dialog)
        assert problems(dialog) == []


def test_every_menu_action_has_text_and_main_ones_have_shortcuts(qtbot, admin_runner,
                                                                  admin_context) -> None:
    w = MainWindow(admin_runner, admin_context)
    qtbot.addWidget(w)
    for menu_action in w.menuBar().actions():
        assert menu_action.text()
        for action in menu_action.menu().actions():
            assert action.isSeparator() or action.text()
    for action in (w.lock_action, w.hide_action, w.passphrase_action, w.quit_action,
                   w.shortcuts_action, *w.go_actions):
        assert not action.shortcut().isEmpty()


def test_the_checker_catches_what_it_should(qtbot) -> None:
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    bad = QWidget()
    qtbot.addWidget(bad)
    layout = QVBoxLayout(bad)
    for widget in (QComboBox(), QLineEdit(), QPushButton(), QTableView(), QTextEdit()):
        layout.addWidget(widget)
    # combo buddy, edit name, button name, table Tab and name, text edit Tab and name
    assert len(problems(bad)) == 7
