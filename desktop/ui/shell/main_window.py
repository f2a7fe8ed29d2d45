"""The main window: navigation between the sections that exist, menus, status, and locking.

Locking (on demand, idle, or quick-hide) first lets open editors flush their drafts (the
`locking` signal, `before_lock` callables, and every pending DraftKeeper), then queues the vault
close on the runner — after those saves, because the runner is one ordered thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.app.session import SignedIn
from desktop.app.settings import OrgSettings
from desktop.domain.roles import manages_users, reads_everything
from desktop.ui import i18n, shortcuts
from desktop.ui.editors.draft_keeper import DraftKeeper
from desktop.ui.editors.draft_notices import draft_notices
from desktop.ui.i18n import tr
from desktop.ui.pages.drafts_view import DraftsButton, PersonDrafts
from desktop.ui.pages.group_page import GroupPage
from desktop.ui.pages.overview_page import OverviewPage
from desktop.ui.pages.people_page import PeoplePage
from desktop.ui.pages.settings_page import SettingsPage
from desktop.ui.pages.sync_page import SyncPage
from desktop.ui.pages.tasks_page import TasksPage
from desktop.ui.pages.users_page import ChangeOwnPassphraseDialog, UsersPage, role_name
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.shell.context import AppContext
from desktop.ui.shell.lock import CoverScreen, IdleMonitor
from desktop.ui.shell.unlock import UnlockWidget
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
C = "MainWindow"

WORKSPACE, LOCKED, COVER = 0, 1, 2


def _page_actions(page: QWidget) -> list[QAction]:
    """A page's own commands for the menu bar: `menu_actions()` when it has one."""
    menu_actions = getattr(page, "menu_actions", None)
    if callable(menu_actions):
        return list(menu_actions())
    return []


class Section:
    def __init__(self, key: str, title: Callable[[], str], widget: QWidget) -> None:
        self.key, self.title, self.widget = key, title, widget


class MainWindow(QMainWindow):
    locking = Signal()        # connect to flush drafts: emitted before the vault closes
    locked = Signal()
    unlocked = Signal()
    user_switched = Signal()  # a different user unlocked: sections were rebuilt

    def __init__(self, runner: TaskRunner, context: AppContext,
                 idle_ms: int | None = None) -> None:
        super().__init__()
        self.runner = runner
        self.context = context
        self.before_lock: list[Callable[[], None]] = []
        self.is_locked = False
        self._hidden_windows: list[QWidget] = []
        self._idle_override = idle_ms
        self.idle = IdleMonitor(idle_ms or IdleMonitor.minutes_to_ms(5), self)
        self.idle.idle.connect(self.lock)
        self.idle.quick_hide.connect(self.quick_hide)
        self.idle.lock_requested.connect(self.lock)
        context.record_activity = self.idle.record_activity

        self.screens = QStackedWidget()
        self.workspace = QWidget()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(210)
        self.nav.setStyleSheet("QListWidget#navigation { padding: 4px; } "
                               "QListWidget#navigation::item { padding: 8px 6px; }")
        self.nav.currentRowChanged.connect(self._show_section)
        self.pages = QStackedWidget()
        row = QHBoxLayout(self.workspace)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.lock_screen = UnlockWidget(runner, context.vault_dir, context.username)
        self.lock_screen.unlocked.connect(self._unlocked)
        self.cover = CoverScreen()
        self.cover.revealed.connect(self._reveal_lock_screen)
        for widget in (self.workspace, self.lock_screen, self.cover):
            self.screens.addWidget(widget)
        self.setCentralWidget(self.screens)

        self.status_label = QLabel()
        self.status_label.setObjectName("statusUser")
        self.status_label.setContentsMargins(8, 0, 8, 0)
        # A long name and organisation must not set the window's minimum width: the label
        # shrinks (its full text is its tooltip) rather than push the window off a laptop.
        self.status_label.setMinimumWidth(1)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                        QSizePolicy.Policy.Preferred)
        self.busy_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addWidget(self.status_label, 1)
        self.sync_label = QLabel()
        self.statusBar().addPermanentWidget(self.sync_label)
        self.drafts_button = DraftsButton(runner)
        self.drafts_button.open_draft.connect(self.open_draft)
        self.statusBar().addPermanentWidget(self.drafts_button)
        draft_notices().kept.connect(self._draft_kept)
        runner.busy_changed.connect(self._busy)

        self.sections: list[Section] = []
        self.section_menus: list[QMenu] = []
        self._build_actions()
        self._build_sections()
        self.retranslate()
        fit_to_screen(self, QSize(1280, 800))
        self.idle.start()
        self.load_policy()

    # --- building ---------------------------------------------------------------------------
    def _action(self, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
                name: str) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)  # shortcuts keep working while the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        self.lock_action = self._action(self.lock, shortcuts.key("lock"), "lockAction")
        self.hide_action = self._action(self.quick_hide, shortcuts.key("quick_hide"),
                                        "quickHideAction")
        self.passphrase_action = self._action(self.change_own_passphrase,
                                              shortcuts.key("change_passphrase"),
                                              "changePassphraseAction")
        self.quit_action = self._action(self.close, shortcuts.key("quit"),
                                        "quitAction")
        self.shortcuts_action = self._action(self.show_shortcuts, shortcuts.key("shortcuts"),
                                            "shortcutsAction")
        self.drafts_action = self._action(lambda: self.drafts_button.show_list(),
                                          shortcuts.key("open_drafts"), "draftsAction")
        self.about_action = self._action(self.show_about, None, "aboutAction")
        self.file_menu = self.menuBar().addMenu("")
        for action in (self.drafts_action, self.lock_action, self.hide_action,
                       self.passphrase_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.go_menu = self.menuBar().addMenu("")
        self.help_menu = QMenu(self)
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)

    def _build_sections(self) -> None:
        """(Re)create the sections for the signed-in user's role."""
        for section in self.sections:
            shutdown = getattr(section.widget, "shutdown", None)
            if callable(shutdown):
                shutdown()
            self.pages.removeWidget(section.widget)
            section.widget.deleteLater()
        for menu in self.section_menus:
            self.menuBar().removeAction(menu.menuAction())
        self.sections, self.section_menus = [], []
        self.nav.blockSignals(True)
        self.nav.clear()
        self.go_menu.clear()
        self.menuBar().removeAction(self.help_menu.menuAction())

        ctx = self.context
        people = PeoplePage(self.runner, ctx)
        tasks = TasksPage(self.runner, ctx)
        tasks.open_person.connect(lambda pid: self._open_person(people, pid))
        self.person_drafts = PersonDrafts.attach(people, self.runner)
        self.sections.append(Section("people", lambda: tr(C, "People"), people))
        self.sections.append(Section("tasks", lambda: tr(C, "Tasks and deadlines"), tasks))
        if reads_everything(ctx.role):  # the lead's overview reads everyone's records
            overview = OverviewPage(self.runner, ctx)
            overview.open_person.connect(lambda pid: self._open_person(people, pid))
            self.sections.append(Section("overview", lambda: tr(C, "Overview"), overview))
        if manages_users(ctx.role):
            self.sections.append(Section("users", lambda: tr(C, "Users"),
                                         UsersPage(self.runner, ctx)))
        self.sync_page = SyncPage(self.runner, ctx)
        self.sync_page.status_changed.connect(self.sync_label.setText)
        self.sections.append(Section("sync", lambda: tr(C, "Sync"), self.sync_page))
        self.settings_page = SettingsPage(self.runner, ctx)
        self.settings_page.idle_minutes_changed.connect(self.set_idle_minutes)
        self.sections.append(Section("settings", lambda: tr(C, "Settings"),
                                     self.settings_page))

        # Issue 17: groups received at the border. Ctrl+1… follow the side list's order
        # (shortcuts.section_key), whichever sections the role has.
        groups = GroupPage(self.runner, ctx)
        groups.open_person.connect(lambda pid: self._open_person(people, pid))
        people.open_group.connect(lambda gid: self._open_group(groups, gid))
        self.sections.append(Section("groups", lambda: tr(C, "Groups received"), groups))

        self.go_actions: list[QAction] = []
        for index, section in enumerate(self.sections):
            self.pages.addWidget(section.widget)
            self.nav.addItem(QListWidgetItem())
            action = self._action(lambda i=index: self.show_section(i),  # type: ignore[misc]
                                  shortcuts.section_key(index), f"go_{section.key}")
            self.go_actions.append(action)
            self.go_menu.addAction(action)
            page_actions = _page_actions(section.widget)
            if page_actions:
                menu = QMenu(self)
                menu.addActions(page_actions)
                self.menuBar().addMenu(menu)
                self.section_menus.append(menu)
        self.menuBar().addMenu(self.help_menu)
        self.nav.blockSignals(False)
        self.show_section(0)

    def retranslate(self) -> None:
        self.setWindowTitle(tr(C, "Waymark — {org}").format(org=self.context.org_name)
                            if not self._covered() else " ")
        self.nav.setAccessibleName(tr(C, "Sections"))
        self.file_menu.setTitle(tr(C, "&Waymark"))
        self.go_menu.setTitle(tr(C, "&Go to"))
        self.help_menu.setTitle(tr(C, "&Help"))
        self.lock_action.setText(tr(C, "&Lock now"))
        self.hide_action.setText(tr(C, "&Hide screen at once"))
        self.passphrase_action.setText(tr(C, "&Change my passphrase…"))
        self.quit_action.setText(tr(C, "&Quit"))
        self.shortcuts_action.setText(tr(C, "&Keyboard shortcuts"))
        self.drafts_action.setText(tr(C, "Unsaved &drafts…"))
        self.about_action.setText(tr(C, "&About Waymark"))
        for index, section in enumerate(self.sections):
            item = self.nav.item(index)
            if item is not None:
                item.setText(section.title())
            self.go_actions[index].setText(section.title())
        for menu, section in zip(self.section_menus, self._sections_with_menus(), strict=False):
            menu.setTitle(section.title())
        self.status_label.setText(tr(C, "Signed in as {name} ({role}) · {org}").format(
            name=self.context.display_name, role=role_name(self.context.role),
            org=self.context.org_name))
        self.status_label.setToolTip(self.status_label.text())

    def _sections_with_menus(self) -> list[Section]:
        return [s for s in self.sections if _page_actions(s.widget)]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- sections ---------------------------------------------------------------------------
    def section_keys(self) -> list[str]:
        return [s.key for s in self.sections]

    def section(self, key: str) -> QWidget:
        return next(s.widget for s in self.sections if s.key == key)

    def show_section(self, index: int) -> None:
        if 0 <= index < len(self.sections) and not self.is_locked:
            self.nav.setCurrentRow(index)
            self._show_section(index)

    def _open_person(self, people: PeoplePage, person_id: str) -> None:
        self.show_section_key("people")
        people.select_person(person_id)

    def _open_group(self, groups: GroupPage, group_id: str) -> None:
        groups.show_group(group_id)
        self.show_section_key("groups")

    def show_section_key(self, key: str) -> None:
        self.show_section(self.section_keys().index(key))

    def _show_section(self, index: int) -> None:
        if not 0 <= index < len(self.sections):
            return
        widget = self.sections[index].widget
        self.pages.setCurrentWidget(widget)
        refresh = getattr(widget, "refresh", None)
        if callable(refresh) and not self.is_locked:
            refresh()

    def _draft_kept(self, _kind: str, _ref: str) -> None:
        if not self.is_locked:
            self.statusBar().showMessage(tr(C, "Kept as a draft. Find it under Drafts in the "
                                               "status bar, or on the person's page."), 10000)

    def open_draft(self, kind: str, ref: str) -> None:
        """Reopen a draft from the Drafts list: its person's page, then its editor (which
        offers the draft back)."""
        if kind == "group_intake":
            self.show_section_key("groups")
            self.section("groups").receive_group()  # type: ignore[attr-defined]
            return
        people = self.section("people")
        self.show_section_key("people")
        if kind == "person" and ref == "new":
            people.new_person()  # type: ignore[attr-defined]
            return
        current = getattr(people, "record", None)
        if current is not None and current.id == ref:
            self.person_drafts.open(kind)
            return

        def loaded(person_id: str) -> None:
            if person_id == ref:
                people.person_loaded.disconnect(loaded)  # type: ignore[attr-defined]
                self.person_drafts.open(kind)

        people.person_loaded.connect(loaded)  # type: ignore[attr-defined]
        people.select_person(ref)  # type: ignore[attr-defined]

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText(tr(C, "Working…") if busy else "")

    # --- policy -----------------------------------------------------------------------------
    def load_policy(self) -> None:
        self.drafts_button.refresh()  # (at start and after every unlock, like the policy)
        self.runner.run(lambda s: s.settings.org(), self._policy_loaded, lambda exc: None)

    def _policy_loaded(self, org: OrgSettings) -> None:
        self.context.update(org_name=org.org_name, jurisdiction=org.jurisdiction)
        self.set_idle_minutes(org.idle_lock_minutes)
        self.retranslate()

    def set_idle_minutes(self, minutes: int) -> None:
        if self._idle_override is None:
            self.idle.set_timeout_ms(IdleMonitor.minutes_to_ms(minutes))

    # --- locking ----------------------------------------------------------------------------
    def _covered(self) -> bool:
        return self.screens.currentIndex() == COVER

    def flush_drafts(self) -> None:
        """Give every open editor the chance to queue its draft save before the vault
        closes. Failures are logged (ids only) and never stop the lock."""
        self.locking.emit()
        callbacks: list[Callable[[], Any]] = list(self.before_lock)
        for section in self.sections:
            hook = getattr(section.widget, "flush_drafts", None)
            if callable(hook):
                callbacks.append(hook)
        for callback in callbacks:
            try:
                callback()
            except Exception as exc:  # the lock goes ahead; no traceback: it may quote data
                log.error("draft flush failed before locking: %s", type(exc).__name__)
        for top in QApplication.topLevelWidgets():
            for keeper in top.findChildren(DraftKeeper):
                if keeper.waiting:
                    keeper.save_now()

    def lock(self) -> None:
        """Flush drafts, hide everything, close the vault, show the unlock screen."""
        if self.is_locked:
            return
        self._lock(cover=False)

    def quick_hide(self) -> None:
        """F12: a neutral blank screen at once, then the same lock behind it. F12 on the
        cover asks for the unlock screen."""
        if self._covered():
            self._reveal_lock_screen()
            return
        self.screens.setCurrentIndex(COVER)  # first, before any other work
        # Nothing behind the cover takes keys, even if focus lingers there.
        self.lock_screen.setEnabled(False)
        self.menuBar().hide()
        self.statusBar().hide()
        self.setWindowTitle(" ")
        self.setWindowIcon(QIcon())
        self._hide_other_windows()
        self.cover.setFocus()
        # Off the screen and off the taskbar too: an icon there tells an onlooker Waymark is
        # running. Starting Waymark again brings the window back, locked (come_back).
        self.hide()
        if not self.is_locked:
            self._lock(cover=True)

    def come_back(self) -> None:
        """The window again after quick-hide, at the unlock screen (the vault is locked)."""
        if self._covered():
            self._reveal_lock_screen()
        self.show()
        self.raise_()
        self.activateWindow()

    def _hide_other_windows(self) -> None:
        QToolTip.hideText()
        for _ in range(10):  # an open menu or drop-down list would stay over the cover
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        for top in QApplication.topLevelWidgets():
            if top is not self and top.isVisible() and top.isWindow() and \
                    not isinstance(top, QMenu):
                top.hide()
                self._hidden_windows.append(top)

    def _lock(self, cover: bool) -> None:
        self.flush_drafts()
        self.is_locked = True
        self._hide_other_windows()
        self.menuBar().hide()
        self.statusBar().hide()
        if not cover:
            self.lock_screen.setEnabled(True)
            self.screens.setCurrentIndex(LOCKED)
        self.lock_screen.reset(self.context.username)
        if not cover:
            self.lock_screen.focus_first()
        self.idle.stop()
        self.runner.close_session(lambda _: self.locked.emit())

    def _reveal_lock_screen(self) -> None:
        self.lock_screen.setEnabled(True)
        self.screens.setCurrentIndex(LOCKED)
        self.retranslate()
        self.lock_screen.focus_first()

    def _unlocked(self, user: SignedIn) -> None:
        same_user = user.username.casefold() == self.context.username.casefold()
        self.is_locked = False
        if same_user:
            for window in self._hidden_windows:
                window.show()
        else:
            for section in self.sections:
                close_editors = getattr(section.widget, "close_editors", None)
                if callable(close_editors):
                    close_editors()
            for window in self._hidden_windows:
                window.close()
            self.context.user = user
            self._build_sections()
        self._hidden_windows = []
        self.screens.setCurrentIndex(WORKSPACE)
        self.menuBar().show()
        self.statusBar().show()
        self.retranslate()
        self.idle.start()
        self.load_policy()
        self.runner.run(lambda s: s.settings.user_language(), self._apply_language,
                        lambda exc: None)
        self._show_section(self.pages.currentIndex())
        if not same_user:
            self.user_switched.emit()
        self.unlocked.emit()

    def _apply_language(self, language: str) -> None:
        if language != i18n.current_language():
            i18n.set_language(language)
        self.context.update(language=language)

    # --- other actions ----------------------------------------------------------------------
    def change_own_passphrase(self) -> None:
        if not self.is_locked:
            ChangeOwnPassphraseDialog.ask(self.runner, self)

    def show_shortcuts(self) -> None:
        ShortcutsDialog.ask(self, [s.title() for s in self.sections])

    def show_about(self) -> None:
        from desktop.ui.shell.about import AboutDialog

        AboutDialog(self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Quitting saves drafts and closes the vault before the window goes."""
        if not self.is_locked:
            self.flush_drafts()
        self.idle.uninstall()
        self.runner.close_session()  # (a no-op once the runner has shut down)
        super().closeEvent(event)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None,
                 section_titles: list[str] | None = None) -> None:
        super().__init__(parent)
        self.section_titles = section_titles or []
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr(C, "Keyboard shortcuts"))
        self.close_button.setText(tr(C, "Close"))
        self.close_button.setAccessibleName(tr(C, "Close"))
        rows = shortcuts.help_rows(self.section_titles)
        body = "".join(f"<tr><td style='padding-right:16px'><b>{k}</b></td><td>{v}</td></tr>"
                       for k, v in rows)
        self.text.setText(f"<table cellspacing='6'>{body}</table>")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    @classmethod
    def ask(cls, parent: QWidget | None, section_titles: list[str] | None = None) -> None:
        dialog = cls(parent, section_titles)
        dialog.setMinimumWidth(520)
        dialog.exec()
