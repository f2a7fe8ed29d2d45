from __future__ import annotations

from shell_support import ADMIN, ADMIN_PASS, STAFF, STAFF_PASS, close_in

from PySide6.QtWidgets import QLineEdit

from desktop.domain.roles import Role
from desktop.ui import i18n
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.pages.users_page import (
    AddUserDialog,
    ChangeOwnPassphraseDialog,
    NewUser,
    SetPassphraseDialog,
    UsersModel,
    UsersPage,
)
from desktop.ui.shell.main_window import MainWindow
from desktop.vault.store import Vault

NEW_PASS = "yellow ferry harbour gate"


def users_page(qtbot, runner, context) -> UsersPage:
    page = UsersPage(runner, context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: runner.pending == 0)
    return page


def test_users_model(qtmodeltester, admin_runner) -> None:
    model = UsersModel()
    model.set_users(admin_runner.call(lambda s: s.users.list()))
    qtmodeltester.check(model)
    assert model.rowCount() == 2


def test_admin_adds_a_user_who_can_then_unlock(qtbot, admin_runner, admin_context,
                                               made_vault, monkeypatch) -> None:
    page = users_page(qtbot, admin_runner, admin_context)
    assert [u.username for u in page.model.users] == [ADMIN, STAFF]
    monkeypatch.setattr(AddUserDialog, "ask", classmethod(
        lambda cls, parent: NewUser("hoa", "Lê Thị Hoa", Role.LEAD, NEW_PASS)))
    page.add_button.click()
    qtbot.waitUntil(lambda: len(page.model.users) == 3 and admin_runner.pending == 0)
    assert "hoa was added" in page.message.text()
    close_in(admin_runner, qtbot)
    vault = Vault.unlock(made_vault.folder, "hoa", NEW_PASS)
    assert vault.user.role is Role.LEAD
    vault.close()


def test_add_user_dialog_checks_the_passphrase(qtbot) -> None:
    dialog = AddUserDialog(None)
    qtbot.addWidget(dialog)
    dialog.username.setText("hoa")
    dialog.fields.first.setText("short")
    assert not dialog.ok.isEnabled()
    dialog.fields.first.setText(NEW_PASS)
    dialog.fields.second.setText(NEW_PASS)
    assert dialog.ok.isEnabled()
    dialog.role.setCurrentIndex(dialog.role.findData(Role.LEAD))
    assert dialog.result_user() == NewUser("hoa", "", Role.LEAD, NEW_PASS)


def test_disable_enable_and_reset(qtbot, admin_runner, admin_context, made_vault,
                                  monkeypatch) -> None:
    page = users_page(qtbot, admin_runner, admin_context)
    page.select_user(ADMIN)
    assert not page.disable_button.isEnabled()  # never yourself
    page.select_user(STAFF)
    monkeypatch.setattr(UsersPage, "confirm_disable", classmethod(lambda cls, p, u: True))
    page.disable_button.click()
    qtbot.waitUntil(lambda: admin_runner.pending == 0 and not page.model.users[1].active)
    assert page.enable_button.isEnabled() and not page.reset_button.isEnabled()
    monkeypatch.setattr(SetPassphraseDialog, "ask",
                        classmethod(lambda cls, parent, user, enabling: NEW_PASS))
    page.enable_button.click()
    qtbot.waitUntil(lambda: admin_runner.pending == 0 and page.model.users[1].active)
    page.reset_button.click()
    qtbot.waitUntil(lambda: admin_runner.pending == 0 and "was reset" in page.message.text())
    close_in(admin_runner, qtbot)
    Vault.unlock(made_vault.folder, STAFF, NEW_PASS).close()


def test_service_error_is_shown_plainly(qtbot, admin_runner, admin_context,
                                        monkeypatch) -> None:
    page = users_page(qtbot, admin_runner, admin_context)
    monkeypatch.setattr(AddUserDialog, "ask", classmethod(
        lambda cls, parent: NewUser(STAFF, "Again", Role.STAFF, NEW_PASS)))
    page.add_button.click()
    qtbot.waitUntil(lambda: admin_runner.pending == 0 and page.message.text() != "")
    assert page.message.text() == "That user name is already in use."


def test_anyone_changes_their_own_passphrase(qtbot, staff_runner, made_vault) -> None:
    dialog = ChangeOwnPassphraseDialog(staff_runner, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.current.setText("not my passphrase")
    dialog.fields.first.setText(NEW_PASS)
    dialog.fields.second.setText(NEW_PASS)
    dialog.ok.click()
    qtbot.waitUntil(lambda: staff_runner.pending == 0 and dialog.message.isVisible())
    assert dialog.message.text() == "The current passphrase is not right."
    assert dialog.fields.passphrase() == NEW_PASS  # nothing typed is lost
    dialog.current.setText(STAFF_PASS)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.ok.click()
    close_in(staff_runner, qtbot)
    Vault.unlock(made_vault.folder, STAFF, NEW_PASS).close()


def test_settings_shows_org_and_admin_sets_idle_lock(qtbot, admin_runner, admin_context,
                                                     made_vault) -> None:
    page = SettingsPage(admin_runner, admin_context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    assert page.org_name.text() == "Harbour House"
    assert page.org_jurisdiction.text() == "England"
    assert page.idle.isVisible()
    page.idle.setValue(12)
    with qtbot.waitSignal(page.idle_minutes_changed) as blocker:
        page.idle_save.click()
    assert blocker.args == [12]
    assert admin_runner.call(lambda s: s.settings.org()).idle_lock_minutes == 12


def test_staff_see_the_idle_policy_but_cannot_change_it(qtbot, staff_runner,
                                                        staff_context) -> None:
    page = SettingsPage(staff_runner, staff_context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: staff_runner.pending == 0)
    assert not page.idle.isVisible() and not page.idle_save.isVisible()
    assert "5 minutes" in page.idle_text.text()


def test_idle_policy_reaches_the_lock_timer(qtbot, admin_runner, admin_context) -> None:
    w = MainWindow(admin_runner, admin_context)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    assert w.idle.timeout_ms == 5 * 60_000
    w.settings_page.idle.setValue(2)
    w.settings_page.save_idle()
    qtbot.waitUntil(lambda: w.idle.timeout_ms == 2 * 60_000)


def test_switching_to_vietnamese_keeps_typed_work(qtbot, admin_runner, admin_context) -> None:
    w = MainWindow(admin_runner, admin_context)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    people = w.section("people")
    typed = people.findChild(QLineEdit)
    typed.setText("Nguyễn Thị Hồng")  # the people search box: typing starts a search
    search_timer = getattr(people, "_search_timer", None)
    qtbot.waitUntil(lambda: not (search_timer and search_timer.isActive())
                    and admin_runner.pending == 0)
    settings = w.settings_page
    w.show_section_key("settings")
    settings.language.setCurrentIndex(settings.language.findData("vi"))
    qtbot.waitUntil(lambda: w.nav.item(0).text() == "Danh sách người")
    assert i18n.current_language() == "vi"
    assert w.isVisible()  # nothing closed or rebuilt
    assert settings.language_label.text() == "Ngôn ngữ &giao diện:"
    assert "Đang đăng nhập" in w.status_label.text()
    assert "Quản trị viên" in w.status_label.text()
    assert w.lock_action.text() == "&Khóa ngay"
    assert typed.text() == "Nguyễn Thị Hồng"
    assert w.section("people") is people
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    assert admin_runner.call(lambda s: s.settings.user_language()) == "vi"
    # The choice is remembered: the next unlock as this user comes back in Vietnamese.
    i18n.set_language("en")
    w.lock()
    form = w.lock_screen
    form.user_edit.setText(ADMIN)
    form.pass_edit.setText(ADMIN_PASS)
    with qtbot.waitSignal(w.unlocked, timeout=20000):
        form.unlock_button.click()
    qtbot.waitUntil(lambda: i18n.current_language() == "vi")
