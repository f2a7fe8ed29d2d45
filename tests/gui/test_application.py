from __future__ import annotations

import os
import subprocess
import sys

import pytest
from shell_support import ADMIN, ADMIN_NAME, ADMIN_PASS
from vault_formats import as_written_before

from PySide6.QtWidgets import QWizard

from desktop.ui.shell.application import AppController, initial_language
from desktop.ui.shell.first_run import FirstRunWizard
from desktop.ui.shell.main_window import MainWindow
from desktop.ui.shell.unlock import UnlockWindow
from desktop.vault.store import Vault


@pytest.fixture
def controller_for(qtbot):
    made: list[AppController] = []

    def make(folder) -> AppController:
        made.append(AppController(folder))  # its own runner: shutdown() stops it
        return made[-1]

    yield make
    for controller in made:
        controller.shutdown()


def test_no_vault_starts_the_wizard_which_leads_to_the_main_window(qtbot, controller_for,
                                                                   tmp_path) -> None:
    controller = controller_for(tmp_path / "v")
    wizard = controller.start()
    qtbot.addWidget(wizard)
    assert isinstance(wizard, FirstRunWizard)
    wizard.org_page.org.setText("Harbour House")
    wizard.next()
    wizard.admin_page.username.setText(ADMIN)
    wizard.admin_page.fields.first.setText(ADMIN_PASS)
    wizard.admin_page.fields.second.setText(ADMIN_PASS)
    with qtbot.waitSignal(wizard.created, timeout=30000):
        wizard.button(QWizard.WizardButton.CommitButton).click()
    wizard.recovery_page.confirm.setChecked(True)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    window = controller.main_window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.context.org_name == "Harbour House"
    assert "users" in window.section_keys()
    window.close()


def test_a_vault_starts_the_unlock_screen(qtbot, controller_for, made_vault) -> None:
    controller = controller_for(made_vault.folder)
    first = controller.start()
    qtbot.addWidget(first)
    assert isinstance(first, UnlockWindow)
    first.form.user_edit.setText(ADMIN)
    first.form.pass_edit.setText(ADMIN_PASS)
    first.form.unlock_button.click()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=20000)
    window = controller.main_window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.context.display_name == ADMIN_NAME
    window.close()


def test_initial_language() -> None:
    assert initial_language("vi") == "vi"
    assert initial_language("en") == "en"
    assert initial_language(None) in ("en", "vi")


def test_exit_on_ready_exits_zero_from_both_first_screens(tmp_path, made_vault) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for folder in (tmp_path / "fresh", made_vault.folder):
        done = subprocess.run([sys.executable, "-m", "desktop", "--vault", str(folder),
                               "--exit-on-ready"], env=env, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
    assert not (tmp_path / "fresh").exists()  # showing the wizard creates nothing


def test_a_half_made_vault_starts_the_wizard_which_replaces_it(qtbot, controller_for,
                                                               made_vault) -> None:
    """An interrupted set-up (vault.db, no vault.keys, no records) must not leave a folder the
    app can neither open nor set up again. Only versions before the atomic set-up left one,
    and they wrote 4 KiB pages without the format mark."""
    vault = Vault.unlock(made_vault.folder, ADMIN, ADMIN_PASS)
    key = bytes(vault.key_bytes)
    vault.close()
    as_written_before(made_vault.folder, key)
    (made_vault.folder / "vault.keys").unlink()
    controller = controller_for(made_vault.folder)
    wizard = controller.start()
    qtbot.addWidget(wizard)
    assert isinstance(wizard, FirstRunWizard)
    wizard.org_page.org.setText("Harbour House")
    wizard.next()
    wizard.admin_page.username.setText(ADMIN)
    wizard.admin_page.fields.first.setText(ADMIN_PASS)
    wizard.admin_page.fields.second.setText(ADMIN_PASS)
    with qtbot.waitSignal(wizard.created, timeout=30000):
        wizard.button(QWizard.WizardButton.CommitButton).click()
    assert (made_vault.folder / "vault.keys").exists()
    assert [p for p in made_vault.folder.iterdir() if p.name.startswith("unfinished-")]
