"""Print or save a referral form for one person: previewed in memory, never a temporary file.

The PDF is rendered on the vault thread from what was recorded, rasterised in memory with
PDFium for the preview and for printing, and written only where the user chooses (optionally
AES-256 encrypted). Every save and every print is audited with the form and the recipient.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.events import now_utc, uuid7
from desktop.printing import forms
from desktop.printing.pdf_encryption import encrypt_pdf
from desktop.ui import i18n
from desktop.ui.i18n import tr
from desktop.ui.messages.record_labels import error_text
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner
from desktop.vault.atomic import write_atomic

CTX = "ExportDialog"
PREVIEW_SCALE = 1.2  # 86 dpi: legible on a laptop screen


def page_images(pdf: bytes, scale: float) -> list[QImage]:
    """Every page of `pdf` as an image, rendered in memory."""
    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(doc)):
            bitmap = doc[index].render(scale=scale, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888)
            images.append(image.copy())  # own the pixels before the bitmap is freed
        return images
    finally:
        doc.close()


class ExportDialog(QDialog):
    exported = Signal(str)  # form id

    def __init__(self, runner: TaskRunner, context: AppContext, person_id: str,
                 person_name: str, child: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.context = context
        self.person_id = person_id
        self.person_name = person_name
        self.pdf: bytes | None = None
        self.export_id = ""
        self.shown_key: tuple[str, str] | None = None
        self.setMinimumSize(760, 600)
        self.resize(980, 760)
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.forms_label = QLabel()
        self.forms_list = QListWidget()
        self.forms_label.setBuddy(self.forms_list)
        try:
            infos = forms.forms_for(context.jurisdiction, is_child=child)
        except forms.FormError:
            infos = []
        for info in infos:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, info)
            self.forms_list.addItem(item)
        self.forms_list.setCurrentRow(0)
        self.forms_list.currentRowChanged.connect(lambda _r: self._form_changed())
        left.addWidget(self.forms_label)
        left.addWidget(self.forms_list, 1)
        form = QFormLayout()
        self.language = QComboBox()
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.recipient = QLineEdit()
        self.recipient_label = QLabel()
        self.recipient_label.setBuddy(self.recipient)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password)
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again_label = QLabel()
        self.password_again_label.setBuddy(self.password_again)
        form.addRow(self.language_label, self.language)
        form.addRow(self.recipient_label, self.recipient)
        form.addRow(self.password_label, self.password)
        form.addRow(self.password_again_label, self.password_again)
        left.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        left.addWidget(self.message)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.preview)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        for b in (self.preview_button, self.save_button, self.print_button, self.close_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        left.addLayout(buttons)
        outer.addLayout(left, 2)

        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.preview_area = QScrollArea()
        self.preview_area.setWidgetResizable(True)
        self.preview_area.setWidget(self.pages)
        outer.addWidget(self.preview_area, 3)
        self._form_changed()
        self.retranslate()
        self.forms_list.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(tr(CTX, "Print or save a form for {name}").format(
            name=self.person_name))
        ui = i18n.current_language()
        self.forms_label.setText(tr(CTX, "Form"))
        self.forms_list.setAccessibleName(tr(CTX, "Forms"))
        for i in range(self.forms_list.count()):
            item = self.forms_list.item(i)
            info: forms.FormInfo = item.data(Qt.ItemDataRole.UserRole)
            item.setText(info.titles.get(ui) or next(iter(info.titles.values())))
        self.language_label.setText(tr(CTX, "Language of the form"))
        self.recipient_label.setText(tr(CTX, "For (recipient)"))
        self.recipient.setAccessibleName(tr(CTX, "For (recipient)"))
        self.recipient.setPlaceholderText(tr(CTX, "For example: MASH, the commune People's "
                                                  "Committee"))
        self.password_label.setText(tr(CTX, "PDF password (optional)"))
        self.password.setAccessibleName(tr(CTX, "PDF password (optional)"))
        self.password_again_label.setText(tr(CTX, "PDF password again"))
        self.password_again.setAccessibleName(tr(CTX, "PDF password again"))
        self.preview_button.setText(tr(CTX, "Preview"))
        self.save_button.setText(tr(CTX, "Save as PDF…"))
        self.print_button.setText(tr(CTX, "Print…"))
        self.close_button.setText(tr(CTX, "Close"))
        self.preview_area.setAccessibleName(tr(CTX, "Preview"))
        if not self.forms_list.count():
            self._say(tr(CTX, "No form applies to this person here."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if i18n.is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- choices ---------------------------------------------------------------------------
    def form_info(self) -> forms.FormInfo | None:
        item = self.forms_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _form_changed(self) -> None:
        info = self.form_info()
        current = self.language.currentData()
        self.language.clear()
        for code in info.languages if info else ():
            self.language.addItem(i18n.LANGUAGES.get(code, code), code)
        wanted = current or i18n.current_language()
        self.language.setCurrentIndex(max(self.language.findData(wanted), 0))
        self.pdf = None
        for b in (self.preview_button, self.save_button, self.print_button):
            b.setEnabled(info is not None)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #8a1c1c; font-weight: bold;" if error else "")
        self.message.setText(text)

    # --- rendering -------------------------------------------------------------------------
    def _render(self, then: Any) -> None:
        info = self.form_info()
        if info is None:
            return
        lang = str(self.language.currentData())
        person_id, recipient, form_id = self.person_id, self.recipient.text().strip(), info.id
        export_id = uuid7()

        def job(s: Any) -> bytes:
            context = s.referrals.context(person_id, lang, recipient=recipient)
            return forms.render(form_id, context, lang, export_id=export_id,
                                created=now_utc())

        def done(pdf: bytes) -> None:
            self.pdf, self.export_id, self.shown_key = pdf, export_id, (form_id, lang)
            then(pdf)

        self._say(tr(CTX, "Preparing the form…"))
        self.runner.run(job, done, lambda exc: self._say(self._error(exc), True))

    @staticmethod
    def _error(exc: Exception) -> str:
        if isinstance(exc, forms.FormError):
            return tr(CTX, "This form could not be prepared: its template has a problem. Ask "
                           "your administrator.")
        return error_text(exc)

    def preview(self) -> None:
        self._render(self._show_pages)

    def _show_pages(self, pdf: bytes) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        images = page_images(pdf, PREVIEW_SCALE)
        for n, image in enumerate(images, 1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(tr(CTX, "Page {n} of {total}").format(n=n,
                                                                          total=len(images)))
            self.pages_layout.addWidget(label)
        self._say(tr(CTX, "{pages} pages. Nothing is saved until you choose Save or Print."
                     ).format(pages=len(images)))

    def _password(self) -> str | None:
        first, again = self.password.text(), self.password_again.text()
        if first != again:
            raise ValueError(tr(CTX, "The two PDF passwords are not the same."))
        return first or None

    def _record(self, how: str, encrypted: bool) -> None:
        info = self.form_info()
        if info is None:
            return
        person_id, export_id = self.person_id, self.export_id
        recipient = self.recipient.text().strip()
        lang = str(self.language.currentData())
        self.runner.run(lambda s: s.referrals.record_export(
            person_id, info.id, dict(info.titles), recipient, export_id, lang, encrypted,
            how=how), lambda _r: self.exported.emit(info.id),
            lambda exc: self._say(error_text(exc), True))

    def save(self) -> None:
        try:
            password = self._password()
        except ValueError as exc:
            self._say(str(exc), True)
            return
        info = self.form_info()
        if info is None:
            return
        suggested = f"{info.id}-{date.today().isoformat()}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, tr(CTX, "Save the form as PDF"), suggested, "PDF (*.pdf)")
        if not path:
            return
        target = Path(path)

        def write(pdf: bytes) -> None:
            data = encrypt_pdf(pdf, password) if password else pdf
            try:
                write_atomic(target, data)
            except OSError:
                self._say(tr(CTX, "The file could not be written there (is the disk full or "
                                  "the folder read-only?). Nothing was saved."), True)
                return
            self._record("saved", password is not None)
            self._say(tr(CTX, "Saved. Keep the file safe: it holds personal information."))

        self._render(write)

    def print_(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._render(lambda pdf: self._print(printer, pdf))

    def _print(self, printer: QPrinter, pdf: bytes) -> None:
        dpi = min(printer.resolution(), 300)
        painter = QPainter()
        if not painter.begin(printer):
            self._say(tr(CTX, "The printer could not be used."), True)
            return
        try:
            images = page_images(pdf, dpi / 72)
            for n, image in enumerate(images):
                if n:
                    printer.newPage()
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(target.x(), target.y(), image.scaled(
                    size, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))
        finally:
            painter.end()
        self._record("printed", False)
        self._say(tr(CTX, "Sent to the printer."))
