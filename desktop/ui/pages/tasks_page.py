"""Tasks and deadlines across everyone the user may read; overdue ones first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.app.tasks import TaskItem
from desktop.domain.roles import Role, may_complete_lead_tasks
from desktop.ui import i18n, shortcuts, theme
from desktop.ui.editors.record_dialogs import MarkDoneDialog
from desktop.ui.i18n import tr, trn
from desktop.ui.icons import give_icon
from desktop.ui.messages.errors import error_text
from desktop.ui.models.tasks_model import DUE, PERSON, STATUS, TASK, WHO, TasksModel
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import RefreshOnChange, TaskRunner


class TasksPage(QWidget):
    tasks_loaded = Signal()
    task_completed = Signal(str)  # task id
    open_person = Signal(str)  # person id (double-click), for the main window to show

    def __init__(self, runner: TaskRunner, context: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        RefreshOnChange(self, runner, self.refresh)
        self.context = context
        self.model = TasksModel()
        self._seq = 0
        self._all: list[TaskItem] = []
        self._names: dict[str, str] = {}
        self._build()
        self.retranslate()
        self._update_buttons()

    def _build(self) -> None:
        col = QVBoxLayout(self)
        theme.page_layout(col)
        self.heading = QLabel()
        theme.heading(self.heading)
        col.addWidget(self.heading)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        col.addWidget(self.summary)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(theme.css("error"))
        self.message.hide()
        col.addWidget(self.message)

        # Filters: a lead sees every open task in the organisation, far too many to read as
        # one list; these narrow it to what she came for.
        filters = QHBoxLayout()
        self.mine = QCheckBox()
        self.overdue_only = QCheckBox()
        self.person_filter = QComboBox()
        self.kind_filter = QComboBox()
        self.person_label, self.kind_label = QLabel(), QLabel()
        self.person_label.setBuddy(self.person_filter)
        self.kind_label.setBuddy(self.kind_filter)
        for box in (self.mine, self.overdue_only):
            box.toggled.connect(lambda _c: self._apply_filters())
        for combo in (self.person_filter, self.kind_filter):
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(lambda _i: self._apply_filters())
        filters.addWidget(self.mine)
        filters.addWidget(self.overdue_only)
        filters.addSpacing(12)
        filters.addWidget(self.person_label)
        filters.addWidget(self.person_filter, 1)
        filters.addWidget(self.kind_label)
        filters.addWidget(self.kind_filter, 1)
        col.addLayout(filters)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for c in (STATUS, DUE, PERSON, WHO):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TASK, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.doubleClicked.connect(self._on_double_click)
        col.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.show_done = QCheckBox()
        self.show_done.toggled.connect(lambda _c: self.refresh())
        self.done_action = QAction(self)
        self.done_action.setShortcut(shortcuts.key("mark_done"))
        self.done_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.done_action.triggered.connect(self.mark_done)
        self.addAction(self.done_action)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.done_action.trigger)
        give_icon(self.done_action, "done")
        give_icon(self.done_button, "done")
        row.addWidget(self.show_done)
        row.addStretch(1)
        row.addWidget(self.done_button)
        col.addLayout(row)

    def menu_actions(self) -> list[QAction]:
        return [self.done_action]

    def retranslate(self) -> None:
        self.heading.setText(tr("TasksPage", "Tasks and deadlines"))
        self.table.setAccessibleName(tr("TasksPage", "Tasks"))
        self.show_done.setText(tr("TasksPage", "Show done tasks"))
        self.mine.setText(tr("TasksPage", "&Mine only"))
        self.mine.setToolTip(tr("TasksPage", "Tasks for your role and tasks from records you "
                                             "wrote"))
        self.overdue_only.setText(tr("TasksPage", "&Overdue only"))
        self.person_label.setText(tr("TasksPage", "&Person"))
        self.kind_label.setText(tr("TasksPage", "&Kind"))
        self.person_filter.setAccessibleName(tr("TasksPage", "Show tasks for"))
        self.kind_filter.setAccessibleName(tr("TasksPage", "Show tasks of kind"))
        self._fill_filters()
        self.done_action.setText(tr("TasksPage", "Mark done…"))
        self.done_button.setText(tr("TasksPage", "Mark done…"))
        self.model.retranslate()
        self._update_summary()
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self._seq += 1
        seq = self._seq
        include_done = self.show_done.isChecked()

        def job(s: Any) -> tuple[list[TaskItem], dict[str, str]]:
            names = {u.username: u.display_name for u in s.users.list()}
            return s.tasks.list(include_done=include_done), names

        self.runner.run(job, lambda r: self._on_tasks(seq, *r), self._show_error)

    def _on_tasks(self, seq: int, tasks: list[TaskItem], names: dict[str, str]) -> None:
        if seq != self._seq:
            return
        self._all, self._names = list(tasks), names
        self._fill_filters()
        self._apply_filters()
        self.tasks_loaded.emit()

    def _fill_filters(self) -> None:
        """The person and kind lists hold what the loaded tasks have; the choice survives a
        refresh while it still exists."""
        language = i18n.current_language()
        people = sorted({(t.person_name, t.person_id) for t in self._all})
        kinds = sorted({(t.title_in(language), t.rule_id or t.title_in("en"))
                        for t in self._all})
        for combo, everyone, items in (
                (self.person_filter, tr("TasksPage", "Everyone"), people),
                (self.kind_filter, tr("TasksPage", "Every kind"), kinds)):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
            for text, key in items:
                combo.addItem(text, key)
            index = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def is_mine(self, task: TaskItem) -> bool:
        role = Role(self.context.role)
        # An administrator is also a lead (see roles.reads_everything).
        my_role = "lead" if role in (Role.LEAD, Role.ADMIN) else role.value
        return task.assignee_role == my_role or task.created_by == self.context.username

    def _apply_filters(self) -> None:
        person, kind = self.person_filter.currentData(), self.kind_filter.currentData()
        now = self.model.clock()
        shown = [t for t in self._all
                 if (not self.mine.isChecked() or self.is_mine(t))
                 and (person is None or t.person_id == person)
                 and (kind is None or (t.rule_id or t.title_in("en")) == kind)
                 and (not self.overdue_only.isChecked() or t.state(now) == "overdue")]
        selected = self.selected_task()
        self.model.set_tasks(shown, self._names)
        if selected is not None:
            for i in range(self.model.rowCount()):
                task = self.model.task(i)
                if task is not None and task.id == selected.id:
                    self.table.selectRow(i)
        self._update_summary()
        self._update_buttons()

    def _update_summary(self) -> None:
        counts = self.model.counts()
        parts = []
        if counts["now"]:
            parts.append(theme.span("warning", trn(
                "TasksPage", "%n to do now", counts["now"]), bold=True))
        if counts["overdue"]:
            parts.append(theme.span("error", trn(
                "TasksPage", "%n overdue", counts["overdue"]), bold=True))
        if counts["due_soon"]:
            parts.append(theme.span("warning", trn(
                "TasksPage", "%n due within 24 hours", counts["due_soon"]), bold=True))
        if counts["later"]:
            parts.append(trn("TasksPage", "%n upcoming", counts["later"]))
        hidden = len(self._all) - self.model.rowCount()
        if hidden:
            parts.append(trn("TasksPage", "%n more not shown by the filters", hidden))
        if not parts:
            self.summary.setText(tr("TasksPage", "No open tasks."))
        else:
            self.summary.setText(" · ".join(parts))

    def selected_task(self) -> TaskItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.task(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        task = self.selected_task()
        enabled = task is not None and task.done_at is None
        for_lead_only = (task is not None and task.assignee_role == "lead"
                         and not may_complete_lead_tasks(Role(self.context.role)))
        self.done_action.setEnabled(enabled and not for_lead_only)
        self.done_button.setEnabled(enabled and not for_lead_only)
        self.done_button.setToolTip(
            tr("TasksPage", "Only a safeguarding lead can mark this task done.") if for_lead_only
            else tr("TasksPage", "Mark the chosen task done ({key})").format(
                key=shortcuts.key("mark_done").toString(
                    QKeySequence.SequenceFormat.NativeText)))

    def _on_double_click(self, index: Any) -> None:
        task = self.model.task(index.row())
        if task is not None:
            self.open_person.emit(task.person_id)

    def _show_error(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))
        self.message.show()

    # --- completing ------------------------------------------------------------------------
    def mark_done(self) -> None:
        task = self.selected_task()
        if task is None or task.done_at:
            return
        note = MarkDoneDialog.ask(self, task.title_in(i18n.current_language()))
        if note is None:
            return
        task_id = task.id
        self.message.hide()
        self.runner.run(lambda s: s.tasks.complete(task_id, note),
                        lambda _r: self._on_completed(task_id), self._show_error)
        self.context.record_activity()

    def _on_completed(self, task_id: str) -> None:
        # The list refreshes from the runner's change broadcast (see the main window).
        self.task_completed.emit(task_id)
