"""First run: organisation, language, the first administrator, and the recovery code."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.app.errors import InvalidInput
from desktop.app.exports import recovery_sheet, write_private
from desktop.app.session import SignedIn
from desktop.app.users import check_username
from desktop.ui import i18n, theme
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text
from desktop.ui.qt_words import file_dialog_options
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.shell.passphrase_fields import NewPassphraseFields
from desktop.ui.tasks import TaskRunner

C = "FirstRun"


def _wrap(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    return label


class OrganisationPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.intro = _wrap(QLabel())
        self.org = QLineEdit()
        self.org.setObjectName("orgName")
        self.org_label = QLabel()
        self.org_label.setBuddy(self.org)
        self.jurisdiction = QComboBox()
        self.jurisdiction.setObjectName("jurisdiction")
        self.jurisdiction.addItem("", "england")
        self.jurisdiction.addItem("", "vietnam")
        self.jurisdiction_label = QLabel()
        self.jurisdiction_label.setBuddy(self.jurisdiction)
        self.jurisdiction_hint = _wrap(QLabel())
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.language.currentIndexChanged.connect(self._language_picked)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        form = QFormLayout()
        form.addRow(self.org_label, self.org)
        form.addRow(self.jurisdiction_label, self.jurisdiction)
        form.addRow("", self.jurisdiction_hint)
        form.addRow(self.language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        self.org.textChanged.connect(self.completeChanged)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr(C, "Welcome to Waymark"))
        self.setSubTitle(tr(C, "Step 1 of 3: your organisation"))
        self.intro.setText(tr(C, "Waymark keeps safeguarding records encrypted on this "
                                 "computer. Setting it up takes three short steps."))
        self.org_label.setText(tr(C, "&Organisation name:"))
        self.org.setAccessibleName(tr(C, "Organisation name"))
        self.jurisdiction_label.setText(tr(C, "&Jurisdiction:"))
        self.jurisdiction.setItemText(0, tr(C, "England"))
        self.jurisdiction.setItemText(1, tr(C, "Viet Nam"))
        self.jurisdiction_hint.setText(tr(C, "This decides the referral steps, deadlines and "
                                             "public holidays Waymark uses."))
        self.language_label.setText(tr(C, "&Language:"))

    def _language_picked(self, index: int) -> None:
        i18n.set_language(str(self.language.itemData(index)))

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.org.text().strip())


class AdminPage(QWizardPage):
    """The first administrator. Next creates the vault (on the vault thread); the wizard moves
    on when that is done."""

    def __init__(self) -> None:
        super().__init__()
        self.intro = _wrap(QLabel())
        self.username = QLineEdit()
        self.username.setObjectName("adminUser")
        self.username_label = QLabel()
        self.username_label.setBuddy(self.username)
        self.display_name = QLineEdit()
        self.display_name.setObjectName("adminName")
        self.display_label = QLabel()
        self.display_label.setBuddy(self.display_name)
        self.message = _wrap(QLabel())
        self.message.setObjectName("createMessage")
        self.message.hide()
        form = QFormLayout()
        form.addRow(self.username_label, self.username)
        form.addRow(self.display_label, self.display_name)
        self.fields = NewPassphraseFields(self, form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.busy = False
        self.created = False
        self.username.textChanged.connect(self.completeChanged)
        self.fields.validity_changed.connect(self.completeChanged)
        self.setCommitPage(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr(C, "The first administrator"))
        self.setSubTitle(tr(C, "Step 2 of 3: the person who manages users"))
        self.intro.setText(tr(C, "This account can add other staff later. Choose a passphrase "
                                 "you will remember: a few ordinary words in a row work well."))
        self.username_label.setText(tr(C, "&User name:"))
        self.display_label.setText(tr(C, "&Full name:"))
        self.username.setAccessibleName(tr(C, "User name"))
        self.display_name.setAccessibleName(tr(C, "Full name"))

    def isComplete(self) -> bool:  # noqa: N802
        return (not self.busy and bool(self.username.text().strip()) and self.fields.valid)

    def validatePage(self) -> bool:  # noqa: N802
        if self.created:
            return True
        wizard = self.wizard()
        if isinstance(wizard, FirstRunWizard):
            wizard.create_vault()
        return False


class RecoveryPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.intro = _wrap(QLabel())
        self.code = QLabel()
        self.code.setObjectName("recoveryCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.code.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(mono.pointSize() + 5)
        mono.setWeight(QFont.Weight.Bold)
        self.code.setFont(mono)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setStyleSheet("padding: 14px; border: 1px solid palette(mid); "
                                "background: palette(base); color: palette(text);")
        self.warning = _wrap(QLabel())
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveSheet")
        self.save_button.clicked.connect(wizard.save_sheet)
        self.save_message = _wrap(QLabel())
        self.save_message.setObjectName("saveMessage")
        self.confirm = QCheckBox()
        self.confirm.setObjectName("storedConfirm")
        self.confirm.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.code)
        layout.addWidget(self.warning)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.save_message)
        layout.addStretch(1)
        layout.addWidget(self.confirm)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr(C, "Your recovery code"))
        self.setSubTitle(tr(C, "Step 3 of 3: keep this code safe"))
        self.intro.setText(tr(C, "If every passphrase is lost, this code is the only way back "
                                 "into the records. It is shown only this once."))
        self.code.setAccessibleName(tr(C, "Recovery code"))
        self.warning.setText(tr(C, "Print it or write it down, and keep it locked away, apart "
                                   "from this computer. Do not send it by email or message. "
                                   "If you save the sheet as a PDF, print it and then delete "
                                   "the file."))
        self.save_button.setText(tr(C, "Save recovery sheet as PDF…"))
        self.save_button.setAccessibleName(tr(C, "Save recovery sheet as PDF"))
        self.confirm.setText(tr(C, "I have stored the recovery code safely"))
        self.confirm.setAccessibleName(tr(C, "I have stored the recovery code safely"))

    def isComplete(self) -> bool:  # noqa: N802
        return self.confirm.isChecked()


class FirstRunWizard(QWizard):
    """Emits `finished_setup(signed_in)` with the new vault unlocked in the runner's session."""

    finished_setup = Signal(object)
    sheet_saved = Signal()  # the recovery sheet was written, or could not be
    created = Signal()

    def __init__(self, runner: TaskRunner, vault_dir: Path) -> None:
        super().__init__()
        self.runner = runner
        self.vault_dir = vault_dir
        self.signed_in: SignedIn | None = None
        self.recovery_code = ""
        self._quiet_close = False
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.org_page = OrganisationPage()
        self.admin_page = AdminPage()
        self.recovery_page = RecoveryPage(self)
        for page in (self.org_page, self.admin_page, self.recovery_page):
            self.addPage(page)
        self.setMinimumSize(680, 560)
        fit_to_screen(self, QSize(680, 560))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr(C, "Set up Waymark"))
        for which, text in ((QWizard.WizardButton.NextButton, tr(C, "Next")),
                            (QWizard.WizardButton.BackButton, tr(C, "Back")),
                            (QWizard.WizardButton.CommitButton, tr(C, "Create the vault")),
                            (QWizard.WizardButton.FinishButton, tr(C, "Start using Waymark")),
                            (QWizard.WizardButton.CancelButton, tr(C, "Cancel"))):
            self.setButtonText(which, text)
            self.button(which).setAccessibleName(text)
        for page in (self.org_page, self.admin_page, self.recovery_page):
            page.retranslate()
        if self.admin_page.busy:
            self.admin_page.message.setText(tr(C, "Creating the encrypted vault…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    @property
    def language(self) -> str:
        return str(self.org_page.language.currentData())

    # --- creating ---------------------------------------------------------------------------
    def create_vault(self) -> None:
        page = self.admin_page
        if page.busy:
            return
        username = page.username.text().strip()
        try:
            check_username(username)
        except InvalidInput as exc:
            self._show_problem(error_text(exc))
            return
        folder, runner = self.vault_dir, self.runner
        org = self.org_page.org.text().strip()
        jurisdiction = str(self.org_page.jurisdiction.currentData())
        language = self.language
        display = page.display_name.text().strip() or username
        phrase = page.fields.passphrase()

        def job() -> tuple[SignedIn, str]:
            return runner.session.create(folder, org_name=org, jurisdiction=jurisdiction,
                                         language=language, admin_username=username,
                                         admin_display_name=display, passphrase=phrase)

        page.busy = True
        page.message.setStyleSheet(theme.css("muted"))
        page.message.setText(tr(C, "Creating the encrypted vault…"))
        page.message.show()
        page.completeChanged.emit()
        runner.submit(job, self._created, self._create_failed)

    def _show_problem(self, text: str) -> None:
        message = self.admin_page.message
        message.setStyleSheet(theme.css("error"))
        message.setText(text)
        message.show()

    def _created(self, result: tuple[SignedIn, str]) -> None:
        self.signed_in, self.recovery_code = result
        page = self.admin_page
        page.busy = False
        page.created = True
        page.fields.clear()
        page.message.hide()
        self.recovery_page.code.setText(self.recovery_code)
        self.created.emit()
        self.next()

    def _create_failed(self, exc: Exception) -> None:
        self.admin_page.busy = False
        self._show_problem(error_text(exc))
        self.admin_page.completeChanged.emit()

    # --- the recovery sheet -----------------------------------------------------------------
    @classmethod
    def ask_save_path(cls, parent: QWidget, suggested: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, tr(C, "Save recovery sheet"), suggested,
                                              tr(C, "PDF files (*.pdf)"),
                                              options=file_dialog_options())
        return Path(path) if path else None

    def save_sheet(self) -> None:
        target = self.ask_save_path(self, str(Path.home() / "waymark-recovery-sheet.pdf"))
        if target is None:
            return
        code, org, language = self.recovery_code, self.org_page.org.text().strip(), \
            self.language
        # The same order as every export (app/exports.py): audited and rendered on the vault
        # thread, then written on the work thread; the interface never waits for either.
        def write(data: bytes) -> None:
            self.runner.run_work(lambda: write_private(target, data),
                                 lambda _r: self._sheet_saved(target), self._sheet_failed)

        self.runner.run(lambda s: recovery_sheet(s, code, org, language), write,
                        self._sheet_failed)

    def _sheet_saved(self, target: Path) -> None:
        message = self.recovery_page.save_message
        message.setStyleSheet(theme.css("success"))
        message.setText(tr(C, "Saved to {path}. Print it, then delete the file.").format(
            path=str(target)))
        self.sheet_saved.emit()

    def _sheet_failed(self, _exc: Exception) -> None:
        message = self.recovery_page.save_message
        message.setStyleSheet(theme.css("error"))
        message.setText(tr(C, "The sheet could not be saved there. Choose another place, "
                              "or write the code down by hand."))
        self.sheet_saved.emit()

    # --- finishing --------------------------------------------------------------------------
    def accept(self) -> None:
        if self.signed_in is None or not self.recovery_page.confirm.isChecked():
            return
        super().accept()
        self.recovery_code = ""
        self.recovery_page.code.clear()
        self.finished_setup.emit(self.signed_in)

    def reject(self) -> None:
        if self.signed_in is not None:
            # The vault exists: the code is shown only once, so do not let it vanish unseen.
            self.recovery_page.confirm.setFocus()
            return
        if self.typed_anything() and not self._quiet_close and not self.confirm_discard():
            return  # Escape pressed by mistake must not throw away what was typed
        super().reject()

    def typed_anything(self) -> bool:
        return any(edit.text() for edit in (
            self.org_page.org, self.admin_page.username, self.admin_page.display_name,
            self.admin_page.fields.first, self.admin_page.fields.second))

    def confirm_discard(self) -> bool:
        """Ask before Escape or Cancel throws away a half-done set-up. The safe answer,
        'Keep setting up', is the default (Enter) and what Escape gives."""
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(),
                          tr(C, "Stop setting up Waymark? What you typed here is not kept."),
                          parent=self)
        stop = box.addButton(tr(C, "Stop set-up"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(tr(C, "Keep setting up"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is stop

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.signed_in is not None and self.result() != QWizard.DialogCode.Accepted:
            event.ignore()
            self.recovery_page.confirm.setFocus()
            return
        # The window's close button asks, as Escape does; a close from the program (quitting)
        # does not wait on a question.
        self._quiet_close = not event.spontaneous()
        try:
            super().closeEvent(event)
        finally:
            self._quiet_close = False
