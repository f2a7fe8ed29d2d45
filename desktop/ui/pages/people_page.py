"""People: find a person as you type, see their details and chronology, record a concern."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.app.people import ChronologyEntry, PersonRecord, PersonSummary
from desktop.domain.events import uuid7
from desktop.domain.people import is_child
from desktop.domain.roles import reads_everything
from desktop.ui import i18n, shortcuts, theme
from desktop.ui.editors.assessment_dialog import AssessmentDialog
from desktop.ui.editors.body_map_dialog import BodyMapDialog
from desktop.ui.editors.concern_dialog import ConcernDialog
from desktop.ui.editors.disclosure_dialog import DisclosureDialog
from desktop.ui.editors.export_dialog import ExportDialog
from desktop.ui.editors.person_dialog import PersonDialog
from desktop.ui.editors.record_dialogs import NoteDialog
from desktop.ui.editors.sealed_record_view import VIEWERS, SealedRecordDialog
from desktop.ui.editors.timeline_dialog import TimelineDialog
from desktop.ui.editors.windows import EditorT, EditorWindows
from desktop.ui.flow_layout import FlowLayout
from desktop.ui.i18n import tr
from desktop.ui.icons import give_icon
from desktop.ui.messages.errors import error_text
from desktop.ui.models.chronology_model import ChronologyModel
from desktop.ui.models.people_model import PeopleModel, choose_current_row
from desktop.ui.pages.chronology_view import ChronologyView
from desktop.ui.pages.people_list import PeopleList
from desktop.ui.pages.person_details import details_html
from desktop.ui.pages.person_sharing import share_person
from desktop.ui.pages.search_hint import NoMatch, count_text
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import RefreshOnChange, TaskRunner

NOTE_DRAFT_KIND = "note"
SEARCH_DEBOUNCE_MS = 250
LIST_LIMIT = 500  # without a search; a 10,000-person vault is searched, not scrolled
FILTERS = ("all", "concerns", "assessments", "disclosures", "tasks", "notes", "details")


class PeoplePage(QWidget):
    person_selected = Signal(str)
    people_loaded = Signal()
    person_loaded = Signal(str)
    open_group = Signal(str)  # the group a person came in (issue 17), for the Groups page

    def __init__(self, runner: TaskRunner, context: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        RefreshOnChange(self, runner, self.refresh)
        self.context = context
        self.record: PersonRecord | None = None
        self._group: dict[str, Any] | None = None  # the group the person came in, if any
        # (person id, draft id, open dialog) while "Add note" is open
        self._note: tuple[str, str, NoteDialog | None] | None = None
        self.windows = EditorWindows()
        self._search_seq = self._person_seq = 0
        self._select_after_load: str | None = None
        self._selecting = False  # the list is selecting a row itself, not the user
        self._total = 0
        self.people_model = PeopleModel()
        self.chronology_model = ChronologyModel()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.load_people)
        self._build_actions()
        self._build()
        self.retranslate()
        self._update_actions()

    # --- building --------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(name: str | None, slot: Any) -> QAction:
            act = QAction(self)
            if name is not None:
                act.setShortcut(shortcuts.key(name))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.new_person_action = action("new_person", self.new_person)
        self.record_concern_action = action("record_concern", self.record_concern)
        self.checklist_action = action("checklist", self.start_checklist)
        self.disclosure_action = action("disclosure", self.record_disclosure)
        self.export_action = action("export", self.export_form)
        self.body_map_action = action("body_map", self.record_body_map)
        self.edit_action = action("edit_person", self.edit_person)
        self.note_action = action("add_note", self.add_note)
        self.share_action = action(None, self.share_person)
        self.timeline_action = action("timeline", self.show_timeline)
        self.find_action = action("find_person", self.focus_search)
        for act, icon in ((self.new_person_action, "new_person"),
                          (self.record_concern_action, "concern"),
                          (self.checklist_action, "checklist"),
                          (self.disclosure_action, "disclosure"), (self.export_action, "export"),
                          (self.body_map_action, "body_map"), (self.edit_action, "edit"),
                          (self.note_action, "note"), (self.share_action, "share"),
                          (self.find_action, "find"), (self.timeline_action, "timeline")):
            give_icon(act, icon)

    def menu_actions(self) -> list[QAction]:
        """For the main window's menu (toolbar buttons cannot take focus)."""
        return [self.new_person_action, self.record_concern_action, self.checklist_action,
                self.disclosure_action, self.body_map_action, self.export_action,
                self.edit_action, self.note_action, self.share_action, self.timeline_action,
                self.find_action]

    def _button(self, act: QAction) -> QPushButton:
        """A button for an action: same words, tooltip and enabled state (kept in step)."""
        button = QPushButton()
        button.clicked.connect(act.trigger)

        def follow() -> None:
            button.setText(act.text())
            button.setIcon(act.icon())
            button.setToolTip(act.toolTip())
            button.setEnabled(act.isEnabled())

        act.changed.connect(follow)
        return button

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        theme.page_layout(outer)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(theme.css("error"))
        self.message.hide()
        outer.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter, 1)

        left = QWidget()
        left_col = QVBoxLayout(left)
        left_col.setContentsMargins(0, 0, theme.SPACING, 0)
        self.search_label = QLabel()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        left_col.addWidget(self.search_label)
        left_col.addWidget(self.search)
        self.table = PeopleList()
        self.table.setModel(self.people_model)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        choose_current_row(self.table, lambda: self._selecting)
        left_col.addWidget(self.table, 1)
        self.no_match = NoMatch()
        self.no_match.register_button.clicked.connect(self.new_person_action.trigger)
        left_col.addWidget(self.no_match)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.count_label.setStyleSheet(theme.css("muted"))
        left_col.addWidget(self.count_label)
        self.new_button = self._button(self.new_person_action)
        left_col.addWidget(self.new_button)
        splitter.addWidget(left)

        self.detail_stack = QStackedWidget()
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(theme.css("muted"))
        self.detail_stack.addWidget(self.placeholder)

        detail = QWidget()
        col = QVBoxLayout(detail)
        col.setContentsMargins(theme.SPACING, 0, 0, 0)
        self.name_heading = QLabel()
        self.name_heading.setWordWrap(True)
        self.name_heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        theme.heading(self.name_heading)
        col.addWidget(self.name_heading)
        buttons = FlowLayout()
        self.concern_button = self._button(self.record_concern_action)
        self.checklist_button = self._button(self.checklist_action)
        self.disclosure_button = self._button(self.disclosure_action)
        self.export_button = self._button(self.export_action)
        self.body_map_button = self._button(self.body_map_action)
        self.edit_button = self._button(self.edit_action)
        self.note_button = self._button(self.note_action)
        self.share_button = self._button(self.share_action)
        self.timeline_button = self._button(self.timeline_action)
        # Two groups that wrap onto more rows when the pane is narrow (so the buttons never
        # widen the window past a laptop screen): recording first, then the person's details.
        for b in (self.concern_button, self.disclosure_button, self.checklist_button,
                  self.body_map_button, self.export_button):
            buttons.addWidget(b)
        col.addLayout(buttons)
        details_row = FlowLayout()
        for b in (self.edit_button, self.note_button, self.share_button, self.timeline_button):
            details_row.addWidget(b)
        col.addLayout(details_row)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.details.linkActivated.connect(self._follow_link)
        self.details_scroll = details_scroll = QScrollArea()  # Tab stops here to scroll it
        details_scroll.setWidgetResizable(True)
        details_scroll.setWidget(self.details)
        details_scroll.setMinimumHeight(120)
        vsplit = QSplitter(Qt.Orientation.Vertical)
        vsplit.setChildrenCollapsible(False)
        vsplit.addWidget(details_scroll)
        chron_panel = QWidget()
        chron_col = QVBoxLayout(chron_panel)
        chron_col.setContentsMargins(0, 6, 0, 0)
        vsplit.addWidget(chron_panel)
        vsplit.setStretchFactor(0, 2)
        vsplit.setStretchFactor(1, 3)
        vsplit.setSizes([240, 400])
        col.addWidget(vsplit, 1)

        chron_head = QHBoxLayout()
        self.chronology_heading = QLabel()
        theme.heading(self.chronology_heading, theme.SUBHEADING_SCALE)
        self.filter_label = QLabel()
        self.filter = QComboBox()
        for f in FILTERS:
            self.filter.addItem("", f)
        self.filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(lambda _i: self.load_chronology())
        self.order_label = QLabel()
        self.order = QComboBox()
        self.order.addItem("", True)
        self.order.addItem("", False)
        self.order_label.setBuddy(self.order)
        self.order.currentIndexChanged.connect(
            lambda _i: self.chronology_model.set_newest_first(bool(self.order.currentData())))
        chron_head.addWidget(self.chronology_heading)
        chron_head.addStretch(1)
        chron_head.addWidget(self.filter_label)
        chron_head.addWidget(self.filter)
        chron_head.addSpacing(12)
        chron_head.addWidget(self.order_label)
        chron_head.addWidget(self.order)
        chron_col.addLayout(chron_head)
        self.chronology = ChronologyView()
        self.chronology.setModel(self.chronology_model)
        self.chronology.activated.connect(self.open_entry)
        chron_col.addWidget(self.chronology, 1)
        self.detail_stack.addWidget(detail)
        splitter.addWidget(self.detail_stack)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 940])

    def retranslate(self) -> None:
        self.details_scroll.setAccessibleName(tr("PeoplePage", "The person's details"))
        self.new_person_action.setText(tr("PeoplePage", "New person"))
        self.record_concern_action.setText(tr("PeoplePage", "Record concern"))
        self.checklist_action.setText(tr("PeoplePage", "Indicator checklist"))
        self.disclosure_action.setText(tr("PeoplePage", "Record disclosure"))
        self.export_action.setText(tr("PeoplePage", "Print or save a form"))
        self.body_map_action.setText(tr("PeoplePage", "Body map"))
        self.edit_action.setText(tr("PeoplePage", "Edit details"))
        self.note_action.setText(tr("PeoplePage", "Add note"))
        self.share_action.setText(tr("PeoplePage", "Share with a colleague"))
        self.timeline_action.setText(tr("PeoplePage", "Timeline and referral outcomes"))
        self.find_action.setText(tr("PeoplePage", "Find a person"))
        for act in self.menu_actions():
            shortcut = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{act.text()} ({shortcut})" if shortcut else act.text())
        self.search_label.setText(tr("PeoplePage", "Find a person"))
        self.search.setPlaceholderText(tr("PeoplePage", "Name, alias or words from a record"))
        self.search.setAccessibleName(tr("PeoplePage", "Find a person"))
        self.table.setAccessibleName(tr("PeoplePage", "People"))
        self.chronology.setAccessibleName(tr("PeoplePage", "Chronology"))
        self.placeholder.setText(tr("PeoplePage", "Choose a person to see their details and "
                                                  "chronology, or press New person."))
        self.chronology_heading.setText(tr("PeoplePage", "Chronology"))
        self.filter_label.setText(tr("PeoplePage", "Show"))
        filter_texts = {"all": tr("PeoplePage", "Everything"),
                        "concerns": tr("PeoplePage", "Concerns"),
                        "assessments": tr("PeoplePage", "Assessments"),
                        "disclosures": tr("PeoplePage", "Disclosures"),
                        "tasks": tr("PeoplePage", "Tasks"),
                        "notes": tr("PeoplePage", "Notes"),
                        "details": tr("PeoplePage", "Changes to details")}
        for i, f in enumerate(FILTERS):
            self.filter.setItemText(i, filter_texts[f])
        self.order_label.setText(tr("PeoplePage", "Order"))
        self.order.setItemText(0, tr("PeoplePage", "Newest first"))
        self.order.setItemText(1, tr("PeoplePage", "Oldest first"))
        self._update_count()
        self.people_model.retranslate()
        self.chronology_model.retranslate()
        if self.record is not None:
            self._show_record(self.record)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the list and the open person (the main window calls this on show)."""
        self.load_people(reload_person=True)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def load_people(self, reload_person: bool = False) -> None:
        """Run the search (or list everyone). Typing does not reload the open person, so a
        search does not add "viewed" entries to the audit log for them."""
        self._search_timer.stop()
        seq = self._search_seq = self._search_seq + 1
        text = self.search.text().strip()

        def job(s: Any) -> tuple[list[PersonSummary], int]:
            if seq != self._search_seq:  # a newer keystroke came while this waited: skip it
                return [], 0
            if not text:
                people: list[PersonSummary] = s.people.list(limit=LIST_LIMIT)
                total = len(people) if len(people) < LIST_LIMIT else int(s.people.count())
                return people, total
            found = list(s.people.summaries(s.search.people(text)))
            return found, len(found)

        self.runner.run(job, lambda r: self._on_people(seq, r[0], reload_person, r[1]),
                        self._show_error)

    def _on_people(self, seq: int, people: list[PersonSummary], reload_person: bool,
                   total: int | None = None) -> None:
        if seq != self._search_seq:
            return  # an older search; a newer one is on its way
        self._total = len(people) if total is None else total
        keep = self._select_after_load or (self.record.id if self.record else None)
        self._select_after_load = None
        self._selecting = True
        try:
            self.people_model.set_people(people)
            row = self.people_model.row_of(keep) if keep else -1
            if row >= 0:
                self.table.selectRow(row)
        finally:
            self._selecting = False
        self._update_count()
        if keep and (reload_person or self.record is None or self.record.id != keep):
            self.load_person(keep)
        self.people_loaded.emit()

    def _update_count(self) -> None:
        n, query = self.people_model.rowCount(), self.search.text().strip()
        self.count_label.setText(count_text(query, n, self._total))
        self.no_match.show_for(query, n)
        self.new_button.setHidden(bool(query) and not n)  # the empty state offers it instead

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self._selecting:
            return
        person = self.people_model.person(rows[0].row())
        if person is not None and (self.record is None or self.record.id != person.id):
            self.load_person(person.id)

    def select_person(self, person_id: str) -> None:
        row = self.people_model.row_of(person_id)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self._select_after_load = person_id
            self._clear_search()
            self.load_people()

    def _clear_search(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)

    def load_person(self, person_id: str) -> None:
        seq = self._person_seq = self._person_seq + 1
        filter_id = str(self.filter.currentData())

        def job(s: Any) -> tuple[PersonRecord, list[ChronologyEntry], dict[str, str], Any]:
            return (s.people.get(person_id), s.people.chronology(person_id, filter_id),
                    {u.username: u.display_name for u in s.users.list()},
                    s.intake.group_info(person_id))

        self.runner.run(job, lambda r: self._on_person(seq, *r), self._show_error)

    def _on_person(self, seq: int, record: PersonRecord, entries: list[ChronologyEntry],
                   names: dict[str, str], group: dict[str, Any] | None) -> None:
        if seq != self._person_seq:
            return
        self.record, self._group = record, group
        self._show_record(record)
        self.chronology_model.set_entries(entries, names)
        self.detail_stack.setCurrentIndex(1)
        self._update_actions()
        self.person_selected.emit(record.id)
        self.person_loaded.emit(record.id)

    def load_chronology(self) -> None:
        if self.record is None:
            return
        self.load_person(self.record.id)

    def _follow_link(self, link: str) -> None:
        if link.startswith("group:"):  # the group the person came in: the Groups page
            self.open_group.emit(link.removeprefix("group:"))

    def _show_record(self, record: PersonRecord) -> None:
        self.name_heading.setText(record.display_name)
        self.details.setText(details_html(record.person, group=self._group))

    def _update_actions(self) -> None:
        has = self.record is not None
        for act in (self.record_concern_action, self.checklist_action,
                    self.disclosure_action, self.body_map_action, self.export_action,
                self.edit_action, self.note_action, self.timeline_action):
            act.setEnabled(has)
        may_share = has and (reads_everything(self.context.role) or (
            self.record is not None and self.record.registered_by == self.context.username))
        self.share_action.setEnabled(may_share)

    def _show_error(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))
        self.message.show()

    def _changed(self) -> None:
        # The page refreshes itself from the runner's change broadcast (see the main window).
        self.message.hide()

    # --- editors (one window per kind and person: see ui/editors/windows.py) -------------
    def flush_drafts(self) -> None:
        """Save every open editor's draft now, synchronously: call before the vault locks."""
        self.windows.flush_drafts()
        note_dialog = self._note[2] if self._note is not None else None
        if self._note is not None and note_dialog is not None:
            person_id, draft_id = self._note[0], self._note[1]
            text = note_dialog.text.toPlainText()
            if text.strip():
                self.runner.call(lambda s: s.drafts.save(
                    NOTE_DRAFT_KIND, person_id, {"text": text}, draft_id))

    def close_editors(self) -> None:
        """After `flush_drafts()` (e.g. a different user unlocked): close every open editor
        without saving again, so nothing is written under the next user's name."""
        self.windows.close_all()

    @property
    def editors(self) -> list[QDialog]:
        return self.windows.open

    def new_person(self) -> None:
        dialog = PersonDialog(self.runner, self.context, parent=self)
        dialog.person_saved.connect(self._on_person_saved)
        self.windows.track(dialog)
        dialog.open()

    def edit_person(self) -> None:
        if self.record is None or self.windows.raise_open(PersonDialog, self.record.id):
            return
        dialog = PersonDialog(self.runner, self.context, self.record.id, self.record.person,
                              parent=self)
        dialog.person_saved.connect(self._on_person_saved)
        self.windows.track(dialog)
        dialog.open()

    def _on_person_saved(self, person_id: str) -> None:
        self._select_after_load = person_id
        self._clear_search()
        self.record = None
        self._changed()

    def record_concern(self) -> ConcernDialog | None:
        return self._editor(ConcernDialog, lambda pid, name, _child: ConcernDialog(
            self.runner, self.context, pid, name, parent=self), "concern_recorded")

    def start_checklist(self) -> AssessmentDialog | None:
        """The guided checklist for the selected person (resuming a draft if there is one)."""
        return self._editor(AssessmentDialog, lambda pid, name, child: AssessmentDialog(
            self.runner, self.context, pid, name, child, parent=self), "submitted")

    def record_disclosure(self) -> DisclosureDialog | None:
        return self._editor(DisclosureDialog, lambda pid, name, child: DisclosureDialog(
            self.runner, self.context, pid, name, parent=self, child=child), "sealed")

    def record_body_map(self) -> BodyMapDialog | None:
        return self._editor(BodyMapDialog, lambda pid, name, child: BodyMapDialog(
            self.runner, self.context, pid, name, child, parent=self), "recorded")

    def export_form(self) -> ExportDialog | None:
        return self._editor(ExportDialog, lambda pid, name, child: ExportDialog(
            self.runner, self.context, pid, name, child, parent=self), "exported",
            one_per_person=False)

    def _editor(self, kind: type[EditorT], make: Callable[[str, str, bool], EditorT],
                saved: str, one_per_person: bool = True) -> EditorT | None:
        """The person's editor of this kind: the open one raised, or a new one shown."""
        if self.record is None:
            return None
        if one_per_person:
            open_editor = self.windows.raise_open(kind, self.record.id)
            if open_editor is not None:
                return open_editor
        dialog = make(self.record.id, self.record.display_name,
                      is_child(self.record.person, date.today()))
        return self.windows.show(dialog, getattr(dialog, saved), self._changed)

    def show_timeline(self) -> TimelineDialog | None:
        """What happened to the person and how long each step took; outcomes recorded there."""
        return self._editor(TimelineDialog, lambda pid, name, _child: TimelineDialog(
            self.runner, pid, name, parent=self), "outcome_recorded")

    def open_entry(self, index: Any) -> SealedRecordDialog | None:
        """Enter or a double-click on a sealed record opens it, read-only, with amendments."""
        entry = self.chronology_model.entry(index.row())
        if entry is None or entry.kind not in VIEWERS:
            return None
        dialog = SealedRecordDialog(self.runner, entry.record_id,
                                    VIEWERS[entry.kind](entry.record_id), parent=self)
        return self.windows.show(dialog, dialog.amended, self._changed)

    def add_note(self) -> None:
        if self.record is None:
            return
        person_id = self.record.id
        # A note being typed when the app locks is kept as an encrypted draft (flush_drafts)
        # and offered again here: read it first, then open the dialog.
        self.runner.run(lambda s: s.drafts.list(NOTE_DRAFT_KIND, person_id),
                        lambda drafts: self._open_note(person_id, drafts), self._show_error)

    def _open_note(self, person_id: str, drafts: list[Any]) -> None:
        if self.record is None or self.record.id != person_id:
            return  # another person was opened meanwhile
        draft_id = drafts[0].id if drafts else uuid7()
        initial = str(drafts[0].content.get("text", "")) if drafts else ""
        self._note = (person_id, draft_id, None)

        def opened(dialog: NoteDialog | None) -> None:
            self._note = (person_id, draft_id, dialog) if dialog is not None else None

        text = NoteDialog.ask(self, self.record.display_name, initial=initial,
                              opened=opened)
        if not text:
            return

        def job(s: Any) -> None:
            s.people.add_note(person_id, text)
            s.drafts.discard(draft_id)

        self.runner.run(job, lambda _r: self._changed(), self._show_error)

    def share_person(self) -> None:
        if self.record is not None:
            share_person(self, self.runner, self.record, self.context.username,
                         self.message, self._changed, self._show_error)
