"""Settings: interface language (live), the idle-lock policy (admins), the organisation."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.app import interface_prefs
from desktop.app.settings import IDLE_LOCK_RANGE, OrgSettings
from desktop.domain.roles import manages_users
from desktop.ui import i18n, theme
from desktop.ui.i18n import tr, trn
from desktop.ui.messages.errors import error_text
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

C = "Settings"


def jurisdiction_name(code: str) -> str:
    return {"england": tr(C, "England"), "vietnam": tr(C, "Viet Nam")}.get(code, code)


class SettingsPage(QWidget):
    idle_minutes_changed = Signal(int)
    language_changed = Signal(str)

    def __init__(self, runner: TaskRunner, context: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.context = context
        self.admin = manages_users(context.role)
        self.minutes = 5
        self.title = QLabel()
        theme.heading(self.title)

        self.language_box = QGroupBox()
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setMaximumWidth(320)
        self.language.currentIndexChanged.connect(self._language_picked)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.language_hint = QLabel()
        self.language_hint.setWordWrap(True)
        form = QFormLayout(self.language_box)
        form.addRow(self.language_label, self.language)
        form.addRow(self.language_hint)

        self.lock_box = QGroupBox()
        self.idle = QSpinBox()
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(*IDLE_LOCK_RANGE)
        self.idle.setValue(5)
        self.idle_label = QLabel()
        self.idle_label.setBuddy(self.idle)
        self.idle_save = QPushButton()
        self.idle_save.setObjectName("idleSave")
        self.idle_save.clicked.connect(self.save_idle)
        self.idle_text = QLabel()
        self.idle_text.setWordWrap(True)
        self.lock_hint = QLabel()
        self.lock_hint.setWordWrap(True)
        self.lock_message = QLabel()
        self.lock_message.setWordWrap(True)
        lock_form = QFormLayout(self.lock_box)
        if self.admin:
            row = QHBoxLayout()
            row.addWidget(self.idle)
            row.addWidget(self.idle_save)
            row.addStretch(1)
            lock_form.addRow(self.idle_label, row)
        else:
            self.idle.hide()
            self.idle_save.hide()
            self.idle_label.hide()
            lock_form.addRow(self.idle_text)
        lock_form.addRow(self.lock_hint)
        lock_form.addRow(self.lock_message)

        self.org_box = QGroupBox()
        self.org_name = QLabel()
        self.org_jurisdiction = QLabel()
        self.org_name_label = QLabel()
        self.org_jur_label = QLabel()
        org_form = QFormLayout(self.org_box)
        org_form.addRow(self.org_name_label, self.org_name)
        org_form.addRow(self.org_jur_label, self.org_jurisdiction)

        layout = QVBoxLayout(self)
        theme.page_layout(layout)
        layout.addWidget(self.title)
        layout.addWidget(self.language_box)
        layout.addWidget(self.lock_box)
        layout.addWidget(self.org_box)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        # Follow the language actually in force (it may be switched elsewhere, e.g. on unlock).
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.language.blockSignals(False)
        self.title.setText(tr(C, "Settings"))
        self.language_box.setTitle(tr(C, "Language"))
        self.language_label.setText(tr(C, "&Interface language:"))
        self.language_hint.setText(tr(C, "The change takes effect at once. Nothing you have "
                                         "typed is lost."))
        self.lock_box.setTitle(tr(C, "Screen lock"))
        self.idle_label.setText(tr(C, "&Lock after this many minutes without use:"))
        self.idle.setAccessibleName(tr(C, "Minutes without use before Waymark locks"))
        self.idle.setSuffix(tr(C, " min"))
        self.idle_save.setText(tr(C, "Save"))
        self.idle_save.setAccessibleName(tr(C, "Save the screen lock time"))
        self.idle_text.setText(trn(C, "Waymark locks itself after %n minutes without use. "
                                      "Your administrator sets this.", self.minutes))
        self.lock_hint.setText(tr(C, "Press Ctrl+L to lock at any time. Press F12 to hide the "
                                     "screen at once: nothing of Waymark stays visible, and "
                                     "your passphrase brings it back."))
        self.org_box.setTitle(tr(C, "Organisation"))
        self.org_name_label.setText(tr(C, "Name:"))
        self.org_jur_label.setText(tr(C, "Jurisdiction:"))
        self.org_name.setText(self.context.org_name)
        self.org_jurisdiction.setText(jurisdiction_name(self.context.jurisdiction))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.runner.run(lambda s: s.settings.org(), self._loaded, lambda exc: None)

    def _loaded(self, org: OrgSettings) -> None:
        self.minutes = org.idle_lock_minutes
        self.idle.setValue(org.idle_lock_minutes)
        self.context.update(org_name=org.org_name, jurisdiction=org.jurisdiction)
        self.retranslate()

    def _language_picked(self, index: int) -> None:
        code = str(self.language.itemData(index))
        if code != i18n.current_language():
            self.set_language(code)

    def set_language(self, code: str) -> None:
        """Switch at once (every open widget retranslates in place) and remember it for
        this user."""
        self.context.update(language=code)
        i18n.set_language(code)
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(0, self.language.findData(code)))
        self.language.blockSignals(False)
        self.runner.run(lambda s: s.settings.set_user_language(code), None, lambda exc: None)
        # ...and for this vault's next unlock screen, which comes before any user is known.
        interface_prefs.remember(self.context.vault_dir, language=code)
        self.language_changed.emit(code)

    def save_idle(self) -> None:
        minutes = self.idle.value()
        self.runner.run(lambda s: s.settings.set_idle_lock_minutes(minutes),
                        lambda _: self._idle_saved(minutes), self._idle_failed)

    def _idle_saved(self, minutes: int) -> None:
        self.minutes = minutes
        self.lock_message.setStyleSheet(theme.css("success"))
        self.lock_message.setText(trn(C, "Saved. Waymark now locks after %n minutes without "
                                         "use.", minutes))
        self.idle_minutes_changed.emit(minutes)

    def _idle_failed(self, exc: Exception) -> None:
        self.lock_message.setStyleSheet(theme.css("error"))
        self.lock_message.setText(error_text(exc))
