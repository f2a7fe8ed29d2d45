"""A dialog closed with Escape keeps its draft, and now says so and shows it: a notice, a
Drafts count in the status bar, and a line on the person's page that reopens it."""

from __future__ import annotations

from records_fixtures import Records

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.editors.concern_dialog import ConcernDialog
from desktop.ui.pages.drafts_view import DraftsDialog
from desktop.ui.shell.main_window import MainWindow


def _window(qtbot, env: Records) -> MainWindow:
    qtbot.waitUntil(lambda: env.runner.pending == 0)
    w = MainWindow(env.runner, env.context)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: env.runner.pending == 0)
    return w


def _concern_escaped(qtbot, env: Records, w: MainWindow, person_id: str) -> None:
    people = w.section("people")
    with qtbot.waitSignal(people.person_loaded):
        people.select_person(person_id)
    dialog = people.record_concern()
    assert isinstance(dialog, ConcernDialog)
    qtbot.waitUntil(lambda: env.runner.pending == 0)
    dialog.text.setFocus()
    qtbot.keyClicks(dialog.text, "Seen with two older men at the bus station")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: env.runner.pending == 0)


def test_escape_keeps_the_draft_and_says_where_it_is(qtbot, records: Records) -> None:
    person_id = records.add_person(given_names="Leah", family_name="Thompson")
    w = _window(qtbot, records)
    assert not w.drafts_button.isVisible()  # no drafts: no count
    _concern_escaped(qtbot, records, w, person_id)
    assert w.statusBar().currentMessage().startswith("Kept as a draft.")
    qtbot.waitUntil(lambda: w.drafts_button.isVisible())
    assert w.drafts_button.text() == "Drafts: 1"
    line = w.person_drafts
    qtbot.waitUntil(lambda: line.isVisible())
    assert "Unsaved concern draft" in line.text() and ">open</a>" in line.text()
    assert line.accessibleName() == "Unsaved concern draft"
    # "open" brings the concern back with what was typed.
    line.linkActivated.emit("concern")
    people = w.section("people")
    dialog = people.editors[-1]
    assert isinstance(dialog, ConcernDialog)
    qtbot.waitUntil(lambda: dialog.text.toPlainText().startswith("Seen with two older men"))


def test_drafts_list_opens_the_persons_draft(qtbot, records: Records, monkeypatch) -> None:
    person_id = records.add_person(given_names="Amy", family_name="Clarke")
    w = _window(qtbot, records)
    _concern_escaped(qtbot, records, w, person_id)
    qtbot.waitUntil(lambda: w.drafts_button.isVisible())
    seen: list[list[str]] = []

    def choose_first(cls, parent, drafts):
        dialog = cls(drafts, parent)
        qtbot.addWidget(dialog)
        seen.append([dialog.list.item(r).text() for r in range(dialog.list.count())])
        return dialog.chosen()

    monkeypatch.setattr(DraftsDialog, "ask", classmethod(choose_first))
    people = w.section("people")
    people.table.clearSelection()
    w.show_section_key("tasks")
    w.drafts_action.trigger()  # Ctrl+Shift+D
    assert seen and seen[0][0].startswith("Unsaved concern draft · ")
    assert "Amy" in seen[0][0] and "Clarke" in seen[0][0]
    qtbot.waitUntil(lambda: bool(people.editors) and isinstance(people.editors[-1],
                                                                  ConcernDialog))
    assert w.pages.currentWidget() is people
    dialog = people.editors[-1]
    qtbot.waitUntil(lambda: dialog.text.toPlainText().startswith("Seen with two older men"))
    assert QApplication.instance() is not None
