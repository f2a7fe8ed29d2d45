"""Unsaved drafts shown where people look: a line on the person's page and a count in the
main window's status bar that lists them all (issue 16).

A draft is kept whenever a dialog closes unsaved (Escape, Close, lock); these make it visible
and one click (or key) away. Drafts are their author's alone: the list is the signed-in user's.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app.drafts import Draft
from desktop.ui import theme
from desktop.ui.buttons import ok_cancel
from desktop.ui.editors.draft_notices import draft_kind_label, draft_notices
from desktop.ui.i18n import tr, trn
from desktop.ui.messages.record_labels import local_time_text
from desktop.ui.tasks import RefreshOnChange, TaskRunner

C = "Drafts"
PERSON_KINDS = ("concern", "disclosure", "assessment", "bodymap", "person", "note")


def person_openers(page: Any) -> dict[str, Callable[[], object]]:
    """The People page command that reopens each kind of draft about the selected person
    (each editor finds its own draft and offers it back)."""
    return {"concern": page.record_concern, "disclosure": page.record_disclosure,
            "assessment": page.start_checklist, "bodymap": page.record_body_map,
            "person": page.edit_person, "note": page.add_note}


class PersonDrafts(QLabel):
    """'Unsaved concern draft — open' under the person's name."""

    def __init__(self, page: Any, runner: TaskRunner) -> None:
        super().__init__()
        self.page, self.runner = page, runner
        self.person_id: str | None = None
        self.kinds: list[str] = []
        self.setObjectName("personDrafts")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setStyleSheet(theme.panel_css("caution"))
        self.linkActivated.connect(self.open)
        self.hide()
        page.person_loaded.connect(self.load)
        # A bound method, not a lambda: Qt drops the connection when this line is deleted
        # (another user's unlock rebuilds the window), so a later notice finds no dead widget.
        draft_notices().kept.connect(self._kept)
        RefreshOnChange(self, runner, lambda: self._reload(self.person_id or ""))

    def _kept(self, _kind: str, ref: str) -> None:
        self._reload(ref)

    @classmethod
    def attach(cls, page: Any, runner: TaskRunner) -> PersonDrafts:
        """Put the line under the person's name on the People page."""
        line = cls(page, runner)
        heading = page.name_heading
        layout = heading.parentWidget().layout()
        layout.insertWidget(layout.indexOf(heading) + 1, line)
        return line

    def _reload(self, ref: str) -> None:
        if self.person_id and ref == self.person_id:
            self.load(self.person_id)

    def load(self, person_id: str) -> None:
        self.person_id = person_id
        self.runner.run(lambda s: s.drafts.list(ref=person_id),
                        lambda drafts: self._show(person_id, drafts), lambda _exc: None)

    def _show(self, person_id: str, drafts: list[Draft]) -> None:
        # The answer can arrive after the window that asked was closed (lock, another user).
        if not shiboken6.isValid(self) or person_id != self.person_id:
            return
        self.kinds = list(dict.fromkeys(d.kind for d in drafts if d.kind in PERSON_KINDS))
        open_word = html.escape(tr(C, "open"))
        self.setText("<br>".join(
            f"{html.escape(draft_kind_label(k))} — <a href='{k}'>{open_word}</a>"
            for k in self.kinds))
        self.setAccessibleName("; ".join(draft_kind_label(k) for k in self.kinds))
        self.setVisible(bool(self.kinds))

    def open(self, kind: str) -> None:
        opener = person_openers(self.page).get(kind)
        if opener is not None:
            opener()


class DraftsButton(QPushButton):
    """'Drafts: 2' in the status bar; opens the list. Hidden when there are none."""

    open_draft = Signal(str, str)  # kind, ref

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.drafts: list[tuple[Draft, str]] = []
        self.setObjectName("draftsButton")
        self.setFlat(True)
        self.clicked.connect(self.show_list)
        self.hide()
        draft_notices().kept.connect(self._kept)  # bound: dropped with the button
        RefreshOnChange(self, runner, self.refresh, always=True)

    def _kept(self, _kind: str, _ref: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        def job(s: Any) -> list[tuple[Draft, str]]:
            drafts = s.drafts.list()
            ids = [d.ref for d in drafts if d.ref and d.kind in PERSON_KINDS and d.ref != "new"]
            names = {p.id: p.display_name for p in s.people.summaries(ids)} if ids else {}
            return [(d, names.get(d.ref or "", "")) for d in drafts]

        self.runner.run(job, self._loaded, lambda _exc: None)

    def _loaded(self, drafts: list[tuple[Draft, str]]) -> None:
        if not shiboken6.isValid(self):
            return  # the window was rebuilt (lock, another user) while the list was read
        self.drafts = drafts
        self.setText(trn(C, "Drafts: %n", len(drafts)))
        self.setAccessibleName(trn(C, "%n unsaved drafts: open the list", len(drafts)))
        self.setToolTip(tr(C, "Your unsaved drafts (Ctrl+Shift+D)"))
        self.setVisible(bool(drafts))

    def show_list(self) -> None:
        chosen = DraftsDialog.ask(self.window(), self.drafts)
        if chosen is not None:
            self.open_draft.emit(chosen.kind, chosen.ref or "")


class DraftsDialog(QDialog):
    def __init__(self, drafts: list[tuple[Draft, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(C, "Unsaved drafts"))
        self.setMinimumWidth(480)
        self.drafts = drafts
        layout = QVBoxLayout(self)
        intro = QLabel(tr(C, "Kept when a window closed before saving. Open one to finish "
                             "or discard it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName(tr(C, "Unsaved drafts"))
        for draft, name in drafts:
            when = local_time_text(draft.updated_at)
            text = " · ".join(p for p in (draft_kind_label(draft.kind), name, when) if p)
            self.list.addItem(QListWidgetItem(text))
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self.accept())
        layout.addWidget(self.list)
        layout.addWidget(ok_cancel(self, tr(C, "Open")))

    def chosen(self) -> Draft | None:
        row = self.list.currentRow()
        return self.drafts[row][0] if 0 <= row < len(self.drafts) else None

    @classmethod
    def ask(cls, parent: QWidget | None, drafts: list[tuple[Draft, str]]) -> Draft | None:
        dialog = cls(drafts, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
