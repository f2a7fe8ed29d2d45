"""A Vietnamese vault starts on a Vietnamese unlock screen (issue 16): the last interface
language is remembered per vault, outside the encrypted file, with nothing personal in it."""

from __future__ import annotations

from pathlib import Path

from shell_support import ADMIN, ADMIN_PASS

from desktop.app import interface_prefs
from desktop.app.session import Session
from desktop.ui import i18n
from desktop.ui.shell.application import AppController, initial_language
from desktop.ui.shell.unlock import UnlockWindow

ORG_VN = "Trạm Biên phòng Cửa khẩu"
ADMIN_VN = "Trần Thị Hoa"


def make_vault(folder: Path, language: str, jurisdiction: str) -> None:
    session = Session()
    session.create(folder, org_name=ORG_VN, jurisdiction=jurisdiction, language=language,
                   admin_username=ADMIN, admin_display_name=ADMIN_VN, passphrase=ADMIN_PASS)
    session.close()


def test_a_vietnamese_vault_starts_on_a_vietnamese_unlock_screen(qtbot, tmp_path) -> None:
    folder = tmp_path / "vn"
    make_vault(folder, "vi", "vietnam")
    assert initial_language(None, folder) == "vi"
    i18n.set_language(initial_language(None, folder))
    controller = AppController(folder)
    try:
        first = controller.start()
        qtbot.addWidget(first)
        assert isinstance(first, UnlockWindow)
        assert first.form.unlock_button.text() == "Mở khóa"
        assert first.form.title.text() == "Mở khóa Waymark"
    finally:
        controller.shutdown()


def test_an_english_vault_beside_it_still_starts_in_english(tmp_path) -> None:
    make_vault(tmp_path / "vn", "vi", "vietnam")
    make_vault(tmp_path / "en", "en", "england")
    assert initial_language(None, tmp_path / "vn") == "vi"
    assert initial_language(None, tmp_path / "en") == "en"
    assert initial_language("en", tmp_path / "vn") == "en"  # --language still wins


def test_the_language_picked_in_settings_is_the_next_start_language(tmp_path) -> None:
    folder = tmp_path / "vn"
    make_vault(folder, "vi", "vietnam")
    interface_prefs.remember(folder, language="en")  # what the settings page does
    assert initial_language(None, folder) == "en"


def test_the_remembered_file_holds_nothing_personal(tmp_path) -> None:
    folder = tmp_path / "vn"
    make_vault(folder, "vi", "vietnam")
    files = [p for p in interface_prefs.config_dir().rglob("*") if p.is_file()]
    assert files, "nothing was remembered"
    for path in files:
        text = path.read_text(encoding="utf-8")
        for personal in (ORG_VN, ADMIN_VN, ADMIN, str(tmp_path), "vn"):
            assert personal not in text, (path.name, personal)
    assert {p.name for p in folder.iterdir()} == {p.name for p in folder.iterdir()
                                                 if p.name.startswith("vault")}
