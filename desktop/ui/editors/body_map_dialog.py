"""Record a body map: marks placed on front and back outlines, each with what staff saw (type,
size, colour) and the person's explanation in their own words; kept as an encrypted draft while
marks are placed, then saved and sealed.

Keys: in the map, a click adds a mark, arrow keys move the chosen mark and Delete removes it;
without a mouse, "Add a mark by body region" (view, region, Add mark) places one; Ctrl+Enter
saves and seals.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.app.body_maps import DRAFT_KIND, OUTLINES, BodyMapService
from desktop.app.drafts import Draft
from desktop.printing.body_map import VIEWS, load_body_map_data
from desktop.ui import i18n, shortcuts, theme
from desktop.ui.editors.body_map_widget import BodyMapWidget, region_name, view_label
from desktop.ui.editors.draft_keeper import DraftKeeper
from desktop.ui.editors.drafted_dialog import DraftedDialog
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text, problem_text
from desktop.ui.messages.record_labels import local_time_text
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

CTX = "BodyMapDialog"
MARK_TYPES = ("bruise", "cut", "scratch", "burn", "scar", "swelling", "bite", "other")


def outline_label(kind: str) -> str:
    return tr(CTX, "Child") if kind == "child" else tr(CTX, "Adult")


def type_label(code: str) -> str:
    labels = {
        "": tr(CTX, "Not chosen yet"),
        "bruise": tr(CTX, "Bruise"),
        "cut": tr(CTX, "Cut"),
        "scratch": tr(CTX, "Scratch or graze"),
        "burn": tr(CTX, "Burn"),
        "scar": tr(CTX, "Scar"),
        "swelling": tr(CTX, "Swelling"),
        "bite": tr(CTX, "Bite mark"),
        "other": tr(CTX, "Other"),
    }
    return labels.get(code, code)


def _service(s: Any) -> BodyMapService:
    # Services gains `body_maps` when the page wires this dialog in; until then, build it.
    service = getattr(s, "body_maps", None)
    if isinstance(service, BodyMapService):
        return service
    return BodyMapService(s.vault, s.access, s.people)


class BodyMapDialog(DraftedDialog):
    recorded = Signal(str)  # the body map's id

    def __init__(self, runner: TaskRunner, context: AppContext, person_id: str,
                 person_name: str, child: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.context = context
        self.person_id = person_id
        self.person_name = person_name
        self.recorded_id: str | None = None
        self._loading = False  # filling the form from the marks: not a change by the user
        self._build(child)
        self.keeper = DraftKeeper(runner, DRAFT_KIND, person_id, self.content,
                                  self.content_is_empty, self)
        self.keeper.saved.connect(lambda: self.status.setText(tr(CTX, "Draft saved")))
        self.keeper.failed.connect(lambda _e: self.status.setText(tr(
            CTX, "The draft could not be saved. Keep this window open and try again.")))
        self.retranslate()
        self._on_selection(0)
        self.map.setFocus()
        runner.run(lambda s: s.drafts.list(DRAFT_KIND, person_id), self._on_drafts)

    # --- building --------------------------------------------------------------------------
    def _build(self, child: bool) -> None:
        self.setMinimumSize(820, 600)
        fit_to_screen(self, QSize(1120, 760))
        outer = QVBoxLayout(self)
        self.heading = self.heading_label()
        outer.addWidget(self.heading)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        outer.addWidget(self.guidance)

        top = QHBoxLayout()
        self.outline_label = QLabel()
        self.outline = QComboBox()
        for kind in OUTLINES:
            self.outline.addItem("", kind)
        self.outline.setCurrentIndex(self.outline.findData("child" if child else "adult"))
        self.outline_label.setBuddy(self.outline)
        top.addWidget(self.outline_label)
        top.addWidget(self.outline)
        top.addStretch(1)
        outer.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        self.map = BodyMapWidget()
        self.map.set_outline(self.outline_kind())
        split.addWidget(self.map)

        scroll = QScrollArea()
        # Only a frame around the form: Tab goes to its fields (the area scrolls to each),
        # never to the unnamed frame itself.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        side = QWidget()
        col = QVBoxLayout(side)
        col.setContentsMargins(8, 0, 0, 0)

        self.add_box = QGroupBox()
        add_form = QFormLayout(self.add_box)
        self.view_label = QLabel()
        self.view = QComboBox()
        for view in VIEWS:
            self.view.addItem("", view)
        self.region_label = QLabel()
        self.region = QComboBox()
        self.view_label.setBuddy(self.view)
        self.region_label.setBuddy(self.region)
        self.add_button = QPushButton()
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_by_region)
        add_form.addRow(self.view_label, self.view)
        add_form.addRow(self.region_label, self.region)
        add_form.addRow("", self.add_button)
        col.addWidget(self.add_box)

        self.marks_label = QLabel()
        col.addWidget(self.marks_label)
        self.table = QTableWidget(0, 4)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(130)
        self.marks_label.setBuddy(self.table)
        col.addWidget(self.table, 1)
        self.remove_button = QPushButton()
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        col.addLayout(remove_row)

        self.detail_box = QGroupBox()
        detail = QFormLayout(self.detail_box)
        self.type_label = QLabel()
        self.type = QComboBox()
        for code in ("", *MARK_TYPES):
            self.type.addItem("", code)
        self.size_label = QLabel()
        self.size_edit = QLineEdit()
        self.colour_label = QLabel()
        self.colour_edit = QLineEdit()
        self.explanation_label = QLabel()
        self.explanation_label.setWordWrap(True)
        self.explanation = QPlainTextEdit()
        self.explanation.setTabChangesFocus(True)
        self.explanation.setFixedHeight(80)
        for label, widget in ((self.type_label, self.type), (self.size_label, self.size_edit),
                              (self.colour_label, self.colour_edit)):
            label.setBuddy(widget)
            detail.addRow(label, widget)
        self.explanation_label.setBuddy(self.explanation)
        detail.addRow(self.explanation_label)
        detail.addRow(self.explanation)
        col.addWidget(self.detail_box)
        scroll.setWidget(side)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)

        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setStyleSheet(theme.css("success", bold=True))
        self.done_label.hide()
        outer.addWidget(self.done_label)
        self.error = self.error_label()
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        self.status = self.status_label()
        self.close_button = QPushButton()
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.save_button = QPushButton()
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        QShortcut(shortcuts.key("save"), self).activated.connect(self.save)

        self.outline.currentIndexChanged.connect(self._outline_changed)
        self.view.currentIndexChanged.connect(lambda _i: self._fill_regions())
        self.map.marks_changed.connect(self._marks_changed)
        self.map.selection_changed.connect(self._on_selection)
        self.table.itemSelectionChanged.connect(self._table_selected)
        self.type.currentIndexChanged.connect(lambda _i: self._field_changed())
        self.size_edit.textChanged.connect(lambda _t: self._field_changed())
        self.colour_edit.textChanged.connect(lambda _t: self._field_changed())
        self.explanation.textChanged.connect(self._field_changed)
        self.setTabOrder(self.outline, self.map)

    def retranslate(self) -> None:
        self.setWindowTitle(tr(CTX, "Body map"))
        self.heading.setText(tr(CTX, "Body map for {name}").format(name=self.person_name))
        self.guidance.setText(tr(
            CTX, "Record only marks you can see without removing clothing beyond what is "
                 "appropriate. Write the person's explanation in their own words."))
        self.outline_label.setText(tr(CTX, "Outline"))
        for i in range(self.outline.count()):
            self.outline.setItemText(i, outline_label(str(self.outline.itemData(i))))
        self.add_box.setTitle(tr(CTX, "Add a mark by body region"))
        self.view_label.setText(tr(CTX, "View"))
        for i in range(self.view.count()):
            self.view.setItemText(i, view_label(str(self.view.itemData(i))))
        self.region_label.setText(tr(CTX, "Body region"))
        self._fill_regions()
        self.add_button.setText(tr(CTX, "Add mark"))
        self.marks_label.setText(tr(CTX, "Marks"))
        self.table.setAccessibleName(tr(CTX, "Marks"))
        self.table.setHorizontalHeaderLabels([tr(CTX, "No."), tr(CTX, "View"),
                                              tr(CTX, "Body region"), tr(CTX, "Type")])
        self.remove_button.setText(tr(CTX, "Remove mark"))
        self.remove_button.setToolTip(tr(CTX, "Removes the chosen mark (Delete in the map)"))
        self.type_label.setText(tr(CTX, "Type"))
        for i in range(self.type.count()):
            self.type.setItemText(i, type_label(str(self.type.itemData(i))))
        self.size_label.setText(tr(CTX, "Size"))
        self.size_edit.setAccessibleName(tr(CTX, "Size"))
        self.size_edit.setPlaceholderText(tr(CTX, "For example 3 cm × 2 cm"))
        self.colour_label.setText(tr(CTX, "Colour"))
        self.colour_edit.setAccessibleName(tr(CTX, "Colour"))
        self.colour_edit.setPlaceholderText(tr(CTX, "For example purple-blue"))
        self.explanation_label.setText(tr(CTX, "The person's explanation, in their own words"))
        self.explanation.setAccessibleName(tr(
            CTX, "The person's explanation, in their own words"))
        self.close_button.setText(tr(CTX, "Close") if self.recorded_id else
                                  tr(CTX, "Close and keep draft"))
        self.save_button.setText(tr(CTX, "Save and seal"))
        self.save_button.setToolTip(tr(CTX, "After saving, the body map cannot be changed; "
                                            "amendments can be added (Ctrl+Enter)"))
        self.done_label.setText(tr(
            CTX, "The body map is saved and sealed. It cannot be changed now; amendments can "
                 "be added from the person's chronology."))
        self._refresh_table()
        self._update_detail_title()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- outline, regions and marks --------------------------------------------------------
    def outline_kind(self) -> str:
        return str(self.outline.currentData() or "adult")

    def _outline_changed(self) -> None:
        self.map.set_outline(self.outline_kind())
        self._fill_regions()
        self._refresh_table()
        self._changed()

    def _fill_regions(self) -> None:
        view = str(self.view.currentData() or "front")
        keep = self.region.currentData()
        lang = i18n.current_language()
        self.region.blockSignals(True)
        self.region.clear()
        for r in load_body_map_data().regions_for(self.outline_kind(), view):
            self.region.addItem(r.name(lang), r.id)
        self.region.setCurrentIndex(max(self.region.findData(keep), 0))
        self.region.blockSignals(False)

    def add_by_region(self) -> None:
        """The keyboard way: a mark at the chosen region's point."""
        if self.recorded_id is not None:
            return
        view = str(self.view.currentData() or "front")
        region = load_body_map_data().region(self.outline_kind(), str(self.region.currentData()),
                                             view)
        if region is None:
            return
        x, y = region.point
        # A second mark in the same region goes just below the first, so both numbers show.
        taken = [(float(m["x"]), float(m["y"])) for m in self.map.marks() if m["view"] == view]
        while any(abs(x - a) < 0.02 and abs(y - b) < 0.02 for a, b in taken) and \
                region.contains(x, y + 0.025):
            y += 0.025
        self.map.add_mark(view, x, y, region.id)
        self.type.setFocus()

    def remove_selected(self) -> None:
        if self.recorded_id is None and self.map.selected():
            self.map.remove_mark(self.map.selected())

    def _marks_changed(self) -> None:
        self._refresh_table()
        self._changed()

    def _refresh_table(self) -> None:
        marks = self.map.marks()
        kind = self.outline_kind()
        self._loading = True
        try:
            self.table.setRowCount(len(marks))
            for row, m in enumerate(marks):
                view = str(m.get("view", ""))
                cells = (str(m["n"]), view_label(view),
                         region_name(kind, view, str(m.get("region", "")))
                         or tr(CTX, "(no named region)"),
                         type_label(str(m.get("type", ""))) if m.get("type") else "")
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, m["n"])
                    self.table.setItem(row, column, item)
            self._select_row(self.map.selected())
        finally:
            self._loading = False
        self.remove_button.setEnabled(bool(marks) and self.recorded_id is None)

    def _select_row(self, n: int) -> None:
        rows = [r for r in range(self.table.rowCount())
                if (item := self.table.item(r, 0)) is not None
                and item.data(Qt.ItemDataRole.UserRole) == n]
        self.table.blockSignals(True)
        if rows:
            self.table.selectRow(rows[0])
            self.table.setCurrentCell(rows[0], 0)
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)

    def _table_selected(self) -> None:
        if self._loading:
            return
        items = self.table.selectedItems()
        if items:
            self.map.select(int(items[0].data(Qt.ItemDataRole.UserRole)))

    def _on_selection(self, n: int) -> None:
        mark = self.map.mark(n)
        self._loading = True
        try:
            self._select_row(n)
            self.type.setCurrentIndex(max(self.type.findData(mark.get("type", "")), 0)
                                      if mark else 0)
            self.size_edit.setText(str(mark.get("size", "")) if mark else "")
            self.colour_edit.setText(str(mark.get("colour", "")) if mark else "")
            self.explanation.setPlainText(str(mark.get("explanation", "")) if mark else "")
        finally:
            self._loading = False
        self.detail_box.setEnabled(mark is not None and self.recorded_id is None)
        self._update_detail_title()

    def _update_detail_title(self) -> None:
        n = self.map.selected()
        self.detail_box.setTitle(tr(CTX, "Mark {n}").format(n=n) if n else
                                 tr(CTX, "Choose a mark to describe it"))

    def _field_changed(self) -> None:
        n = self.map.selected()
        if self._loading or not n:
            return
        self.map.update_mark(n, type=str(self.type.currentData() or ""),
                             size=self.size_edit.text(), colour=self.colour_edit.text(),
                             explanation=self.explanation.toPlainText())

    # --- drafts ----------------------------------------------------------------------------
    def content(self) -> dict[str, Any]:
        return {"outline": self.outline_kind(), "marks": self.map.marks(),
                "selected": self.map.selected()}

    @staticmethod
    def content_is_empty(content: dict[str, Any]) -> bool:
        return not content.get("marks")

    def restore(self, content: dict[str, Any]) -> None:
        self._loading = True
        try:
            kind = str(content.get("outline", ""))
            if kind in OUTLINES:
                self.outline.blockSignals(True)
                self.outline.setCurrentIndex(self.outline.findData(kind))
                self.outline.blockSignals(False)
                self.map.set_outline(kind)
                self._fill_regions()
            marks = [dict(m) for m in content.get("marks") or [] if isinstance(m, dict)]
            self.map.blockSignals(True)
            self.map.set_marks(marks)
            self.map.blockSignals(False)
        finally:
            self._loading = False
        self._refresh_table()
        selected = content.get("selected")
        self.map.select(selected if isinstance(selected, int) else 0)
        self._on_selection(self.map.selected())

    def _on_drafts(self, drafts: list[Draft]) -> None:
        if not drafts or self.recorded_id is not None or not self.content_is_empty(
                self.content()):
            return
        draft = drafts[0]
        self.restore(draft.content)
        self.keeper.adopt(draft)
        self.status.setText(tr(CTX, "Your unsaved body map from {time} is back.").format(
            time=local_time_text(draft.updated_at)))

    def _changed(self) -> None:
        if self._loading or self.recorded_id is not None:
            return
        self.error.hide()
        self.keeper.changed()

    def is_saved(self) -> bool:
        return self.recorded_id is not None

    # --- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        if self.recorded_id is not None or not self.save_button.isEnabled():
            return
        marks = self.map.marks()
        if not marks:
            self.error.setText(problem_text("marks_required"))
            self.error.show()
            return
        outline, person_id = self.outline_kind(), self.person_id
        self.keeper.save_now()
        self.keeper.finish()
        draft_id = self.keeper.draft_id if self.keeper.stored else None
        self.save_button.setEnabled(False)
        self.status.setText(tr(CTX, "Saving…"))
        self.runner.run(lambda s: _service(s).record(person_id, outline, marks, draft_id),
                        self._on_recorded, self._on_failed)
        self.context.record_activity()

    def _on_recorded(self, body_map_id: str) -> None:
        self.recorded_id = body_map_id
        self.status.setText("")
        self.error.hide()
        self.done_label.show()
        self.save_button.hide()
        self.map.read_only = True
        for w in (self.outline, self.add_box, self.remove_button, self.detail_box):
            w.setEnabled(False)
        self.close_button.setText(tr(CTX, "Close"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.recorded.emit(body_map_id)

    def _on_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.status.setText("")
        self.keeper.resume()
        self.error.setText(error_text(exc))
        self.error.show()


def body_map_html(data: dict[str, Any]) -> str:
    """A sealed body map for the read-only record view: who and when, then each mark."""
    def e(text: object) -> str:
        return html.escape(str(text), quote=False)

    kind = str(data.get("outline", "adult"))
    rows = "".join(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "</tr>".format(
            e(m.get("n", "")), e(view_label(str(m.get("view", "")))),
            e(region_name(kind, str(m.get("view", "")), str(m.get("region", "")))),
            e(type_label(str(m.get("type", ""))) if m.get("type") else ""),
            e(m.get("size", "")), e(m.get("colour", "")),
            e("“{}”".format(m["explanation"]) if m.get("explanation") else ""))
        for m in data.get("marks", []))
    head = "".join(f"<th align='left'>{e(h)}</th>" for h in (
        tr(CTX, "No."), tr(CTX, "View"), tr(CTX, "Body region"), tr(CTX, "Type"),
        tr(CTX, "Size"), tr(CTX, "Colour"), tr(CTX, "The person's explanation")))
    return "".join([
        f"<h2>{e(tr(CTX, 'Body map'))}</h2>",
        "<p>{}</p>".format(e(tr(CTX, "Recorded {time} by {author}. Outline: {outline}.").format(
            time=local_time_text(str(data.get("recorded_at", ""))),
            author=data.get("recorded_by", ""), outline=outline_label(kind)))),
        f"<table cellspacing='0' cellpadding='4' border='1'><tr>{head}</tr>{rows}</table>"])


def body_map_loader(body_map_id: str) -> Callable[[Any], str]:
    """For sealed_record_view.VIEWERS: the body map read (and the view audited) on the vault
    thread, shown as HTML."""
    return lambda s: body_map_html(_service(s).get(body_map_id))
