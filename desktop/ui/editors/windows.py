"""The open record editors of a page: one per kind and person, raised rather than opened twice,
flushed before the vault locks and closed when another user unlocks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

EditorT = TypeVar("EditorT", bound=QDialog)


class EditorWindows:
    def __init__(self) -> None:
        self.open: list[QDialog] = []

    def track(self, dialog: QDialog) -> None:
        self.open.append(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.finished.connect(lambda _r: self._untrack(dialog))

    def _untrack(self, dialog: QDialog) -> None:
        if dialog in self.open:
            self.open.remove(dialog)

    def raise_open(self, kind: type[EditorT], person_id: str) -> EditorT | None:
        """The editor of this kind already open for this person, brought to the front."""
        for editor in self.open:
            if isinstance(editor, kind) and getattr(editor, "person_id", None) == person_id:
                editor.raise_()
                editor.activateWindow()
                return editor
        return None

    def show(self, dialog: EditorT, saved: Any, on_saved: Callable[[], None]) -> EditorT:
        """Show a new non-modal editor; `on_saved` when it saves."""
        saved.connect(lambda *_args: on_saved())
        self.track(dialog)
        dialog.show()
        return dialog

    def flush_drafts(self) -> None:
        """Save every open editor's draft now, synchronously (before the vault locks)."""
        for editor in list(self.open):
            flush = getattr(editor, "flush_draft", None)
            if flush is not None:
                flush()

    def close_all(self) -> None:
        """After `flush_drafts()`: close every editor without saving again, so nothing is
        written under the next user's name. Drafts stay in the vault for their author."""
        for editor in list(self.open):
            abandon = getattr(editor, "abandon", None)
            if abandon is not None:
                abandon()
            editor.reject()
