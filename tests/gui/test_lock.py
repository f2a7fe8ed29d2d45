from __future__ import annotations

from shell_support import ADMIN, ADMIN_PASS, STAFF, STAFF_PASS

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from desktop.ui.editors.draft_keeper import DraftKeeper
from desktop.ui.shell.lock import IdleMonitor
from desktop.ui.shell.main_window import COVER, LOCKED, WORKSPACE, MainWindow


def window(qtbot, runner, context, **kw) -> MainWindow:
    w = MainWindow(runner, context, **kw)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: runner.pending == 0)
    return w


def unlock(qtbot, w: MainWindow, user: str, passphrase: str) -> None:
    form = w.lock_screen
    form.user_edit.setText(user)
    form.pass_edit.setText(passphrase)
    with qtbot.waitSignal(w.unlocked, timeout=20000):
        form.unlock_button.click()
    qtbot.waitUntil(lambda: w.runner.pending == 0)


def test_idle_lock_fires_and_flushes_drafts(qtbot, admin_runner, admin_context) -> None:
    w = window(qtbot, admin_runner, admin_context, idle_ms=60_000)
    typed = QLineEdit(w.section("people"))
    typed.setText("Seen near the gate at 21:40")
    keeper = DraftKeeper(admin_runner, "concern", None, lambda: {"what": typed.text()},
                         lambda c: not c["what"], typed)
    keeper.changed()  # typed a moment ago: the 300 ms autosave has not run yet
    hooked: list[str] = []
    w.before_lock.append(lambda: hooked.append("flushed"))
    w.idle.set_timeout_ms(30)  # injectable: no five-minute wait in tests
    with qtbot.waitSignal(w.locked, timeout=5000):
        pass
    assert hooked == ["flushed"]
    assert w.is_locked and w.screens.currentIndex() == LOCKED
    assert admin_runner.services is None
    assert not w.menuBar().isVisible()
    w.idle.set_timeout_ms(60_000)  # or it locks again 30 ms after the unlock
    unlock(qtbot, w, ADMIN, ADMIN_PASS)
    drafts = admin_runner.call(lambda s: s.drafts.list("concern"))
    assert [d.content for d in drafts] == [{"what": "Seen near the gate at 21:40"}]


def test_input_resets_the_idle_timer(qtbot) -> None:
    monitor = IdleMonitor(10_000)
    seen: list[bool] = []
    monitor.record_activity = lambda: seen.append(True)  # type: ignore[method-assign]
    monitor.start()
    try:
        target = QLineEdit()
        qtbot.addWidget(target)
        target.show()
        qtbot.keyClick(target, Qt.Key.Key_A)
        assert seen
        seen.clear()
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
        assert seen
    finally:
        monitor.uninstall()


def test_activity_postpones_the_idle_signal(qtbot) -> None:
    monitor = IdleMonitor(60_000)
    monitor.start()
    try:
        timer = monitor._timer
        # Let the countdown run a little, then type: it starts again from the full timeout.
        qtbot.waitUntil(lambda: timer.remainingTime() < 59_950, timeout=5000)
        before = timer.remainingTime()
        target = QLineEdit()
        qtbot.addWidget(target)
        target.show()
        qtbot.keyClick(target, Qt.Key.Key_A)
        assert timer.remainingTime() > before
        # Without input it does fire.
        monitor.set_timeout_ms(300)
        with qtbot.waitSignal(monitor.idle, timeout=5000):
            pass
    finally:
        monitor.uninstall()


def test_ctrl_l_locks_and_same_user_gets_everything_back(qtbot, admin_runner,
                                                         admin_context) -> None:
    w = window(qtbot, admin_runner, admin_context)
    w.show_section_key("settings")
    pages_before = [s.widget for s in w.sections]
    with qtbot.waitSignal(w.locked, timeout=5000):
        qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert w.screens.currentIndex() == LOCKED
    assert w.lock_screen.user_edit.text() == ADMIN
    unlock(qtbot, w, ADMIN, ADMIN_PASS)
    assert w.screens.currentIndex() == WORKSPACE
    assert [s.widget for s in w.sections] == pages_before
    assert w.pages.currentWidget() is w.section("settings")
    assert w.menuBar().isVisible() and w.idle.active


def test_another_user_unlocking_gets_their_own_sections(qtbot, admin_runner,
                                                        admin_context) -> None:
    w = window(qtbot, admin_runner, admin_context)
    assert "users" in w.section_keys()
    with qtbot.waitSignal(w.locked, timeout=5000):
        w.lock()
    with qtbot.waitSignal(w.user_switched, timeout=20000):
        unlock(qtbot, w, STAFF, STAFF_PASS)
    assert "users" not in w.section_keys()
    assert w.context.username == STAFF
    assert "Staff" in w.status_label.text()


def test_quick_hide_blanks_everything_at_once(qtbot, admin_runner, admin_context) -> None:
    w = window(qtbot, admin_runner, admin_context)
    editor = QDialog(w)
    qtbot.addWidget(editor)
    QVBoxLayout(editor).addWidget(QLineEdit("Trần Văn Đức, 14"))
    editor.open()
    qtbot.keyClick(editor, Qt.Key.Key_F12)  # from inside a dialog, too
    # At once, before the vault has even closed: nothing of the records or of Waymark.
    assert w.screens.currentIndex() == COVER
    assert not editor.isVisible()
    assert not w.menuBar().isVisible() and not w.statusBar().isVisible()
    assert "Waymark" not in w.windowTitle() and w.windowTitle().strip() == ""
    image = w.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) == 1  # one flat neutral colour: no text, no logo, no data
    qtbot.waitUntil(lambda: admin_runner.services is None)
    # A click brings the unlock screen (not the data); unlocking brings everything back.
    qtbot.mouseClick(w.cover, Qt.MouseButton.LeftButton)
    assert w.screens.currentIndex() == LOCKED
    unlock(qtbot, w, ADMIN, ADMIN_PASS)
    assert w.screens.currentIndex() == WORKSPACE
    assert editor.isVisible()
    assert "Waymark" in w.windowTitle()


def test_quick_hide_from_the_main_window_shortcut(qtbot, admin_runner, admin_context) -> None:
    w = window(qtbot, admin_runner, admin_context)
    qtbot.keyClick(w.nav, Qt.Key.Key_F12)
    assert w.screens.currentIndex() == COVER
    qtbot.waitUntil(lambda: admin_runner.services is None)


def test_quitting_closes_the_vault(qtbot, admin_runner, admin_context, made_vault) -> None:
    w = window(qtbot, admin_runner, admin_context)
    hooked: list[bool] = []
    w.before_lock.append(lambda: hooked.append(True))
    w.close()
    qtbot.waitUntil(lambda: admin_runner.services is None)
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    assert hooked == [True]
    from desktop.vault.store import Vault

    Vault.unlock(made_vault.folder, ADMIN, ADMIN_PASS).close()  # the file lock was released


def test_ctrl_l_from_inside_a_dialog_locks(qtbot, admin_runner, admin_context) -> None:
    w = window(qtbot, admin_runner, admin_context)
    dialog = QDialog(w)
    qtbot.addWidget(dialog)
    edit = QLineEdit()
    QVBoxLayout(dialog).addWidget(edit)
    dialog.open()
    with qtbot.waitSignal(w.locked, timeout=5000):
        qtbot.keyClick(edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert w.screens.currentIndex() == LOCKED


def test_quick_hide_closes_open_menus(qtbot, admin_runner, admin_context) -> None:
    w = window(qtbot, admin_runner, admin_context)
    w.file_menu.popup(w.mapToGlobal(w.rect().center()))
    qtbot.waitUntil(w.file_menu.isVisible)
    w.quick_hide()
    assert not w.file_menu.isVisible()
    assert w.screens.currentIndex() == COVER
    qtbot.waitUntil(lambda: admin_runner.services is None)


def test_typing_on_the_cover_reaches_nothing(qtbot, admin_runner, admin_context,
                                             made_vault) -> None:
    """Someone typing blind after F12 (their passphrase, then Enter) must not fill or submit
    the unlock form behind the cover, nor count as a failed unlock."""
    w = window(qtbot, admin_runner, admin_context)
    qtbot.keyClick(w.nav, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: admin_runner.services is None)
    throttle = made_vault.folder / "vault.throttle"
    before = throttle.read_bytes() if throttle.exists() else None
    for target in (w.cover, w.lock_screen.pass_edit, w.lock_screen.user_edit):
        qtbot.keyClicks(target, "my secret words")
        qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    assert w.screens.currentIndex() == COVER
    assert w.lock_screen.pass_edit.text() == ""
    assert "secret" not in w.lock_screen.user_edit.text()
    assert (throttle.read_bytes() if throttle.exists() else None) == before
    # Asking to unlock (F12 again) shows the unlock screen, empty and ready.
    qtbot.keyClick(w.cover, Qt.Key.Key_F12)
    assert w.screens.currentIndex() == LOCKED
    assert w.lock_screen.pass_edit.text() == ""
    unlock(qtbot, w, ADMIN, ADMIN_PASS)
    assert w.screens.currentIndex() == WORKSPACE
