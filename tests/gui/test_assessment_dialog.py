"""The guided checklist (issue 3): finished by keyboard alone, sealed, its tasks created;
drafts resume; the record's language may differ from the interface's."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton

from desktop.content.checklists import frameworks
from desktop.ui import i18n
from desktop.ui.editors.assessment_dialog import AssessmentDialog
from desktop.ui.editors.checklist_rows import IndicatorRow

try:
    from test_accessibility import problems
except ImportError:  # pragma: no cover
    from tests.gui.test_accessibility import problems

from records_fixtures import Records, sample_people


def _dialog(qtbot, env: Records, person_id: str, child: bool = True,
            name: str = "Nguyễn Thị Hồng") -> AssessmentDialog:
    dialog = AssessmentDialog(env.runner, env.context, person_id, name, child)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: env.runner.pending == 0)  # the draft look-up has answered
    return dialog


def _key(qtbot, dialog: AssessmentDialog, key: Qt.Key,
         modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = dialog.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def _choose(qtbot, dialog: AssessmentDialog, framework_id: str) -> None:
    assert dialog.focusWidget() is dialog.choices
    for _ in range(dialog.choices.count()):
        if dialog.choices.currentItem().data(Qt.ItemDataRole.UserRole)[0] == framework_id:
            break
        _key(qtbot, dialog, Qt.Key.Key_Down)
    _key(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.framework is not None and dialog.framework.id == framework_id


def _current_row(dialog: AssessmentDialog) -> IndicatorRow:
    widget = dialog.focusWidget()
    assert isinstance(widget, QRadioButton), widget
    row = widget.parent()
    while not isinstance(row, IndicatorRow):
        row = row.parent()
    return row


def test_a_checklist_is_completed_by_keyboard_alone_sealed_with_its_tasks(
        qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    _choose(qtbot, dialog, "uk-child-trafficking")
    framework = dialog.framework
    assert framework is not None
    trafficking = {i.id for i in framework.indicators() if "trafficking" in i.signals
                   and i.severity == "concern"}
    chosen: str | None = None
    pages = len(dialog.pages)
    for n in range(pages):
        assert dialog.section_index() == n
        assert dialog.progress.format() == f"Section {n + 1} of {pages}"
        for _row in dialog.pages[n].rows:
            row = _current_row(dialog)
            if chosen is None and row.indicator.id in trafficking:
                chosen = row.indicator.id
                _key(qtbot, dialog, Qt.Key.Key_1)  # yes
            else:
                _key(qtbot, dialog, Qt.Key.Key_2)  # no
        # After the last indicator, focus is on the Next button: Space presses it.
        assert dialog.focusWidget() is dialog.next_button
        _key(qtbot, dialog, Qt.Key.Key_Space)
    assert chosen is not None
    assert dialog.section_index() == pages  # the summary
    qtbot.waitUntil(lambda: dialog.outcome is not None)
    assert dialog.outcome is not None and dialog.outcome.level == "strong_concern"
    assert "Strong concern" in dialog.level.text()
    reason = framework.indicator(chosen).text["en"]
    assert reason in dialog.summary.text().replace("&amp;", "&")
    assert "Refer to the local authority" in dialog.summary.text()

    _key(qtbot, dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.submission is not None)
    assert dialog.stack.currentIndex() == 2
    assert "These follow-up tasks were created:" in dialog.done_text.text()

    submission = dialog.submission
    assert submission is not None
    stored = records.call(lambda s: s.assessments.get(submission.assessment_id))
    assert stored["framework_id"] == "uk-child-trafficking"
    assert stored["answers"][chosen] == {"answer": "yes"}
    assert sum(1 for a in stored["answers"].values() if a["answer"] == "no") == \
        len(framework.indicators()) - 1
    tasks = records.call(lambda s: s.tasks.list(person_id=ids["hong"]))
    # Submitted by the lead (no task to tell herself) for Hồng, who lives in a placement.
    assert {t.rule_id for t in tasks} == {"refer_local_authority", "notify_placing_authority",
                                          "nrm_via_local_authority", "tell_police"}
    assert all(t.source_record == submission.assessment_id for t in tasks)
    assert records.call(lambda s: s.drafts.list("assessment")) == []


def test_answers_are_drafted_and_resume_on_the_same_section(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["amy"], name="Amy Clarke")
    _choose(qtbot, dialog, "uk-child-exploitation")
    first = dialog.pages[0].rows[0]
    _key(qtbot, dialog, Qt.Key.Key_1)
    first.note.setText("Has a new phone and says a friend pays for it")
    first.source.setCurrentIndex(first.source.findData("said_by_person"))
    dialog.skip_button.click()
    assert dialog.section_index() == 1
    dialog.reject()  # close and keep the draft
    qtbot.waitUntil(lambda: records.runner.pending == 0)

    again = _dialog(qtbot, records, ids["amy"], name="Amy Clarke")
    qtbot.waitUntil(lambda: again.framework is not None)
    assert again.section_index() == 1
    restored = again.pages[0].rows[0].answer()
    assert (restored.answer, restored.note, restored.source) == (
        "yes", "Has a new phone and says a friend pays for it", "said_by_person")
    again.back()
    assert again.section_index() == 0


def test_the_record_language_can_differ_from_the_interface(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["duc"], name="Trần Văn Đức")
    dialog.language.setCurrentIndex(dialog.language.findData("vi"))
    dialog.choices.setFocus()
    _choose(qtbot, dialog, "uk-child-trafficking")
    row = dialog.pages[0].rows[0]
    assert row.indicator.text["vi"] in row.text.text()
    assert row.radios["yes"].text() == "Yes (1)"  # the interface stays in English
    i18n.set_language("vi")
    try:
        qtbot.waitUntil(lambda: row.radios["yes"].text() == "Có (1)")
        assert dialog.skip_button.text() == "Bỏ qua phần này"
        assert row.indicator.text["vi"] in row.text.text()
    finally:
        i18n.set_language("en")
        qtbot.waitUntil(lambda: row.radios["yes"].text() == "Yes (1)")


def test_only_checklists_that_fit_the_person_are_offered(qtbot, records: Records) -> None:
    ids = sample_people(records)
    adult = records.add_person(given_names="Minh", family_name="Lê", estimated_age=30)
    offered = _dialog(qtbot, records, adult, child=False, name="Lê Minh")
    ids_offered = {offered.choices.item(i).data(Qt.ItemDataRole.UserRole)[0]
                   for i in range(offered.choices.count())}
    # An England vault offers England's checklists only (Viet Nam's identification list
    # follows Vietnamese law: tests/gui/test_jurisdiction_words.py).
    assert ids_offered == {"adult-trafficking-screening"}
    child = _dialog(qtbot, records, ids["hong"])
    child_ids = {child.choices.item(i).data(Qt.ItemDataRole.UserRole)[0]
                 for i in range(child.choices.count())}
    assert "adult-trafficking-screening" not in child_ids
    assert {f.id for f in frameworks.shipped().values() if f.applies_to == "child"} <= child_ids
    QApplication.processEvents()


def test_every_page_is_usable_with_a_screen_reader(qtbot, records: Records) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["hong"])
    assert problems(dialog) == []
    _choose(qtbot, dialog, "uk-child-criminal-exploitation")
    for _ in range(len(dialog.pages) + 1):
        assert problems(dialog) == [], dialog.section_index()
        dialog.next()


def test_a_sealed_assessment_opens_from_the_chronology_in_its_versions_wording_and_takes_an_amendment(  # noqa: E501
        qtbot, records: Records, monkeypatch) -> None:
    from dataclasses import replace

    from desktop.domain.assessments import Answer
    from desktop.ui.editors.sealed_record_view import AmendDialog
    from desktop.ui.pages.people_page import PeoplePage

    ids = sample_people(records)
    v1 = frameworks.latest("uk-child-trafficking")
    sign = v1.indicators()[0]
    made = records.call(lambda s: s.assessments.submit(
        ids["hong"], v1, {sign.id: Answer("yes", "Cleans for the whole house")}, "en"))
    # A version 2 ships with new wording; the sealed assessment keeps version 1's.
    section = v1.sections[0]
    v2 = replace(v1, version=2, sections=(replace(section, indicators=(
        replace(sign, text={"en": "Reworded in version 2", "vi": "Bản 2"}),
        *section.indicators[1:])), *v1.sections[1:]))
    monkeypatch.setattr(frameworks, "shipped", lambda: {(v2.id, 2): v2})

    page = PeoplePage(records.runner, records.context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    page.load_person(ids["hong"])
    qtbot.waitUntil(lambda: page.chronology_model.rowCount() > 0)
    model = page.chronology_model
    row = next(r for r in range(model.rowCount())
               if model.entry(r).kind == "assessment.submitted")
    page.chronology.setCurrentIndex(model.index(row, 0))
    page.chronology.setFocus()
    qtbot.keyClick(page.chronology, Qt.Key.Key_Return)
    dialog = next(e for e in page.editors if e.record_id == made.assessment_id)
    qtbot.waitUntil(lambda: "Version 1" in dialog.body.toPlainText())
    text = dialog.body.toPlainText()
    assert sign.text["en"] in text and "Reworded in version 2" not in text
    assert "Cleans for the whole house" in text

    monkeypatch.setattr(AmendDialog, "ask", classmethod(
        lambda cls, parent: ("Wrong room", "It was the kitchen, not the lounge")))
    dialog.amend_button.click()
    qtbot.waitUntil(lambda: "It was the kitchen" in dialog.body.toPlainText())
    amendments = records.call(lambda s: s.amendments.for_record(made.assessment_id))
    assert [(a.reason, a.author) for a in amendments] == [("Wrong room", "lead")]
    assert problems(dialog) == []
    assert problems(AmendDialog(None)) == []
