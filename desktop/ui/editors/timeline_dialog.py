"""A person's timeline (issue 18): a picture of what happened and how long each step took, the
same steps in a table below, and a referral's outcome recorded from here.

Lanes from top to bottom: concerns (a dot when it happened, a line to when it was written
down), assessments, disclosures, referrals (a bar from the referral to the first word back, or
to now while waiting; a diamond for each outcome) and tasks (a bar from when the task was set
to when it was done, or to now). Colour says how a step stood against its deadline: green met,
vermilion missed or overdue, blue still within time. The table says the same in words, for
people who read rather than look and for screen readers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.app import timeline as tl
from desktop.ui import i18n, theme
from desktop.ui.i18n import tr
from desktop.ui.icons import give_icon
from desktop.ui.messages.errors import error_text
from desktop.ui.messages.record_labels import local_time_text
from desktop.ui.tasks import RefreshOnChange, TaskRunner

C = "TimelineDialog"
GREEN, RED, BLUE, GREY = "#009E73", "#D55E00", "#0072B2", "#777777"
STATE_COLOURS = {tl.MET: GREEN, tl.MISSED: RED, tl.OVERDUE: RED, tl.WAITING: BLUE}


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def duration_text(span: timedelta) -> str:
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return tr(C, "{d} d {h} h").format(d=days, h=hours)
    if hours:
        return tr(C, "{h} h {m} min").format(h=hours, m=mins)
    return tr(C, "{m} min").format(m=mins)


def lane_label(lane: str) -> str:
    return {tl.CONCERN: tr(C, "Concerns"), tl.ASSESSMENT: tr(C, "Assessments"),
            tl.DISCLOSURE: tr(C, "Disclosures"), tl.REFERRAL: tr(C, "Referrals and outcomes"),
            tl.TASK: tr(C, "Tasks")}[lane]


def kind_label(kind: str) -> str:
    return {tl.CONCERN: tr(C, "Concern"), tl.ASSESSMENT: tr(C, "Assessment"),
            tl.DISCLOSURE: tr(C, "Disclosure"), tl.REFERRAL: tr(C, "Referral"),
            tl.OUTCOME: tr(C, "Outcome"), tl.TASK: tr(C, "Task")}[kind]


def took_text(step: tl.Step) -> str:
    if step.took is None:
        return tr(C, "Not done yet") if step.kind == tl.TASK else ""
    t = duration_text(step.took)
    return {"occurred": tr(C, "written down {t} after it happened"),
            "first_concern": tr(C, "{t} after the first concern"),
            "referral": tr(C, "{t} after the referral"),
            "set": tr(C, "done {t} after it was set")}.get(step.since, t).format(t=t)


def deadline_text(step: tl.Step) -> str:
    if not step.state:
        return ""
    due = local_time_text(step.due)
    if step.kind in (tl.REFERRAL, tl.OUTCOME):
        return {tl.MET: tr(C, "Word back in time (expected by {due})"),
                tl.MISSED: tr(C, "Word back late (expected by {due})"),
                tl.WAITING: tr(C, "Waiting; word back expected by {due}"),
                tl.OVERDUE: tr(C, "Nothing back since {due}: contact the agency again or "
                                  "re-refer")}[step.state].format(due=due)
    return {tl.MET: tr(C, "Deadline met (due {due})"),
            tl.MISSED: tr(C, "Deadline missed (due {due})"),
            tl.WAITING: tr(C, "Open, due {due}"),
            tl.OVERDUE: tr(C, "Overdue since {due}")}[step.state].format(due=due)


class TimelineChart(QWidget):
    """The picture: one lane a kind of step, time from left to right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps: list[tl.Step] = []
        self.now = datetime.now(UTC)
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr(C, "Timeline"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(760, 220)

    def set_steps(self, steps: list[tl.Step], now: datetime) -> None:
        self.steps, self.now = steps, now
        self.setAccessibleDescription("; ".join(
            f"{kind_label(s.kind)} {local_time_text(s.start)} {deadline_text(s)}".strip()
            for s in steps))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(self.foregroundRole())
        small = painter.font()
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.85))
        painter.setFont(small)
        metrics = painter.fontMetrics()
        if not self.steps:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             tr(C, "Nothing recorded yet"))
            return
        label_w = max(metrics.horizontalAdvance(lane_label(lane)) for lane in tl.LANES) + 12
        left, right, top, bottom = label_w + 4.0, 12.0, 6.0, 22.0
        lane_h = (self.height() - top - bottom) / len(tl.LANES)
        first = min(_when(s.start) for s in self.steps)
        last = max([_when(s.end) for s in self.steps] + [self.now])
        span = max((last - first).total_seconds(), 3600.0)
        plot_w = max(40.0, self.width() - left - right)

        def x_of(stamp: str | datetime) -> float:
            moment = _when(stamp) if isinstance(stamp, str) else stamp
            return left + plot_w * (moment - first).total_seconds() / span

        def y_of(kind: str) -> float:
            lane = tl.REFERRAL if kind == tl.OUTCOME else kind
            return top + lane_h * (tl.LANES.index(lane) + 0.5)

        grid = QColor(text)
        grid.setAlpha(40)
        for i, lane in enumerate(tl.LANES):
            painter.setPen(text)
            painter.drawText(QRectF(2, top + i * lane_h, label_w, lane_h),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             lane_label(lane))
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(left, top + (i + 1) * lane_h),
                             QPointF(left + plot_w, top + (i + 1) * lane_h))
        # Tasks and referrals stack in their lane so bars that overlap in time stay apart.
        rows: dict[str, int] = {}
        for step in self.steps:
            colour = QColor(STATE_COLOURS.get(step.state, GREY))
            y = y_of(step.kind)
            x0, x1 = x_of(step.start), x_of(step.end)
            if step.kind in (tl.TASK, tl.REFERRAL, tl.CONCERN):
                n = rows.get(step.kind, 0)
                rows[step.kind] = n + 1
                y += ((n % 3) - 1) * lane_h * 0.25
            if step.kind in (tl.TASK, tl.REFERRAL):
                painter.fillRect(QRectF(x0, y - 3, max(x1 - x0, 3.0), 6), colour)
                if step.due:
                    xd = x_of(step.due)
                    painter.setPen(QPen(text, 1.5))
                    painter.drawLine(QPointF(xd, y - 6), QPointF(xd, y + 6))
            elif step.kind == tl.OUTCOME:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour if step.state else QColor(GREY))
                painter.drawPolygon(QPolygonF([QPointF(x0, y - 6), QPointF(x0 + 6, y),
                                               QPointF(x0, y + 6), QPointF(x0 - 6, y)]))
            else:
                # A dot when it happened; for a concern, a dashed line to a ring when it was
                # written down (the delay a lead asks about).
                if x1 - x0 > 2:
                    painter.setPen(QPen(QColor(BLUE), 1, Qt.PenStyle.DashLine))
                    painter.drawLine(QPointF(x0, y), QPointF(x1, y))
                    painter.setPen(QPen(QColor(BLUE), 1.5))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawEllipse(QPointF(x1, y), 3.5, 3.5)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(BLUE))
                painter.drawEllipse(QPointF(x0, y), 4, 4)
        painter.setPen(text)
        base = self.height() - bottom + 4
        painter.drawText(QRectF(left, base, plot_w / 2, bottom - 4),
                         int(Qt.AlignmentFlag.AlignLeft), first.astimezone().strftime("%Y-%m-%d"))
        painter.drawText(QRectF(left + plot_w / 2, base, plot_w / 2, bottom - 4),
                         int(Qt.AlignmentFlag.AlignRight), last.astimezone().strftime("%Y-%m-%d"))


class TimelineDialog(QDialog):
    """The timeline window for one person; a referral's outcome can be recorded from it."""

    loaded = Signal()
    outcome_recorded = Signal(str)

    def __init__(self, runner: TaskRunner, person_id: str, person_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.person_id = person_id
        self.steps: list[tl.Step] = []
        self.setWindowTitle(tr(C, "Timeline: {name}").format(name=person_name))
        self.resize(900, 620)
        col = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(theme.css("error"))
        self.message.hide()
        col.addWidget(self.message)
        self.chart = TimelineChart()
        col.addWidget(self.chart)
        self.key = QLabel(tr(C, "Green: deadline met. Vermilion: missed or overdue. Blue: still "
                                "within time. A tick marks each deadline; a ring, when a "
                                "concern was written down."))
        self.key.setWordWrap(True)
        self.key.setStyleSheet(theme.css("muted"))
        col.addWidget(self.key)
        self.table = QTableWidget(0, 4)
        self.table.setTabKeyNavigation(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setHorizontalHeaderLabels([tr(C, "When"), tr(C, "What"),
                                              tr(C, "How long it took"), tr(C, "Deadline")])
        self.table.setAccessibleName(tr(C, "Steps"))
        # What stretches and wraps; how long and the deadline keep a readable width, so
        # longer Vietnamese wording wraps instead of pushing columns off the window.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for c in (2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(c, 230)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        col.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.outcome_button = QPushButton(tr(C, "Record the referral's outcome…"))
        self.outcome_button.clicked.connect(self.record_outcome)
        give_icon(self.outcome_button, "outcome")
        row.addWidget(self.outcome_button)
        row.addStretch(1)
        close = QPushButton(tr(C, "Close"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        col.addLayout(row)
        RefreshOnChange(self, runner, self.refresh)
        self._update_buttons()
        self.refresh()

    def refresh(self) -> None:
        person_id = self.person_id
        self.runner.run(lambda s: (s.timeline.steps(person_id), datetime.now(UTC)),
                        lambda r: self._loaded(*r), self._show_error)

    def _loaded(self, steps: list[tl.Step], now: datetime) -> None:
        self.steps = steps
        self.chart.set_steps(steps, now)
        lang = i18n.current_language()
        self.table.setRowCount(len(steps))
        for i, step in enumerate(steps):
            what = f"{kind_label(step.kind)}: {step.what.get(lang) or step.what.get('en', '')}"
            cells = (local_time_text(step.start), what, took_text(step), deadline_text(step))
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if not value:  # a screen reader says something rather than nothing
                    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                                 tr(C, "No deadline") if c == 3 else tr(C, "None"))
                if c == 3 and step.state:
                    item.setForeground(QColor(STATE_COLOURS[step.state]))
                self.table.setItem(i, c, item)
        self.table.resizeRowsToContents()
        self._update_buttons()
        self.loaded.emit()

    def selected_step(self) -> tl.Step | None:
        rows = self.table.selectionModel().selectedRows()
        return self.steps[rows[0].row()] if rows and rows[0].row() < len(self.steps) else None

    def _update_buttons(self) -> None:
        step = self.selected_step()
        self.outcome_button.setEnabled(step is not None and bool(step.referral_id))

    def record_outcome(self) -> None:
        from desktop.ui.pages.overview_page import RecordOutcomeDialog

        step = self.selected_step()
        if step is None or not step.referral_id:
            return
        answer = RecordOutcomeDialog.ask(self)
        if answer is None:
            return
        outcome, decided = answer
        referral_id = step.referral_id
        self.runner.run(lambda s: record(s, referral_id, outcome, decided),
                        lambda _r: self.outcome_recorded.emit(referral_id), self._show_error)

    def _show_error(self, exc: Exception) -> None:
        self.message.setText(error_text(exc))
        self.message.show()


def record(services: Any, referral_id: str, outcome: str, decided: date) -> str:
    return str(services.oversight.record_outcome(referral_id, outcome, decided))
