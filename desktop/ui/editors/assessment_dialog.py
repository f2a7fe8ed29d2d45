"""A guided indicator checklist: one section per page, keyboard first, drafted as it goes.

The indicators read in the record's language (chosen at the start; it may differ from the
interface language). Help, buttons and the outcome read in the interface language. Number keys
answer the indicator that has focus (1 yes, 2 no, 3 not known, 4 not asked) and move on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.app.assessments import DRAFT_KIND, SubmittedAssessment
from desktop.app.drafts import Draft
from desktop.app.tasks import TaskItem
from desktop.content import jurisdictions
from desktop.content.checklists import frameworks
from desktop.content.checklists.frameworks import Framework, Indicator
from desktop.content.checklists.outcome import Outcome
from desktop.domain.assessments import Answer
from desktop.ui import i18n, shortcuts, theme
from desktop.ui.editors.checklist_rows import (
    IndicatorRow,
    SectionPage,
    _escape,
    level_label,
    level_style,
)
from desktop.ui.editors.draft_keeper import DraftKeeper
from desktop.ui.editors.drafted_dialog import DraftedDialog
from desktop.ui.editors.follow_up import follow_up_html
from desktop.ui.editors.route_choice import RouteChoice
from desktop.ui.i18n import tr, trn
from desktop.ui.messages.errors import error_text
from desktop.ui.messages.record_labels import local_time_text
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

CTX = "AssessmentDialog"  # the translation context (the same in its parts module)


class AssessmentDialog(DraftedDialog):
    """Non-modal: choose a checklist, answer it section by section, see the outcome, submit."""

    submitted = Signal(str, list)  # assessment id, created task ids

    def __init__(self, runner: TaskRunner, context: AppContext, person_id: str,
                 person_name: str, child: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.context = context
        self.person_id = person_id
        self.person_name = person_name
        self.child = child
        self.framework: Framework | None = None
        self.record_language = i18n.current_language()
        self.pages: list[SectionPage] = []
        self.outcome: Outcome | None = None
        self.submission: SubmittedAssessment | None = None
        self.created_tasks: list[TaskItem] = []
        self._restoring = False
        self._draft_page = 0
        self._build()
        self.keeper = DraftKeeper(runner, DRAFT_KIND, person_id, self.content,
                                  self.content_is_empty, self)
        self.keeper.saved.connect(lambda: self.status.setText(tr(CTX, "Draft saved")))
        self.keeper.failed.connect(lambda _e: self.status.setText(tr(
            CTX, "The draft could not be saved. Keep this window open and try again.")))
        self.retranslate()
        self.choices.setFocus()
        runner.run(lambda s: s.drafts.list(DRAFT_KIND, person_id), self._on_drafts)
        runner.run(lambda s: (s.assessments.routes(), s.assessments.default_route(person_id)),
                   lambda r: self.route_choice.set_routes(*r))

    # --- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.setMinimumSize(640, 560)
        fit_to_screen(self, QSize(820, 720))
        outer = QVBoxLayout(self)
        self.heading = self.heading_label()
        outer.addWidget(self.heading)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        outer.addWidget(self.progress)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)

        # Page 0: which checklist, in which language.
        start = QWidget()
        form = QVBoxLayout(start)
        form.setContentsMargins(0, 0, 0, 0)
        self.choose_label = QLabel()
        self.choose_label.setWordWrap(True)
        self.choices = QListWidget()
        self.choose_label.setBuddy(self.choices)
        applies = ("child", "both") if self.child else ("adult", "both")
        # Only the checklists of the vault's jurisdiction, in its order (a Vietnamese
        # returnee is not screened with England's child-exploitation lists).
        offered = jurisdictions.load(self.context.jurisdiction).checklists
        shipped = sorted(frameworks.shipped().values(),
                         key=lambda f: (offered.index(f.id) if f.id in offered
                                        else len(offered), f.id))
        latest: dict[str, Framework] = {}
        for f in shipped:
            if offered and f.id not in offered:
                continue
            if f.applies_to in applies and (f.id not in latest
                                            or f.version > latest[f.id].version):
                latest[f.id] = f
        for f in latest.values():
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, (f.id, f.version))
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self.choices.itemActivated.connect(lambda _i: self.start())
        form.addWidget(self.choose_label)
        form.addWidget(self.choices, 1)
        lang_row = QFormLayout()
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(self.record_language), 0))
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        lang_row.addRow(self.language_label, self.language)
        form.addLayout(lang_row)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(theme.panel_css("info"))
        self.banner.hide()
        form.addWidget(self.banner)
        self.stack.addWidget(start)

        # Summary page (index 1); section pages are inserted after it when a checklist starts.
        summary = QWidget()
        scol = QVBoxLayout(summary)
        scol.setContentsMargins(0, 0, 0, 0)
        self.level = QLabel()
        self.level.setWordWrap(True)
        self.level.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                           | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                             | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        sscroll = QScrollArea()
        # Only a frame around the form: Tab goes to its fields (the area scrolls to each),
        # never to the unnamed frame itself.
        sscroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        sscroll.setWidgetResizable(True)
        sscroll.setWidget(self.summary)
        # Viet Nam: how the person came; the steps below follow it (issue 12).
        self.route_choice = RouteChoice()
        self.route_choice.changed.connect(self._route_changed)
        scol.addWidget(self.route_choice)
        scol.addWidget(self.level)
        scol.addWidget(sscroll, 1)
        self.stack.addWidget(summary)

        # Done page (index 2).
        done = QWidget()
        dcol = QVBoxLayout(done)
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        self.done_text.setTextFormat(Qt.TextFormat.RichText)
        self.done_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.done_text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        dcol.addWidget(self.done_text, 1)
        self.stack.addWidget(done)

        self.error = self.error_label()
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        self.status = self.status_label()
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back)
        self.skip_button = QPushButton()
        self.skip_button.clicked.connect(self.skip)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next)
        self.submit_button = QPushButton()
        self.submit_button.clicked.connect(self.submit)
        for b in (self.close_button, self.back_button, self.skip_button, self.next_button,
                  self.submit_button):
            b.setAutoDefault(False)
        buttons.addWidget(self.status, 1)
        for b in (self.close_button, self.back_button, self.skip_button, self.next_button,
                  self.submit_button):
            buttons.addWidget(b)
        outer.addLayout(buttons)
        QShortcut(shortcuts.key("next_section"), self).activated.connect(self.next)
        QShortcut(shortcuts.key("previous_section"), self).activated.connect(self.back)
        QShortcut(shortcuts.key("save"), self).activated.connect(self.submit)
        self._update_buttons()

    def retranslate(self) -> None:
        self.setWindowTitle(tr(CTX, "Indicator checklist"))
        if self.framework is None:
            self.heading.setText(tr(CTX, "Indicator checklist for {name}").format(
                name=self.person_name))
        else:
            title = self.framework.title.get(i18n.current_language()) or \
                self.framework.title["en"]
            self.heading.setText(f"{title}: {self.person_name}")
        self.choose_label.setText(tr(
            CTX, "Which checklist? Only those that fit this person ({who}) are listed.").format(
                who=tr(CTX, "a child, or age disputed") if self.child else tr(CTX, "an adult")))
        self.choices.setAccessibleName(tr(CTX, "Checklists"))
        ui = i18n.current_language()
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            fid, version = item.data(Qt.ItemDataRole.UserRole)
            f = frameworks.shipped()[(fid, version)]
            item.setText(trn(CTX, "{title} (version {version}, %n indicators)",
                             len(self._applicable(f))).format(
                title=f.title.get(ui) or f.title["en"], version=version))
        self.language_label.setText(tr(CTX, "Language of the record"))
        self.language.setAccessibleName(tr(CTX, "Language of the record"))
        self.language.setToolTip(tr(CTX, "The indicators are written in this language; it may "
                                         "differ from the language of the app."))
        self.close_button.setText(tr(CTX, "Close and keep draft"))
        self.back_button.setText(tr(CTX, "Back"))
        self.back_button.setToolTip(tr(CTX, "Previous section (Alt+Left)"))
        self.skip_button.setText(tr(CTX, "Skip section"))
        self.skip_button.setToolTip(tr(CTX, "Leave this section's answers as they are and go "
                                            "on"))
        self.next_button.setToolTip(tr(CTX, "Next (Alt+Right)"))
        self.route_choice.retranslate()
        self.submit_button.setText(tr(CTX, "Submit and seal"))
        self.submit_button.setToolTip(tr(CTX, "Seal the assessment and create its follow-up "
                                              "tasks (Ctrl+Enter). After this it can only be "
                                              "amended."))
        self.summary.setAccessibleName(tr(CTX, "Outcome and reasons"))
        self.level.setAccessibleName(tr(CTX, "Outcome"))
        self.done_text.setAccessibleName(tr(CTX, "The assessment is submitted"))
        self._retranslate_pages()
        self._update_buttons()
        if self.stack.currentIndex() == 1 and self.outcome is not None:
            self._show_outcome(self.outcome)
        if self.submission is not None:
            self._show_done()

    def _retranslate_pages(self) -> None:
        for n, page in enumerate(self.pages, 1):
            page.retranslate(self.record_language, n, len(self.pages))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _applicable(self, framework: Framework) -> list[Indicator]:
        want = ("child", "both") if self.child else ("adult", "both")
        return [i for i in framework.indicators() if i.applies_to in want]

    # --- navigation ------------------------------------------------------------------------
    def section_index(self) -> int:
        """0-based section shown, or -1 on the start page, len(pages) on the summary."""
        index = self.stack.currentIndex()
        if index == 0:
            return -1
        if index in (1, 2):
            return len(self.pages)
        return index - 3

    def start(self) -> None:
        if self.framework is not None:
            return
        item = self.choices.currentItem()
        if item is None:
            return
        fid, version = item.data(Qt.ItemDataRole.UserRole)
        self._begin(frameworks.shipped()[(fid, version)],
                    str(self.language.currentData()), {}, 0)
        self.keeper.changed()

    def _begin(self, framework: Framework, language: str, answers: dict[str, Answer],
               page: int) -> None:
        self.framework = framework
        self.record_language = language
        wanted = {i.id for i in self._applicable(framework)}
        number = 1
        for section in framework.sections:
            indicators = [i for i in section.indicators if i.id in wanted]
            if not indicators:
                continue
            section_page = SectionPage(section, indicators, number)
            number += len(indicators)
            for row in section_page.rows:
                row.set_answer(answers.get(row.indicator.id, Answer()))
                row.answered.connect(self._row_answered)
                row.group.buttonToggled.connect(self._answer_toggled)
                row.note.textChanged.connect(self._changed)
                row.source.currentIndexChanged.connect(self._changed)
            self.pages.append(section_page)
            self.stack.addWidget(section_page)
        self.progress.setRange(0, len(self.pages))
        self.progress.show()
        self.retranslate()
        self.go(min(page, len(self.pages)))

    def go(self, section: int) -> None:
        """Show section `section` (0-based), or the summary when it is past the last."""
        self.error.hide()
        if section >= len(self.pages):
            self.stack.setCurrentIndex(1)
            self.progress.setValue(len(self.pages))
            self.progress.setFormat(tr(CTX, "Summary"))
            self._preview()
        else:
            self.stack.setCurrentIndex(3 + section)
            self.progress.setValue(section)
            self.progress.setFormat(tr(CTX, "Section {n} of {total}").format(
                n=section + 1, total=len(self.pages)))
            page = self.pages[section]
            page.scroller.verticalScrollBar().setValue(0)
            if page.rows:
                page.rows[0].focus_answer()
        self.progress.setAccessibleName(self.progress.format())
        self._update_buttons()
        if not self._restoring:
            self.keeper.changed()

    def next(self) -> None:
        if self.submission is not None:
            return
        if self.framework is None:
            self.start()
            return
        self.go(self.section_index() + 1)

    def skip(self) -> None:
        index = self.section_index()
        if 0 <= index < len(self.pages):
            self.go(index + 1)

    def back(self) -> None:
        index = self.section_index()
        if self.submission is None and index > 0:
            self.go(index - 1)

    def _update_buttons(self) -> None:
        index = self.section_index()
        started = self.framework is not None
        sealed = self.submission is not None
        on_summary = started and index == len(self.pages)
        self.back_button.setVisible(started and not sealed)
        self.back_button.setEnabled(index > 0)
        self.skip_button.setVisible(started and not on_summary and not sealed)
        self.next_button.setVisible(not on_summary and not sealed)
        self.next_button.setText(tr(CTX, "Start") if not started else
                                 tr(CTX, "See the outcome") if index == len(self.pages) - 1
                                 else tr(CTX, "Next section"))
        self.submit_button.setVisible(on_summary and not sealed)
        self.close_button.setText(tr(CTX, "Close") if sealed else
                                  tr(CTX, "Close and keep draft"))

    def _row_answered(self, row: IndicatorRow) -> None:
        page = self.pages[self.section_index()] if 0 <= self.section_index() < len(
            self.pages) else None
        if page is None:
            return
        at = page.rows.index(row)
        if at + 1 < len(page.rows):
            nxt = page.rows[at + 1]
            nxt.focus_answer()
            page.scroller.ensureWidgetVisible(nxt)
        else:
            self.next_button.setFocus(Qt.FocusReason.TabFocusReason)

    # --- content and drafts ----------------------------------------------------------------
    def answers(self) -> dict[str, Answer]:
        return {row.indicator.id: row.answer() for page in self.pages for row in page.rows
                if row.answer() != Answer()}

    def content(self) -> dict[str, Any]:
        if self.framework is None:
            return {}
        return {
            "framework_id": self.framework.id,
            "framework_version": self.framework.version,
            "record_language": self.record_language,
            "section": max(self.section_index(), 0),
            "answers": {k: a.to_json() for k, a in self.answers().items()},
            "route": self.route_choice.route(),
        }

    @staticmethod
    def content_is_empty(content: dict[str, Any]) -> bool:
        return not content.get("framework_id")

    def _on_drafts(self, drafts: list[Draft]) -> None:
        if not drafts or self.framework is not None or self.submission is not None:
            return
        draft = drafts[0]
        c = draft.content
        key = (str(c.get("framework_id")), int(c.get("framework_version", 0)))
        framework = frameworks.shipped().get(key)
        if framework is None:
            return  # the framework version is no longer shipped; the draft stays listed
        self._restoring = True
        try:
            self._begin(framework, str(c.get("record_language", "en")),
                        {k: Answer.from_json(v) for k, v in dict(c.get("answers", {})).items()},
                        int(c.get("section", 0)))
        finally:
            self._restoring = False
        self.route_choice.set_route(c.get("route"))
        self.keeper.adopt(draft)
        self.status.setText(tr(CTX, "Your unsaved answers from {time} are back.").format(
            time=local_time_text(draft.updated_at)))

    def _answer_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._changed()

    def _changed(self) -> None:
        if self._restoring:
            return
        self.error.hide()
        self.keeper.changed()

    def is_saved(self) -> bool:
        return self.submission is not None or self.framework is None

    def _route_changed(self) -> None:
        if self.framework is None or self.submission is not None:
            return
        self._changed()
        self._preview()

    # --- outcome and submitting ------------------------------------------------------------
    def _preview(self) -> None:
        framework = self.framework
        if framework is None:
            return
        answers = self.answers()
        person_id = self.person_id
        route = self.route_choice.route()
        self.runner.run(lambda s: s.assessments.preview(person_id, framework, answers, route),
                        self._show_outcome, self._show_error)

    def _reason_items(self, ids: tuple[str, ...]) -> str:
        framework = self.framework
        assert framework is not None
        lang = self.record_language
        items = []
        for indicator_id in ids:
            indicator = framework.indicator(indicator_id)
            note = self.answers().get(indicator_id, Answer()).note
            text = _escape(indicator.text.get(lang) or indicator.text["en"])
            if note:
                text += f" <i>({_escape(note)})</i>"
            items.append(f"<li>{text}</li>")
        return "<ul>" + "".join(items) + "</ul>" if items else ""

    def _show_outcome(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.level.setText(tr(CTX, "Outcome: {level}").format(level=level_label(outcome.level)))
        self.level.setStyleSheet(level_style(outcome.level))
        juris = jurisdictions.load(self.context.jurisdiction)
        ui = i18n.current_language()
        parts = []
        if outcome.level_reasons:
            parts.append("<p><b>{}</b></p>{}".format(
                _escape(tr(CTX, "Because these were answered yes:")),
                self._reason_items(outcome.level_reasons)))
        else:
            parts.append("<p>{}</p>".format(_escape(tr(
                CTX, "No indicator was answered yes. If you are still worried, record a concern "
                     "and talk to your safeguarding lead."))))
        if outcome.steps:
            parts.append("<p><b>{}</b></p><ol>".format(_escape(tr(CTX, "What to do next"))))
            for step in outcome.steps:
                parts.append("<li><p>{}</p><p style='{}'>{}</p>{}</li>".format(
                    _escape(juris.step_text(step.id, ui)), theme.style("muted"),
                    _escape(tr(CTX, "Why:")), self._reason_items(step.reasons)))
            parts.append("</ol>")
        if outcome.risk_factors:
            parts.append("<p><b>{}</b></p>{}".format(
                _escape(tr(CTX, "Risk factors answered yes (information, not a level):")),
                self._reason_items(outcome.risk_factors)))
        answered = sum(1 for a in self.answers().values() if a.answer in ("yes", "no"))
        total = sum(len(p.rows) for p in self.pages)
        parts.append("<p style='{}'>{}</p>".format(theme.style("muted"), _escape(tr(
            CTX, "{answered} of {total} indicators answered yes or no; the rest are not known "
                 "or not asked.").format(answered=answered, total=total))))
        self.summary.setText("".join(parts))
        if self.stack.currentIndex() == 1:
            self.submit_button.setFocus(Qt.FocusReason.TabFocusReason)

    def submit(self) -> None:
        framework = self.framework
        if (framework is None or self.submission is not None or self.section_index() != len(
                self.pages) or not self.submit_button.isEnabled()):
            return
        answers = self.answers()
        language = self.record_language
        person_id = self.person_id
        route = self.route_choice.route()
        self.keeper.save_now()
        self.keeper.finish()
        draft_id = self.keeper.draft_id if self.keeper.stored else None
        self.submit_button.setEnabled(False)
        self.status.setText(tr(CTX, "Submitting…"))

        def job(s: Any) -> tuple[SubmittedAssessment, list[TaskItem]]:
            result = s.assessments.submit(person_id, framework, answers, language, draft_id,
                                          route=route)
            wanted = set(result.task_ids)
            return result, [t for t in s.tasks.list(person_id=person_id) if t.id in wanted]

        self.runner.run(job, self._on_submitted, self._on_submit_failed)
        self.context.record_activity()

    def _on_submitted(self, result: tuple[SubmittedAssessment, list[TaskItem]]) -> None:
        self.submission, self.created_tasks = result
        self.status.setText("")
        self._show_done()
        self.stack.setCurrentIndex(2)
        self.progress.hide()
        self._update_buttons()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.submitted.emit(self.submission.assessment_id, list(self.submission.task_ids))

    def _on_submit_failed(self, exc: Exception) -> None:
        self.submit_button.setEnabled(True)
        self.status.setText("")
        self.keeper.resume()
        self._show_error(exc)

    def _show_error(self, exc: Exception) -> None:
        self.error.setText(error_text(exc))
        self.error.show()

    def _show_done(self) -> None:
        assert self.submission is not None
        head = "<p><b>{}</b> {}</p>".format(
            _escape(tr(CTX, "The assessment is submitted and sealed.")),
            _escape(tr(CTX, "Outcome: {level}").format(
                level=level_label(self.submission.outcome.level))))
        body = follow_up_html(self.created_tasks)
        self.done_text.setText(head + body)
