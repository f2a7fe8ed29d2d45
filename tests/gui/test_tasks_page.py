"""The task list: overdue first, in words and colour; marking done records who."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from records_fixtures import Records, sample_people

from PySide6.QtCore import Qt

from desktop.app.tasks import TaskItem
from desktop.domain.concerns import Concern
from desktop.ui import i18n
from desktop.ui.editors.record_dialogs import MarkDoneDialog
from desktop.ui.models.tasks_model import DUE, PERSON, STATUS, TASK, WHO
from desktop.ui.pages.tasks_page import TasksPage


def _page(qtbot, env: Records) -> TasksPage:
    # Earlier changes announced by the runner are delivered before the page exists.
    qtbot.waitUntil(lambda: env.runner.pending == 0)
    page = TasksPage(env.runner, env.context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    with qtbot.waitSignal(page.tasks_loaded):
        page.refresh()
    return page


def _cell(page: TasksPage, row: int, col: int) -> str:
    return str(page.model.data(page.model.index(row, col)))


def _record(env: Records, person_id: str, risk: bool = True) -> None:
    env.call(lambda s: s.concerns.record(Concern(
        person_id, "Seen getting into a car with two older men", datetime.now(UTC),
        categories=("cce",), immediate_risk=risk)))


def test_tasks_from_a_concern_appear_with_overdue_first(qtbot, records: Records) -> None:
    ids = sample_people(records)
    _record(records, ids["hong"])
    page = _page(qtbot, records)
    n = page.model.rowCount()
    assert n == 3  # recorded by the lead: no task to tell herself
    states = [_cell(page, r, STATUS) for r in range(n)]
    # "At once" tasks are due the moment the concern is saved: at the top, reading "Now"
    # (not late) for the grace hour.
    assert states[:1] == ["Now"]
    assert states[1:] == ["Upcoming", "Upcoming"] or "Due soon" in states[1:]
    assert {_cell(page, r, PERSON) for r in range(n)} == {"Thị Hồng Nguyễn"}  # England order
    assert _cell(page, 0, DUE).endswith("\nnow")
    assert page.model.data(page.model.index(0, STATUS), Qt.ItemDataRole.BackgroundRole)
    assert "1 to do now" in page.summary.text() and "overdue" not in page.summary.text()


def test_marking_a_task_done_removes_it_and_records_who(qtbot, records: Records,
                                                        monkeypatch) -> None:
    ids = sample_people(records)
    _record(records, ids["duc"], risk=False)
    page = _page(qtbot, records)
    before = page.model.rowCount()
    page.table.selectRow(0)
    title = _cell(page, 0, TASK)
    asked: list[str] = []

    def fake_ask(cls, parent, task_title: str) -> str:
        asked.append(task_title)
        return "Đã báo cho cô Lan lúc 21:50"

    monkeypatch.setattr(MarkDoneDialog, "ask", classmethod(fake_ask))
    with qtbot.waitSignal(page.task_completed, timeout=5000), \
            qtbot.waitSignal(page.tasks_loaded, timeout=5000):
        page.done_button.click()
    assert asked == [title]
    assert page.model.rowCount() == before - 1
    assert title not in [_cell(page, r, TASK) for r in range(page.model.rowCount())]
    done = [t for t in records.call(lambda s: s.tasks.list(include_done=True)) if t.done_at]
    assert [(t.title_in("en"), t.done_by) for t in done] == [(title, "lead")]

    with qtbot.waitSignal(page.tasks_loaded):
        page.show_done.setChecked(True)
    last = page.model.rowCount() - 1
    assert _cell(page, last, STATUS) == "Done"
    assert _cell(page, last, WHO).startswith("Done by Lead, ")
    # Completing is an event in the person's chronology too.
    kinds = [e.kind for e in records.call(lambda s: s.people.chronology(ids["duc"], "tasks"))]
    assert "task.done" in kinds


def test_cancelling_mark_done_changes_nothing(qtbot, records: Records, monkeypatch) -> None:
    ids = sample_people(records)
    _record(records, ids["amy"], risk=False)
    page = _page(qtbot, records)
    page.table.selectRow(0)
    monkeypatch.setattr(MarkDoneDialog, "ask", classmethod(lambda cls, parent, title: None))
    page.done_button.click()
    assert records.runner.pending == 0
    assert all(t.done_at is None for t in records.call(lambda s: s.tasks.list()))


def test_no_selection_disables_mark_done_and_empty_list_says_so(qtbot, records: Records
                                                               ) -> None:
    page = _page(qtbot, records)
    assert not page.done_button.isEnabled()
    assert page.summary.text() == "No open tasks."


def test_switching_language_retranslates_tasks(qtbot, records: Records) -> None:
    ids = sample_people(records)
    _record(records, ids["hong"])
    page = _page(qtbot, records)
    i18n.set_language("vi")
    qtbot.waitUntil(lambda: page.heading.text() == "Công việc và thời hạn")
    assert _cell(page, 0, STATUS) == "Làm ngay"
    titles = [_cell(page, r, TASK) for r in range(page.model.rowCount())]
    assert any(t.startswith("Gọi ngay cảnh sát theo số 999") for t in titles)
    assert "1 việc cần làm ngay" in page.summary.text()


def test_staff_cannot_mark_a_lead_task_done(qtbot, staff_runner, staff_context) -> None:
    from desktop.domain.people import Person

    person = Person(given_names="Văn Đức", family_name="Trần", estimated_age=16)
    person_id = staff_runner.call(lambda s: s.people.register(person))
    staff_runner.call(lambda s: s.concerns.record(Concern(
        person_id, "Said he owes money to the men who drove him", datetime.now(UTC),
        categories=("cce",))))
    page = TasksPage(staff_runner, staff_context)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.tasks_loaded):
        page.refresh()
    for row in range(page.model.rowCount()):
        page.table.selectRow(row)
        task = page.model.task(row)
        assert task is not None
        assert page.done_button.isEnabled() == (task.assignee_role == "staff")
        if task.assignee_role == "lead":
            assert "Only a safeguarding lead" in page.done_button.toolTip()


def _task(task_id: str, person: tuple[str, str], rule: str, due: datetime,
          assignee: str = "lead", created_by: str = "lead") -> TaskItem:
    return TaskItem(task_id, person[0], person[1], {"en": f"Do {rule}", "vi": f"Làm {rule}"},
                    due.isoformat(), assignee, None, None, rule, None, created_by)


def test_filters_narrow_a_long_list_by_keyboard(qtbot, records: Records) -> None:
    """A lead with dozens of tasks: mine, by person, by kind and overdue, each reachable from
    the keyboard and named for a screen reader."""
    page = _page(qtbot, records)
    now = datetime.now(UTC)
    hong, duc = ("p1", "Nguyễn Thị Hồng"), ("p2", "Trần Văn Đức")
    tasks = [
        _task("a", hong, "call_police", now - timedelta(days=2)),
        _task("b", hong, "refer", now + timedelta(days=3)),
        _task("c", duc, "refer", now - timedelta(days=1), assignee="staff", created_by="amy"),
        _task("d", duc, "review", now + timedelta(days=5), assignee="staff", created_by="amy"),
        _task("e", duc, "call_police", now - timedelta(minutes=5)),  # "now", not overdue
    ]
    page._on_tasks(page._seq, tasks, {})
    assert page.model.rowCount() == 5

    def shown() -> set[str]:
        return {page.model.task(r).id for r in range(page.model.rowCount())}  # type: ignore

    # Overdue only: the "now" task is not late.
    page.overdue_only.setFocus()
    qtbot.keyClick(page.overdue_only, Qt.Key.Key_Space)
    assert shown() == {"a", "c"}
    assert "3 more not shown by the filters" in page.summary.text()
    qtbot.keyClick(page.overdue_only, Qt.Key.Key_Space)
    # Mine (a lead): tasks for the lead's role and tasks from her records.
    qtbot.keyClick(page.mine, Qt.Key.Key_Space)
    assert shown() == {"a", "b", "e"}
    qtbot.keyClick(page.mine, Qt.Key.Key_Space)
    # By person, from the keyboard.
    page.person_filter.setFocus()
    assert page.person_filter.itemText(0) == "Everyone"
    qtbot.keyClick(page.person_filter, Qt.Key.Key_Down)
    assert page.person_filter.currentText() == "Nguyễn Thị Hồng"
    assert shown() == {"a", "b"}
    qtbot.keyClick(page.person_filter, Qt.Key.Key_Up)
    assert shown() == {"a", "b", "c", "d", "e"}
    # By kind.
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("refer"))
    assert shown() == {"b", "c"}
    # Every filter is in the Tab chain, named, and its label is its buddy.
    for widget in (page.mine, page.overdue_only, page.person_filter, page.kind_filter):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert widget.accessibleName() or widget.text()  # type: ignore[attr-defined]
    assert page.person_label.buddy() is page.person_filter
    # The choice survives a refresh.
    page._on_tasks(page._seq, tasks, {})
    assert shown() == {"b", "c"}
