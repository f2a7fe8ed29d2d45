"""Keyboard only, start to finish (issue 16): the set-up wizard, a concern, a checklist, a
disclosure and an export, each done with keys alone (Tab, Space, Enter, arrows, letters)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from keys import activate, focus, press, tab_to, type_text
from keywalk import spoken_name
from records_fixtures import Records, sample_people, seal_sample_disclosure

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QMessageBox,
    QWidget,
    QWizard,
)

from desktop.ui.editors.assessment_dialog import AssessmentDialog
from desktop.ui.editors.concern_dialog import ConcernDialog
from desktop.ui.editors.disclosure_dialog import DisclosureDialog
from desktop.ui.editors.export_dialog import ExportDialog
from desktop.ui.pages.people_page import PeoplePage
from desktop.ui.shell.first_run import FirstRunWizard
from desktop.ui.shell.main_window import MainWindow
from desktop.vault.store import Vault

PASS = "blue kettle morning walk"
Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def tabs(qtbot, count: int) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """Press Tab `count` times; where focus was after each press."""
    landed = []
    for _ in range(count):
        press(qtbot, Key.Key_Tab)
        landed.append(focus())
    return landed


def answer_the_question(qtbot, keys: list[Qt.Key], asked: list[str]) -> None:  # type: ignore[no-untyped-def]
    """When a question box comes up, note its words and answer it with `keys`, each pressed
    on whatever has focus in it."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isActiveWindow():
            if isinstance(box, QMessageBox):
                box.activateWindow()  # the window manager's part; offscreen has none
            QTimer.singleShot(20, answer)
            return
        asked.append(box.text())
        for key in keys:
            qtbot.keyClick(QApplication.focusWidget() or box, key)
    QTimer.singleShot(0, answer)


def test_the_set_up_wizard_by_keyboard(qtbot, runner, tmp_path) -> None:
    """Keys alone: the cursor starts in the first field, each Tab goes to the next field down
    the page (then the buttons, then round to the top), Enter moves on, and Escape asks before
    throwing away what was typed."""
    folder = tmp_path / "v"
    wizard = FirstRunWizard(runner, folder)
    qtbot.addWidget(wizard)
    activate(qtbot, wizard)
    org = wizard.org_page
    assert focus() is org.org  # typing at once goes into the organisation's name
    type_text(qtbot, "Harbour House")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    cancel = wizard.button(QWizard.WizardButton.CancelButton)
    assert tabs(qtbot, 5) == [org.jurisdiction, org.language, next_button, cancel, org.org]

    asked: list[str] = []
    answer_the_question(qtbot, [Key.Key_Escape], asked)  # Escape again: the safe answer
    press(qtbot, Key.Key_Escape)
    assert asked and "not kept" in asked[0]
    assert wizard.isVisible() and org.org.text() == "Harbour House"
    activate(qtbot, wizard)  # the window manager's part, when the question closes
    assert wizard.currentPage() is org and focus() is org.org

    press(qtbot, Key.Key_Return)  # Enter: Next
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.admin_page)
    admin = wizard.admin_page
    assert focus() is admin.username
    typed = {"User name": "linh", "Full name": "Tran Thi Linh", "New passphrase": PASS,
             "New passphrase, again": PASS}
    for number, (name, text) in enumerate(typed.items()):
        if number:
            press(qtbot, Key.Key_Tab)
        assert spoken_name(focus()) == name  # the next field down, not a button or an alias
        type_text(qtbot, text)
    assert (admin.username.text(), admin.display_name.text(), admin.fields.first.text(),
            admin.fields.second.text()) == tuple(typed.values())
    with qtbot.waitSignal(wizard.created, timeout=30000):
        press(qtbot, Key.Key_Return)  # Enter: Create the vault
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page)
    press(qtbot, Key.Key_Escape)  # the code is shown once: Escape cannot lose it
    assert wizard.isVisible() and wizard.currentPage() is wizard.recovery_page
    tab_to(qtbot, lambda w: isinstance(w, QCheckBox))
    press(qtbot, Key.Key_Space)
    with qtbot.waitSignal(wizard.finished_setup, timeout=10000):
        tab_to(qtbot, "Start using Waymark")
        press(qtbot, Key.Key_Space)
    qtbot.waitUntil(lambda: runner.pending == 0)
    runner.submit(runner.session.close).result(30)
    Vault.unlock(folder, "linh", PASS).close()  # what was typed is what was kept


def test_escape_then_stop_set_up_closes_the_wizard(qtbot, runner, tmp_path) -> None:
    folder = tmp_path / "v"
    wizard = FirstRunWizard(runner, folder)
    qtbot.addWidget(wizard)
    activate(qtbot, wizard)
    type_text(qtbot, "Harbour House")
    asked: list[str] = []
    # 'Keep setting up' has focus; Tab to 'Stop set-up', Space presses it.
    answer_the_question(qtbot, [Key.Key_Tab, Key.Key_Space], asked)
    with qtbot.waitSignal(wizard.rejected, timeout=5000):
        press(qtbot, Key.Key_Escape)
    assert len(asked) == 1 and not wizard.isVisible()
    assert not folder.exists()


def people_window(qtbot, env: Records) -> tuple[MainWindow, PeoplePage]:  # type: ignore[no-untyped-def]
    window = MainWindow(env.runner, env.context)
    qtbot.addWidget(window)
    activate(qtbot, window)
    qtbot.waitUntil(lambda: env.runner.pending == 0, timeout=20000)
    page = next(w for w in window.findChildren(PeoplePage))
    return window, page


def open_person(qtbot, env: Records, page: PeoplePage, name: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+F, type part of the name, Tab to the list, Down to the first match."""
    press(qtbot, Key.Key_F, CTRL)
    with qtbot.waitSignal(page.people_loaded, timeout=10000):
        type_text(qtbot, name)
    tab_to(qtbot, "People")
    press(qtbot, Key.Key_Down)
    qtbot.waitUntil(lambda: page.record is not None and env.runner.pending == 0,
                    timeout=10000)


def editor(page: PeoplePage, kind: type) -> Any:
    return next(e for e in page.editors if isinstance(e, kind))


def test_a_concern_by_keyboard(qtbot, records: Records) -> None:
    ids = sample_people(records)
    _window, page = people_window(qtbot, records)
    open_person(qtbot, records, page, "Hong")
    press(qtbot, Key.Key_R, CTRL)  # Record concern
    dialog = editor(page, ConcernDialog)
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and records.runner.pending == 0)
    type_text(qtbot, "She said a man at the gate gave her a phone")
    tab_to(qtbot, "Where it happened")
    type_text(qtbot, "School gate")
    tab_to(qtbot, "Missing episode")
    press(qtbot, Key.Key_Space)
    tab_to(qtbot, "Save concern")
    with qtbot.waitSignal(dialog.concern_recorded, timeout=10000) as saved:
        press(qtbot, Key.Key_Space)
    concern = records.call(lambda s: s.concerns.get(saved.args[0]))
    assert concern["person_id"] == ids["hong"]
    assert concern["seen_or_heard"] == "She said a man at the gate gave her a phone"
    assert (concern["place"], concern["categories"]) == ("School gate", ["missing"])


def test_a_checklist_by_keyboard(qtbot, records: Records) -> None:
    ids = sample_people(records)
    _window, page = people_window(qtbot, records)
    open_person(qtbot, records, page, "Hong")
    press(qtbot, Key.Key_K, CTRL)  # Indicator checklist
    dialog = editor(page, AssessmentDialog)
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and records.runner.pending == 0)
    tab_to(qtbot, lambda w: w is dialog.choices)
    press(qtbot, Key.Key_Home)
    press(qtbot, Key.Key_Return)  # the first checklist offered
    qtbot.waitUntil(lambda: dialog.framework is not None)
    framework = dialog.framework
    assert framework is not None
    for _page in range(len(dialog.pages)):
        for _row in dialog.pages[dialog.section_index()].rows:
            press(qtbot, Key.Key_2)  # "no": focus moves on to the next indicator
        press(qtbot, Key.Key_Space)  # focus is on Next
    qtbot.waitUntil(lambda: dialog.outcome is not None)
    press(qtbot, Key.Key_Return, CTRL)  # submit
    qtbot.waitUntil(lambda: dialog.submission is not None, timeout=10000)
    submission = dialog.submission
    assert submission is not None
    stored = records.call(lambda s: s.assessments.get(submission.assessment_id))
    assert stored["person_id"] == ids["hong"]
    assert len(stored["answers"]) == len(framework.indicators())
    assert {a["answer"] for a in stored["answers"].values()} == {"no"}


def test_a_disclosure_by_keyboard(qtbot, records: Records) -> None:
    ids = sample_people(records)
    _window, page = people_window(qtbot, records)
    open_person(qtbot, records, page, "Hong")
    press(qtbot, Key.Key_D, CTRL)  # Record disclosure
    dialog = editor(page, DisclosureDialog)
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and records.runner.pending == 0)
    tab_to(qtbot, "Where")
    type_text(qtbot, "The art room")
    tab_to(qtbot, "The words being recorded")
    type_text(qtbot, "He took my passport and says I owe him money.")
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_T, CTRL)  # the staff member speaks
    type_text(qtbot, "Tell me more about that.")
    press(qtbot, Key.Key_Return)
    tab_to(qtbot, "Designated Safeguarding Lead")
    press(qtbot, Key.Key_Space)
    tab_to(qtbot, "Finish and review")
    press(qtbot, Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1)
    with qtbot.waitSignal(dialog.sealed, timeout=10000) as sealed:
        tab_to(qtbot, lambda w: w is dialog.seal_button)
        press(qtbot, Key.Key_Space)
    sealed_id = sealed.args[0]
    assert records.call(lambda s: s.vault.read_one(
        "SELECT person_id FROM disclosures WHERE id = ?", (sealed_id,)))[0] == ids["hong"]
    record = records.call(lambda s: s.disclosures.get(sealed_id))["record"]
    assert record["where"] == "The art room"
    assert [(t["speaker"], t["text"]) for t in record["turns"]] == [
        ("person", "He took my passport and says I owe him money."),
        ("staff", "Tell me more about that.")]
    assert [t["who"] for t in record["told"]] == ["dsl"]


def test_an_export_by_keyboard(qtbot, records: Records, tmp_path: Path) -> None:
    ids = sample_people(records)
    seal_sample_disclosure(records, ids["hong"])
    _window, page = people_window(qtbot, records)
    open_person(qtbot, records, page, "Hong")
    press(qtbot, Key.Key_P, CTRL)  # Print or save a form
    dialog = editor(page, ExportDialog)
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and records.runner.pending == 0)
    forms = tab_to(qtbot, lambda w: w is dialog.forms_list)
    press(qtbot, Key.Key_Home)
    for _ in range(dialog.forms_list.count()):  # arrow down to the disclosure record
        if dialog.forms_list.currentItem().data(Qt.ItemDataRole.UserRole).id == \
                "disclosure-record":
            break
        press(qtbot, Key.Key_Down)
    assert forms is dialog.forms_list
    tab_to(qtbot, "For (recipient)")
    type_text(qtbot, "Duty social worker")
    target = tmp_path / "record.pdf"

    def type_the_file_name() -> None:  # in the save dialog, as a user would
        box = QApplication.activeModalWidget()
        assert isinstance(box, QFileDialog), box
        qtbot.keyClicks(QApplication.focusWidget(), str(target))
        qtbot.keyClick(QApplication.focusWidget(), Key.Key_Return)

    tab_to(qtbot, lambda w: w is dialog.save_button)
    QTimer.singleShot(300, type_the_file_name)
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        press(qtbot, Key.Key_Space)
    assert target.read_bytes()[:5] == b"%PDF-"
    audit = [json.loads(d) for (d,) in records.call(lambda s: s.vault.read(
        "SELECT detail FROM audit WHERE action = 'export'"))]
    assert audit[-1]["template"] == "disclosure-record"
    assert audit[-1]["recipient"] == "Duty social worker"
