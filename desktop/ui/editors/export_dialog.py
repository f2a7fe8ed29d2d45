"""Print or save a referral form for one person: previewed in memory, never a temporary file.

What the form needs is read on the vault thread (and, for a save or a print, audited there
first: app/exports.py); the PDF is rendered, encrypted and rasterised (PDFium, in memory) on the
runner's work thread, never on the interface thread; a print paints one page at a time. The
file is written only where the user chooses (optionally AES-256 encrypted, owner-only); "print
to file" writes the form itself, with its password.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
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

from desktop.app import exports
from desktop.app.referrals import RISK_FORMS
from desktop.printing import forms
from desktop.ui import i18n, theme
from desktop.ui.editors.referral_step import ReferralStep, needs_step, open_referral_step
from desktop.ui.i18n import tr
from desktop.ui.messages.errors import error_text
from desktop.ui.qt_words import file_dialog_options
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.shell.context import AppContext
from desktop.ui.tasks import TaskRunner

CTX = "ExportDialog"
PREVIEW_SCALE = 1.2  # 86 dpi: legible on a laptop screen


def page_images(pdf: bytes, scale: float) -> list[QImage]:
    """Every page of `pdf` as an image, rendered in memory (any thread: QImage, not QPixmap)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [_page_image(doc, index, scale) for index in range(len(doc))]
    finally:
        doc.close()


def _page_image(doc: pdfium.PdfDocument, index: int, scale: float) -> QImage:
    bitmap = doc[index].render(scale=scale, rev_byteorder=True)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels before the bitmap is freed


class ExportDialog(QDialog):
    exported = Signal(str)  # form id
    previewed = Signal(int)  # pages shown

    def __init__(self, runner: TaskRunner, context: AppContext, person_id: str,
                 person_name: str, child: bool, parent: QWidget | None = None, *,
                 group_id: str | None = None, handover_id: str | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.context = context
        self.person_id = person_id
        self.person_name = person_name
        # A group's forms (issue 17): the same dialog, audit and password rules, from the
        # Groups page; `person_name` is then the group's label.
        self.group_id = group_id
        self.handover_id = handover_id
        self.printer: QPrinter | None = None
        self.details: dict[str, Any] | None = None  # confirmed in the referral step
        self.step: ReferralStep | None = None
        self.setMinimumSize(760, 600)
        fit_to_screen(self, QSize(980, 760))
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.forms_label = QLabel()
        self.forms_list = QListWidget()
        self.forms_label.setBuddy(self.forms_list)
        try:
            # Group forms (`-nhom`, issue 17) print from the Groups page, not for one person.
            infos = [i for i in forms.forms_for(context.jurisdiction, is_child=child)
                     if i.id.endswith("-nhom") == (group_id is not None)]
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
        if self.group_id is not None:
            self.setWindowTitle(tr(CTX, "Print or save the group's forms: {group}").format(
                group=self.person_name))
        else:
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
        self.recipient.setPlaceholderText(
            tr(CTX, "For example: the commune People's Committee, the police")
            if self.context.jurisdiction == "vietnam" else
            tr(CTX, "For example: MASH, the police"))
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
        for b in (self.preview_button, self.save_button, self.print_button):
            b.setEnabled(info is not None)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(theme.css("error", bold=True) if error else "")
        self.message.setText(text)

    # --- rendering (vault: prepare and audit; work thread: render, encrypt, rasterise) ----
    def _prepare(self, how: exports.How, encrypted: bool,
                 then: Callable[[exports.PreparedExport], None]) -> None:
        """Read the form's data on the vault thread (audited unless a preview), then `then`."""
        info = self.form_info()
        if info is None:
            return
        lang = str(self.language.currentData())
        person_id, recipient, form_id = self.person_id, self.recipient.text().strip(), info.id
        details = self.details if needs_step(form_id) else None
        self._say(tr(CTX, "Preparing the form…"))
        group_id, handover_id = self.group_id, self.handover_id
        if group_id is not None:
            self.runner.run(lambda s: s.exports.prepare_group(
                group_id, form_id, lang, recipient, how=how, encrypted=encrypted,
                handover_id=handover_id), then, self._failed)
            return
        self.runner.run(lambda s: s.exports.prepare(person_id, form_id, lang, recipient,
                                                    how=how, encrypted=encrypted,
                                                    details=details),
                        then, self._failed)

    def _failed(self, exc: Exception) -> None:
        self._say(self._error(exc), True)

    @staticmethod
    def _error(exc: Exception) -> str:
        if isinstance(exc, forms.NotForJurisdictionError):
            return tr(CTX, "This form is not used in this vault's jurisdiction, so it cannot "
                           "be printed here.")
        if isinstance(exc, forms.FormError):
            return tr(CTX, "This form could not be prepared: its template has a problem. Ask "
                           "your administrator.")
        if isinstance(exc, OSError):
            return tr(CTX, "The file could not be written there (is the disk full or the "
                           "folder read-only?). Nothing was saved.")
        return error_text(exc)

    def _after_step(self, then: Callable[[], None], again: bool = False) -> None:
        """`then()` once what only the referrer knows is confirmed (referral_step.py): every
        path to a referral (preview, save, print) goes through the step before anything is
        read for the form, written or printed. A save or print after a confirmed step does
        not ask again; a preview (`again`) reopens it with what was confirmed, to correct."""
        info = self.form_info()
        if info is None:
            return
        # Confirmed for another form without the risk answer a MASH referral needs: asked again.
        unanswered = (info.id in RISK_FORMS and self.details is not None
                      and self.details.get("immediate_risk") is None)
        # A group's forms (issue 17) are not referrals: no referral step.
        if not needs_step(info.id) or self.group_id is not None or (
                self.details is not None and not again and not unanswered):
            then()
            return

        def confirmed(details: dict[str, Any]) -> None:
            self.details = details
            then()

        self.step = open_referral_step(self.runner, self.person_id,
                                       str(self.language.currentData()), self.details, self,
                                       confirmed, info.id)

    def preview(self) -> None:
        def rendered(prepared: exports.PreparedExport) -> None:
            self.runner.run_work(lambda: page_images(exports.render(prepared), PREVIEW_SCALE),
                                 self._show_pages, self._failed)

        self._after_step(lambda: self._prepare("preview", False, rendered), again=True)

    def _show_pages(self, images: list[QImage]) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for n, image in enumerate(images, 1):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(tr(CTX, "Page {n} of {total}").format(n=n,
                                                                          total=len(images)))
            self.pages_layout.addWidget(label)
        self._say(tr(CTX, "{pages} pages. Nothing is saved until you choose Save or Print."
                     ).format(pages=len(images)))
        self.previewed.emit(len(images))

    def _password(self) -> str | None:
        first, again = self.password.text(), self.password_again.text()
        if first != again:
            raise ValueError(tr(CTX, "The two PDF passwords are not the same."))
        return first or None

    def _exported(self, prepared: exports.PreparedExport, message: str) -> None:
        self._say(message)
        self.exported.emit(prepared.form_id)

    def save(self) -> None:
        try:
            password = self._password()
        except ValueError as exc:
            self._say(str(exc), True)
            return
        self._after_step(lambda: self._choose_file(password))

    def _choose_file(self, password: str | None) -> None:
        info = self.form_info()
        if info is None:
            return
        suggested = f"{info.id}-{date.today().isoformat()}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, tr(CTX, "Save the form as PDF"), suggested, "PDF (*.pdf)",
            options=file_dialog_options())
        if path:
            self._save_to(Path(path), password, "saved")

    def _save_to(self, target: Path, password: str | None, how: exports.How) -> None:
        said = tr(CTX, "Saved. Keep the file safe: it holds personal information.")

        def write(prepared: exports.PreparedExport) -> exports.PreparedExport:
            exports.write_private(target, exports.render(prepared, password))
            return prepared

        def rendered(prepared: exports.PreparedExport) -> None:
            self.runner.run_work(lambda: write(prepared),
                                 lambda done: self._exported(done, said), self._failed)

        self._prepare(how, password is not None, rendered)

    def print_(self) -> None:
        try:
            password = self._password()
        except ValueError as exc:
            self._say(str(exc), True)
            return
        self._after_step(lambda: self._print_confirmed(password))

    def _print_confirmed(self, password: str | None) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            # "Print to file" is a save: write the form itself (small, searchable, and with
            # the PDF password), owner-only, instead of page images. Never unencrypted
            # without the user choosing it in words: that is Save as PDF without a password.
            if password is None:
                self._say(tr(CTX, "Not printed to a file: that would write an unencrypted "
                                  "copy of personal information. Type a PDF password first, or "
                                  "use Save as PDF… if an unencrypted file is really what you "
                                  "need."), True)
                return
            self._save_to(Path(printer.outputFileName()), password, "printed")
            return
        self.printer = printer  # kept alive while the work thread paints on it
        said = tr(CTX, "Sent to the printer.")

        def rendered(prepared: exports.PreparedExport) -> None:
            self.runner.run_work(lambda: print_pages(printer, exports.render(prepared)),
                                 lambda _n: self._exported(prepared, said), self._failed)

        self._prepare("printed", False, rendered)


class PrinterUnavailable(OSError):
    """The printer could not be opened for painting."""


# Rows of a page image painted at once: QPainter.drawImage keeps Python's lock while Qt
# compresses the rows (a few milliseconds for 96 rows of an A4 page at 300 dpi).
BAND_ROWS = 96
# Painting pauses this often, for this long, so the interface thread surely gets Python's lock.
# CPython asks the holder for the lock only when a waiting thread's 5 ms wait runs out, and any
# brief release by the painting thread wakes the waiter and restarts that wait while the painter
# takes the lock straight back; so without a real pause the interface waited out a page's whole
# band loop (120 ms at 300 dpi on a quiet machine). The pauses cost about 3 % of a print.
PAUSE_EVERY_S = 0.025
PAUSE_S = 0.001


def _let_the_interface_run() -> None:
    time.sleep(PAUSE_S)  # sleeping releases Python's lock for long enough to be taken


def print_pages(printer: QPrinter, pdf: bytes) -> int:
    """Paint `pdf` on `printer` one page at a time (on the work thread: Qt allows painting
    on a QPrinter outside the interface thread), each page rendered by PDFium straight at the
    printer's resolution and painted in bands, so only one page image is in memory and the
    interface keeps running."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterUnavailable("the printer could not be used")
    # Where the printer's output is a PDF (CUPS spools one on Linux), the page images go in
    # losslessly compressed instead of as JPEG: sharp text, about half the bytes and less work.
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
    doc = pdfium.PdfDocument(pdf)
    # Reused, not made per band: freeing a Qt object releases and retakes Python's lock (the
    # binding runs the C++ destructor without it), a brief release of the kind that kept the
    # interface thread waiting (see PAUSE_EVERY_S).
    target_band, source_band = QRect(), QRect()
    painted_since_pause = time.perf_counter()
    try:
        for index in range(len(doc)):
            if index:
                printer.newPage()
            target = painter.viewport()
            page = doc[index]
            width, height = page.get_size()  # points
            scale = min(target.width() / width, target.height() / height)
            bitmap = page.render(scale=scale, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888)  # a view: the bitmap stays alive
            for top in range(0, image.height(), BAND_ROWS):
                rows = min(BAND_ROWS, image.height() - top)
                target_band.setRect(target.x(), target.y() + top, image.width(), rows)
                source_band.setRect(0, top, image.width(), rows)
                painter.drawImage(target_band, image, source_band)
                if time.perf_counter() - painted_since_pause >= PAUSE_EVERY_S:
                    _let_the_interface_run()
                    painted_since_pause = time.perf_counter()
            del image  # before the pixels it views are freed
            bitmap.close()
        return len(doc)
    finally:
        doc.close()
        painter.end()
