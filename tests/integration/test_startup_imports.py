"""Start-up loads only what the first screen or the command needs (issue 14): `--help` and the
unlock screen were 13x and 4x their floor when every service, holidays for every country,
jsonschema and the sync stack were imported before choosing GUI or CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

from vaultkit import PYTHON, ROOT, subprocess_env

HEAVY = ("holidays", "jsonschema", "desktop.app.sync", "desktop.app.assessments",
         "desktop.content.checklists", "desktop.sync", "desktop.printing", "reportlab",
         "desktop.content.coach")

PROBE = """
import sys
{body}
heavy = {heavy!r}
print("LOADED:" + ",".join(sorted(m for m in sys.modules if m.startswith(heavy))))
"""


def loaded(body: str) -> list[str]:
    code = PROBE.format(body=body, heavy=HEAVY)
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True,
                            env=subprocess_env(QT_QPA_PLATFORM="offscreen"), cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    return [m for m in line.removeprefix("LOADED:").split(",") if m]


def test_help_loads_no_command_and_no_service() -> None:
    body = ("import contextlib, io\nfrom desktop.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--help'])\n"
            "assert 'desktop.vault.store' not in sys.modules\n"
            "assert 'desktop.app.services' not in sys.modules")
    assert loaded(body) == []


def test_help_builds_no_command_and_loads_only_argparse() -> None:
    # Each of these was measured on the `--help` path (issue 14: it was 1.5-1.6x a bare
    # `import sqlcipher3`, the goal is 1.3x): the command modules and their argument parsers,
    # the vault's errors, typing, json and datetime, and shutil (argparse's help formatter
    # imports it for the terminal width; it imports bz2 and lzma).
    body = ("import contextlib, io\nfrom desktop.__main__ import main\n"
            "before = set(sys.modules)\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--help'])\n"
            "new = set(sys.modules) - before\n"
            "late = ('desktop.cli.org', 'desktop.cli.report', 'desktop.cli.intake',\n"
            "        'desktop.cli.checklists', 'desktop.cli.coach', 'desktop.app',\n"
            "        'desktop.domain', 'desktop.vault', 'typing', 'json', 'datetime', 'shutil',\n"
            "        'bz2', 'lzma')\n"
            "assert not [m for m in new if m.startswith(late)], sorted(new)")
    assert loaded(body) == []


def test_checklists_list_reads_the_files_without_jsonschema_or_the_pathways() -> None:
    # jsonschema's import alone was more than twice a bare `import sqlcipher3` (issue 14).
    body = ("import contextlib, io\nfrom desktop.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    assert main(['checklists', 'list']) == 0\n"
            "assert 'uk-child-trafficking' in out.getvalue()\n"
            "late = ('jsonschema', 'desktop.content.jurisdictions', 'desktop.app', "
            "'desktop.vault', 'desktop.domain.assessments')\n"
            # Only the small file of what is kept outside the vault (its jurisdiction).
            "light = ('desktop.app', 'desktop.app.interface_prefs')\n"
            "assert not [m for m in sys.modules if m.startswith(late) and m not in light], "
            "sorted(sys.modules)")
    assert loaded(body) == ["desktop.content.checklists", "desktop.content.checklists.frameworks"]


def test_choosing_the_gui_loads_nothing_of_the_cli() -> None:
    body = "import desktop.__main__\nassert 'desktop.cli.main' not in sys.modules"
    assert loaded(body) == []


def test_the_unlock_screen_loads_no_service_it_does_not_use() -> None:
    body = "import desktop.ui.shell.application\nimport desktop.ui.shell.unlock"
    assert loaded(body) == []


# What the unlock screen defers until it is used (issue 14: start-up CPU within 1.5x a bare
# PySide6 window): the key file's module until a name is checked or Unlock is pressed; the
# error wording until an error; YAML until a translation is needed (English needs none);
# logging.handlers and platform never (the app log rotates by itself); the main window's
# context until an unlock; QtNetwork (quick-hide's come-back socket) until the first screen
# is shown, or at all when no Waymark is listening on this vault.
DEFERRED = ("desktop.vault.keyfile", "desktop.vault.store", "argon2", "cryptography",
            "sqlcipher3", "yaml", "logging.handlers", "platform", "desktop.ui.messages",
            "desktop.ui.shell.context", "desktop.ui.shell.main_window", "PySide6.QtNetwork")
# PySide builds every enum of a Qt class on its first use: the Qt namespace costs ~15 ms of
# CPU and QStyle ~5 ms; the unlock screen shows without either (see desktop/ui/shell/unlock.py).
UNBUILT_QT = (("PySide6.QtCore", "Qt"), ("PySide6.QtWidgets", "QStyle"),
              ("PySide6.QtWidgets", "QMessageBox"))

START_PROBE = """
import sys
from desktop.__main__ import main
code = main(["--vault", {folder!r}, "--exit-on-ready"])
assert code == 0, code
from desktop.ui.shell import unlock  # the screen that showed
loaded = sorted(m for m in sys.modules for d in {deferred!r} if m == d or m.startswith(d + "."))
built = [f"{{m}}.{{name}}" for m, name in {unbuilt!r} if name in vars(sys.modules[m])]
print("LOADED:" + ",".join(loaded))
print("BUILT:" + ",".join(built))
"""


def start_to_unlock_screen(folder: Path) -> tuple[list[str], list[str]]:
    code = START_PROBE.format(folder=str(folder), deferred=DEFERRED, unbuilt=UNBUILT_QT)
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True,
                            env=subprocess_env(QT_QPA_PLATFORM="offscreen"), cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)
    return ([m for m in lines["LOADED"].split(",") if m],
            [m for m in lines["BUILT"].split(",") if m])


def test_the_unlock_screen_shows_without_what_it_defers(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    folder.mkdir()
    # A key file is all the first screen looks at (a vault exists: unlock, not set-up); a
    # start that read it would fail on this empty one and load the key file's module.
    (folder / "vault.keys").write_bytes(b"")
    loaded, built = start_to_unlock_screen(folder)
    assert loaded == []
    assert built == []


def test_the_cli_names_the_same_jurisdictions_as_the_pathways() -> None:
    from desktop.cli import JURISDICTIONS
    from desktop.content import jurisdictions

    assert JURISDICTIONS == jurisdictions.JURISDICTIONS


def test_version_prints_the_version_and_loads_nothing_heavy() -> None:
    from desktop import __version__

    result = subprocess.run([PYTHON, "-m", "desktop", "--version"], capture_output=True,
                            text=True, env=subprocess_env(), cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"waymark {__version__}"
    body = ("import contextlib, io\nfrom desktop.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--version'])\n"
            "assert 'desktop.cli.main' not in sys.modules\n"
            "assert 'PySide6' not in sys.modules")
    assert loaded(body) == []
