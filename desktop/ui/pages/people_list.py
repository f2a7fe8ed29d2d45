"""The list of people on the People page: each row a person (name, then age and open tasks on a
line below), painted by one delegate rather than a widget per row, so a list of hundreds stays
as fast as the table it replaced. Nothing is cut off at any width: the name and the status line
are elided only when the list is narrower than the words, and the full text is the row's
tooltip and its accessible text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.ui import theme
from desktop.ui.models.people_model import PeopleModel

Index = QModelIndex | QPersistentModelIndex
PAD = 6


class PersonDelegate(QStyledItemDelegate):
    """Two lines per person: the name (bold), then age and tasks (overdue in the error colour,
    in words as well as colour)."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        name = QFont(option.font)
        name.setBold(True)
        return name, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        name, small = self._fonts(option)
        height = QFontMetrics(name).height() + QFontMetrics(small).height() + 3 * PAD
        return QSize(1, height)  # as wide as the list: the list never scrolls sideways

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        if not isinstance(model, PeopleModel):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        person = model.person(index.row())
        if person is None:
            return
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        normal = palette.color(QPalette.ColorRole.HighlightedText if selected
                               else QPalette.ColorRole.Text)
        muted = normal if selected else theme.colour("muted", palette)
        name_font, small_font = self._fonts(opt)
        name_h = QFontMetrics(name_font).height()
        rect = opt.rect.adjusted(PAD * 2, PAD, -PAD * 2, -PAD)
        painter.save()
        painter.setFont(name_font)
        painter.setPen(normal)
        first = QRect(rect.left(), rect.top(), rect.width(), name_h)
        painter.drawText(first, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         QFontMetrics(name_font).elidedText(
                             person.display_name, Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(small_font)
        metrics = QFontMetrics(small_font)
        age, tasks = model.status_parts(index.row())
        second = QRect(rect.left(), rect.top() + name_h + PAD, rect.width(), metrics.height())
        lead = f"{age} · "
        painter.setPen(muted)
        shown = metrics.elidedText(lead, Qt.TextElideMode.ElideRight, second.width())
        painter.drawText(second, int(Qt.AlignmentFlag.AlignLeft), shown)
        used = metrics.horizontalAdvance(shown)
        rest = second.adjusted(used, 0, 0, 0)
        if person.overdue_tasks and not selected:
            painter.setPen(theme.colour("error", palette))
            bold = QFont(small_font)
            bold.setBold(True)
            painter.setFont(bold)
            metrics = QFontMetrics(bold)
        if rest.width() > 0:
            painter.drawText(rest, int(Qt.AlignmentFlag.AlignLeft), metrics.elidedText(
                tasks, Qt.TextElideMode.ElideRight, rest.width()))
        painter.restore()


class PeopleList(QListView):
    """The list view the People page shows its model in (column 0, one delegate)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(PersonDelegate(self))
        # Every row is the same height: Qt lays out thousands of rows without asking each.
        self.setUniformItemSizes(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def selectRow(self, row: int) -> None:  # noqa: N802 - same name as QTableView's
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        self.setCurrentIndex(model.index(row, 0))
