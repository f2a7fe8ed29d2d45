"""Headless commands, run as a user's script would: a subprocess with the passphrase on stdin."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from vaultkit import PYTHON, ROOT, subprocess_env

from desktop.app.services import Services
from desktop.vault.store import Vault

PASS = "cli admin passphrase"


def waymark(*args: str, stdin: str = "", env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "-m", "desktop", *args], input=stdin, capture_output=True,
                          text=True, env=env or subprocess_env(), cwd=ROOT, timeout=180)


def init(vault: Path, passphrase: str = PASS, jurisdiction: str = "england"
         ) -> subprocess.CompletedProcess[str]:
    return waymark("init", "--vault", str(vault), "--org", "Trường Hoa Sen",
                   "--jurisdiction", jurisdiction, "--admin", "admin", "--passphrase-stdin",
                   stdin=passphrase + "\n")


def test_init_check_and_people_list(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    created = init(vault_dir)
    assert created.returncode == 0, created.stderr
    assert "Recovery code" in created.stdout
    assert (vault_dir / "vault.db").is_file() and (vault_dir / "vault.keys").is_file()
    assert PASS not in created.stdout + created.stderr

    vault = Vault.unlock(vault_dir, "admin", PASS)
    try:
        from vaultkit import hong

        Services(vault).people.register(hong())
    finally:
        vault.close()

    checked = waymark("check", "--vault", str(vault_dir), "--user", "admin",
                      "--passphrase-stdin", stdin=PASS + "\n")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("check OK")

    listed = waymark("people", "list", "--vault", str(vault_dir), "--user", "admin", "--json",
                     "--passphrase-stdin", stdin=PASS + "\n")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [r["display_name"] for r in rows] == ["Thị Hồng Nguyễn"]  # England order
    assert rows[0]["date_of_birth"] == "2011-04-02" and rows[0]["open_tasks"] == 0
    assert set(rows[0]) >= {"id", "display_name", "age", "open_tasks"}

    plain = waymark("people", "list", "--vault", str(vault_dir), "--user", "admin",
                    "--passphrase-stdin", stdin=PASS + "\r\n")  # Windows line end
    assert plain.returncode == 0 and "Thị Hồng Nguyễn" in plain.stdout


def test_init_vietnam_defaults_to_vietnamese(tmp_path: Path) -> None:
    assert init(tmp_path / "v", jurisdiction="vietnam").returncode == 0
    vault = Vault.unlock(tmp_path / "v", "admin", PASS)
    try:
        org = Services(vault).settings.org()
        assert (org.jurisdiction, org.language) == ("vietnam", "vi")
    finally:
        vault.close()


def test_init_writes_the_recovery_sheet_and_audits_the_export(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.pdf"
    done = waymark("init", "--vault", str(tmp_path / "v"), "--org", "Trạm Biên phòng",
                   "--jurisdiction", "vietnam", "--admin", "admin", "--passphrase-stdin",
                   "--recovery-sheet", str(sheet), stdin=PASS + "\n")
    assert done.returncode == 0, done.stderr
    code = done.stdout.strip().splitlines()[-1]
    assert sheet.read_bytes().startswith(b"%PDF")
    vault = Vault.unlock(tmp_path / "v", "admin", PASS)
    try:
        rows = vault.read("SELECT detail FROM audit WHERE action = 'export'")
    finally:
        vault.close()
    assert len(rows) == 1 and "recovery_sheet" in rows[0][0] and code not in rows[0][0]


def test_check_exits_1_and_names_the_problem(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    assert init(vault_dir).returncode == 0
    vault = Vault.unlock(vault_dir, "admin", PASS)
    vault.conn.execute("UPDATE audit SET action = 'tampered' WHERE seq = 1")
    vault.close()
    checked = waymark("check", "--vault", str(vault_dir), "--user", "admin",
                      "--passphrase-stdin", stdin=PASS + "\n")
    assert checked.returncode == 1
    assert "audit chain broken at entry 1" in checked.stderr
    assert "FAILED" in checked.stdout


@pytest.mark.parametrize("args, stdin, expected", [
    (["frobnicate"], "", "invalid choice: 'frobnicate'"),
    (["init", "--org", "X", "--jurisdiction", "england", "--admin", "admin"], PASS + "\n",
     "--passphrase-stdin is required"),
    (["init", "--org", "X", "--jurisdiction", "france", "--admin", "admin",
      "--passphrase-stdin"], PASS + "\n", "--jurisdiction"),
    (["init", "--org", "X", "--jurisdiction", "england", "--admin", "admin",
      "--passphrase-stdin"], "too short\n", "at least 12 characters"),
    (["init", "--org", "X", "--jurisdiction", "england", "--admin", "admin",
      "--passphrase-stdin"], "password1234\n", "too common"),
    (["init", "--org", "X", "--jurisdiction", "england", "--admin", "admin",
      "--passphrase-stdin"], "", "no passphrase on standard input"),
    (["init", "--org", "X", "--jurisdiction", "england", "--admin", "bad name!",
      "--passphrase-stdin"], PASS + "\n", "username_invalid"),
    (["check", "--passphrase-stdin"], PASS + "\n", "--user"),
    (["people"], "", "SUBCOMMAND"),
])
def test_usage_and_bad_input_exit_2_with_a_message(
    tmp_path: Path, args: list[str], stdin: str, expected: str
) -> None:
    vault_dir = tmp_path / "v"
    full = [*args[:1], "--vault", str(vault_dir), *args[1:]] if args[0] == "init" else args
    result = waymark(*full, stdin=stdin)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert expected in result.stderr
    assert not (vault_dir / "vault.keys").exists()


def test_init_over_an_existing_vault_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    assert init(vault_dir).returncode == 0
    before = (vault_dir / "vault.keys").read_bytes()
    again = init(vault_dir, passphrase="a different passphrase")
    assert again.returncode == 2 and "already exists" in again.stderr
    assert (vault_dir / "vault.keys").read_bytes() == before


def test_wrong_passphrase_exits_3_and_missing_vault_exits_2(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    assert init(vault_dir).returncode == 0
    wrong = waymark("check", "--vault", str(vault_dir), "--user", "admin",
                    "--passphrase-stdin", stdin="not the right one\n")
    assert wrong.returncode == 3
    assert "passphrase is not right" in wrong.stderr
    missing = waymark("check", "--vault", str(tmp_path / "nothing"), "--user", "admin",
                      "--passphrase-stdin", stdin=PASS + "\n")
    assert missing.returncode == 2 and "No vault at" in missing.stderr


def test_damaged_keys_exit_2_naming_the_file(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    assert init(vault_dir).returncode == 0
    (vault_dir / "vault.keys").write_text("{")
    result = waymark("check", "--vault", str(vault_dir), "--user", "admin",
                     "--passphrase-stdin", stdin=PASS + "\n")
    assert result.returncode == 2
    assert str(vault_dir / "vault.keys") in result.stderr and "backup" in result.stderr


def test_waymark_vault_environment_variable_is_the_default(tmp_path: Path) -> None:
    vault_dir = tmp_path / "from-env"
    env = subprocess_env(WAYMARK_VAULT=str(vault_dir))
    created = waymark("init", "--org", "X", "--jurisdiction", "england", "--admin", "admin",
                      "--passphrase-stdin", stdin=PASS + "\n", env=env)
    assert created.returncode == 0, created.stderr
    assert (vault_dir / "vault.keys").is_file()


def test_help_lists_exit_codes() -> None:
    result = waymark("--help")
    assert result.returncode == 0
    assert "3 wrong passphrase" in result.stdout


# --- no Qt below the UI ----------------------------------------------------------------------

NO_QT_PROBE = """
import importlib, pkgutil, sys
import desktop
skip = ("desktop.ui", "desktop.__main__")
names = []
for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
    if info.name.startswith(skip):
        continue
    importlib.import_module(info.name)
    names.append(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(len(names), ",".join(names))
print("QT:" + ",".join(qt))
"""


def test_nothing_below_the_ui_imports_qt() -> None:
    env = subprocess_env()
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run([PYTHON, "-c", NO_QT_PROBE], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    count_line, qt_line = result.stdout.strip().splitlines()[-2:]
    imported = count_line.split(" ", 1)[1].split(",")
    for required in ("desktop.cli.main", "desktop.domain.events", "desktop.vault.store",
                     "desktop.app", "desktop.content.jurisdictions", "desktop.gui_entry",
                     "desktop.sync.engine", "desktop.content.coach", "desktop.printing.forms",
                     "desktop.content.checklists.outcome"):
        assert required in imported
    assert qt_line == "QT:", f"Qt imported below desktop.ui: {qt_line}"


def test_the_hub_never_imports_the_desktop_interface_or_qt() -> None:
    probe = ("import importlib, pkgutil, sys\n"
             "import server\n"
             "for info in pkgutil.walk_packages(server.__path__, 'server.'):\n"
             "    if not info.name.startswith('server.migrations'):  # run by Alembic\n"
             "        importlib.import_module(info.name)\n"
             "bad = sorted(m for m in sys.modules if m.startswith(('desktop.ui', 'PySide6')))\n"
             "print('BAD:' + ','.join(bad))")
    result = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True,
                            env=subprocess_env(), cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "BAD:"


def test_cli_command_does_not_load_qt(tmp_path: Path) -> None:
    probe = ("import sys\n"
             "from desktop.__main__ import main\n"
             f"main(['people', 'list', '--vault', {str(tmp_path)!r}, '--user', 'x'])\n"
             "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT')")
    result = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True,
                            env=subprocess_env(), cwd=ROOT, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "NOQT"


def test_no_display_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    env = subprocess_env(WAYMARK_VAULT=str(tmp_path / "v"))
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(var, None)
    for args in ([], ["--vault", str(tmp_path / "v")]):
        result = subprocess.run([PYTHON, "-m", "desktop", *args], capture_output=True,
                                text=True, env=env, cwd=ROOT, timeout=120)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "display" in lines[0] and "headless commands" in lines[0]
        assert result.stdout == ""
    assert not os.path.exists(tmp_path / "v")  # nothing was created
