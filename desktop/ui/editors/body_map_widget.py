"""Front and back body outlines side by side, with numbered marks that can be placed, chosen,
moved and removed by mouse or keyboard.

Positions are kept as the record keeps them: x 0..1 across and y 0..1 down each view's box
(desktop/printing/body_map.py), so the screen and the printed page agree.

Keys (when the map has focus): arrow keys move the chosen mark a little (with Shift, further);
Delete or Backspace removes it; Page Up / Page Down choose the previous or next mark.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.printing.body_map import VIEWS, load_body_map_data
from desktop.ui import i18n
from desktop.ui.i18n import tr

CTX = "BodyMapWidget"
STEP = 0.005  # one arrow press: half a percent of the view's height
BIG_STEP = 0.03
MARK_RADIUS = 11.0
OUTLINE_FILL = QColor("#f6f2ec")
OUTLINE_PEN = QColor("#3b3b3b")
MARK_FILL = QColor("#9b1c1c")  # as on the printed page
SELECTED_RING = QColor("#1a5fb4")


def view_label(view: str) -> str:
    return tr(CTX, "Front") if view == "front" else tr(CTX, "Back")


def region_name(kind: str, view: str, region_id: str) -> str:
    """A region's name in the interface language ("" when the mark has none)."""
    if not region_id:
        return ""
    region = load_body_map_data().region(kind, region_id, view)
    return region.name(i18n.current_language()) if region else region_id


def mark_summary(kind: str, mark: dict[str, Any]) -> str:
    """One mark in words, for the screen reader and the list: number, view, region, type."""
    where = region_name(kind, str(mark.get("view", "")), str(mark.get("region", "")))
    text = tr(CTX, "Mark {n}: {view}, {region}").format(
        n=mark.get("n", ""), view=view_label(str(mark.get("view", ""))),
        region=where or tr(CTX, "no named region"))
    return text


class BodyMapWidget(QWidget):
    """Owns the marks being placed (dicts shaped as the record stores them)."""

    marks_changed = Signal()
    selection_changed = Signal(int)  # the chosen mark's number, 0 for none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = load_body_map_data()
        self.kind = "adult"
        self._marks: list[dict[str, Any]] = []
        self._selected = 0
        self._dragging = False
        self.read_only = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 320)
        self.setMouseTracking(False)
        self.retranslate()

    # --- the marks -------------------------------------------------------------------------
    def marks(self) -> list[dict[str, Any]]:
        return [dict(m) for m in self._marks]

    def set_marks(self, marks: list[dict[str, Any]]) -> None:
        self._marks = [dict(m) for m in marks]
        if not any(m["n"] == self._selected for m in self._marks):
            self._selected = 0
        self._after_change(emit=False)
        self.selection_changed.emit(self._selected)

    def set_outline(self, kind: str) -> None:
        self.kind = kind if kind in ("child", "adult") else "adult"
        self._after_change(emit=False)

    def mark(self, n: int) -> dict[str, Any] | None:
        """A copy of mark `n` (None when there is none)."""
        found = self._find(n)
        return dict(found) if found is not None else None

    def _find(self, n: int) -> dict[str, Any] | None:
        return next((m for m in self._marks if m["n"] == n), None)

    def selected(self) -> int:
        return self._selected

    def select(self, n: int) -> None:
        n = n if self._find(n) is not None else 0
        if n != self._selected:
            self._selected = n
            self.update()
            self.selection_changed.emit(n)

    def add_mark(self, view: str, x: float, y: float, region: str | None = None) -> int:
        """A new mark, numbered after the others and chosen; the region under the point names
        it unless one is given."""
        x, y = _clamp(x), _clamp(y)
        if region is None:
            found = self.data.region_at(self.kind, view, x, y)
            region = found.id if found else ""
        n = max((int(m["n"]) for m in self._marks), default=0) + 1
        self._marks.append({"n": n, "view": view, "x": round(x, 4), "y": round(y, 4),
                            "region": region, "type": "", "size": "", "colour": "",
                            "explanation": ""})
        self._after_change()
        self._selected = 0
        self.select(n)
        return n

    def update_mark(self, n: int, **fields: Any) -> None:
        mark = self._find(n)
        if mark is None or all(mark.get(k) == v for k, v in fields.items()):
            return
        mark.update(fields)
        self._after_change()

    def remove_mark(self, n: int) -> None:
        """Remove a mark; the later ones are numbered down so the numbers stay 1, 2, 3…"""
        if self._find(n) is None:
            return
        self._marks = [m for m in self._marks if m["n"] != n]
        for m in self._marks:
            if m["n"] > n:
                m["n"] -= 1
        remaining = [int(m["n"]) for m in self._marks]
        # The mark now in its place (or the last one) is chosen, so Delete can go on.
        self._selected = min(n, max(remaining)) if remaining else 0
        self._after_change()
        self.selection_changed.emit(self._selected)

    def move_mark(self, n: int, x: float, y: float) -> None:
        """Move a mark; its region follows the point it is moved to."""
        mark = self.mark(n)
        if mark is None:
            return
        x, y = round(_clamp(x), 4), round(_clamp(y), 4)
        found = self.data.region_at(self.kind, str(mark["view"]), x, y)
        self.update_mark(n, x=x, y=y, region=found.id if found else "")

    def _after_change(self, emit: bool = True) -> None:
        self._describe()
        self.update()
        if emit:
            self.marks_changed.emit()

    # --- words -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setAccessibleName(tr(CTX, "Body map: front and back views"))
        self.setToolTip(tr(CTX, "Click on the body to add a mark. Arrow keys move the chosen "
                                "mark, Page Up and Page Down choose another, Delete removes "
                                "it."))
        self._describe()
        self.update()

    def _describe(self) -> None:
        if not self._marks:
            text = tr(CTX, "No marks yet. Click on the body to add one, or add one by "
                           "body region.")
        else:
            text = " ".join(f"{mark_summary(self.kind, m)}." for m in self._marks)
        self.setAccessibleDescription(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- geometry --------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(520, 560)

    def _label_height(self) -> float:
        return float(self.fontMetrics().height()) * 1.6

    def view_rect(self, view: str) -> QRectF:
        """The box of one view on screen: the outline's aspect kept, as large as fits."""
        aspect = self.data.outline(self.kind, view).aspect
        margin = 10.0
        half = self.width() / 2.0
        top = margin + self._label_height()
        avail_w = half - 2 * margin
        avail_h = self.height() - top - 2 * margin
        h = max(min(avail_h, avail_w / aspect), 10.0)
        w = h * aspect
        index = VIEWS.index(view)
        left = half * index + (half - w) / 2.0
        return QRectF(left, top, w, h)

    def position(self, view: str, x: float, y: float) -> QPointF:
        """Where a normalised point of a view is on screen."""
        r = self.view_rect(view)
        return QPointF(r.left() + x * r.width(), r.top() + y * r.height())

    def hit(self, pos: QPointF) -> tuple[str, float, float] | None:
        """The view and normalised point under a screen position, if it is on a view."""
        for view in VIEWS:
            r = self.view_rect(view)
            if r.contains(pos):
                return view, (pos.x() - r.left()) / r.width(), (pos.y() - r.top()) / r.height()
        return None

    def mark_at(self, pos: QPointF) -> int:
        for m in reversed(self._marks):
            p = self.position(str(m["view"]), float(m["x"]), float(m["y"]))
            if (p - pos).manhattanLength() <= MARK_RADIUS * 1.4:
                return int(m["n"])
        return 0

    # --- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        text_pen = QPen(pal.color(QPalette.ColorRole.Text))
        label_h = self._label_height()
        for view in VIEWS:
            r = self.view_rect(view)
            outline = self.data.outline(self.kind, view)

            def at(p: tuple[float, float], r: QRectF = r) -> QPointF:
                return QPointF(r.left() + p[0] * r.width(), r.top() + p[1] * r.height())

            painter.setPen(QPen(OUTLINE_PEN, 1.6))
            painter.setBrush(OUTLINE_FILL)
            for polygon in outline.polygons:
                path = QPainterPath(at(polygon[0]))
                for p in polygon[1:]:
                    path.lineTo(at(p))
                path.closeSubpath()
                painter.drawPath(path)
            painter.setPen(QPen(OUTLINE_PEN, 0.9))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for line in outline.details:
                path = QPainterPath(at(line[0]))
                for p in line[1:]:
                    path.lineTo(at(p))
                painter.drawPath(path)
            # The view's name above it; the person's right and left beside it.
            painter.setPen(text_pen)
            bold = painter.font()
            bold.setBold(True)
            painter.setFont(bold)
            title = QRectF(r.left() - 40, r.top() - label_h, r.width() + 80, label_h)
            painter.drawText(title, Qt.AlignmentFlag.AlignCenter, view_label(view))
            bold.setBold(False)
            painter.setFont(bold)
            right, left = tr(CTX, "Right"), tr(CTX, "Left")
            first, second = (right, left) if view == "front" else (left, right)
            # Beside the body at waist height, just clear of the hands (as on the printed page).
            xs = [p[0] for polygon in outline.polygons for p in polygon]
            body_left = r.left() + min(xs) * r.width()
            body_right = r.left() + max(xs) * r.width()
            room = self.fontMetrics().horizontalAdvance("M") * 8.0
            mid = r.top() + 0.45 * r.height() - label_h / 2
            painter.drawText(QRectF(body_left - room - 6, mid, room, label_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, first)
            painter.drawText(QRectF(body_right + 6, mid, room, label_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, second)
        small = painter.font()
        small.setBold(True)
        painter.setFont(small)
        for m in self._marks:
            if m.get("view") not in VIEWS:
                continue
            centre = self.position(str(m["view"]), float(m["x"]), float(m["y"]))
            if m["n"] == self._selected:
                painter.setPen(QPen(SELECTED_RING, 3.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(centre, MARK_RADIUS + 4, MARK_RADIUS + 4)
            painter.setPen(QPen(QColor("white"), 1.2))
            painter.setBrush(MARK_FILL)
            painter.drawEllipse(centre, MARK_RADIUS, MARK_RADIUS)
            box = QRectF(centre.x() - MARK_RADIUS, centre.y() - MARK_RADIUS,
                         2 * MARK_RADIUS, 2 * MARK_RADIUS)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(m["n"]))
        if self.hasFocus():
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 2.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.update()
        super().focusOutEvent(event)

    # --- mouse and keys --------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        n = self.mark_at(pos)
        if n:
            self.select(n)
            self._dragging = not self.read_only
            return
        spot = self.hit(pos)
        if spot is not None and not self.read_only:
            self.add_mark(*spot)
        else:
            self.select(0)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        mark = self.mark(self._selected)
        if not self._dragging or mark is None:
            return
        r = self.view_rect(str(mark["view"]))
        pos = event.position()
        self.move_mark(self._selected, (pos.x() - r.left()) / r.width(),
                       (pos.y() - r.top()) / r.height())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._dragging = False
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        mark = self.mark(self._selected)
        numbers = [int(m["n"]) for m in self._marks]
        if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and numbers:
            forward = -1 if key == Qt.Key.Key_PageUp else 1
            current = numbers.index(self._selected) if self._selected in numbers else -1
            self.select(numbers[(current + forward) % len(numbers)])
            return
        if mark is None or self.read_only:
            super().keyPressEvent(event)
            return
        step = BIG_STEP if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else STEP
        moves = {Qt.Key.Key_Left: (-step, 0.0), Qt.Key.Key_Right: (step, 0.0),
                 Qt.Key.Key_Up: (0.0, -step), Qt.Key.Key_Down: (0.0, step)}
        move = next((d for k, d in moves.items() if k == key), None)
        if move is not None:
            dx, dy = move
            # The box is twice as tall as it is wide: move the same distance on screen.
            aspect = self.data.outline(self.kind, str(mark["view"])).aspect
            self.move_mark(self._selected, float(mark["x"]) + dx / aspect,
                           float(mark["y"]) + dy)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_mark(self._selected)
            return
        super().keyPressEvent(event)


def _clamp(value: float) -> float:
    return min(max(float(value), 0.0), 1.0)
