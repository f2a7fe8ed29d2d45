"""The chronology table: "What was recorded" always has most of the width.

Sizing every column to its contents let a long "Recorded by" name ("Alex Morgan (safeguarding
lead, fictional)") take the width, so records read one word per line in a 50 px column. Here the
when, entry and author columns share at most `OTHERS_SHARE` of the view, each wrapping inside
its share when its text is longer, and what was recorded takes the rest.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.ui.models.chronology_model import WHAT

OTHERS_SHARE = 0.45
MIN_COLUMN = 60


class ChronologyView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setHorizontalScrollBarPolicy(
            self.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def setModel(self, model: object) -> None:  # noqa: N802 - Qt override
        super().setModel(model)  # type: ignore[arg-type]
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for c in range(header.count()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        m = self.model()
        m.modelReset.connect(self.fit_columns)
        m.layoutChanged.connect(self.fit_columns)
        m.headerDataChanged.connect(lambda *_a: self.fit_columns())
        self.fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        others = [c for c in range(header.count()) if c != WHAT]
        if not others:
            return
        natural = {c: max(self.sizeHintForColumn(c), header.sectionSizeFromContents(c).width())
                   for c in others}
        budget = int(self.viewport().width() * OTHERS_SHARE)
        total = sum(natural.values())
        scale = min(1.0, budget / total) if total else 1.0
        for c in others:
            header.resizeSection(c, max(MIN_COLUMN, int(natural[c] * scale)))
        self.resizeRowsToContents()
