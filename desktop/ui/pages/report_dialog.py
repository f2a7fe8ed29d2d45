"""Choosing a periodic report from the app: the period and the language (issue 18).

The same report as `waymark report`: counted on the vault thread, small counts suppressed,
rendered in memory, written only where the user chooses.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.domain.periods import PeriodError, parse_period
from desktop.ui import i18n, theme
from desktop.ui.i18n import tr
from desktop.ui.qt_words import file_dialog_options

C = "PeriodicReportDialog"


def default_period(today: date) -> str:
    """The last complete half-year: what a six-monthly report is usually for."""
    if today.month <= 6:
        return f"{today.year - 1}-H2"
    return f"{today.year}-H1"


class PeriodicReportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr(C, "Periodic report"))
        form = QFormLayout(self)
        self.period = QLineEdit(default_period(date.today()))
        self.period.setToolTip(tr(C, "A year (2026), a half (2026-H1), a quarter (2026-Q3) or "
                                     "a month (2026-05)"))
        form.addRow(tr(C, "Period"), self.period)
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        form.addRow(tr(C, "Language of the report"), self.language)
        self.note = QLabel(tr(C, "Counts from 1 to 4 are shown as “< 5”, and other cells are "
                                 "hidden where needed so they cannot be worked out."))
        self.note.setWordWrap(True)
        form.addRow(self.note)
        self.release_note = QLabel(tr(C, "Each period is reported once: made again, the report "
                                         "gives the same figures. Periods may not overlap, "
                                         "except a year once both its halves are made (or a "
                                         "half once its quarters are): it is built from them."))
        self.release_note.setWordWrap(True)
        form.addRow(self.release_note)
        self.error = QLabel()
        self.error.setStyleSheet(theme.css("error"))
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        try:
            parse_period(self.period.text())
        except PeriodError:
            self.error.setText(tr(C, "Write the period as 2026, 2026-H1, 2026-Q3 or 2026-05."))
            self.error.show()
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, str] | None:
        """(period, language), or None when cancelled."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return parse_period(dialog.period.text()).text, str(dialog.language.currentData())

    @classmethod
    def ask_path(cls, parent: QWidget | None, suggested: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            parent, tr(C, "Save the report"), suggested, tr(C, "PDF files (*.pdf)"),
            options=file_dialog_options())
        return Path(path) if path else None
