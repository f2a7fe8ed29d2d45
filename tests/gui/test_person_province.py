"""Where a person was found or received, for the reports by area (issue 18): a province from
Viet Nam's list, or an English local authority typed in."""

from __future__ import annotations

from records_fixtures import Records

from desktop.ui.editors.person_dialog import PersonDialog
from desktop.ui.pages.people_page import PeoplePage


def _new_person(qtbot, env: Records) -> tuple[PeoplePage, PersonDialog]:
    qtbot.waitUntil(lambda: env.runner.pending == 0)
    page = PeoplePage(env.runner, env.context)
    qtbot.addWidget(page)
    page.show()
    page.new_person()
    dialog = page.editors[-1]
    assert isinstance(dialog, PersonDialog)
    dialog.family.setText("Lò")
    dialog.given.setText("Thị Lan")
    return page, dialog


def _save(qtbot, env: Records, page: PeoplePage, dialog: PersonDialog) -> str:
    with qtbot.waitSignal(dialog.person_saved) as saved, \
            qtbot.waitSignal(page.person_loaded, timeout=10000):
        dialog.save_button.click()
    return str(saved.args[0])


def test_a_vietnamese_province_from_the_list(qtbot, records) -> None:
    records.context.update(jurisdiction="vietnam")
    page, dialog = _new_person(qtbot, records)
    assert not dialog.province.isEditable() and dialog.province.count() == 64
    assert dialog.province_label.text() == "Province where found or received"
    dialog.province.setCurrentIndex(dialog.province.findText("Lào Cai"))
    person_id = _save(qtbot, records, page, dialog)
    assert records.call(lambda s: s.people.get(person_id)).person.province == "10"
    assert "Lào Cai" in page.details.text()


def test_an_english_local_authority_typed_in(qtbot, records) -> None:
    page, dialog = _new_person(qtbot, records)
    assert dialog.province.isEditable()
    assert dialog.province_label.text() == "Local authority where found or received"
    dialog.province.setEditText("Cumbria")
    person_id = _save(qtbot, records, page, dialog)
    assert records.call(lambda s: s.people.get(person_id)).person.province == "Cumbria"
    assert "Found or received in" in page.details.text() and "Cumbria" in page.details.text()
