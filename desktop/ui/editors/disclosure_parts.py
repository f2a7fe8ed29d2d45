"""Parts of the disclosure screen: the turn box (Enter adds a turn), the coach's advice on a
staff turn, and the review of the record before it is sealed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.app.disclosures import QUESTION_CONCERNS
from desktop.content import coach
from desktop.domain.disclosures import Disclosure
from desktop.domain.events import iso
from desktop.ui import i18n, theme
from desktop.ui.editors.date_field import DateTimeField
from desktop.ui.i18n import tr
from desktop.ui.messages.record_labels import local_time_text, told_label

CTX = "DisclosureDialog"


def flag_style() -> str:
    """Advice that flags something (a leading question): the theme's warning colour."""
    return theme.css("warning")


def good_style() -> str:
    return theme.css("success")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def how_label(how: str) -> str:
    return {
        "spontaneous": tr(CTX, "Spontaneously"),
        "in_answer": tr(CTX, "In answer to a question"),
        "during_activity": tr(CTX, "During an activity"),
    }[how]


def speaker_label(speaker: str) -> str:
    return tr(CTX, "Staff") if speaker == "staff" else tr(CTX, "Person")


def advice(text: str, lang: str, heard: str) -> tuple[list[str], str]:
    """The coach's reading of one staff turn: (problem codes, advice in the UI language)."""
    if not text.strip():
        return [], ""
    result = coach.classify(text, lang, heard=heard)
    ui = i18n.current_language()
    codes = list(dict.fromkeys(c for c in result.codes
                               if c in QUESTION_CONCERNS or c in result.flags))
    if not codes:
        if result.category == "open":
            return [], coach.explain("open", ui).rule
        return [], ""
    lines = []
    for code in codes:
        e = coach.explain(code, ui)
        lines.append(f"⚠ {e.rule} {e.better}")
    if result.suggestion:
        lines.append(tr(CTX, "Try: {suggestion}").format(suggestion=result.suggestion))
    return codes, "\n".join(lines)


class TurnInput(QPlainTextEdit):
    """The turn being typed: Enter adds it, Shift+Enter starts a new line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & (Qt.KeyboardModifier.ShiftModifier
                                             | Qt.KeyboardModifier.ControlModifier)):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


def review_html(d: Disclosure, when_text: str, note_labels: dict[str, str],
                notes: list[str], heard: Callable[[int], str],
                jurisdiction: str = "england") -> str:
    """The record as it will be sealed, with the coach's notes, for a last check."""
    lang = d.language
    flagged = []
    for n, turn in enumerate(d.turns):
        if turn.speaker == "staff":
            codes, said = advice(turn.text, lang, heard(n))
            if codes:
                flagged.append(f"<li>{_escape(turn.text)}<br><span style='{flag_style()}'>"
                               f"{_escape(said).replace(chr(10), '<br>')}</span></li>")
    for note in notes:
        for f in coach.check_note(note, lang):
            flagged.append(f"<li>“{_escape(f.matched)}” → {_escape(f.suggestion)}</li>")
    turns = "".join(
        "<p><b>{}</b> {}</p>".format(
            _escape(speaker_label(t.speaker)),
            _escape(f"“{t.text}”" if t.speaker == "person" else t.text)) for t in d.turns)
    facts = "".join(f"<b>{_escape(label)}:</b> {_escape(value)}<br>" for label, value in (
        (tr(CTX, "When"), when_text), (tr(CTX, "Where"), d.where),
        (tr(CTX, "Who else was there"), ", ".join(d.present)),
        (tr(CTX, "How it came about"), how_label(d.how)),
        (tr(CTX, "How the person seemed (demeanour)"), d.demeanour)) if value)
    kept = "".join(
        f"<p><b>{_escape(note_labels[key])}</b><br>{_escape(getattr(d, key))}</p>"
        for key in ("observed", "opinion", "actions") if getattr(d, key))
    told = ", ".join(f"{told_label(t.who, jurisdiction)} ({local_time_text(iso(t.at))})"
                     for t in d.told)
    parts = [f"<h3>{_escape(tr(CTX, 'Check the record, then sign and seal it'))}</h3>",
             f"<p>{facts}</p>", turns, kept]
    if told:
        parts.append(f"<p><b>{_escape(tr(CTX, 'Who was told, and when'))}:</b> "
                     f"{_escape(told)}</p>")
    if flagged:
        parts.append("<h3>{}</h3><p>{}</p><ul>{}</ul>".format(
            _escape(tr(CTX, "The coach's notes")),
            _escape(tr(CTX, "These are kept with the record when it is sealed. They are "
                            "advice: you can still seal.")), "".join(flagged)))
    if d.dsl_told_at is None:
        not_told = (tr(CTX, "Your safeguarding lead has not been told yet. Tell them now: a "
                            "task will be made.") if jurisdiction == "vietnam" else
                    tr(CTX, "The DSL has not been told yet. Tell them now: a task will be made."))
        parts.append(f"<p style='{flag_style()}'><b>{_escape(not_told)}</b></p>")
    return "".join(parts)


class NotesBox(QGroupBox):
    """The staff member's own words, kept apart from the person's: one box per kind of note,
    each with the coach's hint under it."""

    def __init__(self, keys: tuple[str, ...], hint_style: str) -> None:
        super().__init__()
        col = QVBoxLayout(self)
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QPlainTextEdit] = {}
        self.advice: dict[str, QLabel] = {}
        for key in keys:
            label = QLabel()
            label.setWordWrap(True)
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(64)
            label.setBuddy(edit)
            hint = QLabel()
            hint.setWordWrap(True)
            hint.setStyleSheet(hint_style)
            hint.hide()
            self.labels[key], self.fields[key], self.advice[key] = label, edit, hint
            for widget in (label, edit, hint):
                col.addWidget(widget)


class ToldGrid(QGroupBox):
    """Who was told, when, and their name: a time and a name are asked only once ticked."""

    def __init__(self, options: tuple[str, ...]) -> None:
        super().__init__()
        grid = QGridLayout(self)
        self.checks: dict[str, QCheckBox] = {}
        self.times: dict[str, DateTimeField] = {}
        self.names: dict[str, QLineEdit] = {}
        for row, who in enumerate(options):
            check = QCheckBox()
            at = DateTimeField(QDateTime.currentDateTime())
            at.setEnabled(False)
            name_edit = QLineEdit()
            name_edit.setEnabled(False)
            check.toggled.connect(at.setEnabled)
            check.toggled.connect(name_edit.setEnabled)
            self.checks[who], self.times[who], self.names[who] = check, at, name_edit
            grid.addWidget(check, row, 0)
            grid.addWidget(at, row, 1)
            grid.addWidget(name_edit, row, 2)


def prompt_card_html(lang: str, emergency: str | None = None) -> str:
    """The prompt card for staff: how to listen, in the interface language, with the
    jurisdiction's emergency number."""
    card = coach.prompt_card(lang, emergency)
    items = "".join(f"<li><b>{_escape(p.title)}</b> — {_escape(p.text)}</li>"
                    for p in card.points)
    return f"<h3>{_escape(card.title)}</h3><ul>{items}</ul>"


def script_card_html(code: str, adult: bool = False, emergency: str | None = None) -> str:
    """The script card read to the person, in their language (the adult wording for an adult:
    Vietnamese tôi–anh/chị rather than cô–em)."""
    card = coach.script_card(code, adult=adult, emergency=emergency)
    steps = "".join(f"<li>{_escape(s)}</li>" for s in card.next_steps)
    return (f"<h3>{_escape(card.title)}</h3><p>{_escape(card.thanks)}</p>"
            f"<p>{_escape(card.not_your_fault)}</p><p><b>{_escape(card.secret)}</b></p>"
            f"<p>{_escape(card.danger)}</p>"
            f"<ul>{steps}</ul><p>{_escape(card.closing)}</p>")


class CoachPanel(QWidget):
    """Beside the conversation: the prompt card for staff and the script card read to the
    person, in a language chosen apart from the interface's."""

    def __init__(self, record_language: str) -> None:
        super().__init__()
        col = QVBoxLayout(self)
        col.setContentsMargins(8, 0, 0, 0)
        self.card = QTextBrowser()
        self.card.setTabChangesFocus(True)
        col.addWidget(self.card, 3)
        row = QHBoxLayout()
        self.script_label = QLabel()
        self.script_language = QComboBox()
        for lang in coach.script_languages():
            self.script_language.addItem(lang.name, lang.code)
        self.script_label.setBuddy(self.script_language)
        self.script_language.setCurrentIndex(
            max(self.script_language.findData(record_language), 0))
        row.addWidget(self.script_label)
        row.addWidget(self.script_language, 1)
        col.addLayout(row)
        self.script = QTextBrowser()
        self.script.setTabChangesFocus(True)
        col.addWidget(self.script, 2)
