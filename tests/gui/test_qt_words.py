"""Qt's own words follow the interface language (issue 16): standard buttons, the context menu
of a text field, and the file dialog stay English in Vietnamese unless we translate them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QPlainTextEdit

from desktop.ui import i18n
from desktop.ui.qt_words import file_dialog_options


def menu_words(menu) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text().split("\t")[0].replace("&", "") for a in menu.actions()
            if not a.isSeparator()]


def test_standard_buttons_speak_vietnamese(qtbot) -> None:
    i18n.set_language("vi")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    assert box.button(QDialogButtonBox.StandardButton.Close).text() == "Đóng"
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "OK"  # the same word


def test_a_text_fields_context_menu_speaks_vietnamese(qtbot) -> None:
    i18n.set_language("vi")
    for field in (QLineEdit(), QPlainTextEdit()):
        qtbot.addWidget(field)
        words = menu_words(field.createStandardContextMenu())
        assert {"Hoàn tác", "Cắt", "Sao chép", "Dán", "Chọn tất cả"} <= set(words), words
        assert not {"Undo", "Copy", "Paste", "Select All"} & set(words)


def test_english_stays_english(qtbot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    assert "Copy" in menu_words(field.createStandardContextMenu())
    assert file_dialog_options() == QFileDialog.Option(0)  # the system's own dialog


def test_the_file_dialog_in_vietnamese_is_qts_own_with_our_labels(qtbot, tmp_path) -> None:
    i18n.set_language("vi")
    assert file_dialog_options() & QFileDialog.Option.DontUseNativeDialog
    dialog = QFileDialog(None, "Lưu biểu mẫu", str(tmp_path), "PDF (*.pdf)")
    dialog.setOptions(file_dialog_options())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.labelText(QFileDialog.DialogLabel.FileName) == "Tên &tệp:"
    assert dialog.labelText(QFileDialog.DialogLabel.Accept) == "&Lưu"
    assert dialog.labelText(QFileDialog.DialogLabel.Reject) == "Hủy"
    assert dialog.labelText(QFileDialog.DialogLabel.LookIn) == "&Tìm trong:"
