"""Receive a group handed back at a border gate (issue 17): the reception record and the fast
entry table, kept as an encrypted draft as the officer types, saved in one go."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QSize, Qt, QTimeZone, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app.drafts import Draft
from desktop.app.intake import DRAFT_KIND, BadRows, ReceivedGroup
from desktop.domain.groups import Belonging, Official, Reception, nfc
from desktop.ui import i18n, shortcuts
from desktop.ui.editors.date_field import DateTimeField
from desktop.ui.editors.draft_keeper import DraftKeeper
from desktop.ui.editors.drafted_dialog import DraftedDialog
from desktop.ui.editors.group_entry_table import GroupEntryTable, problem_text
from desktop.ui.i18n import tr, trn
from desktop.ui.messages.errors import error_text
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

C = "GroupIntake"
FIELDS = ("place", "handed_over_by", "foreign_unit", "foreign_officers", "receiving_unit",
          "receiving_officers", "interpreter", "witness", "documents", "belongings")


def _split(text: str) -> list[str]:
    return [nfc(x) for x in text.split(";") if x.strip()]


class GroupIntakeDialog(DraftedDialog):
    received = Signal(str)  # the new group's id

    def __init__(self, runner: TaskRunner, context: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.context = context
        self.person_id = None  # one group editor at a time (the page's editor tracking)
        self.result_group: ReceivedGroup | None = None
        self.keeper = DraftKeeper(runner, DRAFT_KIND, None, self.collect, self._is_empty,
                                  self)
        self.keeper.saved.connect(lambda: self.status.setText(tr(C, "Draft saved.")))
        self.setMinimumSize(1000, 640)
        fit_to_screen(self, QSize(1000, 640))
        self._build()
        self.retranslate()
        runner.run(lambda s: s.drafts.list(DRAFT_KIND), self._restore, lambda exc: None)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = self.heading_label()
        layout.addWidget(self.heading)
        grid = QGridLayout()
        self.when = DateTimeField(QDateTime.currentDateTime())
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        left, right = QFormLayout(), QFormLayout()
        self.when_label = QLabel()
        self.when_label.setBuddy(self.when)
        left.addRow(self.when_label, self.when)
        for n, key in enumerate(FIELDS):
            edit = QLineEdit()
            edit.setObjectName(f"group_{key}")
            edit.textChanged.connect(self._changed)
            label = QLabel()
            label.setBuddy(edit)
            self.edits[key], self.labels[key] = edit, label
            (left if n < 5 else right).addRow(label, edit)
        self.when.dateTimeChanged.connect(self._changed)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        layout.addLayout(grid)
        self.table_label = QLabel()
        self.table_label.setWordWrap(True)
        layout.addWidget(self.table_label)
        self.table = GroupEntryTable(self)
        self.table.rows_changed.connect(self._changed)
        self.table_label.setBuddy(self.table)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.count = QLabel()
        self.count.setObjectName("groupCount")
        font = self.count.font()
        font.setBold(True)
        self.count.setFont(font)
        row.addWidget(self.count, 1)
        self.status = self.status_label()
        row.addWidget(self.status)
        layout.addLayout(row)
        self.error = self.error_label()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton()
        self.save_button.setObjectName("receiveGroupButton")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.save_shortcut = QShortcut(shortcuts.key("save"), self)
        self.save_shortcut.activated.connect(self.save)
        self._update_count()

    def retranslate(self) -> None:
        self.setWindowTitle(tr(C, "Receive a group"))
        self.heading.setText(tr(C, "Receive a group handed back at the border"))
        self.when_label.setText(tr(C, "&Date and time"))
        # The label's buddy is the field, but Tab lands in its text box: name that too.
        self.when.setAccessibleName(tr(C, "Date and time"))
        texts = {
            "place": tr(C, "&Gate or place"),
            "handed_over_by": tr(C, "&Handing-over authority"),
            "foreign_unit": tr(C, "Handing-over &unit"),
            "foreign_officers": tr(C, "Handing-over &officers"),
            "receiving_unit": tr(C, "&Receiving unit"),
            "receiving_officers": tr(C, "Receiving o&fficers"),
            "interpreter": tr(C, "&Interpreter"),
            "witness": tr(C, "&Witness"),
            "documents": tr(C, "Doc&uments handed over"),
            "belongings": tr(C, "&Belongings handed over"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
            self.edits[key].setAccessibleName(text.replace("&", ""))
        for key in ("foreign_officers", "receiving_officers", "documents", "belongings"):
            self.edits[key].setPlaceholderText(tr(C, "Separate several with ;"))
        self.table_label.setText(tr(
            C, "&People in the group. Type in a cell; Enter moves on; Ctrl+V pastes a list "
               "(one person per line); Tab leaves the table. Each person is screened on "
               "their own later."))
        self.table.retranslate()
        self.save_button.setText(tr(C, "Receive the group"))
        self.cancel_button.setText(tr(C, "Cancel"))
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- draft -----------------------------------------------------------------------------
    def collect(self) -> dict[str, Any]:
        return {"fields": {k: e.text() for k, e in self.edits.items()},
                "when": self.when.dateTime().toString(Qt.DateFormat.ISODate),
                "rows": self.table.contents()}

    @staticmethod
    def _is_empty(content: dict[str, Any]) -> bool:
        return not content["rows"] and not any(v.strip() for v in content["fields"].values())

    def _restore(self, drafts: list[Draft]) -> None:
        if not drafts:
            return
        draft = drafts[0]
        self.keeper.adopt(draft)
        for key, value in draft.content.get("fields", {}).items():
            if key in self.edits:
                self.edits[key].blockSignals(True)
                self.edits[key].setText(str(value))
                self.edits[key].blockSignals(False)
        when = QDateTime.fromString(str(draft.content.get("when", "")), Qt.DateFormat.ISODate)
        if when.isValid():
            self.when.setDateTime(when)
        self.table.blockSignals(True)
        self.table.load(list(draft.content.get("rows", [])))
        self.table.blockSignals(False)
        self._update_count()
        self.status.setText(tr(C, "Your draft was restored."))

    def _changed(self, *_args: object) -> None:
        self._update_count()
        self.keeper.changed()

    def _update_count(self) -> None:
        today = date.today()
        members, problems = self.table.members(today)
        children = sum(1 for m in members if m.is_child(today))
        text = trn(C, "%n people · {children} treated as children",
                   len(members) + len(problems)).format(children=children)
        if problems:
            text += " · " + tr(C, "rows to check: {bad}").format(bad=len(problems))
        self.count.setText(text)

    def is_saved(self) -> bool:
        return self.result_group is not None

    # --- saving ----------------------------------------------------------------------------
    def reception(self) -> Reception:
        e = {k: nfc(v.text()) for k, v in self.edits.items()}
        when = self.when.dateTime().toTimeZone(QTimeZone.utc()).toString(Qt.DateFormat.ISODate)
        return Reception(
            received_at=when.replace("Z", "+00:00"), place=e["place"],
            handed_over_by=e["handed_over_by"], foreign_unit=e["foreign_unit"],
            foreign_officers=tuple(Official(n, unit=e["foreign_unit"])
                                   for n in _split(e["foreign_officers"])),
            receiving_unit=e["receiving_unit"] or self.context.org_name,
            receiving_officers=tuple(Official(n, unit=e["receiving_unit"])
                                     for n in _split(e["receiving_officers"])),
            interpreter=e["interpreter"], witness=e["witness"],
            documents=tuple(_split(e["documents"])),
            belongings=tuple(Belonging(b) for b in _split(e["belongings"])))

    def _say(self, lines: list[str]) -> None:
        self.error.setText("\n".join(lines))
        self.error.setVisible(bool(lines))

    def save(self) -> None:
        if self.is_saved():
            return
        members, problems = self.table.members(date.today())
        reception = self.reception()
        lines = [tr(C, "Row {row}: {problem}").format(row=r, problem=problem_text(code))
                 for r, code in problems]
        if not self.when.is_valid():
            lines.insert(0, self.when.problem())
        if not reception.place:
            lines.append(tr(C, "Give the gate or place of reception."))
        if not reception.handed_over_by:
            lines.append(tr(C, "Give the handing-over authority."))
        if not members and not problems:
            lines.append(tr(C, "Enter at least one person."))
        self._say(lines)
        if lines:
            return
        self.keeper.finish()
        self.save_button.setEnabled(False)
        draft_id = self.keeper.draft_id if self.keeper.stored else None
        self.runner.run(lambda s: s.intake.receive(reception, members, draft_id),
                        self._saved, self._failed)

    def _saved(self, result: ReceivedGroup) -> None:
        self.result_group = result
        self.received.emit(result.group_id)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.keeper.resume()
        if isinstance(exc, BadRows):
            self._say([tr(C, "Row {row}: {problem}").format(row=b.line,
                                                            problem=problem_text(b.code))
                       for b in exc.rows])
        else:
            self._say([error_text(exc)])
