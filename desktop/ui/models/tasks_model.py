"""Tasks across people: overdue and due-soon stand out in colour and in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from desktop.app.tasks import TaskItem
from desktop.ui import theme
from desktop.ui.i18n import current_language, tr
from desktop.ui.messages.record_labels import local_time_text, parse_time, relative_text, role_label

Index = QModelIndex | QPersistentModelIndex

STATUS, DUE, PERSON, WHO, TASK = range(5)  # the long title last: it stretches
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2

# Colour is never the only signal: the status column says it in words too.
COLOURS = {  # state: (theme text colour, theme background)
    "overdue": ("error", "danger"),
    "due_soon": ("warning", "caution"),
    "now": ("warning", "caution"),
}


def _utc_now() -> datetime:
    return datetime.now(UTC)


class TasksModel(QAbstractTableModel):
    def __init__(self, clock: Callable[[], datetime] = _utc_now) -> None:
        super().__init__()
        self._tasks: list[TaskItem] = []
        self._clock = clock
        self._now = clock()
        self._names: dict[str, str] = {}

    def set_tasks(self, tasks: list[TaskItem], names: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._now = self._clock()
        self._tasks = list(tasks)
        if names is not None:
            self._names = dict(names)
        self.endResetModel()

    def clock(self) -> datetime:
        return self._clock()

    def task(self, row: int) -> TaskItem | None:
        return self._tasks[row] if 0 <= row < len(self._tasks) else None

    def state(self, row: int) -> str:
        task = self.task(row)
        return task.state(self._now) if task else ""

    def counts(self) -> dict[str, int]:
        result = {"now": 0, "overdue": 0, "due_soon": 0, "later": 0, "done": 0}
        for t in self._tasks:
            result[t.state(self._now)] += 1
        return result

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._tasks:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._tasks) - 1, self.columnCount() - 1))

    @staticmethod
    def state_text(state: str) -> str:
        return {"now": tr("TasksModel", "Now"),
                "overdue": tr("TasksModel", "Overdue"),
                "due_soon": tr("TasksModel", "Due soon"),
                "later": tr("TasksModel", "Upcoming"),
                "done": tr("TasksModel", "Done")}.get(state, state)

    # --- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._tasks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {STATUS: tr("TasksModel", "Status"), DUE: tr("TasksModel", "Due"),
                TASK: tr("TasksModel", "Task"), PERSON: tr("TasksModel", "Person"),
                WHO: tr("TasksModel", "For / done by")}.get(section)

    def _display(self, t: TaskItem, col: int) -> str:
        state = t.state(self._now)
        if col == STATUS:
            return self.state_text(state)
        if col == DUE:
            due = parse_time(t.due)
            if state == "done":
                return local_time_text(t.due)
            if state == "now":  # an at-once task within its grace hour: not late yet
                return f"{local_time_text(t.due)}\n{tr('TasksModel', 'now')}"
            # Two lines, so the task's own words keep the width.
            return f"{local_time_text(t.due)}\n{relative_text(due, self._now)}"
        if col == TASK:
            return t.title_in(current_language())
        if col == PERSON:
            return t.person_name
        if col == WHO:
            if t.done_at:
                return tr("TasksModel", "Done by {name}, {time}").format(
                    name=self._names.get(t.done_by or "", t.done_by or ""),
                    time=local_time_text(t.done_at))
            return role_label(t.assignee_role)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tasks):
            return None
        t = self._tasks[index.row()]
        col = index.column()
        state = t.state(self._now)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(t, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == TASK:
            return t.title_in(current_language())
        if role == TASK_ID_ROLE:
            return t.id
        if role == STATE_ROLE:
            return state
        if state in COLOURS and col in (STATUS, DUE):
            fg, bg = COLOURS[state]
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(theme.colour(fg))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(theme.background(bg))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if state == "done" and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(theme.colour("muted"))
        return None
