"""Quick-hide takes Waymark off the taskbar too (issue 16): every window is hidden, so nothing
on screen says Waymark runs; starting Waymark again brings the window back at the unlock
screen, and only the passphrase brings the records back."""

from __future__ import annotations

from shell_support import ADMIN, ADMIN_PASS

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from desktop.ui.shell.application import AppController
from desktop.ui.shell.come_back import ComeBackServer, call_running, socket_name
from desktop.ui.shell.main_window import LOCKED, WORKSPACE, MainWindow


def visible_windows() -> list[str]:
    return [type(w).__name__ for w in QApplication.topLevelWidgets()
            if w.isWindow() and w.isVisible()]


def test_quick_hide_hides_every_window_and_comes_back_locked(qtbot, admin_runner,
                                                             admin_context) -> None:
    w = MainWindow(admin_runner, admin_context)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    editor = QDialog(w)
    qtbot.addWidget(editor)
    QVBoxLayout(editor).addWidget(QLineEdit("Trần Văn Đức, 14"))
    editor.open()
    closed: list[bool] = []
    QApplication.instance().lastWindowClosed.connect(lambda: closed.append(True))
    qtbot.keyClick(editor, Qt.Key.Key_F12)
    # No window at all: no taskbar entry, no window in the task switcher.
    assert visible_windows() == []
    assert not w.isVisible() and not editor.isVisible()
    qtbot.waitUntil(lambda: admin_runner.services is None)  # and the vault is locked
    assert closed == []  # hidden, not quit
    controller = AppController(admin_context.vault_dir, runner=admin_runner)
    controller.main_window = w
    controller.come_back()  # what starting Waymark again on this vault does
    assert w.isVisible() and w.screens.currentIndex() == LOCKED
    assert not editor.isVisible()  # nothing of the records before the passphrase
    assert w.lock_screen.isEnabled() and w.lock_screen.pass_edit.text() == ""
    form = w.lock_screen
    form.user_edit.setText(ADMIN)
    form.pass_edit.setText(ADMIN_PASS)
    with qtbot.waitSignal(w.unlocked, timeout=20000):
        form.unlock_button.click()
    assert w.screens.currentIndex() == WORKSPACE
    assert editor.isVisible()


def test_starting_again_calls_the_running_waymark(qtbot, tmp_path) -> None:
    calls: list[bool] = []
    server = ComeBackServer(tmp_path / "vault", lambda: calls.append(True))
    try:
        assert server.listening
        assert not call_running(tmp_path / "another-vault")  # each vault its own
        assert call_running(tmp_path / "vault")
        qtbot.waitUntil(lambda: calls == [True], timeout=5000)
    finally:
        server.close()
    assert not call_running(tmp_path / "vault")  # no Waymark running: start as usual


def test_the_socket_name_says_nothing_of_the_folder(tmp_path) -> None:
    name = socket_name(tmp_path / "Harbour House vault")
    assert name.startswith("waymark-") and "Harbour" not in name and str(tmp_path) not in name
    assert name != socket_name(tmp_path / "other")


def test_a_stale_socket_file_or_missing_qtnetwork_still_starts(qtbot, tmp_path,
                                                               monkeypatch) -> None:
    import sys

    # A crash leaves the socket file behind: nobody answers, so the start goes on as usual.
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    stale = tmp_path / socket_name(tmp_path / "vault")
    stale.write_bytes(b"")
    assert not call_running(tmp_path / "vault")
    # A damaged install without QtNetwork starts too (the built app once lacked its library).
    monkeypatch.setitem(sys.modules, "PySide6.QtNetwork", None)
    assert not call_running(tmp_path / "vault")
