"""The fast entry table for a group: one row per person, keyboard first.

Typing on a cell starts editing it; Enter saves the cell and moves on to the next one (the
first cell of the next row after the last column), so a whole list is typed without the
mouse. Tab leaves the table. Ctrl+V pastes a list: one person per line, cells separated by
tabs (a spreadsheet) or, for a plain list of names, one name per line. There is always an
empty row at the end to type into.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.domain.groups import MemberRow, RowProblem, nfc, parse_row
from desktop.ui import theme
from desktop.ui.i18n import tr

C = "GroupIntake"
# Data columns, in order; the last column (child) is worked out, never typed.
COLUMNS = ("name", "sex", "birth_year", "ethnicity", "home_town", "languages", "interpreter",
           "accompanies", "documents", "needs")
CHILD_COLUMN = len(COLUMNS)


def column_titles() -> list[str]:
    return [tr(C, "Full name"), tr(C, "Sex"), tr(C, "Year of birth or age"),
            tr(C, "Ethnic group"), tr(C, "Home town"), tr(C, "Languages"),
            tr(C, "Interpreter"), tr(C, "With adult no."), tr(C, "Documents"),
            tr(C, "Immediate needs"), tr(C, "Child")]


def problem_text(code: str) -> str:
    texts = {
        "name_required": tr(C, "A full name is needed."),
        "sex_invalid": tr(C, "Sex: type nam, nữ, m or f."),
        "age_invalid": tr(C, "Year of birth or age: type a year (2009), an age (15), or ? "
                             "when the age is disputed."),
        "accompanies_unknown": tr(C, "With adult no.: give the number of an adult in this "
                                     "list."),
    }
    return texts.get(code, tr(C, "Please check this row."))


class GroupEntryTable(QTableWidget):
    """The entry grid. `rows_changed` fires after any edit or paste."""

    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS) + 1, parent)
        self.setObjectName("groupEntryTable")
        self.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.verticalHeader().setVisible(True)
        self._filling = False
        self.itemChanged.connect(self._item_changed)
        self.retranslate()
        self._ensure_blank_row()
        self.refresh_marks()
        self.setCurrentCell(0, 0)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(column_titles())
        self.resizeColumnsToContents()
        for c in range(self.columnCount()):  # room for "nam", "~15?", short words
            self.setColumnWidth(c, max(self.columnWidth(c), 72))
        self.setColumnWidth(0, max(self.columnWidth(0), 200))  # full names with diacritics
        self.setAccessibleName(tr(C, "People in the group, one row each"))
        self.refresh_marks()

    # --- reading ---------------------------------------------------------------------------
    def row_values(self, row: int) -> dict[str, str]:
        values: dict[str, str] = {}
        for c, key in enumerate(COLUMNS):
            item = self.item(row, c)
            values[key] = item.text() if item is not None else ""
        return values

    def filled_rows(self) -> list[int]:
        return [r for r in range(self.rowCount())
                if any(v.strip() for v in self.row_values(r).values())]

    def contents(self) -> list[dict[str, str]]:
        """What was typed, row by row (empty rows left out): kept as the draft."""
        return [self.row_values(r) for r in self.filled_rows()]

    def members(self, today: date) -> tuple[list[MemberRow], list[tuple[int, str]]]:
        """The rows read as members, and the problems as (row number, code)."""
        members: list[MemberRow] = []
        problems: list[tuple[int, str]] = []
        for r in self.filled_rows():
            try:
                members.append(parse_row(self.row_values(r), today))
            except RowProblem as problem:
                problems.append((r + 1, problem.code))
        return members, problems

    # --- writing ---------------------------------------------------------------------------
    def load(self, rows: list[dict[str, str]]) -> None:
        self._filling = True
        try:
            self.setRowCount(0)
            for values in rows:
                r = self.rowCount()
                self.insertRow(r)
                for c, key in enumerate(COLUMNS):
                    self.setItem(r, c, QTableWidgetItem(nfc(values.get(key, ""))))
        finally:
            self._filling = False
        self._ensure_blank_row()
        self.refresh_marks()
        self.rows_changed.emit()

    def paste_text(self, text: str) -> int:
        """Paste a list at the current cell; returns how many rows it filled."""
        lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
                 if line.strip()]
        if not lines:
            return 0
        start_row = max(self.currentRow(), 0)
        start_col = max(self.currentColumn(), 0) if "\t" in text else 0
        self._filling = True
        try:
            for i, line in enumerate(lines):
                r = start_row + i
                while r >= self.rowCount():
                    self.insertRow(self.rowCount())
                for j, cell in enumerate(line.split("\t")):
                    c = start_col + j
                    if c < len(COLUMNS):
                        self.setItem(r, c, QTableWidgetItem(nfc(cell)))
        finally:
            self._filling = False
        self._ensure_blank_row()
        self.refresh_marks()
        self.setCurrentCell(start_row + len(lines), 0)
        self.rows_changed.emit()
        return len(lines)

    def _ensure_blank_row(self) -> None:
        if self.rowCount() == 0 or any(
                v.strip() for v in self.row_values(self.rowCount() - 1).values()):
            self._filling = True
            try:
                r = self.rowCount()
                self.insertRow(r)
                for c in range(len(COLUMNS)):
                    self.setItem(r, c, QTableWidgetItem(""))
                child = QTableWidgetItem("")
                child.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.setItem(r, CHILD_COLUMN, child)
            finally:
                self._filling = False

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        text = item.text()
        if text != nfc(text) and item.column() < len(COLUMNS):
            self._filling = True
            item.setText(nfc(text))
            self._filling = False
        self._ensure_blank_row()
        self.refresh_marks()
        self.rows_changed.emit()

    def refresh_marks(self) -> None:
        """Mark children (and disputed or unknown ages) at once, and rows that cannot be
        read."""
        if self._filling:
            return
        today = date.today()
        self._filling = True
        try:
            for r in range(self.rowCount()):
                values = self.row_values(r)
                child_item = self.item(r, CHILD_COLUMN)
                if child_item is None:
                    child_item = QTableWidgetItem("")
                    child_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    self.setItem(r, CHILD_COLUMN, child_item)
                if not any(v.strip() for v in values.values()):
                    child_item.setText("")
                    self._paint(r, QBrush(), "")
                    continue
                try:
                    member = parse_row(values, today)
                except RowProblem as problem:
                    child_item.setText("")
                    self._paint(r, QBrush(theme.background("danger")), problem_text(problem.code))
                    continue
                child = member.is_child(today)
                child_item.setText(tr(C, "Child") if child else "")
                self._paint(r, QBrush(theme.background("caution")) if child else QBrush(),
                            tr(C, "Treated as a child: under 18, or age disputed or not "
                                  "known.") if child else "")
            self._name_blank_cells()
        finally:
            self._filling = False

    def _name_blank_cells(self) -> None:
        """A screen reader says 'Full name: blank' on an empty cell, rather than nothing; a
        cell with text is read by its text (an empty accessible text lets it through)."""
        titles = column_titles()
        for r in range(self.rowCount()):
            for c in range(self.columnCount()):
                item = self.item(r, c)
                if item is not None:
                    blank = tr(C, "{column}: blank").format(
                        column=titles[c] if c < len(titles) else "")
                    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                                 "" if item.text().strip() else blank)

    def _paint(self, row: int, brush: QBrush, tip: str) -> None:
        for c in range(self.columnCount()):
            item = self.item(row, c)
            if item is not None:
                item.setBackground(brush)
                item.setToolTip(tip)

    # --- keyboard --------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_text(QGuiApplication.clipboard().text())
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.state() != QAbstractItemView.State.EditingState:
            self.move_on()
            return
        if event.key() == Qt.Key.Key_Delete and \
                self.state() != QAbstractItemView.State.EditingState:
            item = self.currentItem()
            if item is not None and self.currentColumn() < len(COLUMNS):
                item.setText("")
            return
        super().keyPressEvent(event)

    def move_on(self) -> None:
        """To the next cell; after the last column, the first cell of the next row."""
        r, c = max(self.currentRow(), 0), max(self.currentColumn(), 0)
        if c + 1 < len(COLUMNS):
            self.setCurrentCell(r, c + 1)
            return
        self._ensure_blank_row()
        self.setCurrentCell(min(r + 1, self.rowCount() - 1), 0)

    def closeEditor(self, editor: QWidget,  # noqa: N802 - Qt override
                    hint: QAbstractItemDelegate.EndEditHint) -> None:
        # Enter in an editor ends the edit with SubmitModelCache: move on as well.
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.move_on()
