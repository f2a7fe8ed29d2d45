"""Icons on the main actions (issue 16): the People page, the Tasks page, the Groups page and a
person's Timeline window each show a drawing beside the words of their main actions, and the
words (what a screen reader says) stay."""

from __future__ import annotations

from records_fixtures import Records

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QAbstractButton

from desktop.ui.pages.group_page import GroupPage
from desktop.ui.pages.people_page import PeoplePage
from desktop.ui.pages.tasks_page import TasksPage


def _drawn(icon: QIcon) -> bool:
    """A real drawing: not a null icon, and some pixels inked at button size."""
    if icon.isNull():
        return False
    image = icon.pixmap(QSize(16, 16)).toImage()
    return any(image.pixelColor(x, y).alpha() > 0 for x in range(16) for y in range(16))


def _missing(targets: dict[str, QAbstractButton | QAction]) -> list[str]:
    return [name for name, target in targets.items()
            if not _drawn(target.icon()) or not target.text()]


def test_every_main_action_has_an_icon_beside_its_words(qtbot, records: Records) -> None:
    qtbot.waitUntil(lambda: records.runner.pending == 0)
    person = records.add_person(given_names="Leah", family_name="Thompson")
    people = PeoplePage(records.runner, records.context)
    qtbot.addWidget(people)
    people.show()
    with qtbot.waitSignal(people.person_loaded, timeout=10000):
        people.select_person(person)
    tasks = TasksPage(records.runner, records.context)
    groups = GroupPage(records.runner, records.context)
    for page in (tasks, groups):
        qtbot.addWidget(page)
    timeline = people.show_timeline()
    assert timeline is not None
    qtbot.waitUntil(lambda: records.runner.pending == 0)

    assert _missing({a.text(): a for a in people.menu_actions()}) == []
    assert _missing({"new": people.new_button, "concern": people.concern_button,
                     "timeline": people.timeline_button}) == []
    assert _missing({"done": tasks.done_button, "done action": tasks.done_action}) == []
    assert _missing({b.text(): b for b in (
        groups.receive_button, groups.receive_action, groups.checklist_button,
        groups.disclosure_button, groups.person_button, groups.edit_member_button,
        groups.sign_button, groups.amend_button, groups.add_member_button,
        groups.hand_over_button, groups.export_button, groups.print_reception_button,
        groups.print_button)}) == []
    assert _missing({"outcome": timeline.outcome_button}) == []
    # The words are unchanged: the icon is beside them, not instead of them.
    assert tasks.done_button.text() == "Mark done…"
    assert groups.sign_button.text() == "Sign the reception record"
    assert timeline.outcome_button.text() == "Record the referral's outcome…"
    timeline.reject()
