"""Typing without losing anything: dates typed as people write them, names in the order people
say them, Tab that follows the screen (issue 16)."""

from __future__ import annotations

from datetime import date

from records_fixtures import Records

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from desktop.ui.editors.date_field import DateField, DateTimeField
from desktop.ui.editors.person_dialog import PersonDialog
from desktop.ui.pages.people_page import PeoplePage


def _dialog(qtbot, env: Records) -> PersonDialog:
    qtbot.waitUntil(lambda: env.runner.pending == 0)
    page = PeoplePage(env.runner, env.context)
    qtbot.addWidget(page)
    page.show()
    page.new_person_action.trigger()
    dialog = page.editors[-1]
    assert isinstance(dialog, PersonDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    return dialog


def _focused() -> QWidget | None:
    return QApplication.focusWidget()


def _tab(qtbot) -> QWidget | None:
    widget = _focused()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return _focused()


def test_date_of_birth_typed_in_words_is_the_date_typed(qtbot, records: Records) -> None:
    """"21 jun 2013" once became 24 Jun 2013 without a word, and went on the MASH form."""
    dialog = _dialog(qtbot, records)
    qtbot.keyClicks(dialog.given, "Leah")
    qtbot.keyClicks(dialog.family, "Thompson")
    dialog.dob.setFocus()
    dialog.dob.edit.selectAll()
    qtbot.keyClicks(dialog.dob.edit, "21 jun 2013")
    assert dialog.dob_radio.isChecked()  # typing a date says the date is known
    after = _tab(qtbot)
    assert after is not dialog.dob.edit  # one Tab leaves the date
    assert dialog.dob.text() == "21 Jun 2013"  # what was understood, shown back
    with qtbot.waitSignal(dialog.person_saved) as saved:
        dialog.save_button.click()
    person = records.call(lambda s: s.people.get(saved.args[0])).person
    assert person.date_of_birth == date(2013, 6, 21)


def test_a_date_that_is_not_one_is_said_and_not_saved(qtbot, records: Records) -> None:
    dialog = _dialog(qtbot, records)
    qtbot.keyClicks(dialog.given, "Leah")
    dialog.dob.setFocus()
    dialog.dob.edit.selectAll()
    qtbot.keyClicks(dialog.dob.edit, "21 junk 2013")
    assert dialog.dob_radio.isChecked()  # typing chose it: the save checks, not ignores, it
    _tab(qtbot)
    assert dialog.dob.error.isVisible()
    assert dialog.dob.error.text().startswith("Not a date.")
    assert dialog.dob.edit.accessibleDescription() == dialog.dob.error.text()
    assert dialog.dob.text() == "21 junk 2013"  # the typing is left to correct, not replaced
    dialog.save_button.click()
    assert dialog.saved_id is None
    assert dialog.error.isVisible() and dialog.error.text().startswith("Not a date.")
    assert _focused() is dialog.dob.edit
    assert records.call(lambda s: s.people.count()) == 0
    # Corrected, the message goes.
    dialog.dob.edit.selectAll()
    qtbot.keyClicks(dialog.dob.edit, "21/06/2013")
    assert not dialog.dob.error.isVisible()


def test_english_vault_names_given_then_family_and_tab_follows(qtbot, records: Records
                                                              ) -> None:
    dialog = _dialog(qtbot, records)
    assert _focused() is dialog.given  # the first box on screen has the cursor
    form = dialog.names_box.layout()
    rows = [form.itemAt(r, form.ItemRole.FieldRole).widget() for r in range(form.rowCount())]
    assert rows == [dialog.given, dialog.family, dialog.aliases]
    assert _tab(qtbot) is dialog.family
    assert _tab(qtbot) is dialog.aliases
    # A surname typed after Tab lands in Family name, never in Also known as.
    dialog.given.setFocus()
    qtbot.keyClicks(dialog.given, "Leah Grace")
    qtbot.keyClick(dialog.given, Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(), "Thompson")
    assert dialog.family.text() == "Thompson" and dialog.aliases.text() == ""


def test_vietnamese_vault_names_ho_first(qtbot, records: Records) -> None:
    records.context.update(jurisdiction="vietnam")
    dialog = _dialog(qtbot, records)
    assert _focused() is dialog.family  # họ first
    form = dialog.names_box.layout()
    rows = [form.itemAt(r, form.ItemRole.FieldRole).widget() for r in range(form.rowCount())]
    assert rows == [dialog.family, dialog.given, dialog.aliases]
    assert _tab(qtbot) is dialog.given
    assert _tab(qtbot) is dialog.aliases


def test_date_field_reads_both_languages_day_first(qtbot) -> None:
    field = DateField(QDate(2000, 1, 1))
    qtbot.addWidget(field)
    for text in ("12/03/2012", "12 mar 2012", "2012-03-12"):
        field.edit.setText(text)
        field.edit.editingFinished.emit()
        assert field.date() == QDate(2012, 3, 12), text
    field.edit.setText("12 tháng 3 2012")  # set, not typed: keyClicks cannot type non-ASCII
    field.edit.editingFinished.emit()
    assert field.date() == QDate(2012, 3, 12) and field.is_valid()


def test_date_time_field_is_one_tab_stop(qtbot) -> None:
    """Qt's date-time box has five sections that Tab walked through; this has one."""
    host = QWidget()
    qtbot.addWidget(host)
    before, after = QLineEdit(host), QLineEdit(host)
    field = DateTimeField(parent=host)
    QWidget.setTabOrder(before, field)
    QWidget.setTabOrder(field, after)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    before.setFocus()
    qtbot.waitUntil(lambda: before.hasFocus())
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert _focused() is field.edit
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "21/06/2013 14:30")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert _focused() is after
    qtbot.keyClicks(after, "Oak House")
    assert after.text() == "Oak House"
    assert field.dateTime().date() == QDate(2013, 6, 21)
    assert field.dateTime().time().toString("HH:mm") == "14:30"


def test_tab_from_the_concern_note_passes_the_date_in_one_press(qtbot, records: Records
                                                                ) -> None:
    """Tab from the note once walked into the date's five sections, and the place typed next
    vanished into them."""
    from desktop.ui.editors.concern_dialog import ConcernDialog

    person_id = records.add_person(given_names="Leah", family_name="Thompson")
    dialog = ConcernDialog(records.runner, records.context, person_id, "Leah Thompson")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    dialog.text.setFocus()
    qtbot.waitUntil(lambda: dialog.text.hasFocus())
    qtbot.keyClicks(dialog.text, "Seen with two older men")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Tab)
    assert _focused() is dialog.when.edit
    before = dialog.when.dateTime()
    qtbot.keyClick(dialog.when.edit, Qt.Key.Key_Tab)
    assert _focused() is dialog.place
    qtbot.keyClicks(dialog.place, "Bus station")
    assert dialog.place.text() == "Bus station"
    assert dialog.when.dateTime() == before


def test_every_typed_date_uses_the_one_date_entry() -> None:
    """Qt's sectioned date boxes are gone from every window."""
    from pathlib import Path

    import desktop.ui

    ui = Path(desktop.ui.__file__).parent
    sectioned = [p.name for p in ui.rglob("*.py")
                 if any(w in p.read_text(encoding="utf-8")
                        for w in ("QDateEdit", "QDateTimeEdit", "QTimeEdit"))
                 and p.name != "date_field.py"]
    assert sectioned == []


def test_the_calendar_is_kept_and_opens_from_the_keyboard(qtbot) -> None:
    field = DateField(QDate(2000, 1, 1))
    qtbot.addWidget(field)
    field.setAccessibleName("Date of birth")
    field.show()
    qtbot.waitExposed(field)
    assert field.calendar_button.accessibleName() == "Choose Date of birth on a calendar"
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar
    qtbot.waitUntil(lambda: calendar.isVisible())
    calendar.activated.emit(QDate(2012, 3, 12))
    assert field.date() == QDate(2012, 3, 12)
    assert field.text() == "12 Mar 2012"
