"""Record a concern: quick to fill in, autosaved as a draft while typing, never lost."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.app.concerns import RecordedConcern
from desktop.app.drafts import Draft
from desktop.app.tasks import TaskItem
from desktop.content import jurisdictions
from desktop.domain import concerns as concern_rules
from desktop.domain.concerns import Concern
from desktop.domain.events import iso
from desktop.ui import i18n, shortcuts, theme
from desktop.ui.editors.date_field import DateTimeField
from desktop.ui.editors.draft_keeper import DraftKeeper
from desktop.ui.editors.drafted_dialog import DraftedDialog
from desktop.ui.editors.follow_up import follow_up_html
from desktop.ui.editors.route_choice import RouteChoice
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text, problem_text
from desktop.ui.messages.record_labels import (
    category_label,
    local_time_text,
    offered_categories,
    offered_told,
    parse_time,
    told_label,
)
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

DRAFT_KIND = "concern"




class ConcernDialog(DraftedDialog):
    """Non-modal editor for one concern about one person."""

    concern_recorded = Signal(str, list)  # concern id, created task ids
    draft_restored = Signal()

    def __init__(self, runner: TaskRunner, context: AppContext, person_id: str,
                 person_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.context = context
        self.person_id = person_id
        self.person_name = person_name
        self.recorded: RecordedConcern | None = None
        self.created_tasks: list[TaskItem] = []
        self._restoring = False
        self._build()
        self.keeper = DraftKeeper(runner, DRAFT_KIND, person_id, self.content,
                                  self.content_is_empty, self)
        self.keeper.saved.connect(self._on_draft_saved)
        self.keeper.failed.connect(self._on_draft_failed)
        self._connect_changes()
        self.retranslate()
        self.text.setFocus()
        runner.run(lambda s: s.drafts.list(DRAFT_KIND, person_id), self._on_drafts)
        # Viet Nam: how the person came (a border post or a group reception: a hand-back).
        runner.run(lambda s: (s.assessments.routes(), s.concerns.default_route(person_id)),
                   self._on_routes)

    def _on_routes(self, result: tuple[tuple[str, ...], str | None]) -> None:
        self.route_choice.set_routes(*result)

    # --- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.setMinimumSize(600, 520)
        fit_to_screen(self, QSize(720, 700))
        outer = QVBoxLayout(self)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)

        form_page = QWidget()
        page = QVBoxLayout(form_page)
        page.setContentsMargins(0, 0, 0, 0)
        self.heading = self.heading_label()
        page.addWidget(self.heading)

        self.banner = QFrame()
        self.banner.setObjectName("draftBanner")
        self.banner.setStyleSheet(theme.panel_css("info", selector="QFrame#draftBanner"))
        banner_row = QHBoxLayout(self.banner)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.discard_button = QPushButton()
        self.discard_button.clicked.connect(self.discard_draft)
        self.discard_button.setAutoDefault(False)
        banner_row.addWidget(self.banner_label, 1)
        banner_row.addWidget(self.discard_button)
        self.banner.hide()
        page.addWidget(self.banner)

        scroll = QScrollArea()
        # Only a frame around the form: Tab goes to its fields (the area scrolls to each),
        # never to the unnamed frame itself.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 8, 0)

        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_hint = QLabel()
        self.text_hint.setWordWrap(True)
        self.text_hint.setStyleSheet(theme.css("muted"))
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(150)
        self.text_label.setBuddy(self.text)
        col.addWidget(self.text_label)
        col.addWidget(self.text_hint)
        col.addWidget(self.text, 2)

        where_when = QFormLayout()
        self.when = DateTimeField(QDateTime.currentDateTime())
        self.when_label = QLabel()
        self.when_label.setBuddy(self.when)
        self.place = QLineEdit()
        self.place_label = QLabel()
        self.place_label.setBuddy(self.place)
        where_when.addRow(self.when_label, self.when)
        where_when.addRow(self.place_label, self.place)
        col.addLayout(where_when)
        # Viet Nam: how the person came, which the tasks follow (hidden in England).
        self.route_choice = RouteChoice()
        col.addWidget(self.route_choice)

        self.categories_box = QGroupBox()
        grid = QGridLayout(self.categories_box)
        self.category_checks: dict[str, QCheckBox] = {}
        for i, cat in enumerate(offered_categories(self.context.jurisdiction)):
            box = QCheckBox()
            self.category_checks[cat] = box
            grid.addWidget(box, i // 2, i % 2)
        col.addWidget(self.categories_box)

        self.risk_box = QGroupBox()
        risk = QVBoxLayout(self.risk_box)
        radios = QHBoxLayout()
        self.risk_no = QRadioButton()
        self.risk_yes = QRadioButton()
        self.risk_group = QButtonGroup(self)
        self.risk_group.addButton(self.risk_no)
        self.risk_group.addButton(self.risk_yes)
        self.risk_no.setChecked(True)
        radios.addWidget(self.risk_no)
        radios.addWidget(self.risk_yes)
        radios.addStretch(1)
        risk.addLayout(radios)
        self.risk_warning = QLabel()
        self.risk_warning.setWordWrap(True)
        self.risk_warning.setStyleSheet(theme.panel_css("danger", "error", "QLabel")
                                        .replace("}", "font-weight: bold; }"))
        self.risk_warning.setVisible(False)
        risk.addWidget(self.risk_warning)
        col.addWidget(self.risk_box)

        self.told_box = QGroupBox()
        told = QGridLayout(self.told_box)
        self.told_checks: dict[str, QCheckBox] = {}
        for i, who in enumerate(offered_told(self.context.jurisdiction)):
            box = QCheckBox()
            self.told_checks[who] = box
            told.addWidget(box, i // 2, i % 2)
        self.told_detail = QLineEdit()
        self.told_detail_label = QLabel()
        self.told_detail_label.setBuddy(self.told_detail)
        told.addWidget(self.told_detail_label, 3, 0, 1, 2)
        told.addWidget(self.told_detail, 4, 0, 1, 2)
        col.addWidget(self.told_box)
        scroll.setWidget(body)
        page.addWidget(scroll, 1)

        self.error = self.error_label()
        page.addWidget(self.error)

        buttons = QHBoxLayout()
        self.status = self.status_label()
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        self.close_button.setAutoDefault(False)
        self.save_button = QPushButton()
        # No default button: Enter in "Where" must not save a half-written concern (a saved
        # concern can only be amended). Ctrl+Enter or Ctrl+S saves.
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        page.addLayout(buttons)
        self.stack.addWidget(form_page)

        done_page = QWidget()
        done = QVBoxLayout(done_page)
        self.done_heading = QLabel()
        self.done_heading.setFont(self.heading.font())
        self.done_heading.setWordWrap(True)
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        self.done_text.setTextFormat(Qt.TextFormat.RichText)
        self.done_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.done_close = QPushButton()
        self.done_close.setDefault(True)
        self.done_close.clicked.connect(self.accept)
        done.addWidget(self.done_heading)
        done.addWidget(self.done_text, 1)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        close_row.addWidget(self.done_close)
        done.addLayout(close_row)
        self.stack.addWidget(done_page)

        self.save_shortcut = QShortcut(shortcuts.key("save"), self)
        self.save_shortcut.activated.connect(self.save)
        self.save_shortcut_s = QShortcut(shortcuts.key("save_standard"), self)
        self.save_shortcut_s.activated.connect(self.save)

    def _connect_changes(self) -> None:
        self.text.textChanged.connect(self._changed)
        self.when.dateTimeChanged.connect(self._changed)
        self.place.textChanged.connect(self._changed)
        self.told_detail.textChanged.connect(self._changed)
        self.route_choice.changed.connect(self._changed)
        for box in (*self.category_checks.values(), *self.told_checks.values()):
            box.toggled.connect(self._changed)
        self.risk_yes.toggled.connect(self._risk_changed)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("ConcernDialog", "Record a concern"))
        self.heading.setText(tr("ConcernDialog", "Record a concern about {name}").format(
            name=self.person_name))
        self.text_label.setText(tr("ConcernDialog", "What did you see or hear?"))
        self.text_hint.setText(tr(
            "ConcernDialog",
            "Write what happened and, where you can, the person's own words. Keep what you saw "
            "apart from your opinion. A few lines are enough for now."))
        self.text.setAccessibleName(tr("ConcernDialog", "What did you see or hear?"))
        self.when_label.setText(tr("ConcernDialog", "When"))
        self.when.setAccessibleName(tr("ConcernDialog", "When it happened"))
        self.place_label.setText(tr("ConcernDialog", "Where"))
        self.place.setPlaceholderText(tr("ConcernDialog", "For example: the lounge, the bus stop"))
        self.place.setAccessibleName(tr("ConcernDialog", "Where it happened"))
        self.categories_box.setTitle(tr("ConcernDialog", "What kind of concern? (tick all that "
                                                         "apply)"))
        for cat, box in self.category_checks.items():
            box.setText(category_label(cat, self.context.jurisdiction))
        self.risk_box.setTitle(tr("ConcernDialog", "Is anyone in immediate danger?"))
        self.risk_no.setText(tr("ConcernDialog", "No"))
        self.risk_yes.setText(tr("ConcernDialog", "Yes"))
        self.risk_warning.setText(self.emergency_text())
        self.route_choice.retranslate()
        self.told_box.setTitle(tr("ConcernDialog", "Who have you told?"))
        for who, box in self.told_checks.items():
            box.setText(told_label(who, self.context.jurisdiction))
        self.told_detail_label.setText(tr("ConcernDialog", "Names, times, reference numbers"))
        self.told_detail.setAccessibleName(tr("ConcernDialog", "Who was told: details"))
        self.close_button.setText(tr("ConcernDialog", "Close and keep draft"))
        self.close_button.setToolTip(tr("ConcernDialog", "Your draft stays saved, encrypted, "
                                                         "until you save or discard it."))
        self.save_button.setText(tr("ConcernDialog", "Save concern"))
        self.save_button.setToolTip(tr("ConcernDialog", "Save (Ctrl+Enter)"))
        self.discard_button.setText(tr("ConcernDialog", "Discard draft"))
        self.done_heading.setText(tr("ConcernDialog", "The concern is saved"))
        self.done_close.setText(tr("ConcernDialog", "Close"))
        if self.recorded is not None:
            self._show_done()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def emergency_text(self) -> str:
        try:
            number = jurisdictions.load(self.context.jurisdiction).emergency_number
        except ValueError:
            number = "999"
        return tr("ConcernDialog", "Call {number} now. Then tell your safeguarding lead. "
                                   "Finish this record afterwards: your draft is kept."
                  ).format(number=number)

    # --- content and drafts ----------------------------------------------------------------
    def occurred_at(self) -> datetime:
        """The chosen time, aware, in the computer's zone."""
        return datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch(), UTC).astimezone()

    def content(self) -> dict[str, Any]:
        return {
            "seen_or_heard": self.text.toPlainText(),
            "occurred_at": iso(self.occurred_at()),
            "place": self.place.text(),
            "categories": [c for c, b in self.category_checks.items() if b.isChecked()],
            "immediate_risk": self.risk_yes.isChecked(),
            "told": [w for w, b in self.told_checks.items() if b.isChecked()],
            "told_detail": self.told_detail.text(),
            "route": self.route_choice.route(),
        }

    @staticmethod
    def content_is_empty(content: dict[str, Any]) -> bool:
        return not (str(content.get("seen_or_heard", "")).strip()
                    or str(content.get("place", "")).strip()
                    or str(content.get("told_detail", "")).strip()
                    or content.get("categories") or content.get("told")
                    or content.get("immediate_risk"))

    def restore(self, content: dict[str, Any]) -> None:
        self._restoring = True
        try:
            self.text.setPlainText(str(content.get("seen_or_heard", "")))
            when = content.get("occurred_at")
            if when:
                self.when.setDateTime(QDateTime.fromSecsSinceEpoch(
                    int(parse_time(str(when)).timestamp())))
            self.place.setText(str(content.get("place", "")))
            cats = set(content.get("categories", ()))
            for cat, box in self.category_checks.items():
                box.setChecked(cat in cats)
            told = set(content.get("told", ()))
            for who, box in self.told_checks.items():
                box.setChecked(who in told)
            (self.risk_yes if content.get("immediate_risk") else self.risk_no).setChecked(True)
            self.told_detail.setText(str(content.get("told_detail", "")))
            self.route_choice.set_route(content.get("route"))
        finally:
            self._restoring = False
        cursor = self.text.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.text.setTextCursor(cursor)

    def _on_drafts(self, drafts: list[Draft]) -> None:
        if not drafts or self.recorded is not None:
            return
        if not self.content_is_empty(self.content()):
            return  # the user has already started a new one; the old draft stays listed
        draft = drafts[0]
        self.restore(draft.content)
        self.keeper.adopt(draft)
        self.banner_label.setText(tr(
            "ConcernDialog", "Your unsaved draft from {time} is back. Carry on, or discard it."
        ).format(time=local_time_text(draft.updated_at)))
        self.banner.show()
        self.draft_restored.emit()

    def _changed(self) -> None:
        if self._restoring:
            return
        self.error.hide()
        self.keeper.changed()

    def _risk_changed(self, checked: bool) -> None:
        self.risk_warning.setVisible(checked)
        self._changed()

    def _on_draft_saved(self) -> None:
        self.status.setText(tr("ConcernDialog", "Draft saved"))

    def _on_draft_failed(self, exc: object) -> None:
        self.status.setText(tr("ConcernDialog", "The draft could not be saved. Keep this "
                                                "window open and try Save."))

    def is_saved(self) -> bool:
        return self.recorded is not None

    def discard_draft(self) -> None:
        self.keeper.discard()
        self.keeper = DraftKeeper(self.runner, DRAFT_KIND, self.person_id, self.content,
                                  self.content_is_empty, self)
        self.keeper.saved.connect(self._on_draft_saved)
        self.keeper.failed.connect(self._on_draft_failed)
        self._restoring = True
        try:
            self.restore({})
            self.when.setDateTime(QDateTime.currentDateTime())
        finally:
            self._restoring = False
        self.banner.hide()
        self.status.setText(tr("ConcernDialog", "Draft discarded"))
        self.text.setFocus()

    # --- saving ----------------------------------------------------------------------------
    def concern(self) -> Concern:
        c = self.content()
        return Concern(
            person_id=self.person_id,
            seen_or_heard=c["seen_or_heard"].strip(),
            occurred_at=self.occurred_at(),
            place=c["place"].strip(),
            categories=tuple(c["categories"]),
            immediate_risk=bool(c["immediate_risk"]),
            told=tuple(c["told"]),
            told_detail=c["told_detail"].strip(),
            route=c["route"],
        )

    def save(self) -> None:
        if self.recorded is not None or not self.save_button.isEnabled():
            return
        if not self.when.is_valid():
            self._show_error(self.when.problem())
            self.when.setFocus()
            return
        concern = self.concern()
        problems = concern_rules.validate(concern)
        if problems:
            self._show_error(" ".join(problem_text(p) for p in problems))
            return
        # Stop autosave first: the save removes the draft in the same transaction.
        self.keeper.save_now()
        self.keeper.finish()
        draft_id = self.keeper.draft_id if self.keeper.stored else None
        self.save_button.setEnabled(False)
        self.status.setText(tr("ConcernDialog", "Saving…"))

        def job(s: Any) -> tuple[RecordedConcern, list[TaskItem]]:
            recorded = s.concerns.record(concern, draft_id)
            wanted = set(recorded.task_ids)
            tasks = [t for t in s.tasks.list(person_id=concern.person_id) if t.id in wanted]
            return recorded, tasks

        self.runner.run(job, self._on_recorded, self._on_record_failed)
        self.context.record_activity()

    def _on_recorded(self, result: tuple[RecordedConcern, list[TaskItem]]) -> None:
        self.recorded, self.created_tasks = result
        self._show_done()
        self.stack.setCurrentIndex(1)
        self.done_close.setFocus()
        self.concern_recorded.emit(self.recorded.concern_id, list(self.recorded.task_ids))

    def _on_record_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.status.setText("")
        # Saving failed, so the draft must keep being saved.
        self.keeper.resume()
        self._show_error(error_text(exc))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _show_done(self) -> None:
        self.done_text.setText(follow_up_html(self.created_tasks))

    # --- closing ---------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
