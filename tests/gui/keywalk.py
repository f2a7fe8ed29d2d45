"""Walk a window with the Tab key as a keyboard-only user does (importable by the GUI tests).

`tab_walk` presses Tab from the first focused control until focus comes back to it, and
reports: controls with no name for a screen reader, a Tab order that jumps back up the screen
(other than into a new column to the right, or the wrap from the last control to the first),
and traps (Tab stops moving, or loops without coming back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDateTimeEdit,
    QScrollArea,
    QWidget,
)

TOLERANCE = 8  # px: controls on one row may sit a few pixels apart
MAX_STEPS = 400
DATE_SECTIONS = 6


@dataclass
class Walk:
    window: str
    visited: list[QWidget] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def describe(widget: QWidget) -> str:
    name = spoken_name(widget)
    return f"{type(widget).__name__} {widget.objectName()!r} {name[:40]!r}"


def spoken_name(widget: QWidget) -> str:
    """What a screen reader announces as the control's name (AT-SPI's Name): its accessible
    name, else its buddy label's text or a button's own text, as Qt gives them."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def _focus(window: QWidget) -> QWidget | None:
    focus = QApplication.focusWidget()
    return focus if focus is not None and (focus is window or window.isAncestorOf(focus)) \
        else None


def _position(widget: QWidget, window: QWidget) -> QPoint:
    return widget.mapTo(window, QPoint(0, 0))


def _scroll_area(widget: QWidget, window: QWidget) -> QScrollArea | None:
    """The outermost scroll area `widget` sits in, inside `window`."""
    found = None
    node = widget.parentWidget()
    while node is not None and node is not window:
        if isinstance(node, QScrollArea) and node.widget() is not None \
                and node.widget().isAncestorOf(widget):
            found = node
        node = node.parentWidget()
    return found


def _where(widget: QWidget, window: QWidget, other: QWidget) -> QPoint:
    """Where `widget` is, to compare with `other`: inside the same scroll area, its place in
    the scrolled content; otherwise its place on screen, a control below the fold counting
    as at the scroll area's bottom edge."""
    area = _scroll_area(widget, window)
    if area is None:
        return _position(widget, window)
    if area is _scroll_area(other, window):
        return widget.mapTo(area.widget(), QPoint(0, 0))
    top = _position(area, window)
    inside = widget.mapTo(area.widget(), QPoint(0, 0))
    if inside.y() >= area.height():  # below the fold: as if at the area's bottom left
        return QPoint(top.x(), top.y() + area.height() - 1)
    return QPoint(top.x() + min(inside.x(), area.width() - 1), top.y() + inside.y())


def tab_walk(qtbot: Any, window: QWidget, start: QWidget | None = None) -> Walk:
    walk = Walk(type(window).__name__)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    if start is not None:
        start.setFocus(Qt.FocusReason.TabFocusReason)
    first = _focus(window)
    if first is None:  # nothing focused yet: the first Tab goes to the first control
        qtbot.keyClick(window, Qt.Key.Key_Tab)
        first = _focus(window)
    if first is None:
        walk.problems.append(f"{walk.window}: Tab reaches no control")
        return walk
    current = first
    for _ in range(MAX_STEPS):
        walk.visited.append(current)
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        nxt = _focus(window)
        # A date field's own sections take Tab first (Qt's QDateTimeEdit); that the field
        # is left in one press is checked with the date fields themselves.
        for _section in range(DATE_SECTIONS if isinstance(current, QDateTimeEdit) else 0):
            if nxt is not current:
                break
            qtbot.keyClick(current, Qt.Key.Key_Tab)
            nxt = _focus(window)
        if nxt is None:
            walk.problems.append(f"{walk.window}: Tab from {describe(current)} leaves the "
                                 "window")
            return walk
        if nxt is first:
            break  # round (a window with one control is a round of one)
        if nxt is current:
            walk.problems.append(f"{walk.window}: Tab is trapped in {describe(current)}")
            return walk
        if nxt in walk.visited:
            walk.problems.append(f"{walk.window}: Tab loops back to {describe(nxt)} without "
                                 f"returning to {describe(first)}")
            return walk
        current = nxt
    else:
        walk.problems.append(f"{walk.window}: Tab never comes back to {describe(first)}")
        return walk
    for widget in walk.visited:
        if not spoken_name(widget):
            walk.problems.append(f"{walk.window}: {describe(widget)} has no accessible name")
    for area in window.findChildren(QScrollArea):  # back to where each content starts
        area.verticalScrollBar().setValue(0)
        area.horizontalScrollBar().setValue(0)
    # The round is a cycle: read from the top it must go down the screen all the way, so
    # exactly one step (from the last control back to the first) may go back up.
    backwards = []
    cycle = [*walk.visited, walk.visited[0]]
    for before, after in zip(cycle, cycle[1:], strict=False):
        a, b = _where(before, window, after), _where(after, window, before)
        going_up = b.y() < a.y() - TOLERANCE
        same_row_leftwards = abs(b.y() - a.y()) <= TOLERANCE and b.x() < a.x() - TOLERANCE
        # A control stretched to its column's edge (a check box's row) ends where its content
        # ends, not at the splitter beside it.
        extent = min(before.width(), max(before.sizeHint().width(), 1))
        new_column = b.x() >= a.x() + extent - TOLERANCE
        if (going_up and not new_column) or same_row_leftwards:
            backwards.append(f"{walk.window}: Tab goes back up the screen from "
                             f"{describe(before)} at ({a.x()}, {a.y()}) to "
                             f"{describe(after)} at ({b.x()}, {b.y()})")
    if len(backwards) > 1:
        walk.problems += backwards
    return walk


def is_button(widget: QWidget) -> bool:
    return isinstance(widget, QAbstractButton)
