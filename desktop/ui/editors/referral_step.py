"""The short step before a referral is previewed, saved or printed (issue 11): what only the
referrer knows, asked once per export dialog.

Each field starts from what the records say (latest concern, sealed disclosure, assessment
outcome, tasks done) and is edited by the referrer; what they confirm is printed and kept with
the `referral.made` event, so a reprint prints the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.app.referrals import RISK_FORMS
from desktop.ui import theme
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.tasks import TaskRunner

CTX = "ReferralStep"
# Forms that are records, not referrals: nothing to confirm before printing them.
NO_STEP = frozenset({"body-map", "disclosure-record"})


def needs_step(form_id: str) -> bool:
    return form_id not in NO_STEP


class ReferralStep(QDialog):
    """Asks for the referral details; `details()` gives what was confirmed."""

    def __init__(self, runner: TaskRunner, person_id: str, lang: str,
                 earlier: dict[str, Any] | None = None, parent: QWidget | None = None,
                 form_id: str = "") -> None:
        super().__init__(parent)
        self.loaded = False  # the prefill (or the earlier details) is in the boxes
        # A MASH triages on the immediate-risk answer first: for a MASH referral, or a pack
        # that carries one, it must be Yes or No (as the CLI insists). Assumed asked until the
        # records say whether this person's pack carries a MASH referral.
        self.asks_risk = form_id in RISK_FORMS
        self.setWindowTitle(tr(CTX, "Before you print: the referral"))
        self.setMinimumSize(620, 640)
        fit_to_screen(self, QSize(620, 640))
        outer = QVBoxLayout(self)
        self.intro = QLabel(tr(CTX, "Only you know some of what a referral asks. Each box starts "
                                    "from the records: check it, correct it, then confirm. What "
                                    "you confirm is printed and kept with the referral."))
        self.intro.setWordWrap(True)
        outer.addWidget(self.intro)
        self.message = QLabel(tr(CTX, "Reading the records…"))
        self.message.setWordWrap(True)
        outer.addWidget(self.message)

        body = QWidget()
        form = QFormLayout(body)
        self.texts: dict[str, QPlainTextEdit] = {}
        self.lines: dict[str, QLineEdit] = {}
        for key, label in (
                ("reasons", tr(CTX, "Reasons for referral")),
                ("views", tr(CTX, "The person's views and wishes")),
                ("impact", tr(CTX, "Impact on the child or person")),
                ("strengths", tr(CTX, "Strengths and protective factors"))):
            self.texts[key] = self._text(form, label)
        # Answered yes or no by the referrer; left unanswered it prints "Not answered".
        self.immediate_risk = self._yes_no(form, tr(CTX, "Is there immediate risk now?"),
                                           tr(CTX, "Not answered"))
        self.risk_needed = QLabel(tr(CTX, "This referral goes to a MASH, which reads the "
                                          "immediate-risk answer first: answer \"Is there "
                                          "immediate risk now?\" Yes or No before you "
                                          "confirm."))
        self.risk_needed.setWordWrap(True)
        self.risk_needed.setStyleSheet(theme.css("error", bold=True))
        self.risk_needed.setAccessibleName(self.risk_needed.text())
        self.risk_needed.setVisible(False)  # shown beside the buttons, never scrolled away
        self.immediate_risk.currentIndexChanged.connect(lambda _i: self._update_confirm())
        for key, label in (
                ("immediate_risk_now", tr(CTX, "Immediate risk now: what it is")),
                ("actions_done", tr(CTX, "What has been done already"))):
            self.texts[key] = self._text(form, label)
        self.parents_know = self._yes_no(form, tr(CTX, "Do the parents or carers know?"))
        self.parents_consent = self._yes_no(form, tr(CTX, "Do they consent?"))
        self.texts["why_not"] = self._text(
            form, tr(CTX, "If not, why refer without their knowledge or consent?"))
        police = QLabel(tr(CTX, "For the police (if they are told)"))
        police.setStyleSheet("font-weight: bold;")
        form.addRow(police)
        for key, label in (
                ("current_location", tr(CTX, "Where the person is now")),
                ("with_whom", tr(CTX, "Who the person is with")),
                ("weapons", tr(CTX, "Weapons known or suspected")),
                ("vehicles", tr(CTX, "Vehicles")),
                ("risks_to_officers", tr(CTX, "Risks to officers"))):
            edit = QLineEdit()
            edit.setAccessibleName(label)
            caption = QLabel(label)
            caption.setBuddy(edit)
            form.addRow(caption, edit)
            self.lines[key] = edit
        scroll = QScrollArea()
        # Only a frame around the form: Tab goes to its fields (the area scrolls to each),
        # never to the unnamed frame itself.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName(tr(CTX, "Referral details"))
        outer.addWidget(scroll, 1)

        outer.addWidget(self.risk_needed)
        buttons = QDialogButtonBox()
        self.confirm_button = QPushButton(tr(CTX, "Confirm"))
        self.confirm_button.setEnabled(False)
        self.cancel_button = QPushButton(tr(CTX, "Cancel"))
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)

        if earlier is not None:
            self._fill(earlier)
        else:
            runner.run(lambda s: s.referrals.prefill(person_id, lang), self._fill,
                       self._failed)
        if form_id == "referral-pack":
            runner.run(lambda s: s.referrals.asks_immediate_risk(person_id, form_id, lang),
                       self._asks_risk, lambda _exc: None)  # unknown: still asked

    def _asks_risk(self, asks: bool) -> None:
        self.asks_risk = asks
        self._update_confirm()

    def risk_unanswered(self) -> bool:
        """True while the form needs the immediate-risk answer and it is "Not answered"."""
        return self.asks_risk and self.immediate_risk.currentData() is None

    def _update_confirm(self) -> None:
        blocked = self.risk_unanswered()
        self.confirm_button.setEnabled(self.loaded and not blocked)
        self.risk_needed.setVisible(blocked)
        # Said to a screen reader on the button itself, not only shown in red.
        self.confirm_button.setAccessibleDescription(
            self.risk_needed.text() if blocked else "")

    def _text(self, form: QFormLayout, label: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setAccessibleName(label)
        edit.setMinimumHeight(70)
        caption = QLabel(label)
        caption.setWordWrap(True)
        caption.setBuddy(edit)
        form.addRow(caption, edit)
        return edit

    def _yes_no(self, form: QFormLayout, label: str, unset: str | None = None) -> QComboBox:
        box = QComboBox()
        box.addItem(unset or tr(CTX, "Not known"), None)
        box.addItem(tr(CTX, "Yes"), True)
        box.addItem(tr(CTX, "No"), False)
        box.setAccessibleName(label)
        caption = QLabel(label)
        caption.setBuddy(box)
        form.addRow(caption, box)
        return box

    def _fill(self, details: dict[str, Any]) -> None:
        for key, edit in self.texts.items():
            edit.setPlainText(str(details.get(key) or ""))
        for key, line in self.lines.items():
            line.setText(str(details.get(key) or ""))
        for box, key in ((self.parents_know, "parents_know"),
                         (self.parents_consent, "parents_consent"),
                         (self.immediate_risk, "immediate_risk")):
            box.setCurrentIndex(max(box.findData(details.get(key)), 0))
        self.message.setText(tr(CTX, "Check each box before you confirm."))
        self.loaded = True
        self._update_confirm()
        self.texts["reasons"].setFocus(Qt.FocusReason.OtherFocusReason)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))
        self.loaded = True  # the referrer can still write it all by hand
        self._update_confirm()

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: e.toPlainText().strip() for k, e in self.texts.items()}
        out.update({k: e.text().strip() for k, e in self.lines.items()})
        out["parents_know"] = self.parents_know.currentData()
        out["parents_consent"] = self.parents_consent.currentData()
        out["immediate_risk"] = self.immediate_risk.currentData()
        return out


def open_referral_step(runner: TaskRunner, person_id: str, lang: str,
                       earlier: dict[str, Any] | None, parent: QWidget,
                       then: Callable[[dict[str, Any]], None],
                       form_id: str = "") -> ReferralStep:
    """Show the step (window-modal, not blocking); `then(details)` runs once confirmed."""
    step = ReferralStep(runner, person_id, lang, earlier, parent, form_id)
    step.setWindowModality(Qt.WindowModality.WindowModal)
    step.accepted.connect(lambda: then(step.details()))
    step.open()
    return step
