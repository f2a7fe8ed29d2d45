"""Groups received at a border hand-back (issue 17): each group, each member's status, and the
member's own checklist and disclosure (the same editors as the people page), one person at a
time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.app.errors import InvalidInput
from desktop.app.exports import write_private
from desktop.app.intake import GroupSummary, MemberStatus
from desktop.domain.assessments import LEVEL_LABELS
from desktop.domain.groups import MemberRow, Official, nfc
from desktop.ui import i18n, shortcuts, theme
from desktop.ui.buttons import ok_cancel
from desktop.ui.editors.assessment_dialog import AssessmentDialog
from desktop.ui.editors.disclosure_dialog import DisclosureDialog
from desktop.ui.editors.export_dialog import ExportDialog
from desktop.ui.editors.group_amend_dialog import (
    MemberDialog,
    ReceptionAmendDialog,
    amendment_lines,
)
from desktop.ui.editors.group_intake_dialog import GroupIntakeDialog
from desktop.ui.i18n import tr, trn
from desktop.ui.icons import give_icon
from desktop.ui.messages.errors import error_text
from desktop.ui.qt_words import file_dialog_options
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import RefreshOnChange, TaskRunner

C = "GroupPage"
GROUP_FORMS = ("vn-bien-ban-tiep-nhan-nhom", "vn-bien-ban-ban-giao-nhom")


def state_text(state: str) -> str:
    return {"received": tr(C, "Received"), "screened": tr(C, "Screened"),
            "handed_over": tr(C, "Handed over")}.get(state, state)


def _item(text: str, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(columns: int, name: str) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setTabKeyNavigation(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


class HandOverDialog(QDialog):
    """Who the members go to. Tests replace `ask`."""

    def __init__(self, parent: QWidget | None, count: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(C, "Hand over"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(trn(C, "Hand over %n people to the next body. The hand-over is "
                              "recorded with your name and the time.", count))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.to_unit, self.place, self.officers, self.reason = (QLineEdit() for _ in range(4))
        for text, edit in ((tr(C, "Receiving body"), self.to_unit), (tr(C, "Place"), self.place),
                           (tr(C, "Receiving officers (separate with ;)"), self.officers),
                           (tr(C, "Reason"), self.reason)):
            label = QLabel(text)
            label.setBuddy(edit)
            edit.setAccessibleName(text)
            form.addRow(label, edit)
        layout.addLayout(form)
        buttons = ok_cancel(self, tr(C, "Hand over"))
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, count: int) -> dict[str, Any] | None:
        dialog = cls(parent, count)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.to_unit.text().strip():
            return None
        return {"to_unit": nfc(dialog.to_unit.text()), "place": nfc(dialog.place.text()),
                "reason": nfc(dialog.reason.text()),
                "officers": [Official(n.strip()).to_json()
                             for n in dialog.officers.text().split(";") if n.strip()]}


class GroupPage(QWidget):
    open_person = Signal(str)

    def __init__(self, runner: TaskRunner, context: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        RefreshOnChange(self, runner, self.refresh)
        self.context = context
        self.editors: list[QDialog] = []
        self.group_id: str | None = None
        self.members: list[MemberStatus] = []
        self._build()
        self.retranslate()

    def _build(self) -> None:
        self.receive_action = QAction(self)
        self.receive_action.setShortcut(shortcuts.key("receive_group"))
        self.receive_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.receive_action.triggered.connect(lambda _=False: self.receive_group())
        self.addAction(self.receive_action)
        outer = QVBoxLayout(self)
        theme.page_layout(outer)
        self.heading = QLabel()
        theme.heading(self.heading)
        outer.addWidget(self.heading)
        self.receive_button = QPushButton()
        self.receive_button.clicked.connect(self.receive_group)
        give_icon(self.receive_action, "receive_group")
        give_icon(self.receive_button, "receive_group")
        top = QHBoxLayout()
        top.addWidget(self.receive_button)
        top.addStretch(1)
        outer.addLayout(top)
        self.groups = _table(5, "groupsTable")
        self.groups.itemSelectionChanged.connect(self._group_selected)
        outer.addWidget(self.groups, 1)
        self.members_label = QLabel()
        outer.addWidget(self.members_label)
        self.member_table = _table(7, "membersTable")
        self.member_table.itemSelectionChanged.connect(self._update_buttons)
        self.members_label.setBuddy(self.member_table)
        outer.addWidget(self.member_table, 2)
        self.changes_label = QLabel()
        self.changes_label.setWordWrap(True)
        self.changes_label.setObjectName("groupChanges")
        outer.addWidget(self.changes_label)
        self.checklist_button, self.disclosure_button, self.person_button, \
            self.sign_button, self.hand_over_button, self.print_button, \
            self.print_reception_button, self.export_button, self.amend_button, \
            self.add_member_button, self.edit_member_button = (QPushButton()
                                                               for _ in range(11))
        # One row for the chosen member, one for the group, one for its paperwork.
        for buttons in (((self.checklist_button, self.start_checklist, "checklist"),
                         (self.disclosure_button, self.record_disclosure, "disclosure"),
                         (self.person_button, self._open_person, "open_person"),
                         (self.edit_member_button, self.edit_member, "edit")),
                        ((self.sign_button, self.sign, "sign"),
                         (self.amend_button, self.amend_reception, "amend"),
                         (self.add_member_button, self.add_member, "new_person"),
                         (self.hand_over_button, self.hand_over, "hand_over")),
                        ((self.export_button, self.print_forms, "export"),
                         (self.print_reception_button, self.print_reception, "save"),
                         (self.print_button, self.print_hand_over, "save"))):
            row = QHBoxLayout()
            for button, slot, icon in buttons:
                button.clicked.connect(slot)
                give_icon(button, icon)
                row.addWidget(button)
            row.addStretch(1)
            outer.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        self._update_buttons()

    def menu_actions(self) -> list[QAction]:
        return [self.receive_action]

    def retranslate(self) -> None:
        self.heading.setText(tr(C, "Groups received at the border"))
        self.receive_action.setText(tr(C, "&Receive a group…"))
        self.receive_button.setText(tr(C, "Receive a group… (Ctrl+G)"))
        self.groups.setHorizontalHeaderLabels([
            tr(C, "Received"), tr(C, "Gate or place"), tr(C, "People"),
            tr(C, "Handed over"), tr(C, "Reception record")])
        self.groups.setAccessibleName(tr(C, "Groups"))
        self.members_label.setText(tr(C, "&Members: each person is screened on their own"))
        self.member_table.setHorizontalHeaderLabels([
            tr(C, "No."), tr(C, "Full name"), tr(C, "Child"), tr(C, "With adult no."),
            tr(C, "Status"), tr(C, "Screening outcome"), tr(C, "Open tasks")])
        self.member_table.setAccessibleName(tr(C, "Members"))
        self.checklist_button.setText(tr(C, "Checklist for this person"))
        self.disclosure_button.setText(tr(C, "Disclosure for this person"))
        self.person_button.setText(tr(C, "Open in People"))
        self.sign_button.setText(tr(C, "Sign the reception record"))
        self.hand_over_button.setText(tr(C, "Hand over…"))
        self.print_button.setText(tr(C, "Save the hand-over record…"))
        self.print_reception_button.setText(tr(C, "Save the reception record…"))
        self.export_button.setText(tr(C, "Print or save the forms…"))
        self.amend_button.setText(tr(C, "Amend the reception record…"))
        self.add_member_button.setText(tr(C, "Add a member…"))
        self.edit_member_button.setText(tr(C, "Correct this person's details…"))
        self.export_button.setToolTip(tr(C, "Preview, print or save the group's reception "
                                            "and hand-over records, with a PDF password"))
        self._fill_groups(self._summaries if hasattr(self, "_summaries") else [])
        self._fill_members()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self.runner.run(lambda s: s.intake.groups(), self._fill_groups, self._error)

    def show_group(self, group_id: str) -> None:
        """Show this group (from a member's record): selected when the page next loads."""
        self.group_id = group_id
        self.refresh()

    def _fill_groups(self, summaries: list[GroupSummary]) -> None:
        self._summaries = summaries
        keep = self.group_id
        self.groups.blockSignals(True)
        self.groups.setRowCount(len(summaries))
        for r, g in enumerate(summaries):
            when = datetime.fromisoformat(g.received_at).astimezone()
            signed = tr(C, "Signed") if g.signed_at else tr(C, "Not signed")
            self.groups.setItem(r, 0, _item(when.strftime("%d/%m/%Y %H:%M"), g.id))
            self.groups.setItem(r, 1, _item(g.place))
            self.groups.setItem(r, 2, _item(str(g.members)))
            self.groups.setItem(r, 3, _item(f"{g.handed_over}/{g.members}"))
            self.groups.setItem(r, 4, _item(signed))
        self.groups.resizeColumnsToContents()
        self.groups.blockSignals(False)
        ids = [g.id for g in summaries]
        if keep in ids:
            self.groups.selectRow(ids.index(keep))
            self.load_members(keep)
        elif summaries:
            self.groups.selectRow(0)
        self._update_buttons()

    def _group_selected(self) -> None:
        rows = self.groups.selectionModel().selectedRows()
        if rows:
            item = self.groups.item(rows[0].row(), 0)
            if item is not None:
                self.load_members(str(item.data(Qt.ItemDataRole.UserRole)))

    def load_members(self, group_id: str | None) -> None:
        self.group_id = group_id
        if group_id is None:
            return
        self.runner.run(lambda s: s.intake.members(group_id), self._set_members, self._error)
        self.runner.run(lambda s: s.group_changes.amendments(group_id), self._set_changes,
                        self._error)

    def _set_changes(self, amendments: list[dict[str, Any]]) -> None:
        self.amendments = amendments
        lines = amendment_lines(amendments)
        self.changes_label.setText(tr(C, "Changes after receipt:") + "\n" + "\n".join(lines)
                                   if lines else "")
        self.changes_label.setVisible(bool(lines))

    def _set_members(self, members: list[MemberStatus]) -> None:
        self.members = members
        self._fill_members()

    def _fill_members(self) -> None:
        lang = i18n.current_language()
        table = self.member_table
        numbers = {m.person_id: m.n for m in self.members}
        table.setRowCount(len(self.members))
        for r, m in enumerate(self.members):
            outcome = LEVEL_LABELS.get(m.outcome or "", {}).get(lang, "") if m.outcome else ""
            table.setItem(r, 0, _item(str(m.n), m.person_id))
            table.setItem(r, 1, _item(m.name))
            table.setItem(r, 2, _item(tr(C, "Child") if m.child else ""))
            table.setItem(r, 3, _item(str(numbers.get(m.adult_id or "", ""))))
            table.setItem(r, 4, _item(state_text(m.state)))
            table.setItem(r, 5, _item(outcome))
            table.setItem(r, 6, _item(str(m.open_tasks)))
        table.resizeColumnsToContents()
        self._update_buttons()

    def _error(self, exc: Exception) -> None:
        if isinstance(exc, InvalidInput):
            texts = {"already_signed": tr(C, "The reception record is already signed."),
                     "nobody_to_hand_over": tr(C, "Everyone chosen has already been handed "
                                                  "over."),
                     "to_unit_required": tr(C, "Give the body the people are handed over "
                                               "to.")}
            known = [texts[p] for p in exc.problems if p in texts]
            if known:
                self.message.setText(" ".join(known))
                return
        self.message.setText(error_text(exc))

    # --- the selected member --------------------------------------------------------------
    def selected_members(self) -> list[MemberStatus]:
        rows = sorted({i.row() for i in self.member_table.selectionModel().selectedRows()})
        return [self.members[r] for r in rows if r < len(self.members)]

    def select_member(self, n: int) -> None:
        table = self.member_table
        table.selectionModel().setCurrentIndex(
            table.model().index(n, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.member_table.setFocus()

    def _update_buttons(self) -> None:
        one = len(self.selected_members()) == 1
        for button in (self.checklist_button, self.disclosure_button, self.person_button,
                       self.edit_member_button):
            button.setEnabled(one)
        has_group = self.group_id is not None
        for button in (self.sign_button, self.hand_over_button, self.print_button,
                       self.print_reception_button, self.export_button, self.amend_button,
                       self.add_member_button):
            button.setEnabled(has_group)

    def _open(self, kind: type[QDialog], make: Callable[[MemberStatus], QDialog],
              signal: str) -> QDialog | None:
        chosen = self.selected_members()
        if len(chosen) != 1:
            return None
        member = chosen[0]
        for editor in self.editors:  # one editor of a kind per person
            if isinstance(editor, kind) and getattr(editor, "person_id", None) == \
                    member.person_id:
                editor.raise_()
                return editor
        dialog = make(member)
        getattr(dialog, signal).connect(lambda *_a: self._reload_members())
        self.editors.append(dialog)
        dialog.finished.connect(lambda _r: self.editors.remove(dialog)
                                if dialog in self.editors else None)
        dialog.show()
        return dialog

    def start_checklist(self) -> QDialog | None:
        return self._open(AssessmentDialog, lambda m: AssessmentDialog(
            self.runner, self.context, m.person_id, m.name, m.child, parent=self), "submitted")

    def record_disclosure(self) -> QDialog | None:
        return self._open(DisclosureDialog, lambda m: DisclosureDialog(
            self.runner, self.context, m.person_id, m.name, parent=self, child=m.child),
            "sealed")

    def _reload_members(self) -> None:
        self.load_members(self.group_id)

    def _open_person(self) -> None:
        chosen = self.selected_members()
        if len(chosen) == 1:
            self.open_person.emit(chosen[0].person_id)

    def flush_drafts(self) -> None:
        for editor in list(self.editors):
            flush = getattr(editor, "flush_draft", None)
            if flush is not None:
                flush()

    def close_editors(self) -> None:
        for editor in list(self.editors):
            abandon = getattr(editor, "abandon", None)
            if abandon is not None:
                abandon()
            editor.reject()

    # --- the group ------------------------------------------------------------------------
    def receive_group(self) -> GroupIntakeDialog:
        for editor in self.editors:
            if isinstance(editor, GroupIntakeDialog):
                editor.raise_()
                return editor
        dialog = GroupIntakeDialog(self.runner, self.context, parent=self)
        dialog.received.connect(self._received)
        self.editors.append(dialog)
        dialog.finished.connect(lambda _r: self.editors.remove(dialog)
                                if dialog in self.editors else None)
        dialog.show()
        return dialog

    def _received(self, group_id: str) -> None:
        # The page refreshes from the runner's change broadcast (every page does) and then
        # shows this group.
        self.group_id = group_id

    def sign(self) -> None:
        group_id = self.group_id
        if group_id is None:
            return
        self.runner.run(lambda s: s.intake.sign(group_id), lambda _d: self._signed(),
                        self._error)

    def _signed(self) -> None:
        self.message.setText(tr(C, "The reception record is signed and sealed. It can now "
                                   "only be amended."))

    def hand_over(self) -> None:
        group_id = self.group_id
        if group_id is None:
            return
        chosen = self.selected_members() or self.members
        waiting = [m.person_id for m in chosen if m.state != "handed_over"]
        if not waiting:
            return
        answer = HandOverDialog.ask(self, len(waiting))
        if answer is None:
            return
        self.runner.run(lambda s: s.intake.hand_over(group_id, waiting, **answer), None,
                        self._error)

    def print_hand_over(self) -> None:
        """The latest hand-over's record; when members went different ways, the officer
        chooses which hand-over (each has its own biên bản)."""
        group_id = self.group_id
        if group_id is None:
            return
        self.runner.run(lambda s: s.intake.get(group_id)["handovers"], self._choose_hand_over,
                        self._error)

    def _choose_hand_over(self, handovers: list[dict[str, Any]]) -> None:
        handover_id = None
        if len(handovers) > 1:
            labels = [trn(C, "{when}: %n people to {unit}", len(h.get("person_ids", []))).format(
                when=datetime.fromisoformat(h["at"]).astimezone().strftime("%d/%m/%Y %H:%M"),
                unit=h.get("to_unit", ""))
                for h in handovers]
            label, ok = QInputDialog.getItem(self, tr(C, "Which hand-over?"),
                                             tr(C, "Hand-over"), labels, len(labels) - 1,
                                             False)
            if not ok:
                return
            handover_id = handovers[labels.index(label)]["id"]
        self._ask_and_save(GROUP_FORMS[1], tr(C, "Save the hand-over record"),
                           "bien-ban-ban-giao.pdf", handover_id)

    # --- changes after receipt (amendments, audited) ---------------------------------------
    def amend_reception(self) -> None:
        group_id = self.group_id
        if group_id is not None:
            self.runner.run(lambda s: s.intake.get(group_id), self._ask_amendment, self._error)

    def _ask_amendment(self, data: dict[str, Any]) -> None:
        dialog = ReceptionAmendDialog(self, data.get("reception", {}),
                                      signed=bool(data.get("signed_at")))
        if self.ask(dialog):
            self._amend(dialog.reason.text(), reception=dialog.changes())

    def add_member(self) -> None:
        dialog = MemberDialog(self)
        if self.group_id is not None and self.ask(dialog):
            self._amend(dialog.reason.text(), add=[dialog.member()])

    def edit_member(self) -> None:
        chosen = self.selected_members()
        if len(chosen) != 1:
            return
        dialog = MemberDialog(self, MemberRow.from_json(chosen[0].row))
        if self.ask(dialog):
            self._amend(dialog.reason.text(), change={chosen[0].person_id: dialog.member()})

    @staticmethod
    def ask(dialog: QDialog) -> bool:
        """Run a change dialog (tests replace this to fill it in without a modal loop)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _amend(self, reason: str, **change: Any) -> None:
        group_id = self.group_id
        assert group_id is not None
        self.runner.run(lambda s: s.group_changes.amend(group_id, nfc(reason), **change),
                        lambda _id: self.message.setText(tr(C, "The change is recorded.")),
                        self._error)

    def print_forms(self) -> ExportDialog | None:
        """The group's forms in the export dialog: previewed in memory, printed or saved with
        the same audit and PDF password rules as a person's forms (app/exports.py)."""
        group_id = self.group_id
        if group_id is None:
            return None
        for editor in self.editors:
            if isinstance(editor, ExportDialog) and editor.group_id == group_id:
                editor.raise_()
                return editor
        summary = next((g for g in getattr(self, "_summaries", []) if g.id == group_id), None)
        label = summary.place if summary is not None else ""
        dialog = ExportDialog(self.runner, self.context, "", label, False, parent=self,
                              group_id=group_id)
        self.editors.append(dialog)
        dialog.finished.connect(lambda _r: self.editors.remove(dialog)
                                if dialog in self.editors else None)
        dialog.show()
        return dialog

    def print_reception(self) -> None:
        self._ask_and_save(GROUP_FORMS[0], tr(C, "Save the reception record"),
                           "bien-ban-tiep-nhan.pdf")

    def _ask_and_save(self, form_id: str, title: str, name: str,
                      handover_id: str | None = None) -> None:
        if self.group_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, title, name, "PDF (*.pdf)",
                                              options=file_dialog_options())
        if path:
            self.save_form(form_id, Path(path), handover_id=handover_id)

    def save_form(self, form_id: str, path: Path, done: Callable[[], None] | None = None,
                  handover_id: str | None = None) -> None:
        """Render a group form (the latest hand-over, else every member) and write it."""
        group_id = self.group_id
        assert group_id is not None
        lang = "vi" if self.context.jurisdiction == "vietnam" or \
            i18n.current_language() == "vi" else "en"

        def job(s: Any) -> None:
            # Audited, then rendered, then written (the order of every export).
            write_private(path, s.intake.export_form(group_id, form_id, lang, handover_id))

        def finished(_r: None) -> None:
            self.message.setText(tr(C, "Saved."))
            if done is not None:
                done()

        self.runner.run(job, finished, self._error)
