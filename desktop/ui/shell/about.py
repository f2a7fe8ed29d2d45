"""Help → About Waymark: the version, and where the application log is (for whoever supports
the laptop), with what the log never holds."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop import __version__, app_log
from desktop.ui import i18n
from desktop.ui.i18n import tr

C = "About"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.log_label = QLabel()
        self.log_label.setWordWrap(True)
        self.log_path = QLabel(str(app_log.log_path()))
        self.log_path.setObjectName("logPath")
        self.log_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.log_path.setWordWrap(True)
        self.log_note = QLabel()
        self.log_note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.summary, self.log_label, self.log_path, self.log_note):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr(C, "About Waymark"))
        self.title.setText(tr(C, "Waymark {version}").format(version=__version__))
        self.summary.setText(tr(C, "Offline-first, encrypted records for staff who meet "
                                   "possible victims of exploitation and trafficking."))
        self.log_label.setText(tr(C, "Application log (for whoever supports this computer):"))
        self.log_path.setAccessibleName(tr(C, "Application log folder"))
        self.log_note.setText(tr(C, "The log holds times, the version and the kinds of errors. "
                                    "It never holds names, records or passphrases."))
        self.close_button.setText(tr(C, "Close"))
        self.close_button.setAccessibleName(tr(C, "Close"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
