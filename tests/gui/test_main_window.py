from __future__ import annotations

import pytest
from shell_support import ADMIN_NAME, ORG, STAFF_NAME

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.ui.pages.group_page import GroupPage
from desktop.ui.pages.overview_page import OverviewPage
from desktop.ui.pages.people_page import PeoplePage
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.pages.sync_page import SyncPage
from desktop.ui.pages.tasks_page import TasksPage
from desktop.ui.pages.users_page import UsersPage
from desktop.ui.shell.main_window import MainWindow
from desktop.vault.errors import NotAllowed


def window(qtbot, runner, context, **kw) -> MainWindow:
    w = MainWindow(runner, context, **kw)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: runner.pending == 0)
    return w


def menu_texts(w: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in w.menuBar().actions()]


def test_admin_sees_every_section(qtbot, admin_runner, admin_context) -> None:
    w = window(qtbot, admin_runner, admin_context)
    assert w.section_keys() == ["people", "tasks", "overview", "users", "sync", "settings",
                                "groups"]
    assert [w.nav.item(i).text() for i in range(w.nav.count())] == [
        "People", "Tasks and deadlines", "Overview", "Users", "Sync", "Settings",
        "Groups received"]
    kinds = [type(s.widget) for s in w.sections]
    assert kinds == [PeoplePage, TasksPage, OverviewPage, UsersPage, SyncPage, SettingsPage,
                     GroupPage]
    # No empty placeholders: every section is a real page, none a bare QWidget.
    assert all(type(s.widget) is not QWidget for s in w.sections)
    assert "Users" in [a.text() for a in w.go_menu.actions()]
    assert {"Waymark", "Go to", "People", "Tasks and deadlines", "Help"} <= set(menu_texts(w))


def test_status_bar_names_user_role_and_org(qtbot, admin_runner, admin_context) -> None:
    w = window(qtbot, admin_runner, admin_context)
    text = w.status_label.text()
    assert ADMIN_NAME in text and "Administrator" in text and ORG in text
    assert ORG in w.windowTitle()


def test_staff_have_no_users_section_and_the_service_refuses(qtbot, staff_runner,
                                                             staff_context) -> None:
    w = window(qtbot, staff_runner, staff_context)
    assert "users" not in w.section_keys()
    assert "overview" not in w.section_keys()  # the lead's overview reads everyone's records
    assert "Users" not in [a.text() for a in w.go_menu.actions()]
    assert STAFF_NAME in w.status_label.text()
    from desktop.domain.roles import Role

    with pytest.raises(NotAllowed):
        staff_runner.call(lambda s: s.users.add("eve", "Eve", Role.ADMIN,
                                                "a long enough passphrase"))
    with pytest.raises(NotAllowed):
        staff_runner.call(lambda s: s.settings.set_idle_lock_minutes(30))


def test_keyboard_shortcuts_move_between_sections(qtbot, admin_runner, admin_context) -> None:
    """Ctrl+N opens the side list's Nth entry, for every entry (Ctrl+4 once opened the
    sixth)."""
    w = window(qtbot, admin_runner, admin_context)
    w.activateWindow()
    digits = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
              Qt.Key.Key_6, Qt.Key.Key_7]
    assert w.nav.count() == len(digits)
    for row in reversed(range(w.nav.count())):
        qtbot.keyClick(w, digits[row], Qt.KeyboardModifier.ControlModifier)
        assert w.nav.currentRow() == row
        assert w.pages.currentWidget() is w.sections[row].widget
        assert w.go_actions[row].text() == w.nav.item(row).text()
    w.nav.setCurrentRow(0)
    assert w.pages.currentWidget() is w.section("people")


def test_page_commands_are_in_the_menu(qtbot, admin_runner, admin_context) -> None:
    w = window(qtbot, admin_runner, admin_context)
    people = w.section("people")
    menu_actions = [a for m in w.section_menus for a in m.actions()]
    for action in people.menu_actions():  # type: ignore[attr-defined]
        assert action in menu_actions
        assert action.text()


def test_shortcuts_dialog_lists_quick_hide(qtbot, admin_runner, admin_context,
                                          monkeypatch) -> None:
    from desktop.ui.shell.main_window import ShortcutsDialog

    shown: list[ShortcutsDialog] = []

    def fake_ask(cls, parent, titles=None) -> None:
        dialog = cls(parent, titles)
        qtbot.addWidget(dialog)
        shown.append(dialog)

    monkeypatch.setattr(ShortcutsDialog, "ask", classmethod(fake_ask))
    w = window(qtbot, admin_runner, admin_context)
    w.shortcuts_action.trigger()
    assert "F12" in shown[0].text.text()
    assert "Ctrl+L" in shown[0].text.text()


def test_a_task_opens_its_person_and_a_saved_concern_updates_tasks(
        qtbot, admin_runner, admin_context) -> None:
    from datetime import UTC, datetime

    from desktop.domain.concerns import Concern
    from desktop.domain.people import Person

    def seed(s) -> str:
        pid = s.people.register(Person(given_names="Thị Hồng", family_name="Nguyễn",
                                       estimated_age=15))
        s.people.register(Person(given_names="Alex", family_name="Adams", estimated_age=14))
        return pid

    pid = admin_runner.call(seed)
    w = window(qtbot, admin_runner, admin_context)
    people = w.section("people")
    tasks = w.section("tasks")
    assert isinstance(people, PeoplePage) and isinstance(tasks, TasksPage)
    w.show_section_key("tasks")
    qtbot.waitUntil(lambda: admin_runner.pending == 0)
    assert tasks.model.rowCount() == 0

    # A concern saved elsewhere (here straight through the runner, as a dialog or a sync round
    # would) shows up in the task list on screen without switching sections.
    admin_runner.run(lambda s: s.concerns.record(Concern(
        person_id=pid, seen_or_heard="Seen getting into a car with an older man",
        occurred_at=datetime.now(UTC), categories=("cse",))))
    qtbot.waitUntil(lambda: admin_runner.pending == 0 and tasks.model.rowCount() > 0)

    index = tasks.model.index(0, 0)
    tasks.table.doubleClicked.emit(index)
    qtbot.waitUntil(lambda: admin_runner.pending == 0 and people.record is not None
                    and people.record.id == pid)
    assert w.pages.currentWidget() is people
