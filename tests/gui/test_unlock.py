from __future__ import annotations

from pathlib import Path

from shell_support import ADMIN, ADMIN_PASS, MadeVault, close_in

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication

from desktop.app.session import SignedIn
from desktop.ui.shell.passphrase_fields import caps_lock_from_key
from desktop.ui.shell.unlock import UnlockWidget
from desktop.vault.store import Vault


def make(qtbot, runner, folder: Path, user: str = "") -> UnlockWidget:
    widget = UnlockWidget(runner, folder, user)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_right_passphrase_unlocks(qtbot, runner, made_vault: MadeVault) -> None:
    widget = make(qtbot, runner, made_vault.folder)
    widget.user_edit.setText(ADMIN)
    qtbot.keyClicks(widget.pass_edit, ADMIN_PASS)
    with qtbot.waitSignal(widget.unlocked, timeout=20000) as blocker:
        qtbot.keyClick(widget.pass_edit, Qt.Key.Key_Return)
    user = blocker.args[0]
    assert isinstance(user, SignedIn)
    assert user.username == ADMIN
    assert runner.services is not None
    assert widget.pass_edit.text() == ""


def test_wrong_passphrase_shows_message_then_delay(qtbot, runner, made_vault) -> None:
    widget = make(qtbot, runner, made_vault.folder, ADMIN)
    keys_before = (made_vault.folder / "vault.keys").read_bytes()
    for attempt in range(3):
        widget.pass_edit.setText("not the passphrase at all")
        widget.unlock_button.click()
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
        assert widget.message.isVisible()
        assert "not right" in widget.message.text()
        if attempt < 2:
            assert widget.wait_left == 0
    # The third wrong try in a row brings the first delay: shown, counted down, button disabled.
    assert widget.wait_left == 1
    assert "try again in 1 second." in widget.message.text()  # not "1 seconds"
    widget.pass_edit.setText(ADMIN_PASS)
    assert not widget.unlock_button.isEnabled()
    widget.tick()
    assert widget.wait_left == 0
    assert "try again now" in widget.message.text()
    assert widget.unlock_button.isEnabled()
    assert (made_vault.folder / "vault.keys").read_bytes() == keys_before


def test_what_waits_for_first_use_is_there_when_used(qtbot, runner, made_vault) -> None:
    # Set on first use, not at start (unlock.py: they need the Qt namespace's enums): the
    # message can be selected once shown, the link has the hand cursor once the mouse is over
    # it. The passphrase takes input methods (Vietnamese) from the start.
    widget = make(qtbot, runner, made_vault.folder, ADMIN)
    assert widget.pass_edit.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    widget.start_wait(5, "There have been too many wrong tries.")
    assert widget.message.isVisible()
    assert widget.message.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    at = QPointF(2, 2)
    QApplication.sendEvent(widget.forgot_button, QEnterEvent(at, at, at))
    assert widget.forgot_button.cursor().shape() == Qt.CursorShape.PointingHandCursor


def test_throttle_survives_a_new_screen(qtbot, runner, made_vault) -> None:
    widget = make(qtbot, runner, made_vault.folder, ADMIN)
    for _ in range(5):
        widget.wait_left = 0
        widget.pass_edit.setText("wrong wrong wrong")
        widget.try_unlock()
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
    fresh = make(qtbot, runner, made_vault.folder, ADMIN)
    fresh.check_throttle()
    qtbot.waitUntil(lambda: fresh.wait_left > 0, timeout=5000)
    fresh.pass_edit.setText(ADMIN_PASS)
    assert not fresh.unlock_button.isEnabled()
    assert "too many wrong tries" in fresh.message.text()


def test_caps_lock_logic() -> None:
    assert caps_lock_from_key("A", shift=False) is True
    assert caps_lock_from_key("a", shift=True) is True
    assert caps_lock_from_key("a", shift=False) is False
    assert caps_lock_from_key("A", shift=True) is False
    assert caps_lock_from_key("Đ", shift=False) is True
    assert caps_lock_from_key("7", shift=False) is None
    assert caps_lock_from_key("", shift=False) is None


def test_caps_lock_warning_appears_and_goes(qtbot, runner, made_vault) -> None:
    widget = make(qtbot, runner, made_vault.folder, ADMIN)
    assert not widget.caps_label.isVisible()
    qtbot.keyClicks(widget.pass_edit, "K")  # capital without Shift: Caps Lock is on
    assert widget.caps_label.isVisible()
    assert "Caps Lock" in widget.caps_label.text()
    qtbot.keyClicks(widget.pass_edit, "k")
    assert not widget.caps_label.isVisible()


def test_damaged_key_file_is_named(qtbot, runner, made_vault) -> None:
    keys = made_vault.folder / "vault.keys"
    keys.write_bytes(keys.read_bytes()[:40])
    widget = make(qtbot, runner, made_vault.folder, ADMIN)
    widget.pass_edit.setText(ADMIN_PASS)
    widget.try_unlock()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
    assert "vault.keys" in widget.message.text()
    assert "Nothing was changed" in widget.message.text()


def test_vault_in_use_message(qtbot, runner, made_vault) -> None:
    other = Vault.unlock(made_vault.folder, ADMIN, ADMIN_PASS)
    try:
        widget = make(qtbot, runner, made_vault.folder, ADMIN)
        widget.pass_edit.setText(ADMIN_PASS)
        widget.try_unlock()
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
        assert "already open" in widget.message.text()
    finally:
        other.close()


def test_too_new_vault_message(qtbot, runner, made_vault) -> None:
    vault = Vault.unlock(made_vault.folder, ADMIN, ADMIN_PASS)
    vault.conn.execute("PRAGMA user_version = 999")
    vault.close()
    widget = make(qtbot, runner, made_vault.folder, ADMIN)
    widget.pass_edit.setText(ADMIN_PASS)
    widget.try_unlock()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
    assert "newer version" in widget.message.text()


def test_recovery_code_sets_a_new_passphrase(qtbot, runner, made_vault) -> None:
    widget = make(qtbot, runner, made_vault.folder)
    qtbot.mouseClick(widget.forgot_button, Qt.MouseButton.LeftButton)
    assert widget.pages.currentIndex() == 1
    widget.code_edit.setText(made_vault.recovery_code.lower())
    widget.rec_user_edit.setText(ADMIN)
    widget.new_pass.first.setText("a brand new passphrase")
    assert not widget.recover_button.isEnabled()  # not typed twice yet
    widget.new_pass.second.setText("a brand new passphrase")
    assert widget.recover_button.isEnabled()
    with qtbot.waitSignal(widget.unlocked, timeout=20000):
        widget.recover_button.click()
    qtbot.waitUntil(lambda: runner.pending == 0)
    close_in(runner, qtbot)
    Vault.unlock(made_vault.folder, ADMIN, "a brand new passphrase").close()


def test_wrong_recovery_code(qtbot, runner, made_vault) -> None:
    widget = make(qtbot, runner, made_vault.folder)
    widget.show_recovery(True)
    widget.code_edit.setText("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    widget.rec_user_edit.setText(ADMIN)
    widget.new_pass.first.setText("a brand new passphrase")
    widget.new_pass.second.setText("a brand new passphrase")
    widget.try_recover()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
    assert widget.rec_message.isVisible()
    assert "not right" in widget.rec_message.text()


def test_keyboard_order_follows_the_task(qtbot, runner, made_vault) -> None:
    from PySide6.QtWidgets import QApplication

    widget = make(qtbot, runner, made_vault.folder, ADMIN)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.user_edit.setFocus()
    widget.pass_edit.setText("typed")  # Unlock is enabled, so it takes focus
    seen = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [widget.pass_edit, widget.unlock_button, widget.forgot_button]


def test_damaged_records_file_is_named(qtbot, runner, made_vault) -> None:
    db = made_vault.folder / "vault.db"
    data = bytearray(db.read_bytes())
    data[5000:9000] = bytes(4000)  # a few pages of zeros
    db.write_bytes(bytes(data))
    widget = make(qtbot, runner, made_vault.folder, ADMIN)
    widget.pass_edit.setText(ADMIN_PASS)
    widget.try_unlock()
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
    assert "vault.db" in widget.message.text()
    assert "Restore vault.db from your backup" in widget.message.text()
