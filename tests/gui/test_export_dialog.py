"""Printing and saving a form (issue 5): previewed in memory, saved only where the user
chooses (optionally encrypted), printed through the print dialog, each audited."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.ui.editors.export_dialog import ExportDialog

try:
    from test_accessibility import problems
except ImportError:  # pragma: no cover
    from tests.gui.test_accessibility import problems

from records_fixtures import Records, sample_people, seal_sample_disclosure


def _dialog(qtbot, env: Records, person_id: str) -> ExportDialog:
    dialog = ExportDialog(env.runner, env.context, person_id, "Nguyễn Thị Hồng", True)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choose(dialog: ExportDialog, form_id: str) -> None:
    for i in range(dialog.forms_list.count()):
        if dialog.forms_list.item(i).data(Qt.ItemDataRole.UserRole).id == form_id:
            dialog.forms_list.setCurrentRow(i)
            return
    raise AssertionError(form_id)


def _confirm_step(qtbot, dialog: ExportDialog) -> None:
    """Confirm the referral step (asked before a referral is previewed, saved or printed),
    answering "No" to the immediate-risk question where the form insists on an answer."""
    qtbot.waitUntil(lambda: dialog.step is not None and dialog.step.isVisible()
                    and dialog.step.loaded, timeout=20000)
    assert dialog.step is not None
    if dialog.step.risk_unanswered():
        dialog.step.immediate_risk.setCurrentIndex(dialog.step.immediate_risk.findData(False))
    dialog.step.confirm_button.click()


def _exports(env: Records) -> list[dict[str, str]]:
    return [json.loads(d) for (d,) in env.call(lambda s: s.vault.read(
        "SELECT detail FROM audit WHERE action = 'export'"))]


def test_preview_in_memory_then_save_encrypted_where_the_user_chooses(
        qtbot, records: Records, tmp_path: Path, monkeypatch) -> None:
    ids = sample_people(records)
    seal_sample_disclosure(records, ids["hong"])
    dialog = _dialog(qtbot, records, ids["hong"])
    assert problems(dialog) == []
    ids_offered = {dialog.forms_list.item(i).data(Qt.ItemDataRole.UserRole).id
                   for i in range(dialog.forms_list.count())}
    assert {"england-mash-referral", "nrm-prompt-child", "referral-pack"} <= ids_offered
    assert "vn-to-khai" not in ids_offered  # England vault
    _choose(dialog, "disclosure-record")
    files_before = set(tmp_path.iterdir())
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.pages_layout.count() > 0)
    assert "pages" in dialog.message.text()
    assert set(tmp_path.iterdir()) == files_before  # the preview wrote nothing
    assert _exports(records) == []  # a preview is not an export

    target = tmp_path / "record.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    dialog.recipient.setText("MASH")
    dialog.password.setText("secret words")
    dialog.password_again.setText("secret words")
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.save()
    assert any(e.get("template") == "disclosure-record" for e in _exports(records))
    assert target.stat().st_mode & 0o077 == 0  # owner-only
    locked = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True)
    assert locked.returncode != 0
    opened = subprocess.run(["pdftotext", "-upw", "secret words", str(target), "-"],
                            capture_output=True, text=True)
    assert "He keeps my passport in his car." in opened.stdout
    assert _exports(records)[-1]["recipient"] == "MASH"


def test_mismatched_passwords_save_nothing(qtbot, records: Records, tmp_path: Path,
                                           monkeypatch) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["amy"])
    called = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: called.append(1) or ("", "")))
    dialog.password.setText("one")
    dialog.password_again.setText("two")
    dialog.save()
    assert called == [] and "not the same" in dialog.message.text()


def test_print_to_file_without_a_pdf_password_is_refused_and_writes_nothing(
        qtbot, records: Records, tmp_path: Path, monkeypatch) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["amy"])
    _choose(dialog, "police-immediate-risk")
    out = tmp_path / "printed.pdf"

    def accept(self: QPrintDialog) -> int:
        printer: QPrinter = self.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(72)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    dialog.print_()
    _confirm_step(qtbot, dialog)
    # Never an unencrypted copy without the user choosing it in words (Save as PDF).
    assert "unencrypted" in dialog.message.text()
    assert not out.exists()
    assert _exports(records) == []


def test_print_to_file_honours_the_pdf_password(qtbot, records: Records, tmp_path: Path,
                                                monkeypatch) -> None:
    ids = sample_people(records)
    dialog = _dialog(qtbot, records, ids["amy"])
    _choose(dialog, "police-immediate-risk")
    out = tmp_path / "printed.pdf"

    def accept(self: QPrintDialog) -> int:
        self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer().setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    dialog.password.setText("tide pool")
    dialog.password_again.setText("tide pool")
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.print_()
        _confirm_step(qtbot, dialog)
    assert subprocess.run(["pdftotext", str(out), "-"], capture_output=True).returncode != 0
    opened = subprocess.run(["pdftotext", "-upw", "tide pool", str(out), "-"],
                            capture_output=True, text=True)
    assert opened.returncode == 0 and opened.stdout.strip()


def test_a_print_is_painted_page_by_page_on_the_work_thread(qtbot, records: Records,
                                                           tmp_path: Path) -> None:
    from desktop.app import exports
    from desktop.ui.editors.export_dialog import print_pages

    ids = sample_people(records)
    prepared = records.call(lambda s: s.exports.prepare(ids["amy"], "police-immediate-risk",
                                                        "en"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "painted.pdf"))
    printer.setResolution(72)
    painted: list[int] = []
    records.runner.run_work(lambda: print_pages(printer, exports.render(prepared)),
                            painted.append)
    qtbot.waitUntil(lambda: painted != [], timeout=20000)
    info = subprocess.run(["pdfinfo", str(tmp_path / "painted.pdf")], capture_output=True,
                          text=True).stdout
    pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
    assert painted[0] >= 1 and int(pages) == painted[0]



def _print_to_pdf(records: Records, ids: dict[str, str], out: Path, dpi: int) -> int:
    from desktop.app import exports
    from desktop.ui.editors.export_dialog import print_pages

    prepared = records.call(lambda s: s.exports.prepare(ids["amy"], "police-immediate-risk",
                                                        "en"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(dpi)
    return print_pages(printer, exports.render(prepared))


def _images(pdf: Path) -> list[list[str]]:
    """`pdfimages -list` rows: page, num, type, width, height, color, comp, bpc, enc, ..."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                             text=True, check=True).stdout.splitlines()
    return [line.split() for line in listing[2:]]


def test_printed_pages_are_not_jpeg_compressed(records: Records, tmp_path: Path) -> None:
    # Text printed from JPEG-compressed page images has smudged edges; the printer gets the
    # pixels PDFium drew, losslessly compressed.
    ids = sample_people(records)
    out = tmp_path / "painted.pdf"
    _print_to_pdf(records, ids, out, 100)
    encodings = {row[8] for row in _images(out)}
    assert encodings and "jpeg" not in encodings, encodings


def test_a_print_pauses_for_the_interface_between_bands(records: Records, tmp_path: Path,
                                                        monkeypatch) -> None:
    # The interface thread needs Python's lock for every event it handles; painting keeps it
    # inside each drawImage, so painting must stop and let it go, or a page freezes the app.
    from desktop.ui.editors import export_dialog

    pauses: list[int] = []
    real = export_dialog._let_the_interface_run

    def pause() -> None:
        pauses.append(len(pauses))
        real()

    monkeypatch.setattr(export_dialog, "PAUSE_EVERY_S", 0.0)  # pause after every band
    monkeypatch.setattr(export_dialog, "_let_the_interface_run", pause)
    ids = sample_people(records)
    out = tmp_path / "painted.pdf"
    pages = _print_to_pdf(records, ids, out, 100)
    bands = _images(out)
    assert pages >= 1 and {int(row[0]) for row in bands} == set(range(1, pages + 1))
    assert len(pauses) == len(bands)
