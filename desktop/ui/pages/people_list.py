"""The list of people on the People page: each row a person (name, then age and open tasks on a
line below), painted by one delegate rather than a widget per row, so a list of hundreds stays
fast. Nothing is cut off at any width: when the status line does not fit beside itself, age and
tasks each take a line of their own, and any text still too long wraps; the row grows to fit
(rows differ in height, so the list lays them out again when it is resized). The full text is
also the row's tooltip and its accessible text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.app.people import PersonSummary
from desktop.ui import i18n, theme
from desktop.ui.models.people_model import PeopleModel

Index = QModelIndex | QPersistentModelIndex
PAD = 6
WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
TALL = 10_000  # a box high enough for any wrapped text; only its width matters


@dataclass(frozen=True)
class Piece:
    """One run of text in a row: where it goes (relative to the row's text box), its words and
    how it is drawn ("name", "muted" or "tasks")."""

    rect: QRect
    text: str
    kind: str


class PersonDelegate(QStyledItemDelegate):
    """The name (bold), then age and tasks (overdue in the error colour, in words as well as
    colour), wrapped to the list's width. Row heights are remembered by their words and width:
    a search lays out up to 500 rows, most of them seen before."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._metrics: dict[str, QFontMetrics] = {}
        self._heights: dict[tuple[PersonSummary, int, str, str, date], int] = {}

    def _fonts(self, base: QFont) -> dict[str, QFont]:
        bold = QFont(base)
        bold.setBold(True)
        return {"name": bold, "muted": QFont(base), "tasks": QFont(base), "overdue": bold}

    def _fm(self, font: QFont) -> QFontMetrics:
        key = font.key()
        if key not in self._metrics:
            self._metrics[key] = QFontMetrics(font)
        return self._metrics[key]

    @staticmethod
    def _text_width(option: QStyleOptionViewItem) -> int:
        """The width the words have: the list's, less the row's padding (sizeHint is asked
        before the row has a rectangle)."""
        view = option.widget
        width = (view.viewport().width() if isinstance(view, QAbstractScrollArea)
                 else option.rect.width())
        return max(width - PAD * 4, 40)

    def pieces(self, option: QStyleOptionViewItem, index: Index) -> list[Piece]:
        """How a person's row is laid out at the list's width: the name, then "age · tasks"
        on one line when it fits, else age and tasks on lines of their own, each wrapped."""
        model = index.model()
        person = model.person(index.row()) if isinstance(model, PeopleModel) else None
        if person is None or not isinstance(model, PeopleModel):
            return []
        age, tasks = model.status_parts(index.row())
        return self._layout(option.font, self._text_width(option), person.display_name, age,
                            tasks, bool(person.overdue_tasks))

    def _layout(self, base: QFont, width: int, name: str, age: str, tasks: str,
                overdue: bool) -> list[Piece]:
        fonts = self._fonts(base)
        muted_fm, task_fm = self._fm(fonts["muted"]), self._fm(fonts["overdue" if overdue
                                                                     else "tasks"])

        def box(fm: QFontMetrics, text: str, top: int) -> QRect:
            if fm.horizontalAdvance(text) <= width:  # one line: no need to lay out words
                return QRect(0, top, width, fm.height())
            need = fm.boundingRect(QRect(0, 0, width, TALL), WRAP, text)
            return QRect(0, top, width, need.height())

        first = box(self._fm(fonts["name"]), name, 0)
        out = [Piece(first, name, "name")]
        top = first.bottom() + 1 + PAD
        lead = f"{age} · "
        lead_w = muted_fm.horizontalAdvance(lead)
        if lead_w + task_fm.horizontalAdvance(tasks) <= width:
            line_h = max(muted_fm.height(), task_fm.height())
            out.append(Piece(QRect(0, top, lead_w, line_h), lead, "muted"))
            out.append(Piece(QRect(lead_w, top, width - lead_w, line_h), tasks, "tasks"))
            return out
        age_box = box(muted_fm, age, top)
        out.append(Piece(age_box, age, "muted"))
        out.append(Piece(box(task_fm, tasks, age_box.bottom() + 1), tasks, "tasks"))
        return out

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        model = index.model()
        person = model.person(index.row()) if isinstance(model, PeopleModel) else None
        if person is None or not isinstance(model, PeopleModel):
            return super().sizeHint(option, index)
        width = self._text_width(option)
        # The words follow from the person, the language and the day (an age changes).
        key = (person, width, option.font.key(), i18n.current_language(), date.today())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 20_000:
                self._heights.clear()
            age, tasks = model.status_parts(index.row())
            pieces = self._layout(option.font, width, person.display_name, age, tasks,
                                  bool(person.overdue_tasks))
            height = self._heights[key] = max(p.rect.bottom() + 1 for p in pieces) + 2 * PAD
        return QSize(1, height)  # as wide as the list: it never scrolls sideways

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
        overdue = bool(person.overdue_tasks)
        pens: dict[str, QColor] = {
            "name": normal,
            "muted": normal if selected else theme.colour("muted", palette),
            "tasks": (normal if selected
                      else theme.colour("error", palette) if overdue
                      else theme.colour("muted", palette)),
        }
        fonts = self._fonts(opt.font)
        fonts["tasks"] = fonts["overdue" if overdue else "tasks"]
        origin = opt.rect.topLeft()
        painter.save()
        for piece in self.pieces(opt, index):
            painter.setFont(fonts[piece.kind])
            painter.setPen(pens[piece.kind])
            rect = piece.rect.translated(origin.x() + PAD * 2, origin.y() + PAD)
            painter.drawText(rect, WRAP, piece.text)
        painter.restore()


class PeopleList(QListView):
    """The list view the People page shows its model in (column 0, one delegate)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(PersonDelegate(self))
        # Rows differ in height (a long status wraps), so the list lays them out again when
        # its width changes.
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def selectRow(self, row: int) -> None:  # noqa: N802 - same name as QTableView's
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        self.setCurrentIndex(model.index(row, 0))
