"""Recording a concern: fast, tasks created from England's rules, drafts never lost."""

from __future__ import annotations

from records_fixtures import Records, sample_people

from PySide6.QtCore import Qt

from desktop.ui import i18n
from desktop.ui.editors.concern_dialog import ConcernDialog


def _dialog(qtbot, env: Records, person_id: str, name: str = "Nguyễn Thị Hồng"
            ) -> ConcernDialog:
    dialog = ConcernDialog(env.runner, env.context, person_id, name)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: env.runner.pending == 0)  # the draft look-up has answered
    return dialog


def test_text_box_comes_first_and_has_focus(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    qtbot.waitUntil(lambda: dialog.text.hasFocus() or dialog.focusWidget() is dialog.text)
    assert dialog.text.tabChangesFocus()
    assert dialog.when.dateTime().secsTo(dialog.when.dateTime().currentDateTime()) < 120


def test_immediate_risk_shows_the_emergency_number_at_once(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    assert not dialog.risk_warning.isVisible()
    dialog.risk_yes.click()
    assert dialog.risk_warning.isVisible()
    assert dialog.risk_warning.text().startswith("Call 999 now.")


def test_emergency_number_in_vietnamese_for_viet_nam(qtbot, records: Records) -> None:
    ids = sample_people(records)
    records.context.update(jurisdiction="vietnam")
    i18n.set_language("vi")
    dialog = _dialog(qtbot, records, ids["duc"], "Trần Văn Đức")
    dialog.risk_yes.click()
    assert dialog.risk_warning.text().startswith("Gọi 113 ngay.")
    assert dialog.save_button.text() == "Lưu mối lo ngại"


def test_missing_text_and_category_are_explained_in_plain_words(qtbot, records: Records
                                                                ) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    dialog.save_button.click()
    assert dialog.error.isVisible()
    assert "Write what you saw or heard." in dialog.error.text()
    assert "Tick at least one kind of concern" in dialog.error.text()


def test_saving_creates_england_tasks_and_shows_them(qtbot, records: Records) -> None:
    ids = sample_people(records)  # Hồng is 15, in a placement: a looked-after child
    dialog = _dialog(qtbot, records, ids["hong"])
    qtbot.keyClicks(dialog.text, "She said a man gave her a phone and money")
    dialog.place.setText("Cổng sau nhà Oak House")
    dialog.category_checks["cse"].setChecked(True)
    dialog.risk_yes.click()
    dialog.told_checks["dsl"].setChecked(True)
    with qtbot.waitSignal(dialog.concern_recorded, timeout=5000) as recorded:
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    concern_id, task_ids = recorded.args
    assert len(task_ids) == 3  # saved by the lead: no task to tell herself
    rules = {t.title_in("en") for t in dialog.created_tasks}
    assert "Tell the Designated Safeguarding Lead (DSL) about this concern now" not in rules
    assert "Call the police on 999 now: there is an immediate risk of harm" in rules
    assert "Refer to the local authority's children's social care (MASH)" in rules
    assert "Inform the child's placing authority" in rules
    assert dialog.stack.currentIndex() == 1
    assert "Call the police on 999 now" in dialog.done_text.text()
    saved = records.call(lambda s: s.concerns.get(concern_id))
    assert saved["place"] == "Cổng sau nhà Oak House"
    assert saved["immediate_risk"] is True
    # The draft went with the save, in the same transaction.
    assert records.call(lambda s: s.drafts.list("concern")) == []


def test_draft_survives_closing_without_saving_and_is_restored(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    words = "Em nói: “Anh ấy bảo em đừng kể với ai.” Giờ: 21:40, ở nhà bếp."
    with qtbot.waitSignal(dialog.keeper.saved, timeout=3000):
        dialog.text.setPlainText(words)  # autosave fires ~300 ms after the last change
    dialog.category_checks["trafficking"].setChecked(True)
    dialog.close_button.click()  # close without saving: the latest state is flushed
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    assert not dialog.isVisible()

    again = ConcernDialog(records.runner, records.context, ids["hong"], "Nguyễn Thị Hồng")
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.draft_restored, timeout=3000):
        again.show()
    assert again.text.toPlainText() == words
    assert again.category_checks["trafficking"].isChecked()
    assert again.banner.isVisible()


def test_draft_survives_a_crash_and_a_new_unlock(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["duc"], "Trần Văn Đức")
    with qtbot.waitSignal(dialog.keeper.saved, timeout=3000):
        dialog.text.setPlainText("Anh ấy nói đã trả 8.000 đô la cho người đưa đường.")
    # Simulated crash: the window never closes; the vault is shut and unlocked again.
    records.reopen()
    again = ConcernDialog(records.runner, records.context, ids["duc"], "Trần Văn Đức")
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.draft_restored, timeout=3000):
        again.show()
    assert again.text.toPlainText() == "Anh ấy nói đã trả 8.000 đô la cho người đưa đường."
    dialog.keeper.finish()  # the old window belongs to the "crashed" session


def test_discarding_the_draft_clears_it(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["amy"], "Clarke Amy")
    with qtbot.waitSignal(dialog.keeper.saved, timeout=3000):
        dialog.text.setPlainText("Wrong person")
    dialog.discard_draft()
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    assert dialog.text.toPlainText() == ""
    assert records.call(lambda s: s.drafts.list("concern")) == []


def test_vietnamese_concern_text_round_trips_to_the_chronology(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["duc"], "Trần Văn Đức")
    words = "Cháu kể bị giữ giấy tờ và phải làm việc không công ở xưởng may."
    dialog.text.setPlainText(words)
    dialog.category_checks["trafficking"].setChecked(True)
    with qtbot.waitSignal(dialog.concern_recorded, timeout=5000):
        dialog.save_button.click()
    entries = records.call(lambda s: s.people.chronology(ids["duc"], "concerns"))
    assert [e.summary_in("vi") for e in entries] == [words]


def test_enter_in_a_line_does_not_save_a_half_written_concern(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    dialog.text.setPlainText("Seen with an older man")
    dialog.category_checks["cse"].setChecked(True)
    dialog.place.setFocus()
    qtbot.keyClicks(dialog.place, "Park")
    qtbot.keyClick(dialog.place, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    assert dialog.recorded is None
    assert dialog.isVisible()


def _main_window_with_concern(qtbot, runner, context, text: str):
    from desktop.domain.people import Person
    from desktop.ui.shell.main_window import MainWindow

    person = Person(given_names="Thị Hồng", family_name="Nguyễn", estimated_age=15)
    person_id = runner.call(lambda s: s.people.register(person))
    w = MainWindow(runner, context)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: runner.pending == 0)
    page = w.section("people")
    with qtbot.waitSignal(page.person_loaded, timeout=5000):
        page.select_person(person_id)
    dialog = page.record_concern()
    qtbot.waitUntil(lambda: runner.pending == 0)
    dialog.text.setPlainText(text)  # no wait: the lock comes before the 300 ms autosave
    with qtbot.waitSignal(w.locked, timeout=5000):
        qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    return w, page, dialog


def _unlock(qtbot, w, user: str, passphrase: str) -> None:
    w.lock_screen.user_edit.setText(user)
    w.lock_screen.pass_edit.setText(passphrase)
    with qtbot.waitSignal(w.unlocked, timeout=20000):
        w.lock_screen.unlock_button.click()
    qtbot.waitUntil(lambda: w.runner.pending == 0)


def test_lock_keeps_the_concern_and_unlock_brings_the_window_back(qtbot, admin_runner,
                                                                  admin_context) -> None:
    from shell_support import ADMIN, ADMIN_PASS

    words = "Em nói “đừng kể với ai” — 21:40, cổng sau."
    w, page, dialog = _main_window_with_concern(qtbot, admin_runner, admin_context, words)
    _unlock(qtbot, w, ADMIN, ADMIN_PASS)
    assert dialog.isVisible() and dialog.text.toPlainText() == words
    drafts = admin_runner.call(lambda s: s.drafts.list("concern"))
    assert [d.content["seen_or_heard"] for d in drafts] == [words]


def test_another_user_unlocking_closes_editors_without_seeing_the_draft(
        qtbot, admin_runner, admin_context) -> None:
    from shell_support import ADMIN, ADMIN_PASS, STAFF, STAFF_PASS

    w, page, dialog = _main_window_with_concern(qtbot, admin_runner, admin_context, "Private")
    _unlock(qtbot, w, STAFF, STAFF_PASS)
    people = w.section("people")
    assert people.editors == []
    assert admin_runner.call(lambda s: s.drafts.list("concern")) == []  # staff sees none
    with qtbot.waitSignal(w.locked, timeout=5000):
        w.lock()
    _unlock(qtbot, w, ADMIN, ADMIN_PASS)
    drafts = admin_runner.call(lambda s: s.drafts.list("concern"))
    assert [d.content["seen_or_heard"] for d in drafts] == ["Private"]
