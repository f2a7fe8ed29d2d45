"""Two versions of one record, side by side, for a lead to choose (a fork after sync)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.app.reviews import Version
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text
from desktop.ui.messages.record_labels import entry_kind_label, local_time_text
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.tasks import TaskRunner

CTX = "ReviewDialog"


def version_html(version: Version) -> str:
    rows = []
    for key, value in sorted(version.payload.items()):
        if key in ("person_id",) or value in ("", None, [], {}):
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        rows.append(f"<tr><td><b>{html.escape(key)}</b></td><td>{html.escape(shown)}</td></tr>")
    return ("<p><b>{}</b><br>{}</p><table cellpadding='3'>{}</table>".format(
        html.escape(entry_kind_label(version.kind)),
        html.escape(tr(CTX, "{time}, by {author} on device {device}").format(
            time=local_time_text(version.device_time), author=version.author,
            device=version.device[:8])), "".join(rows)))


class ReviewDialog(QDialog):
    resolved = Signal(str)

    def __init__(self, runner: TaskRunner, record_id: str, person_name: str,
                 versions: list[Version], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.record_id = record_id
        self.versions = versions
        self.setWindowTitle(tr(CTX, "Two versions of a record"))
        fit_to_screen(self, QSize(900, 560))
        col = QVBoxLayout(self)
        intro = QLabel(tr(CTX, "The record of {name} was changed on two devices at the same "
                               "time. Both versions are kept. Choose the one that is right; "
                               "your decision is added to the record.").format(name=person_name))
        intro.setWordWrap(True)
        col.addWidget(intro)
        grid = QGridLayout()
        self.keep_buttons: list[QPushButton] = []
        for index, version in enumerate(versions):
            view = QTextBrowser()
            view.setTabChangesFocus(True)
            view.setHtml(version_html(version))
            view.setAccessibleName(tr(CTX, "Version {n}").format(n=index + 1))
            keep = QPushButton(tr(CTX, "Keep version {n}").format(n=index + 1))
            keep.clicked.connect(lambda _c=False, v=version: self.keep(v))
            self.keep_buttons.append(keep)
            grid.addWidget(view, 0, index)
            grid.addWidget(keep, 1, index)
        col.addLayout(grid, 1)
        self.note = QLineEdit()
        self.note_label = QLabel(tr(CTX, "Why (optional)"))
        self.note_label.setBuddy(self.note)
        self.note.setAccessibleName(tr(CTX, "Why (optional)"))
        col.addWidget(self.note_label)
        col.addWidget(self.note)
        self.error = QLabel()
        self.error.setWordWrap(True)
        col.addWidget(self.error)
        close = QPushButton(tr(CTX, "Decide later"))
        close.clicked.connect(self.reject)
        col.addWidget(close)

    def keep(self, version: Version) -> None:
        record_id, note = self.record_id, self.note.text()

        def done(_event_id: Any) -> None:
            self.resolved.emit(record_id)
            self.accept()

        self.runner.run(lambda s: s.reviews.resolve(record_id, version.event_id, note), done,
                        lambda exc: self.error.setText(error_text(exc)))
