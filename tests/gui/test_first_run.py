from __future__ import annotations

from pathlib import Path

import pytest
from shell_support import close_in

from PySide6.QtWidgets import QWizard

from desktop.ui import i18n
from desktop.ui.shell.first_run import FirstRunWizard
from desktop.vault.store import Vault, VaultPaths

PASS = "blue kettle morning walk"


def fill_and_create(qtbot, wizard: FirstRunWizard, org: str = "Harbour House") -> None:
    wizard.show()
    page = wizard.org_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.org.setText(org)
    page.jurisdiction.setCurrentIndex(page.jurisdiction.findData("vietnam"))
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    admin = wizard.admin_page
    assert wizard.currentPage() is admin
    admin.username.setText("linh")
    admin.display_name.setText("Trần Thị Linh")
    admin.fields.first.setText("short")
    assert "at least 12" in admin.fields.feedback.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    admin.fields.first.setText("password1234")
    assert "too common" in admin.fields.feedback.text()
    admin.fields.first.setText(PASS)
    admin.fields.second.setText(PASS + "x")
    assert "not the same" in admin.fields.feedback.text()
    admin.fields.second.setText(PASS)
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    with qtbot.waitSignal(wizard.created, timeout=30000):
        wizard.button(QWizard.WizardButton.CommitButton).click()


@pytest.fixture
def wizard(qtbot, runner, tmp_path: Path) -> FirstRunWizard:
    w = FirstRunWizard(runner, tmp_path / "new-vault")
    qtbot.addWidget(w)
    return w


def test_wizard_creates_a_vault_whose_recovery_code_works(qtbot, runner, wizard,
                                                         tmp_path) -> None:
    fill_and_create(qtbot, wizard)
    assert wizard.currentPage() is wizard.recovery_page
    code = wizard.recovery_page.code.text()
    assert len(code) == 39 and code.count("-") == 7
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # the confirmation is required
    wizard.recovery_page.confirm.setChecked(True)
    assert finish.isEnabled()
    with qtbot.waitSignal(wizard.finished_setup) as blocker:
        finish.click()
    user = blocker.args[0]
    assert user.username == "linh"
    assert runner.services is not None
    org = runner.call(lambda s: s.settings.org())
    assert (org.org_name, org.jurisdiction) == ("Harbour House", "vietnam")
    assert wizard.recovery_page.code.text() == ""  # shown once, then gone from the screen
    qtbot.waitUntil(lambda: runner.pending == 0)
    close_in(runner, qtbot)
    folder = tmp_path / "new-vault"
    # The code shown really opens the vault; and the admin's passphrase does too.
    Vault.unlock_with_recovery(folder, code, "linh", "a new passphrase here").close()
    Vault.unlock(folder, "linh", "a new passphrase here").close()


def test_cannot_leave_without_confirming_the_code(qtbot, wizard) -> None:
    fill_and_create(qtbot, wizard)
    wizard.reject()
    assert wizard.isVisible()
    assert wizard.close() is False
    assert wizard.currentPage() is wizard.recovery_page


def test_bad_user_name_is_explained(qtbot, runner, wizard, tmp_path) -> None:
    wizard.show()
    wizard.org_page.org.setText("Harbour House")
    wizard.next()
    admin = wizard.admin_page
    admin.username.setText("has spaces in it")
    admin.fields.first.setText(PASS)
    admin.fields.second.setText(PASS)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert "no spaces" in admin.message.text()
    assert wizard.currentPage() is admin
    assert not VaultPaths(tmp_path / "new-vault").exists()


def test_recovery_sheet_saved_as_pdf(qtbot, wizard, tmp_path, monkeypatch) -> None:
    import sys
    import types

    calls: list[tuple[str, str, str]] = []

    def fake_render(code: str, *, org_name: str, language: str) -> bytes:
        calls.append((code, org_name, language))
        return b"%PDF-1.7 fake"

    module = types.ModuleType("desktop.printing.recovery_sheet")
    module.render_recovery_sheet = fake_render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.printing.recovery_sheet", module)
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(FirstRunWizard, "ask_save_path", classmethod(lambda cls, p, s: target))
    fill_and_create(qtbot, wizard)
    with qtbot.waitSignal(wizard.sheet_saved, timeout=20000):
        wizard.recovery_page.save_button.click()
    assert target.read_bytes().startswith(b"%PDF")
    assert target.stat().st_mode & 0o077 == 0  # owner-only
    assert calls == [(wizard.recovery_page.code.text(), "Harbour House", "en")]
    assert "Saved to" in wizard.recovery_page.save_message.text()


def test_cancelled_save_dialog_does_nothing(qtbot, wizard, monkeypatch) -> None:
    monkeypatch.setattr(FirstRunWizard, "ask_save_path", classmethod(lambda cls, p, s: None))
    fill_and_create(qtbot, wizard)
    wizard.recovery_page.save_button.click()
    assert wizard.recovery_page.save_message.text() == ""


def test_picking_vietnamese_switches_the_wizard_at_once(qtbot, wizard) -> None:
    wizard.show()
    page = wizard.org_page
    page.org.setText("Nhà Bình An")
    page.language.setCurrentIndex(page.language.findData("vi"))
    assert i18n.current_language() == "vi"
    # LanguageChange events are posted: wait for them.
    qtbot.waitUntil(lambda: page.org_label.text() == "&Tên tổ chức:")
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "Tiếp theo"
    assert page.org.text() == "Nhà Bình An"  # nothing typed is lost
    assert page.jurisdiction.itemText(1) == "Việt Nam"


def test_real_recovery_sheet_holds_the_code(qtbot, wizard, tmp_path, monkeypatch) -> None:
    import io

    from pypdf import PdfReader

    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(FirstRunWizard, "ask_save_path", classmethod(lambda cls, p, s: target))
    fill_and_create(qtbot, wizard)
    with qtbot.waitSignal(wizard.sheet_saved, timeout=20000):
        wizard.recovery_page.save_button.click()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(
        target.read_bytes())).pages)
    code = wizard.recovery_page.code.text()
    assert code.replace("-", "") in text.replace("-", "").replace(" ", "").replace("\n", "")
    # Printing the sheet is an export: the audit log names it (and nothing of the code).
    qtbot.waitUntil(lambda: wizard.runner.pending == 0)
    rows = wizard.runner.call(lambda s: s.vault.read(
        "SELECT action, detail FROM audit WHERE action = 'export'"))
    assert [r[0] for r in rows] == ["export"]
    assert "recovery_sheet" in rows[0][1] and code not in rows[0][1]
