"""One indicator and one section of a guided checklist, as the checklist dialog shows them:
the answer keys (1 yes, 2 no, 3 not known, 4 not asked), a note and a source per indicator."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.content.checklists.frameworks import Indicator, Section
from desktop.domain.assessments import ANSWERS, DEFAULT_ANSWER, LEVEL_LABELS, SOURCES, Answer
from desktop.ui import i18n, theme
from desktop.ui.i18n import tr

CTX = "AssessmentDialog"
# An outcome level's panel: (background, text colour) from the theme, in words as well.
LEVEL_TONES = {
    "no_indicators": ("calm", "success"),
    "concern": ("caution", "warning"),
    "strong_concern": ("danger", "error"),
    "immediate_danger": ("strong_danger", "on_danger"),
}


def level_style(level: str) -> str:
    back, text = LEVEL_TONES[level]
    edge = theme.border(back) if back in theme.BORDER else theme.background(back)
    return (f"QLabel {{ background: {theme.background(back).name()}; "
            f"color: {theme.colour(text).name()}; border: 2px solid {edge.name()}; "
            "border-radius: 4px; padding: 8px; font-weight: bold; }")
KEY_ANSWERS = {Qt.Key.Key_1: "yes", Qt.Key.Key_2: "no", Qt.Key.Key_3: "not_known",
               Qt.Key.Key_4: "not_asked"}


def answer_label(answer: str) -> str:
    return {
        "yes": tr(CTX, "Yes"),
        "no": tr(CTX, "No"),
        "not_known": tr(CTX, "Not known"),
        "not_asked": tr(CTX, "Not asked"),
    }[answer]


def source_label(source: str) -> str:
    return {
        "": tr(CTX, "Not given"),
        "observed": tr(CTX, "Observed"),
        "said_by_person": tr(CTX, "Said by the person"),
        "said_by_other": tr(CTX, "Said by someone else"),
        "records": tr(CTX, "From records"),
    }[source]


def level_label(level: str) -> str:
    return LEVEL_LABELS[level].get(i18n.current_language()) or LEVEL_LABELS[level]["en"]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class IndicatorRow(QFrame):
    """One indicator: its text, help, four answers, a note and where it came from."""

    answered = Signal(object)  # self, after a number key: move on

    def __init__(self, indicator: Indicator, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indicator = indicator
        self.number = number
        self.setFrameShape(QFrame.Shape.StyledPanel)
        col = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        font = self.text.font()
        font.setBold(True)
        self.text.setFont(font)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setStyleSheet(theme.css("muted"))
        col.addWidget(self.text)
        col.addWidget(self.help)
        radios = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for answer in ANSWERS:
            radio = QRadioButton()
            radio.installEventFilter(self)
            self.group.addButton(radio)
            self.radios[answer] = radio
            radios.addWidget(radio)
        radios.addStretch(1)
        col.addLayout(radios)
        details = QHBoxLayout()
        self.note = QLineEdit()
        self.source = QComboBox()
        for source in ("", *SOURCES):
            self.source.addItem("", source)
        self.source_label = QLabel()
        self.source_label.setBuddy(self.source)
        details.addWidget(self.note, 3)
        details.addWidget(self.source_label)
        details.addWidget(self.source, 1)
        col.addLayout(details)
        self.set_answer(Answer())

    def retranslate(self, record_language: str) -> None:
        ui = i18n.current_language()
        text = self.indicator.text.get(record_language) or self.indicator.text["en"]
        self.text.setText(f"{self.number}. {text}")
        helptext = self.indicator.help.get(ui) or self.indicator.help.get("en", "")
        self.help.setText(helptext)
        self.help.setVisible(bool(helptext))
        for n, (answer, radio) in enumerate(self.radios.items(), 1):
            radio.setText(f"{answer_label(answer)} ({n})")
            radio.setAccessibleName(answer_label(answer))
            radio.setAccessibleDescription(text)
        self.note.setPlaceholderText(tr(CTX, "Note (optional): what was seen or said"))
        self.note.setAccessibleName(tr(CTX, "Note on: {indicator}").format(indicator=text))
        self.source_label.setText(tr(CTX, "Source"))
        for i in range(self.source.count()):
            self.source.setItemText(i, source_label(str(self.source.itemData(i))))
        self.source.setAccessibleName(tr(CTX, "Where this came from: {indicator}").format(
            indicator=text))

    def answer(self) -> Answer:
        chosen = next((a for a, r in self.radios.items() if r.isChecked()), DEFAULT_ANSWER)
        return Answer(chosen, self.note.text().strip(), str(self.source.currentData() or ""))

    def set_answer(self, answer: Answer) -> None:
        self.radios.get(answer.answer, self.radios[DEFAULT_ANSWER]).setChecked(True)
        self.note.setText(answer.note)
        index = self.source.findData(answer.source)
        self.source.setCurrentIndex(max(index, 0))

    def focus_answer(self) -> None:
        checked = self.group.checkedButton()
        (checked or self.radios[DEFAULT_ANSWER]).setFocus(Qt.FocusReason.TabFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            answer = KEY_ANSWERS.get(Qt.Key(event.key()))
            if answer is not None and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                self.radios[answer].setChecked(True)
                self.answered.emit(self)
                return True
        return super().eventFilter(watched, event)


class SectionPage(QWidget):
    def __init__(self, section: Section, indicators: list[Indicator], first_number: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        col.addWidget(self.title)
        col.addWidget(self.intro)
        scroll = QScrollArea()
        # Only a frame around the form: Tab goes to its fields (the area scrolls to each),
        # never to the unnamed frame itself.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        rows = QVBoxLayout(body)
        rows.setContentsMargins(0, 0, 8, 0)
        self.rows = [IndicatorRow(ind, first_number + i) for i, ind in enumerate(indicators)]
        for row in self.rows:
            rows.addWidget(row)
        rows.addStretch(1)
        scroll.setWidget(body)
        self.scroller = scroll
        col.addWidget(scroll, 1)

    def retranslate(self, record_language: str, position: int, total: int) -> None:
        title = self.section.title.get(record_language) or self.section.title["en"]
        self.title.setText(tr(CTX, "Section {n} of {total}: {title}").format(
            n=position, total=total, title=title))
        ui = i18n.current_language()
        intro = (self.section.intro or {}).get(ui) or (self.section.intro or {}).get("en", "")
        self.intro.setText(intro)
        self.intro.setVisible(bool(intro))
        for row in self.rows:
            row.retranslate(record_language)


