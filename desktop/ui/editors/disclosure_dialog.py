"""Record a disclosure while listening: turns in order, the coach beside each staff turn, the
prompt card in a side panel, drafts saved as the user types, sealed once finished.

Keys: Enter adds the turn being typed; Ctrl+T switches between the staff member's words and
the person's words; Delete removes the selected turn (before sealing); Ctrl+Enter goes to the
review, where "Sign and seal" seals the record.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.app.disclosures import DRAFT_KIND, SealedDisclosure
from desktop.app.drafts import Draft
from desktop.app.tasks import TaskItem
from desktop.content import coach
from desktop.domain import disclosures as rules
from desktop.domain.disclosures import HOW, Disclosure, Told, Turn
from desktop.ui import i18n, shortcuts, theme
from desktop.ui.editors.date_field import DateTimeField, first_problem
from desktop.ui.editors.disclosure_parts import (
    CoachPanel,
    NotesBox,
    ToldGrid,
    TurnInput,
    _escape,
    advice,
    flag_style,
    good_style,
    how_label,
    prompt_card_html,
    review_html,
    script_card_html,
)
from desktop.ui.editors.draft_keeper import DraftKeeper
from desktop.ui.editors.drafted_dialog import DraftedDialog
from desktop.ui.editors.follow_up import follow_up_html
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text, problem_text
from desktop.ui.messages.record_labels import local_time_text, offered_told, told_label
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

CTX = "DisclosureDialog"  # the translation context (the same in its parts module)


class DisclosureDialog(DraftedDialog):
    sealed = Signal(str, list)  # disclosure id, created task ids

    def __init__(self, runner: TaskRunner, context: AppContext, person_id: str,
                 person_name: str, parent: QWidget | None = None, child: bool = True) -> None:
        super().__init__(parent)
        self.child = child  # the script card speaks to a child (cô–em) or an adult (tôi–anh/chị)
        self.runner = runner
        self.context = context
        self.person_id = person_id
        self.person_name = person_name
        self.turns: list[Turn] = []
        self.speaker = "person"
        self.submission: SealedDisclosure | None = None
        self.created_tasks: list[TaskItem] = []
        self.live_codes: list[str] = []
        self._restoring = False
        self._build()
        self.keeper = DraftKeeper(runner, DRAFT_KIND, person_id, self.content,
                                  self.content_is_empty, self)
        self.keeper.saved.connect(lambda: self.status.setText(tr(CTX, "Draft saved")))
        self.keeper.failed.connect(lambda _e: self.status.setText(tr(
            CTX, "The draft could not be saved. Keep this window open and try again.")))
        self._connect_changes()
        self.retranslate()
        self.turn_input.setFocus()
        runner.run(lambda s: s.drafts.list(DRAFT_KIND, person_id), self._on_drafts)

    # --- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.setMinimumSize(760, 600)
        fit_to_screen(self, QSize(1100, 760))
        outer = QVBoxLayout(self)
        self.heading = self.heading_label()
        outer.addWidget(self.heading)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        scroll = QScrollArea()
        # Tab goes to the form's fields (the area scrolls to each), never to the bare frame.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 8, 0)

        form = QFormLayout()
        self.when = DateTimeField(QDateTime.currentDateTime())
        self.where = QLineEdit()
        self.present = QLineEdit()
        self.how = QComboBox()
        for how in HOW:
            self.how.addItem("", how)
        self.demeanour = QLineEdit()
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(i18n.current_language()), 0))
        self.labels: dict[str, QLabel] = {}
        for key, widget in (("when", self.when), ("where", self.where),
                            ("present", self.present), ("how", self.how),
                            ("demeanour", self.demeanour), ("language", self.language)):
            label = QLabel()
            label.setBuddy(widget)
            self.labels[key] = label
            form.addRow(label, widget)
        col.addLayout(form)

        self.conversation_box = QGroupBox()
        conv = QVBoxLayout(self.conversation_box)
        self.turn_list = QListWidget()
        self.turn_list.setWordWrap(True)
        self.turn_list.setMinimumHeight(160)
        self.turn_list.installEventFilter(self)
        conv.addWidget(self.turn_list, 1)
        speaker_row = QHBoxLayout()
        self.speaker_label = QLabel()
        font = self.speaker_label.font()
        font.setBold(True)
        self.speaker_label.setFont(font)
        self.switch_button = QPushButton()
        self.switch_button.setAutoDefault(False)
        self.switch_button.clicked.connect(self.switch_speaker)
        speaker_row.addWidget(self.speaker_label, 1)
        speaker_row.addWidget(self.switch_button)
        conv.addLayout(speaker_row)
        self.turn_input = TurnInput()
        self.turn_input.setTabChangesFocus(True)
        self.turn_input.setFixedHeight(70)
        self.turn_input.submitted.connect(self.add_turn)
        self.turn_label = QLabel()
        self.turn_label.setBuddy(self.turn_input)
        self.turn_label.hide()
        conv.addWidget(self.turn_input)
        self.live_advice = QLabel()
        self.live_advice.setWordWrap(True)
        self.live_advice.setAccessibleName("")
        conv.addWidget(self.live_advice)
        col.addWidget(self.conversation_box, 2)

        notes = NotesBox(("observed", "opinion", "actions"), flag_style())
        self.notes_box = notes
        self.note_fields, self.note_advice = notes.fields, notes.advice
        self.labels.update(notes.labels)
        col.addWidget(notes)

        self.told_options = offered_told(self.context.jurisdiction)
        self.told_box = ToldGrid(self.told_options)
        self.told_checks, self.told_times, self.told_names = (
            self.told_box.checks, self.told_box.times, self.told_box.names)
        col.addWidget(self.told_box)
        self.risk = QCheckBox()
        col.addWidget(self.risk)
        scroll.setWidget(body)
        split.addWidget(scroll)

        side = CoachPanel(self.record_language())
        self.card, self.script, self.script_label, self.script_language = (
            side.card, side.script, side.script_label, side.script_language)
        # The script card is for the person: it starts in the record's language, and follows
        # it (the user can still pick another).
        self.language.currentIndexChanged.connect(self._follow_record_language)
        self.script_language.currentIndexChanged.connect(lambda _i: self._show_script())
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.stack.addWidget(split)

        review = QWidget()
        rcol = QVBoxLayout(review)
        self.review = QTextBrowser()
        self.review.setTabChangesFocus(True)
        rcol.addWidget(self.review)
        self.stack.addWidget(review)

        done = QWidget()
        dcol = QVBoxLayout(done)
        self.done_text = QTextBrowser()
        self.done_text.setTabChangesFocus(True)
        dcol.addWidget(self.done_text)
        self.stack.addWidget(done)

        self.error = self.error_label()
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        self.status = self.status_label()
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_to_record)
        self.finish_button = QPushButton()
        self.finish_button.clicked.connect(self.finish)
        self.seal_button = QPushButton()
        self.seal_button.clicked.connect(self.seal)
        buttons.addWidget(self.status, 1)
        for b in (self.close_button, self.back_button, self.finish_button, self.seal_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        outer.addLayout(buttons)
        QShortcut(shortcuts.key("switch_speaker"), self).activated.connect(self.switch_speaker)
        QShortcut(shortcuts.key("save"), self).activated.connect(self._ctrl_enter)
        self._update_buttons()

    def _connect_changes(self) -> None:
        self.turn_input.textChanged.connect(self._live_coach)
        for signal in (self.where.textChanged, self.present.textChanged,
                       self.demeanour.textChanged, self.when.dateTimeChanged,
                       self.how.currentIndexChanged, self.language.currentIndexChanged,
                       self.risk.toggled, self.turn_input.textChanged):
            signal.connect(self._changed)
        for key, edit in self.note_fields.items():
            edit.textChanged.connect(self._changed)
            edit.textChanged.connect(lambda k=key: self._note_coach(k))
        for who in self.told_options:
            self.told_checks[who].toggled.connect(self._changed)
            self.told_times[who].dateTimeChanged.connect(self._changed)
            self.told_names[who].textChanged.connect(self._changed)

    def retranslate(self) -> None:
        self.setWindowTitle(tr(CTX, "Record a disclosure"))
        self.heading.setText(tr(CTX, "What {name} told you").format(name=self.person_name))
        texts = {
            "when": tr(CTX, "When"), "where": tr(CTX, "Where"),
            "present": tr(CTX, "Who else was there"),
            "how": tr(CTX, "How it came about"),
            "demeanour": tr(CTX, "How the person seemed (demeanour)"),
            "language": tr(CTX, "Language of the record"),
            "observed": tr(CTX, "What you observed (facts: what you saw and heard)"),
            "opinion": tr(CTX, "Your opinion (kept apart, and printed as opinion)"),
            "actions": tr(CTX, "What you did (actions taken)"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        for key in ("observed", "opinion", "actions"):
            self.note_fields[key].setAccessibleName(texts[key])
        self.where.setAccessibleName(texts["where"])
        self.present.setAccessibleName(texts["present"])
        self.present.setPlaceholderText(tr(CTX, "Names and roles, separated by commas"))
        self.demeanour.setAccessibleName(texts["demeanour"])
        self.when.setAccessibleName(texts["when"])
        for i in range(self.how.count()):
            self.how.setItemText(i, how_label(str(self.how.itemData(i))))
        self.conversation_box.setTitle(tr(
            CTX, "The conversation, in order: the person's words exactly as said"))
        self.turn_list.setAccessibleName(tr(CTX, "Turns so far"))
        self.turn_input.setAccessibleName(tr(CTX, "The words being recorded"))
        self.turn_label.setText(tr(CTX, "The words being recorded"))
        self.switch_button.setText(tr(CTX, "Switch speaker (Ctrl+T)"))
        self.notes_box.setTitle(tr(CTX, "Kept apart from the person's words"))
        self.told_box.setTitle(tr(CTX, "Who was told, and when"))
        for who in self.told_options:
            self.told_checks[who].setText(told_label(who, self.context.jurisdiction))
            self.told_times[who].setAccessibleName(tr(CTX, "When {who} was told").format(
                who=told_label(who, self.context.jurisdiction)))
            self.told_names[who].setAccessibleName(tr(CTX, "Name or reference: {who}").format(
                who=told_label(who, self.context.jurisdiction)))
            self.told_names[who].setPlaceholderText(tr(CTX, "Name or reference"))
        self.risk.setText(tr(CTX, "Someone is in immediate danger"))
        self.card.setAccessibleName(tr(CTX, "Prompt card"))
        self.script_label.setText(tr(CTX, "What to say next, in the person's language"))
        self.script.setAccessibleName(tr(CTX, "Script card"))
        self.review.setAccessibleName(tr(CTX, "Review before sealing"))
        self.done_text.setAccessibleName(tr(CTX, "The disclosure is sealed"))
        self.back_button.setText(tr(CTX, "Back to the record"))
        self.finish_button.setText(tr(CTX, "Finish and review"))
        self.finish_button.setToolTip(tr(CTX, "Review the record and the coach's notes "
                                              "(Ctrl+Enter)"))
        self.seal_button.setText(tr(CTX, "Sign and seal"))
        self.seal_button.setToolTip(tr(CTX, "After sealing, the record cannot be changed; "
                                            "amendments can be added (Ctrl+Enter)"))
        self._show_card()
        self._show_script()
        self._update_speaker()
        self._refresh_turns()
        self._live_coach()
        for key in self.note_fields:
            self._note_coach(key)
        self._update_buttons()
        if self.stack.currentIndex() == 1:
            self._show_review()
        if self.submission is not None:
            self._show_done()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: Any, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (watched is self.turn_list and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete
                and self.submission is None):
            row = self.turn_list.currentRow()
            if 0 <= row < len(self.turns):
                del self.turns[row]
                self._refresh_turns()
                self._changed()
                return True
        return super().eventFilter(watched, event)

    # --- cards -----------------------------------------------------------------------------
    def _show_card(self) -> None:
        self.card.setHtml(prompt_card_html(i18n.current_language(), self._emergency()))

    def _follow_record_language(self) -> None:
        index = self.script_language.findData(self.record_language())
        if index >= 0:
            self.script_language.setCurrentIndex(index)

    def _show_script(self) -> None:
        code = self.script_language.currentData()
        if code is None:
            return
        self.script.setHtml(script_card_html(str(code), adult=not self.child,
                                             emergency=self._emergency()))

    # --- turns and the coach ---------------------------------------------------------------
    def record_language(self) -> str:
        return str(self.language.currentData() or "en")

    def heard(self, upto: int | None = None) -> str:
        turns = self.turns if upto is None else self.turns[:upto]
        return " ".join(t.text for t in turns if t.speaker == "person")

    def switch_speaker(self) -> None:
        if self.submission is not None:
            return
        self.speaker = "staff" if self.speaker == "person" else "person"
        self._update_speaker()
        self._live_coach()
        self.turn_input.setFocus()

    def _update_speaker(self) -> None:
        if self.speaker == "person":
            self.speaker_label.setText(tr(CTX, "Now recording: the person's words (verbatim)"))
        else:
            self.speaker_label.setText(tr(CTX, "Now recording: your words (staff)"))
        self.turn_input.setAccessibleDescription(self.speaker_label.text())

    def add_turn(self) -> None:
        text = self.turn_input.toPlainText().strip()
        if not text or self.submission is not None:
            return
        self.turns.append(Turn(self.speaker, text))
        self.turn_input.clear()
        self._refresh_turns()
        self.turn_list.scrollToBottom()
        self._changed()

    def _refresh_turns(self) -> None:
        self.turn_list.clear()
        lang = self.record_language()
        for n, turn in enumerate(self.turns):
            codes: list[str] = []
            if turn.speaker == "person":
                text = tr(CTX, "Person: “{words}”").format(words=turn.text)
            else:
                text = tr(CTX, "Staff: {words}").format(words=turn.text)
                codes, said = advice(turn.text, lang, self.heard(n))
                if codes:
                    text += "\n" + said
            item = QListWidgetItem(text)
            if codes:
                item.setForeground(theme.colour("warning"))
            self.turn_list.addItem(item)

    def _live_coach(self) -> None:
        text = self.turn_input.toPlainText()
        if self.speaker != "staff" or not text.strip():
            self.live_codes = []
            self.live_advice.setText("")
            self.live_advice.setAccessibleName("")
            return
        codes, said = advice(text, self.record_language(), self.heard())
        self.live_advice.setStyleSheet(flag_style() if codes else good_style())
        self.live_advice.setText(said)
        self.live_advice.setAccessibleName(said)
        self.live_codes = codes

    def _note_coach(self, key: str) -> None:
        flags = coach.check_note(self.note_fields[key].toPlainText(), self.record_language())
        hint = self.note_advice[key]
        if not flags:
            hint.hide()
            return
        hint.setText("\n".join(
            tr(CTX, "⚠ “{words}” can blame the person. Consider: {better}").format(
                words=f.matched, better=f.suggestion) for f in flags))
        hint.show()

    # --- content and drafts ----------------------------------------------------------------
    def _time(self, edit: DateTimeField) -> datetime:
        return datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch(), UTC).astimezone()

    def disclosure(self) -> Disclosure:
        return Disclosure(
            person_id=self.person_id, when=self._time(self.when),
            language=self.record_language(), where=self.where.text().strip(),
            present=tuple(p.strip() for p in self.present.text().split(",") if p.strip()),
            how=str(self.how.currentData()), demeanour=self.demeanour.text().strip(),
            turns=tuple(self.turns),
            observed=self.note_fields["observed"].toPlainText().strip(),
            opinion=self.note_fields["opinion"].toPlainText().strip(),
            actions=self.note_fields["actions"].toPlainText().strip(),
            told=tuple(Told(who, self._time(self.told_times[who]),
                            self.told_names[who].text().strip())
                       for who in self.told_options if self.told_checks[who].isChecked()),
            immediate_risk=self.risk.isChecked())

    def content(self) -> dict[str, Any]:
        record = self.disclosure().record_json()
        record["typing"] = {"speaker": self.speaker, "text": self.turn_input.toPlainText()}
        return record

    @staticmethod
    def content_is_empty(content: dict[str, Any]) -> bool:
        typing = content.get("typing") or {}
        return not (content.get("turns") or str(typing.get("text", "")).strip()
                    or any(str(content.get(k, "")).strip() for k in
                           ("where", "demeanour", "observed", "opinion", "actions"))
                    or content.get("present") or content.get("told"))

    def restore(self, content: dict[str, Any]) -> None:
        self._restoring = True
        try:
            d = Disclosure.from_record_json(self.person_id, content)
            self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(d.when.timestamp())))
            self.language.setCurrentIndex(max(self.language.findData(d.language), 0))
            self.where.setText(d.where)
            self.present.setText(", ".join(d.present))
            self.how.setCurrentIndex(max(self.how.findData(d.how), 0))
            self.demeanour.setText(d.demeanour)
            self.turns = list(d.turns)
            for key in ("observed", "opinion", "actions"):
                self.note_fields[key].setPlainText(getattr(d, key))
            told = {t.who: t for t in d.told}
            for who in self.told_options:
                self.told_checks[who].setChecked(who in told)
                if who in told:
                    self.told_times[who].setDateTime(QDateTime.fromSecsSinceEpoch(
                        int(told[who].at.timestamp())))
                    self.told_names[who].setText(told[who].name)
            self.risk.setChecked(d.immediate_risk)
            typing = content.get("typing") or {}
            self.speaker = "staff" if typing.get("speaker") == "staff" else "person"
            self.turn_input.setPlainText(str(typing.get("text", "")))
        finally:
            self._restoring = False
        self._update_speaker()
        self._refresh_turns()

    def _on_drafts(self, drafts: list[Draft]) -> None:
        if not drafts or self.submission is not None or not self.content_is_empty(
                self.content()):
            return
        draft = drafts[0]
        self.restore(draft.content)
        self.keeper.adopt(draft)
        self.status.setText(tr(CTX, "Your unsaved record from {time} is back.").format(
            time=local_time_text(draft.updated_at)))

    def _changed(self) -> None:
        if self._restoring:
            return
        self.error.hide()
        self.keeper.changed()

    def is_saved(self) -> bool:
        return self.submission is not None

    # --- review and sealing ----------------------------------------------------------------
    def _ctrl_enter(self) -> None:
        if self.stack.currentIndex() == 0:
            self.finish()
        elif self.stack.currentIndex() == 1:
            self.seal()

    def _update_buttons(self) -> None:
        page = self.stack.currentIndex()
        sealed = self.submission is not None
        self.back_button.setVisible(page == 1 and not sealed)
        self.finish_button.setVisible(page == 0 and not sealed)
        self.seal_button.setVisible(page == 1 and not sealed)
        self.close_button.setText(tr(CTX, "Close") if sealed else
                                  tr(CTX, "Close and keep draft"))

    def finish(self) -> None:
        if self.submission is not None:
            return
        self.add_turn()  # words still in the box belong to the record
        bad = first_problem(self.when, *(t for t in self.told_times.values() if t.isEnabled()))
        if bad is not None:
            self.error.setText(bad.problem())
            self.error.show()
            bad.setFocus()
            return
        d = self.disclosure()
        problems = rules.validate(d)
        if problems:
            self.error.setText(" ".join(problem_text(p) for p in problems))
            self.error.show()
            return
        self._show_review()
        self.stack.setCurrentIndex(1)
        self._update_buttons()
        self.seal_button.setFocus()

    def back_to_record(self) -> None:
        self.stack.setCurrentIndex(0)
        self._update_buttons()
        self.turn_input.setFocus()

    def _emergency(self) -> str:
        from desktop.content import jurisdictions

        return jurisdictions.load(self.context.jurisdiction).emergency_number

    def _show_review(self) -> None:
        self.review.setHtml(review_html(
            self.disclosure(), self.when.text(),
            {key: self.labels[key].text() for key in ("observed", "opinion", "actions")},
            [edit.toPlainText() for edit in self.note_fields.values()], self.heard,
            self.context.jurisdiction))

    def seal(self) -> None:
        if self.submission is not None or self.stack.currentIndex() != 1 or \
                not self.seal_button.isEnabled():
            return
        d = self.disclosure()
        self.keeper.save_now()
        self.keeper.finish()
        draft_id = self.keeper.draft_id if self.keeper.stored else None
        self.seal_button.setEnabled(False)
        self.status.setText(tr(CTX, "Sealing…"))

        def job(s: Any) -> tuple[SealedDisclosure, list[TaskItem]]:
            sealed = s.disclosures.seal(d, draft_id)
            wanted = set(sealed.task_ids)
            return sealed, [t for t in s.tasks.list(include_done=True,
                                                    person_id=d.person_id) if t.id in wanted]

        self.runner.run(job, self._on_sealed, self._on_seal_failed)
        self.context.record_activity()

    def _on_sealed(self, result: tuple[SealedDisclosure, list[TaskItem]]) -> None:
        self.submission, self.created_tasks = result
        self.status.setText("")
        self._show_done()
        self.stack.setCurrentIndex(2)
        self._update_buttons()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.sealed.emit(self.submission.disclosure_id, list(self.submission.task_ids))

    def _on_seal_failed(self, exc: Exception) -> None:
        self.seal_button.setEnabled(True)
        self.status.setText("")
        self.keeper.resume()
        self.error.setText(error_text(exc))
        self.error.show()

    def _show_done(self) -> None:
        assert self.submission is not None
        self.done_text.setHtml("<p><b>{}</b></p><p>{}</p>{}".format(
            _escape(tr(CTX, "The disclosure is sealed.")),
            _escape(tr(CTX, "Content hash: {hash}").format(hash=self.submission.content_hash)),
            follow_up_html(self.created_tasks)))
