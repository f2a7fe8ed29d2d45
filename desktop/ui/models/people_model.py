"""The people: name, age, open tasks (overdue ones stand out in colour and in words). The People
page shows it as a list (pages/people_list.py paints each row from `status_parts`); the columns
stay for the accessible text and for any table that shows it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QAbstractItemView

from desktop.app.people import PersonSummary
from desktop.ui import theme
from desktop.ui.i18n import tr
from desktop.ui.messages.record_labels import age_text

Index = QModelIndex | QPersistentModelIndex


# Open tasks before age: the count is what a lead scans for, and age text can be long.
NAME, TASKS, AGE = range(3)
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PeopleModel(QAbstractTableModel):
    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._rows: list[PersonSummary] = []
        self._today = today

    # --- data in ---------------------------------------------------------------------------
    def set_people(self, people: list[PersonSummary]) -> None:
        self.beginResetModel()
        self._rows = list(people)
        self.endResetModel()

    def person(self, row: int) -> PersonSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, person_id: str) -> int:
        for i, p in enumerate(self._rows):
            if p.id == person_id:
                return i
        return -1

    def status_parts(self, row: int) -> tuple[str, str]:
        """(age, open tasks) in words, for the line under a person's name."""
        p = self.person(row)
        if p is None:
            return "", ""
        age = age_text(p.date_of_birth, p.estimated_age, p.age_disputed,
                       self._today or date.today())
        if p.overdue_tasks:
            tasks = tr("PeopleList", "open tasks: {open}, {overdue} overdue").format(
                open=p.open_tasks, overdue=p.overdue_tasks)
        elif p.open_tasks:
            tasks = tr("PeopleList", "open tasks: {open}").format(open=p.open_tasks)
        else:
            tasks = tr("PeopleList", "no open tasks")
        return age, tasks

    def row_text(self, row: int) -> str:
        """A person's row as one sentence: what a screen reader says and the tooltip shows."""
        p = self.person(row)
        if p is None:
            return ""
        age, tasks = self.status_parts(row)
        return f"{p.display_name}. {age}; {tasks}."

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, self.columnCount() - 1))

    # --- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {NAME: tr("PeopleModel", "Name"), AGE: tr("PeopleModel", "Age"),
                TASKS: tr("PeopleModel", "Open tasks")}.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        p = self._rows[index.row()]
        col = index.column()
        overdue = p.overdue_tasks > 0
        if col == NAME and role in (Qt.ItemDataRole.AccessibleTextRole,
                                    Qt.ItemDataRole.ToolTipRole):
            return self.row_text(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == NAME:
                return p.display_name
            if col == AGE:
                return age_text(p.date_of_birth, p.estimated_age, p.age_disputed,
                                self._today or date.today())
            if col == TASKS:
                if overdue:
                    return tr("PeopleModel", "{open} ({overdue} overdue)").format(
                        open=p.open_tasks, overdue=p.overdue_tasks)
                return str(p.open_tasks) if p.open_tasks else tr("PeopleModel", "None")
        if role == PERSON_ID_ROLE:
            return p.id
        if role == Qt.ItemDataRole.ForegroundRole and overdue and col == TASKS:
            return QBrush(theme.colour("error"))
        if role == Qt.ItemDataRole.BackgroundRole and overdue and col == TASKS:
            return QBrush(theme.background("danger"))
        if role == Qt.ItemDataRole.FontRole and overdue and col == TASKS:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == TASKS and overdue:
            return tr("PeopleModel", "Some tasks for this person are past their deadline.")
        return None


def choose_current_row(view: QAbstractItemView, busy: Callable[[], bool]) -> None:
    """Keyboard users land on a person: Tab into the list makes its first row current but
    chooses nothing, and Down from a lone match moves nowhere, so the current row is chosen
    whenever it changes (not while the page itself is selecting, `busy`)."""
    def chosen(current: QModelIndex, _previous: QModelIndex) -> None:
        rows = view.selectionModel()
        if current.isValid() and not busy() and not rows.isRowSelected(current.row()):
            rows.select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows)

    view.selectionModel().currentRowChanged.connect(chosen)
