"""The lead's overview (issue 18): what needs a lead's attention, every number a way in.

Each count is a button that fills the list below with the records behind it; the tables of
tasks by person and by staff member do the same for one person or one member of staff. A row
of the list opens its person (double-click or Enter). Referrals nothing came back from can have
their outcome recorded here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.app import oversight as ov
from desktop.app.exports import write_private
from desktop.domain.periods import parse_period
from desktop.domain.referral_outcomes import OUTCOME_LABELS, OUTCOMES
from desktop.printing.report_pdf import render_report
from desktop.ui import i18n, theme
from desktop.ui.editors.date_field import DateField
from desktop.ui.i18n import tr, trn
from desktop.ui.messages.errors import error_text
from desktop.ui.messages.record_labels import category_label
from desktop.ui.pages.concern_chart import ConcernChart
from desktop.ui.pages.report_dialog import PeriodicReportDialog
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import RefreshOnChange, TaskRunner

C = "OverviewPage"


def key_label(key: str, n: int) -> str:
    texts = {
        ov.OVERDUE: lambda: trn(C, "%n overdue tasks", n),
        ov.DUE_SOON: lambda: trn(C, "%n tasks due within 24 hours", n),
        ov.FORKS: lambda: trn(C, "%n records changed on two devices", n),
        ov.OLD_DRAFTS: lambda: trn(C, "%n unsaved drafts older than a day", n),
        ov.DISCLOSURES_UNREFERRED: lambda: trn(C, "%n disclosures not yet referred", n),
        ov.NO_OUTCOME: lambda: trn(C, "%n referrals with no outcome recorded", n),
        ov.NO_OUTCOME_LATE: lambda: trn(C, "%n referrals with nothing back in time: contact "
                                           "the agency again or re-refer", n),
        ov.AWAITING_CONCLUSIVE: lambda: trn(C, "%n NRM referrals awaiting a conclusive "
                                               "grounds decision", n),
        ov.RECENT_CONCERNS: lambda: trn(C, "%n concerns in the last 14 days", n),
        ov.INACTIVE: lambda: trn(C, "%n people with no activity for the chosen time", n),
    }
    return texts[key]()


class RecordOutcomeDialog(QDialog):
    """Which outcome came back, and when it was decided."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("RecordOutcomeDialog", "Record the referral's outcome"))
        form = QFormLayout(self)
        self.outcome = QComboBox()
        for code in OUTCOMES:
            self.outcome.addItem(OUTCOME_LABELS[code].get(i18n.current_language())
                                 or OUTCOME_LABELS[code]["en"], code)
        form.addRow(tr("RecordOutcomeDialog", "What the agency decided"), self.outcome)
        self.decided = DateField(QDate.currentDate())
        self.decided.setMaximumDate(QDate.currentDate())
        self.decided.setAccessibleName(tr("RecordOutcomeDialog", "Decided on"))
        form.addRow(tr("RecordOutcomeDialog", "Decided on"), self.decided)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        if self.decided.is_valid():  # otherwise the field says why, under itself
            super().accept()
        else:
            self.decided.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, date] | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        decided = dialog.decided.date()
        return str(dialog.outcome.currentData()), date(decided.year(), decided.month(),
                                                       decided.day())


def _local_time(stamp: str) -> str:
    """A stored UTC time as this computer's local time, to the minute."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setTabKeyNavigation(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class OverviewPage(QWidget):
    overview_loaded = Signal()
    open_person = Signal(str)
    outcome_recorded = Signal(str)  # referral id
    report_saved = Signal(str)  # the file written

    def __init__(self, runner: TaskRunner, context: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.context = context
        # Shown by the shell (which refreshes it); refreshed again when any job changes records.
        RefreshOnChange(self, runner, self.refresh)
        self.data: ov.Overview | None = None
        self.current_key = ""
        self.current_items: list[ov.Item] = []
        self._seq = 0
        self._build()
        self.retranslate()

    def _build(self) -> None:
        col = QVBoxLayout(self)
        theme.page_layout(col)
        self.heading = QLabel()
        theme.heading(self.heading)
        col.addWidget(self.heading)
        row = QHBoxLayout()
        self.days_label = QLabel()
        self.days = QSpinBox()
        self.days.setRange(7, 730)
        self.days.setValue(90)
        self.days_label.setBuddy(self.days)
        self.days.editingFinished.connect(self.refresh)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.report_button = QPushButton()
        self.report_button.clicked.connect(self.make_report)
        row.addWidget(self.days_label)
        row.addWidget(self.days)
        row.addStretch(1)
        row.addWidget(self.report_button)
        row.addWidget(self.refresh_button)
        col.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(theme.css("error"))
        self.message.hide()
        col.addWidget(self.message)

        top = QHBoxLayout()
        grid = QGridLayout()
        self.count_buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(ov.KEYS):
            button = QPushButton()
            button.setObjectName(f"count_{key}")
            button.setStyleSheet("text-align: left; padding: 3px 8px;")
            button.clicked.connect(lambda _c=False, k=key: self.show_list(k))
            grid.addWidget(button, i, 0)
            self.count_buttons[key] = button
        # The National Referral Mechanism is England's (the UK's): nothing awaits it elsewhere.
        self.count_buttons[ov.AWAITING_CONCLUSIVE].setVisible(
            self.context.jurisdiction == "england")
        top.addLayout(grid, 1)
        self.chart = ConcernChart()
        self.chart.set_jurisdiction(self.context.jurisdiction)
        top.addWidget(self.chart, 1)
        col.addLayout(top)

        groups = QHBoxLayout()
        self.by_person = _table(3)
        self.by_staff = _table(3)
        self.by_person.cellActivated.connect(lambda r, c: self._group_clicked("person", r, c))
        self.by_person.cellClicked.connect(lambda r, c: self._group_clicked("person", r, c))
        self.by_staff.cellActivated.connect(lambda r, c: self._group_clicked("staff", r, c))
        self.by_staff.cellClicked.connect(lambda r, c: self._group_clicked("staff", r, c))
        groups.addWidget(self.by_person)
        groups.addWidget(self.by_staff)
        col.addLayout(groups, 1)

        self.list_heading = QLabel()
        self.list_heading.setWordWrap(True)
        col.addWidget(self.list_heading)
        self.list = _table(4)
        self.list.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.list.activated.connect(lambda index: self._open_row(index.row()))
        self.list.itemSelectionChanged.connect(self._update_buttons)
        col.addWidget(self.list, 2)
        actions = QHBoxLayout()
        actions.addStretch(1)
        self.outcome_button = QPushButton()
        self.outcome_button.clicked.connect(self.record_outcome)
        actions.addWidget(self.outcome_button)
        col.addLayout(actions)

    def retranslate(self) -> None:
        self.heading.setText(tr(C, "Overview for leads"))
        self.days_label.setText(tr(C, "No activity for at least (days)"))
        self.refresh_button.setText(tr(C, "Refresh"))
        self.report_button.setText(tr(C, "Periodic report…"))
        self.outcome_button.setText(tr(C, "Record outcome…"))
        self.by_person.setAccessibleName(tr(C, "Tasks by person"))
        self.by_staff.setAccessibleName(tr(C, "Tasks by staff member"))
        self.list.setAccessibleName(tr(C, "Records behind the chosen number"))
        self.by_person.setHorizontalHeaderLabels(
            [tr(C, "Person"), tr(C, "Overdue"), tr(C, "Due soon")])
        self.by_staff.setHorizontalHeaderLabels(
            [tr(C, "Staff member"), tr(C, "Overdue"), tr(C, "Due soon")])
        self.list.setHorizontalHeaderLabels(
            [tr(C, "Person"), tr(C, "What"), tr(C, "When"), tr(C, "Staff member")])
        self.chart.setAccessibleName(tr("ConcernChart", "Concerns per month by category"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self._seq += 1
        seq = self._seq
        days = self.days.value()
        self.runner.run(lambda s: s.oversight.overview(inactive_days=days),
                        lambda data: self._loaded(seq, data), self._show_error)

    def _loaded(self, seq: int, data: ov.Overview) -> None:
        if seq != self._seq:
            return
        self.data = data
        self.message.hide()
        self._fill()
        self.overview_loaded.emit()

    def _fill(self) -> None:
        data = self.data
        if data is None:
            for key, button in self.count_buttons.items():
                button.setText(key_label(key, 0))
            return
        for key, button in self.count_buttons.items():
            button.setText(key_label(key, data.counts.get(key, 0)))
            button.setEnabled(data.counts.get(key, 0) > 0)
        self.chart.set_data(data.per_month)
        self._fill_group(self.by_person, data.task_groups.get(ov.PERSON, []))
        self._fill_group(self.by_staff, data.task_groups.get(ov.STAFF, []))
        if self.current_key:
            self.show_list(self.current_key)

    def _fill_group(self, table: QTableWidget, rows: list[tuple[str, str, int, int]]) -> None:
        """Counted by the vault (most overdue first, at most ov.GROUP_LIMIT rows)."""
        table.setRowCount(len(rows))
        for r, (k, name, overdue, soon) in enumerate(rows):
            first = QTableWidgetItem(name)
            first.setData(Qt.ItemDataRole.UserRole, k)
            table.setItem(r, 0, first)
            for c, n in enumerate((overdue, soon)):
                cell = QTableWidgetItem(str(n))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c + 1, cell)

    def _group_clicked(self, group: str, row: int, column: int) -> None:
        table = self.by_person if group == "person" else self.by_staff
        first = table.item(row, 0)
        if first is None or self.data is None:
            return
        k, who = str(first.data(Qt.ItemDataRole.UserRole)), first.text()
        key = ov.DUE_SOON if column == 2 else ov.OVERDUE
        self.runner.run(lambda s: s.oversight.open_tasks(key, group, k),
                        lambda items: self._show_items(key, items, who), self._show_error)

    # --- the list behind a number ---------------------------------------------------------
    def show_list(self, key: str) -> None:
        if self.data is None:
            return
        self._show_items(key, self.data.items.get(key, []), "")

    def _show_items(self, key: str, items: list[ov.Item], who: str) -> None:
        assert self.data is not None
        self.current_key, self.current_items = key, items
        total = self.data.counts.get(key, 0) if not who else len(items)
        heading = key_label(key, total)
        if who:
            heading += " · " + who
        # A table of thousands of rows helps nobody and takes seconds to fill: show the first.
        items = items[:ov.LIST_LIMIT]
        self.current_items = items
        if len(items) < total:
            heading += " · " + tr(C, "showing the first {n}").format(n=len(items))
        self.list_heading.setText(heading)
        lang = i18n.current_language()
        self.list.setRowCount(len(items))
        for r, item in enumerate(items):
            what = item.what.get(lang) or item.what.get("en", "")
            if key == ov.RECENT_CONCERNS:
                what = ", ".join(category_label(c.strip(), self.context.jurisdiction)
                                 for c in what.split(",") if c)
            for c, text in enumerate((item.person_name, what, _local_time(item.at),
                                      self.data.staff_names.get(item.staff, item.staff))):
                self.list.setItem(r, c, QTableWidgetItem(text))
        self._update_buttons()

    def selected_item(self) -> ov.Item | None:
        rows = self.list.selectionModel().selectedRows()
        return self.current_items[rows[0].row()] if rows else None

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.current_items) and self.current_items[row].person_id:
            self.open_person.emit(self.current_items[row].person_id)

    def _update_buttons(self) -> None:
        is_referral = self.current_key in ov.REFERRAL_KEYS
        self.outcome_button.setVisible(is_referral)
        self.outcome_button.setEnabled(is_referral and self.selected_item() is not None)

    def record_outcome(self) -> None:
        item = self.selected_item()
        if item is None or self.current_key not in ov.REFERRAL_KEYS:
            return
        answer = RecordOutcomeDialog.ask(self)
        if answer is None:
            return
        outcome, decided = answer
        referral_id = item.record_id
        self.runner.run(lambda s: s.oversight.record_outcome(referral_id, outcome, decided),
                        lambda _r: self._on_outcome(referral_id), self._show_error)
        self.context.record_activity()

    def _on_outcome(self, referral_id: str) -> None:
        self.outcome_recorded.emit(referral_id)
        self.refresh()

    # --- periodic report -------------------------------------------------------------------
    def make_report(self) -> None:
        answer = PeriodicReportDialog.ask(self)
        if answer is None:
            return
        period_text, lang = answer
        path = PeriodicReportDialog.ask_path(self, f"report-{period_text}.pdf")
        if path is None:
            return

        def job(s: Any) -> str:
            # Counted, rendered and written on the vault thread: nothing waits on the screen.
            report = s.oversight.report(parse_period(period_text))
            write_private(path, render_report(report, lang))
            return str(path)

        self.message.hide()
        self.runner.run(job, self._report_saved, self._show_error)
        self.context.record_activity()

    def _report_saved(self, path: str) -> None:
        self.list_heading.setText(tr(C, "Report saved: {path}").format(path=path))
        self.report_saved.emit(path)

    def _show_error(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))
        self.message.show()
