"""A person's chronology: when (local time), what kind, what, and who recorded it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.app.people import ChronologyEntry
from desktop.ui.i18n import current_language, tr
from desktop.ui.messages.record_labels import entry_kind_label, local_time_text

Index = QModelIndex | QPersistentModelIndex

WHEN, KIND, WHAT, WHO = range(4)
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ChronologyModel(QAbstractTableModel):
    """Entries arrive oldest first from the vault; `newest_first` reverses them for display."""

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[ChronologyEntry] = []
        self._shown: list[ChronologyEntry] = []
        self._names: dict[str, str] = {}
        self._newest_first = True

    def set_entries(self, entries: list[ChronologyEntry],
                    names: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        if names is not None:
            self._names = dict(names)
        self._arrange()
        self.endResetModel()

    def set_newest_first(self, newest_first: bool) -> None:
        if newest_first == self._newest_first:
            return
        self.beginResetModel()
        self._newest_first = newest_first
        self._arrange()
        self.endResetModel()

    @property
    def newest_first(self) -> bool:
        return self._newest_first

    def entry(self, row: int) -> ChronologyEntry | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def author_name(self, username: str) -> str:
        return self._names.get(username, username)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._shown:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._shown) - 1, self.columnCount() - 1))

    def _arrange(self) -> None:
        ordered = sorted(self._entries, key=lambda e: (e.at, e.event_id))
        self._shown = list(reversed(ordered)) if self._newest_first else ordered

    # --- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {WHEN: tr("ChronologyModel", "When"), KIND: tr("ChronologyModel", "Entry"),
                WHAT: tr("ChronologyModel", "What was recorded"),
                WHO: tr("ChronologyModel", "Recorded by")}.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        e = self._shown[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == WHEN:
                return local_time_text(e.at)
            if col == KIND:
                return entry_kind_label(e.kind)
            if col == WHAT:
                return e.summary_in(current_language())
            if col == WHO:
                return self.author_name(e.author)
        if role == Qt.ItemDataRole.ToolTipRole and col == WHAT:
            return e.summary_in(current_language())
        if role == EVENT_ID_ROLE:
            return e.event_id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None
