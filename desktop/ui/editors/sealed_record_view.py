"""A sealed record, read-only, with its amendments; the one change it takes is an amendment.

An assessment reads as it was submitted: the indicators' wording is the framework version's
own (kept with the assessment), whatever version ships now.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.app.amendments import Amendment
from desktop.content.checklists.frameworks import from_snapshot
from desktop.domain.assessments import DEFAULT_ANSWER
from desktop.ui import i18n, theme
from desktop.ui.editors.checklist_rows import answer_label, level_label, source_label
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text
from desktop.ui.messages.record_labels import local_time_text
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.tasks import TaskRunner

CTX = "SealedRecord"


def _e(text: object) -> str:
    return html.escape(str(text), quote=False)


def assessment_html(data: dict[str, Any]) -> str:
    """The submitted assessment: outcome first, then every answer, by section."""
    framework = from_snapshot(data["framework"])
    lang = str(data.get("record_language", "en"))
    ui = i18n.current_language()
    outcome = data["outcome"]
    answers: dict[str, dict[str, str]] = data.get("answers", {})
    title = framework.title.get(lang) or framework.title["en"]
    out = [f"<h2>{_e(title)}</h2>",
           "<p>{}</p>".format(_e(tr(CTX, "Version {version}. Submitted {time} by {author}.")
                                 .format(version=framework.version,
                                         time=local_time_text(str(data["submitted_at"])),
                                         author=data["submitted_by"]))),
           "<h3>{}</h3>".format(_e(tr(CTX, "Outcome: {level}").format(
               level=level_label(outcome["level"]))))]

    def text_of(indicator_id: str) -> str:
        indicator = framework.indicator(indicator_id)
        return indicator.text.get(lang) or indicator.text["en"]

    steps = outcome.get("steps", [])
    if steps:
        out.append("<ol>")
        for step in steps:
            reasons = "; ".join(_e(text_of(r)) for r in step.get("reasons", []))
            step_text = step["text"].get(ui) or step["text"]["en"]
            out.append("<li>{}<br><span style='{}'>{} {}</span></li>".format(
                _e(step_text), theme.style("muted"), _e(tr(CTX, "Why:")), reasons))
        out.append("</ol>")
    for section in framework.sections:
        out.append(f"<h3>{_e(section.title.get(lang) or section.title['en'])}</h3><ul>")
        for indicator in section.indicators:
            a = answers.get(indicator.id, {})
            answer = a.get("answer", DEFAULT_ANSWER)
            extra = ""
            if a.get("note"):
                extra += f"<br><i>{_e(a['note'])}</i>"
            if a.get("source"):
                extra += " ({})".format(_e(source_label(a["source"])))
            style = " style='font-weight:bold'" if answer == "yes" else ""
            said = f"{_e(text_of(indicator.id))}: {_e(answer_label(answer))}"
            out.append(f"<li{style}>{said}{extra}</li>")
        out.append("</ul>")
    return "".join(out)


def amendments_html(amendments: list[Amendment]) -> str:
    if not amendments:
        return ""
    out = ["<h3>{}</h3><ol>".format(_e(tr(CTX, "Amendments")))]
    for a in amendments:
        out.append("<li><b>{}</b> {}<br>{}<br><span style='{}'>{}</span></li>".format(
            _e(tr(CTX, "Reason:")), _e(a.reason), _e(a.text), theme.style("muted"),
            _e(tr(CTX, "{time}, {author}").format(time=local_time_text(a.at),
                                                  author=a.author))))
    out.append("</ol>")
    return "".join(out)


class AmendDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.reason = QLineEdit()
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text_label = QLabel()
        self.text_label.setBuddy(self.text)
        form.addRow(self.reason_label, self.reason)
        form.addRow(self.text_label, self.text)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel = QPushButton()
        self.cancel.clicked.connect(self.reject)
        self.ok = QPushButton()
        self.ok.clicked.connect(self.accept)
        self.ok.setEnabled(False)
        row.addWidget(self.cancel)
        row.addWidget(self.ok)
        layout.addLayout(row)
        for signal in (self.reason.textChanged, self.text.textChanged):
            signal.connect(self._check)
        self.setWindowTitle(tr(CTX, "Add an amendment"))
        self.intro.setText(tr(CTX, "A sealed record is never changed. An amendment is added "
                                   "beside it, with your name, the time and the reason, and "
                                   "it is printed with the record."))
        self.reason_label.setText(tr(CTX, "Reason"))
        self.reason.setAccessibleName(tr(CTX, "Reason"))
        self.text_label.setText(tr(CTX, "Amendment"))
        self.text.setAccessibleName(tr(CTX, "Amendment"))
        self.cancel.setText(tr(CTX, "Cancel"))
        self.ok.setText(tr(CTX, "Add amendment"))
        self.reason.setFocus()

    def _check(self) -> None:
        self.ok.setEnabled(bool(self.reason.text().strip() and
                                self.text.toPlainText().strip()))

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, str] | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.text().strip(), dialog.text.toPlainText().strip()


class SealedRecordDialog(QDialog):
    """Shows one sealed record; `loader(services)` returns its HTML body (on the vault
    thread)."""

    amended = Signal(str)

    def __init__(self, runner: TaskRunner, record_id: str,
                 loader: Callable[[Any], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.record_id = record_id
        self.loader = loader
        fit_to_screen(self, QSize(760, 680))
        layout = QVBoxLayout(self)
        self.body = QTextBrowser()
        self.body.setOpenLinks(False)
        self.body.setTabChangesFocus(True)
        layout.addWidget(self.body, 1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(theme.css("error", bold=True))
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.amend_button = QPushButton()
        self.amend_button.clicked.connect(self.amend)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        self.close_button.setDefault(True)
        row.addWidget(self.amend_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.retranslate()
        self.load()

    def retranslate(self) -> None:
        self.setWindowTitle(tr(CTX, "Sealed record"))
        self.body.setAccessibleName(tr(CTX, "Sealed record"))
        self.amend_button.setText(tr(CTX, "Add amendment"))
        self.close_button.setText(tr(CTX, "Close"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
            self.load()
        super().changeEvent(event)

    def load(self) -> None:
        loader, record_id = self.loader, self.record_id

        def job(s: Any) -> tuple[str, list[Amendment]]:
            return loader(s), s.amendments.for_record(record_id)

        self.runner.run(job, self._show, self._fail)

    def _show(self, result: tuple[str, list[Amendment]]) -> None:
        body, amendments = result
        self.body.setHtml(body + amendments_html(amendments))
        self.body.moveCursor(self.body.textCursor().MoveOperation.Start)

    def _fail(self, exc: Exception) -> None:
        self.error.setText(error_text(exc))
        self.error.show()

    def amend(self) -> None:
        answer = AmendDialog.ask(self)
        if answer is None:
            return
        reason, text = answer
        record_id = self.record_id
        self.runner.run(lambda s: s.amendments.add(record_id, reason, text),
                        self._amended, self._fail)

    def _amended(self, _event_id: str) -> None:
        self.load()
        self.amended.emit(self.record_id)


def disclosure_html(data: dict[str, Any], jurisdiction: str = "england") -> str:
    """The sealed disclosure: the person's words as quotations, apart from the staff
    member's words, observations and opinion; the coach's notes at sealing; the hash."""
    from desktop.ui.editors.disclosure_parts import how_label, speaker_label
    from desktop.ui.messages.record_labels import told_label

    r = data["record"]
    out = ["<h2>{}</h2>".format(_e(tr(CTX, "Disclosure"))),
           "<p>{}</p>".format(_e(tr(CTX, "Sealed {time} by {author}.").format(
               time=local_time_text(str(data["sealed_at"])), author=data["sealed_by"]))),
           "<p>{}: {}<br>{}: {}<br>{}: {}<br>{}: {}</p>".format(
               _e(tr(CTX, "When")), _e(local_time_text(r["when"])),
               _e(tr(CTX, "Where")), _e(r.get("where", "")),
               _e(tr(CTX, "How it came about")), _e(how_label(r.get("how", "spontaneous"))),
               _e(tr(CTX, "Demeanour")), _e(r.get("demeanour", "")))]
    for turn in r.get("turns", []):
        if turn["speaker"] == "person":
            out.append("<blockquote><b>{}</b> “{}”</blockquote>".format(
                _e(speaker_label("person")), _e(turn["text"])))
        else:
            out.append("<p><b>{}</b> {}</p>".format(_e(speaker_label("staff")),
                                                    _e(turn["text"])))
    for key, title in (("observed", tr(CTX, "Observed")),
                       ("opinion", tr(CTX, "Opinion of the staff member")),
                       ("actions", tr(CTX, "Actions taken"))):
        if r.get(key):
            out.append(f"<h3>{_e(title)}</h3><p>{_e(r[key])}</p>")
    if r.get("told"):
        out.append("<h3>{}</h3><ul>{}</ul>".format(_e(tr(CTX, "Who was told")), "".join(
            "<li>{}: {} {}</li>".format(_e(told_label(t["who"], jurisdiction)),
                                        _e(local_time_text(t["at"])),
                                        _e(t.get("name", ""))) for t in r["told"])))
    flags = data.get("flags_at_sealing", [])
    if flags:
        out.append("<h3>{}</h3><ul>{}</ul>".format(
            _e(tr(CTX, "The coach's notes at sealing")),
            "".join(f"<li>{_e(f['code'])}: {_e(f['text'])}</li>" for f in flags)))
    out.append("<p style='{}'>{}</p>".format(theme.style("muted"), _e(tr(
        CTX, "Content hash: {hash}").format(
        hash=data["content_hash"]))))
    return "".join(out)


def disclosure_loader(disclosure_id: str) -> Callable[[Any], str]:
    return lambda s: disclosure_html(s.disclosures.get(disclosure_id),
                                     s.settings.org().jurisdiction)


def assessment_loader(assessment_id: str) -> Callable[[Any], str]:
    return lambda s: assessment_html(s.assessments.get(assessment_id))


VIEWERS: dict[str, Callable[[str], Callable[[Any], str]]] = {
    "assessment.submitted": assessment_loader,
    "disclosure.sealed": disclosure_loader,
    "bodymap.recorded": lambda record_id: _body_map_loader(record_id),
}


def _body_map_loader(record_id: str) -> Callable[[Any], str]:
    from desktop.ui.editors.body_map_dialog import body_map_loader  # imports this module

    return body_map_loader(record_id)
