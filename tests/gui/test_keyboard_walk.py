"""Every window and dialog, walked with Tab (issue 16): each control a keyboard reaches has a
name a screen reader speaks, Tab follows the screen (top to bottom, left to right, column by
column) and always comes back round, with no trap."""

from __future__ import annotations

import pytest
from keywalk import tab_walk
from records_fixtures import Records, sample_people

from PySide6.QtWidgets import QWidget

from desktop.ui.editors.assessment_dialog import AssessmentDialog
from desktop.ui.editors.body_map_dialog import BodyMapDialog
from desktop.ui.editors.concern_dialog import ConcernDialog
from desktop.ui.editors.disclosure_dialog import DisclosureDialog
from desktop.ui.editors.export_dialog import ExportDialog
from desktop.ui.editors.group_intake_dialog import GroupIntakeDialog
from desktop.ui.editors.person_dialog import PersonDialog
from desktop.ui.editors.profile_dialog import OrgDetailsDialog, ProfileDialog
from desktop.ui.editors.record_dialogs import ShareDialog
from desktop.ui.editors.sealed_record_view import AmendDialog
from desktop.ui.pages.group_page import HandOverDialog
from desktop.ui.pages.overview_page import RecordOutcomeDialog
from desktop.ui.pages.report_dialog import PeriodicReportDialog
from desktop.ui.pages.sync_page import ConnectDialog, JoinDialog
from desktop.ui.pages.users_page import (
    AddUserDialog,
    ChangeOwnPassphraseDialog,
    SetPassphraseDialog,
)
from desktop.ui.shell.about import AboutDialog
from desktop.ui.shell.first_run import FirstRunWizard
from desktop.ui.shell.main_window import MainWindow, ShortcutsDialog
from desktop.ui.shell.unlock import UnlockWindow


def walked(qtbot, window: QWidget, runner=None) -> list[str]:  # type: ignore[no-untyped-def]
    qtbot.addWidget(window)
    window.show()
    if runner is not None:
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
    return tab_walk(qtbot, window).problems


def test_unlock_and_first_run(qtbot, runner, made_vault, tmp_path) -> None:
    found = walked(qtbot, UnlockWindow(runner, made_vault.folder))
    wizard = FirstRunWizard(runner, tmp_path / "v")
    found += walked(qtbot, wizard)
    assert found == [], "\n".join(found)


def test_main_window_every_section(qtbot, admin_runner, admin_context) -> None:
    window = MainWindow(admin_runner, admin_context)
    qtbot.addWidget(window)
    window.show()
    found: list[str] = []
    for key in window.section_keys():
        window.show_section_key(key)
        qtbot.waitUntil(lambda: admin_runner.pending == 0, timeout=20000)
        found += [f"[{key}] {p}" for p in tab_walk(qtbot, window).problems]
    assert found == [], "\n".join(found)


def test_small_dialogs(qtbot, admin_runner) -> None:
    found: list[str] = []
    for dialog in (AddUserDialog(None), SetPassphraseDialog("tuan", True, None),
                   ChangeOwnPassphraseDialog(admin_runner, None), ShortcutsDialog(None),
                   AboutDialog(None), AmendDialog(None), HandOverDialog(None, 3),
                   RecordOutcomeDialog(None), PeriodicReportDialog(None), JoinDialog(None),
                   ConnectDialog(None), ShareDialog(None, "Lê Minh", [("tuan", "Tuấn")]),
                   ProfileDialog(admin_runner, "amira"), OrgDetailsDialog(admin_runner)):
        found += walked(qtbot, dialog, admin_runner)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("which", ["concern", "disclosure", "assessment", "export", "person",
                                   "body_map", "group_intake"])
def test_record_dialogs(qtbot, records: Records, which: str) -> None:
    ids = sample_people(records)
    r, c, hong = records.runner, records.context, ids["hong"]
    dialog = {
        "concern": lambda: ConcernDialog(r, c, hong, "Nguyễn Thị Hồng"),
        "disclosure": lambda: DisclosureDialog(r, c, hong, "Nguyễn Thị Hồng"),
        "assessment": lambda: AssessmentDialog(r, c, hong, "Nguyễn Thị Hồng", child=True),
        "export": lambda: ExportDialog(r, c, hong, "Nguyễn Thị Hồng", child=True),
        "person": lambda: PersonDialog(r, c),
        "body_map": lambda: BodyMapDialog(r, c, hong, "Nguyễn Thị Hồng", child=True),
        "group_intake": lambda: GroupIntakeDialog(r, c),
    }[which]()
    found = walked(qtbot, dialog, r)
    assert found == [], "\n".join(found)


def test_after_save_concern_focus_lands_on_a_named_control(qtbot, records: Records) -> None:
    from keywalk import spoken_name

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QScrollArea

    ids = sample_people(records)
    dialog = ConcernDialog(records.runner, records.context, ids["hong"], "Nguyễn Thị Hồng")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    qtbot.keyClicks(dialog.text, "She said a man gave her a phone")
    dialog.category_checks["cse"].setChecked(True)
    with qtbot.waitSignal(dialog.concern_recorded, timeout=10000):
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    focus = QApplication.focusWidget()
    assert focus is not None and dialog.isAncestorOf(focus)
    assert not isinstance(focus, QScrollArea)
    assert spoken_name(focus), type(focus).__name__
    assert tab_walk(qtbot, dialog, focus).problems == []


def test_later_pages(qtbot, records: Records) -> None:
    """The pages a dialog turns to: a checklist's sections and summary, the disclosure's
    review, the referral step before a referral form."""
    from desktop.ui.editors.referral_step import ReferralStep

    ids = sample_people(records)
    r, c, hong = records.runner, records.context, ids["hong"]
    found: list[str] = []
    checklist = AssessmentDialog(r, c, hong, "Nguyễn Thị Hồng", child=True)
    qtbot.addWidget(checklist)
    checklist.show()
    qtbot.waitUntil(lambda: r.pending == 0)
    checklist.start()
    qtbot.waitUntil(lambda: checklist.framework is not None and r.pending == 0)
    for _ in range(len(checklist.pages) + 1):
        found += [f"[section {checklist.section_index()}] {p}"
                  for p in tab_walk(qtbot, checklist).problems]
        checklist.next()
        qtbot.waitUntil(lambda: r.pending == 0)
    disclosure = DisclosureDialog(r, c, hong, "Nguyễn Thị Hồng")
    qtbot.addWidget(disclosure)
    disclosure.show()
    qtbot.waitUntil(lambda: r.pending == 0)
    disclosure.turn_input.setPlainText("He took my passport.")
    disclosure.add_turn()
    disclosure.finish()
    assert disclosure.stack.currentIndex() == 1
    found += [f"[review] {p}" for p in tab_walk(qtbot, disclosure).problems]
    found += walked(qtbot, ReferralStep(r, hong, "en"), r)
    assert found == [], "\n".join(found)


def test_every_page_of_the_set_up_wizard(qtbot, runner, tmp_path) -> None:
    from PySide6.QtWidgets import QWizard

    wizard = FirstRunWizard(runner, tmp_path / "v")
    found = walked(qtbot, wizard)
    wizard.org_page.org.setText("Harbour House")
    wizard.next()
    found += [f"[admin] {p}" for p in tab_walk(qtbot, wizard).problems]
    wizard.admin_page.username.setText("linh")
    wizard.admin_page.fields.first.setText("blue kettle morning walk")
    wizard.admin_page.fields.second.setText("blue kettle morning walk")
    with qtbot.waitSignal(wizard.created, timeout=30000):
        wizard.button(QWizard.WizardButton.CommitButton).click()
    found += [f"[recovery] {p}" for p in tab_walk(qtbot, wizard).problems]
    assert found == [], "\n".join(found)
