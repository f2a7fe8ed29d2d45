"""One date entry for every place a date is typed: a plain text box, not sections.

Qt's QDateEdit splits a date into sections that Tab walks through (five for a date and time),
so a Tab from the note before it left the cursor inside the date and the next words typed
vanished; and it turns what it cannot read into some other date. This box takes the date as
people write it (see domain/typed_dates), shows back what it understood when the cursor leaves,
says inline when the text is not a date (and the dialogs refuse to save then), and Tab leaves it
in one press. The calendar button is for the mouse; from the keyboard Alt+Down or F4 opens it.

`DateField` has QDateEdit's calls (date, setDate, dateChanged, setMaximumDate, …) and
`DateTimeField` QDateTimeEdit's (dateTime, setDateTime, dateTimeChanged), so the dialogs changed
little.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QObject, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from desktop.domain.typed_dates import parse_date, parse_date_time
from desktop.ui import i18n, theme
from desktop.ui.i18n import tr

C = "DateField"


def _shown(day: QDate) -> str:
    # Day first with the month in words in English ("21 Jun 2013"): what was understood is
    # plain. Vietnamese writes 21/06/2013 on every form.
    if i18n.current_language() == "vi":
        return day.toString("dd/MM/yyyy")
    return QLocale(QLocale.Language.English).toString(day, "d MMM yyyy")


class DateField(QWidget):
    dateChanged = Signal(QDate)  # noqa: N815 - QDateEdit's name, so callers need not change
    problem_changed = Signal(str)

    def __init__(self, value: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = value if value is not None else QDate.currentDate()
        self._minimum = QDate(1900, 1, 1)
        self._maximum = QDate(9999, 12, 31)
        self._problem = ""
        self._parsed_time: QTime | None = None
        self.edit = QLineEdit()
        self.edit.setObjectName("dateText")
        self.edit.installEventFilter(self)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        # Mouse only: in the Tab chain it would take a second Tab to leave the date.
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.error = QLabel()
        self.error.setObjectName("dateProblem")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(theme.css("error"))
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addLayout(row)
        col.addWidget(self.error)
        self.setFocusProxy(self.edit)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._show_value()
        self.retranslate()

    # --- QDateEdit's calls ----------------------------------------------------------------
    def date(self) -> QDate:
        return self._value

    def setDate(self, value: QDate) -> None:  # noqa: N802
        self._set(value, show=True)

    def setMaximumDate(self, value: QDate) -> None:  # noqa: N802
        self._maximum = value

    def setMinimumDate(self, value: QDate) -> None:  # noqa: N802
        self._minimum = value

    def text(self) -> str:
        return self.edit.text()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.calendar_button.setAccessibleName(tr(C, "Choose {what} on a calendar").format(
            what=name))

    # --- checking -------------------------------------------------------------------------
    def problem(self) -> str:
        """Why the text is not a usable date, in words ('' when it is). The dialogs call
        this before saving and refuse while it says something."""
        self._check(self.edit.text())
        self._parsed_time = None  # a check only: nothing is taken from the text here
        return self._problem

    def is_valid(self) -> bool:
        return not self.problem()

    def _parse(self, text: str) -> QDate | None:
        day = parse_date(text)
        return QDate(day.year, day.month, day.day) if day is not None else None

    def _check(self, text: str) -> QDate | None:
        value = self._parse(text)
        if value is None:
            self._say(self._not_a_date())
        elif value > self._maximum:
            self._say(tr(C, "This date is in the future."))
            return None
        elif value < self._minimum:
            self._say(tr(C, "This date is too far back."))
            return None
        else:
            self._say("")
        return value

    def _not_a_date(self) -> str:
        return tr(C, "Not a date. Write the day first, for example 12/03/2012 or 12 Mar 2012.")

    def _say(self, problem: str) -> None:
        if problem == self._problem:
            return
        self._problem = problem
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        self.edit.setAccessibleDescription(problem)
        self.problem_changed.emit(problem)

    def _typed(self, text: str) -> None:
        value = self._parse(text)
        if value is not None and self._minimum <= value <= self._maximum:
            self._say("")  # a mistake is named when the cursor leaves, not at every key
            self._set(value, show=False)

    def _finished(self) -> None:
        value = self._check(self.edit.text())
        if value is not None:
            self._set(value, show=True)

    def _set(self, value: QDate, show: bool) -> None:
        changed = value != self._value
        self._value = value
        if show:
            self._show_value()
            self._say("")
        if changed:
            self._emit_change()

    def _emit_change(self) -> None:
        self.dateChanged.emit(self._value)

    def _show_value(self) -> None:
        self.edit.setText(_shown(self._value))

    # --- the calendar ---------------------------------------------------------------------
    def open_calendar(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget()
        calendar.setGridVisible(True)
        calendar.setMinimumDate(self._minimum)
        calendar.setMaximumDate(self._maximum)
        calendar.setSelectedDate(self._value)
        calendar.setAccessibleName(self.accessibleName())

        def chosen(day: QDate) -> None:
            self.setDate(day)
            menu.close()
            self.edit.setFocus()

        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)
        self.calendar = calendar  # for tests
        menu.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        calendar.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.edit and isinstance(event, QKeyEvent) and \
                event.type() == QEvent.Type.KeyPress:
            alt_down = (event.key() == Qt.Key.Key_Down
                        and event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.calendar_button.setToolTip(tr(C, "Choose on a calendar (Alt+Down)"))
        if not self.calendar_button.accessibleName():
            self.calendar_button.setAccessibleName(tr(C, "Choose on a calendar"))
        self.edit.setPlaceholderText(tr(C, "for example 12/03/2012"))
        if self._problem:
            self._problem = ""
            self._check(self.edit.text())
        elif not self.edit.hasFocus():
            self._show_value()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)


class DateTimeField(DateField):
    """A date and a time in one box ("21/06/2013 14:30"); a date alone keeps the time."""

    dateTimeChanged = Signal(QDateTime)  # noqa: N815 - QDateTimeEdit's name

    def __init__(self, value: QDateTime | None = None, parent: QWidget | None = None) -> None:
        value = value if value is not None else QDateTime.currentDateTime()
        # To the minute, as shown: the time read back from the box is the time kept.
        self._time = QTime(value.time().hour(), value.time().minute())
        super().__init__(value.date(), parent)

    def dateTime(self) -> QDateTime:  # noqa: N802
        return QDateTime(self._value, self._time)

    def setDateTime(self, value: QDateTime) -> None:  # noqa: N802
        at = QTime(value.time().hour(), value.time().minute())
        changed = at != self._time
        self._time = at
        self._parsed_time = None
        self._set(value.date(), show=True)
        if changed:
            self._show_value()
            self._emit_change()

    def _parse(self, text: str) -> QDate | None:
        found = parse_date_time(text, time(self._time.hour(), self._time.minute()))
        if found is None:
            return None
        day, at = found
        self._parsed_time = QTime(at.hour, at.minute)
        return QDate(day.year, day.month, day.day)

    def _set(self, value: QDate, show: bool) -> None:
        parsed = self._parsed_time
        time_changed = parsed is not None and parsed != self._time
        if parsed is not None:
            self._time = parsed
            self._parsed_time = None
        date_changed = value != self._value
        super()._set(value, show)
        if time_changed and not date_changed:
            self._emit_change()

    def _emit_change(self) -> None:
        super()._emit_change()
        self.dateTimeChanged.emit(self.dateTime())

    def _not_a_date(self) -> str:
        return tr(C, "Not a date and time. Write the day first, for example 12/03/2012 14:30.")

    def _show_value(self) -> None:
        self.edit.setText(f"{_shown(self._value)} {self._time.toString('HH:mm')}")

    def retranslate(self) -> None:
        super().retranslate()
        self.edit.setPlaceholderText(tr(C, "for example 12/03/2012 14:30"))


def first_problem(*fields: DateField) -> DateField | None:
    """The first field whose text is not a usable date (the dialogs' save refuses then)."""
    return next((f for f in fields if not f.is_valid()), None)


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
