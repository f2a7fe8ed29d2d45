"""Table models (checked by pytest-qt's model tester) and the Vietnamese catalog."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.app.people import ChronologyEntry, PersonSummary
from desktop.app.tasks import TaskItem
from desktop.ui.i18n import catalog as i18n_catalog
from desktop.ui.models.chronology_model import KIND, WHAT, WHO, ChronologyModel
from desktop.ui.models.people_model import AGE, TASKS, PeopleModel
from desktop.ui.models.tasks_model import DUE, STATUS, TasksModel

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def _people() -> list[PersonSummary]:
    return [
        PersonSummary("p1", "Nguyễn Thị Hồng", "2011-04-02", None, False, 2, 1),
        PersonSummary("p2", "Trần Văn Đức", None, 16, True, 0, 0),
        PersonSummary("p3", "Clarke Amy", None, None, False, 1, 0),
    ]


def test_people_model(qtmodeltester) -> None:
    model = PeopleModel(today=date(2026, 3, 4))
    model.set_people(_people())
    qtmodeltester.check(model)
    assert model.data(model.index(0, AGE)) == "14"
    assert model.data(model.index(1, AGE)) == "~16 (estimated), age disputed"
    assert model.data(model.index(2, AGE)) == "Age not known"
    assert model.data(model.index(0, TASKS)) == "2 (1 overdue)"  # words, not colour alone
    assert model.data(model.index(0, TASKS), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(1, TASKS)) == "None"
    model.set_people([])
    qtmodeltester.check(model)


def _entries() -> list[ChronologyEntry]:
    return [
        ChronologyEntry("e2", "c1", "concern.recorded", "2026-03-02T09:00:00+00:00", "amy",
                        {"text": "Em kể bị giữ hộ chiếu"}),
        ChronologyEntry("e1", "p1", "person.registered", "2026-03-01T09:00:00+00:00", "lead",
                        {"code": "registered"}),
        ChronologyEntry("e3", "n1", "note.added", "2026-03-03T09:00:00+00:00", "ghost",
                        {"text": "Phoned social care"}),
    ]


def test_chronology_model(qtmodeltester) -> None:
    model = ChronologyModel()
    model.set_entries(_entries(), {"lead": "Lead", "amy": "Amy Bùi"})
    qtmodeltester.check(model)
    assert [model.data(model.index(r, KIND)) for r in range(3)] == [
        "Note", "Concern", "Registered"]
    assert model.data(model.index(1, WHAT)) == "Em kể bị giữ hộ chiếu"
    assert model.data(model.index(1, WHO)) == "Amy Bùi"
    assert model.data(model.index(0, WHO)) == "ghost"  # an unknown author shows the user name
    model.set_newest_first(False)
    qtmodeltester.check(model)
    assert model.data(model.index(0, KIND)) == "Registered"


def _task(task_id: str, due: datetime, done: bool = False) -> TaskItem:
    return TaskItem(task_id, "p1", "Nguyễn Thị Hồng", {"en": f"Task {task_id}", "vi": "Việc"},
                    due.isoformat(), "lead", "lead" if done else None,
                    NOW.isoformat() if done else None)


def test_tasks_model(qtmodeltester) -> None:
    model = TasksModel(clock=lambda: NOW)
    model.set_tasks([
        _task("a", NOW - timedelta(hours=3)),
        _task("b", NOW + timedelta(hours=5)),
        _task("c", NOW + timedelta(days=3)),
        _task("d", NOW - timedelta(days=1), done=True),
    ], {"lead": "Lead"})
    qtmodeltester.check(model)
    assert [model.data(model.index(r, STATUS)) for r in range(4)] == [
        "Overdue", "Due soon", "Upcoming", "Done"]
    assert model.data(model.index(0, DUE)).endswith("\n3 hours ago")
    assert model.data(model.index(1, DUE)).endswith("\nin 5 hours")
    assert model.data(model.index(2, DUE)).endswith("\nin 3 days")
    for row in (0, 1):
        assert model.data(model.index(row, STATUS), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.counts() == {"now": 0, "overdue": 1, "due_soon": 1, "later": 1, "done": 1}


def test_an_at_once_task_reads_now_for_its_grace_hour(qtmodeltester) -> None:
    """A task due the moment it is made is not late yet: "Now", then overdue after an hour."""
    model = TasksModel(clock=lambda: NOW)
    model.set_tasks([_task("a", NOW - timedelta(minutes=20)),
                     _task("b", NOW - timedelta(hours=2))])
    assert [model.data(model.index(r, STATUS)) for r in range(2)] == ["Now", "Overdue"]
    assert model.data(model.index(0, DUE)).endswith("\nnow")
    assert model.data(model.index(1, DUE)).endswith("\n2 hours ago")
    assert model.counts()["now"] == 1 and model.counts()["overdue"] == 1


MY_FILES = ("record_labels", "people_model", "chronology_model", "tasks_model",
            "concern_dialog", "person_dialog", "record_dialogs", "people_page", "tasks_page")


def _tr_calls(path: Path) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "tr" and len(node.args) >= 2
                and all(isinstance(a, ast.Constant) for a in node.args[:2])):
            found.add((node.args[0].value, node.args[1].value))
    return found


def test_every_records_string_has_a_vietnamese_translation() -> None:
    # Every catalogue file merged: new strings live in their own files.
    catalog = i18n_catalog("vi")
    missing = []
    for name in MY_FILES:
        path = next((ROOT / "desktop/ui").rglob(f"{name}.py"))
        for ctx, text in _tr_calls(path):
            if not str(catalog.get(ctx, {}).get(text, "")).strip():
                missing.append(f"{name}: [{ctx}] {text}")
    assert missing == []
    for ctx, messages in catalog.items():
        for source, target in messages.items():
            # Placeholders survive translation.
            for field in ("{n}", "{name}", "{time}", "{number}", "{age}", "{date}", "{total}"):
                assert (field in source) == (field in target), (ctx, source)
