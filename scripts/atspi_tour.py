"""Open every window and dialog of Waymark in turn, for scripts/atspi_dump.py to read (Linux).

Run by atspi_dump.py, not by hand: it builds a fictional demo vault in a temporary folder (deleted
afterwards), then shows one screen at a time: the set-up wizard's pages, the unlock window, each
section of the main window, the person's page, the new-person, concern, checklist, disclosure,
export/print, timeline, group intake, About, shortcuts and change-passphrase dialogs, and the
lock screen. For each it prints `STOP <name>` on standard output and waits for a line on standard
input (the dump's "done, next") while the event loop keeps running, so Qt's AT-SPI bridge answers
the screen reader's questions. Everything else it says goes to standard error.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The screenshot script's demo vault settings and its choice of person (scripts/ is on the path
# when a script here runs).
from screenshots import (  # noqa: E402
    ADMIN,
    JURISDICTION,
    PASSPHRASE,
    open_main_window,
    richest_person,
    wait_for,
)

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZE = QSize(1366, 768)


def pump(app: QApplication, done: Callable[[], bool]) -> None:
    wait_for(app, done, timeout=60.0)  # the screenshot script's wait, with more time per window


def stop(app: QApplication, name: str, window: QWidget) -> None:
    """Show `window`, say so, and keep the event loop running until the dump is done."""
    window.show()
    window.raise_()
    window.activateWindow()
    pump(app, lambda: True)
    print(f"STOP {name}", flush=True)
    while True:
        app.processEvents()
        ready, _, _ = select.select([sys.stdin], [], [], 0.02)
        if ready:
            if not sys.stdin.readline():
                raise SystemExit("the dump went away")
            return


def show_and_close(app: QApplication, runner: Any, name: str, dialog: Any) -> None:
    """Let `dialog` settle, stop on it, then close it without saving."""
    pump(app, lambda: runner.pending == 0)
    stop(app, name, dialog)
    dialog.reject()
    pump(app, lambda: runner.pending == 0)


def tour(app: QApplication, vault: Path, wizard_folder: Path) -> Iterator[None]:
    from desktop.ui.editors.group_intake_dialog import GroupIntakeDialog
    from desktop.ui.editors.person_dialog import PersonDialog
    from desktop.ui.pages.users_page import ChangeOwnPassphraseDialog
    from desktop.ui.shell.about import AboutDialog
    from desktop.ui.shell.first_run import FirstRunWizard
    from desktop.ui.shell.main_window import ShortcutsDialog
    from desktop.ui.shell.unlock import UnlockWindow
    from desktop.ui.tasks import TaskRunner

    runner = TaskRunner()
    try:
        wizard = FirstRunWizard(runner, wizard_folder)
        stop(app, "set-up wizard: organisation", wizard)
        wizard.org_page.org.setText("Demo organisation")
        wizard.next()
        stop(app, "set-up wizard: first administrator", wizard)
        wizard.close()
        yield

        unlock = UnlockWindow(runner, vault, ADMIN)
        unlock.resize(SIZE)
        pump(app, lambda: runner.pending == 0)
        stop(app, "unlock window", unlock)
        unlock.close()
        yield

        window, people = open_main_window(app, runner, vault, ADMIN, SIZE, timeout=60.0)
        for key in window.section_keys():
            window.show_section_key(key)
            pump(app, lambda: runner.pending == 0)
            stop(app, f"main window: {key}", window)
            yield
        window.show_section_key("people")
        people.select_person(richest_person(runner))
        pump(app, lambda: runner.pending == 0 and people.record is not None)
        stop(app, "main window: person's page", window)
        yield

        for name, open_editor in (("concern dialog", people.record_concern),
                                  ("disclosure dialog", people.record_disclosure),
                                  ("checklist dialog: choice", people.start_checklist),
                                  ("export/print dialog", people.export_form),
                                  ("timeline window", people.show_timeline)):
            dialog = open_editor()
            pump(app, lambda: runner.pending == 0)
            if name.startswith("checklist"):
                stop(app, name, dialog)
                dialog.start()
                name = "checklist dialog: first section"
            show_and_close(app, runner, name, dialog)
            yield

        context = window.context
        for name, make in (("new-person dialog", lambda: PersonDialog(runner, context,
                                                                       parent=window)),
                           ("group intake dialog", lambda: GroupIntakeDialog(
                               runner, context, parent=window)),
                           ("Help: About", lambda: AboutDialog(window)),
                           ("Help: keyboard shortcuts", lambda: ShortcutsDialog(window)),
                           ("change passphrase dialog", lambda: ChangeOwnPassphraseDialog(
                               runner, window))):
            show_and_close(app, runner, name, make())
            yield

        window.lock()
        pump(app, lambda: runner.pending == 0)
        stop(app, "main window: locked", window)
        window.close()
        pump(app, lambda: runner.pending == 0)
        yield
    finally:
        runner.close_session()
        runner.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("en", "vi"), default="en")
    parser.add_argument("--people", type=int, default=6)
    args = parser.parse_args()
    os.environ.setdefault("WAYMARK_KDF_PROFILE", "floor")  # a throwaway demo vault
    workdir = Path(tempfile.mkdtemp(prefix="waymark-atspi-tour-"))
    os.environ.setdefault("WAYMARK_CONFIG_DIR", str(workdir / "config"))
    os.environ.setdefault("WAYMARK_LOG_DIR", str(workdir / "log"))
    try:
        from desktop.demo import fill_demo
        from desktop.ui import i18n
        from desktop.ui.shell.application import configure
        from desktop.ui.shell.start_failure_dialog import create_application

        vault = workdir / "vault"
        fill_demo(vault, ADMIN, PASSPHRASE, args.people, JURISDICTION[args.language])
        app = QApplication.instance() or create_application()
        assert isinstance(app, QApplication)
        configure(app)
        app.setQuitOnLastWindowClosed(False)
        i18n.set_language(args.language)
        for _ in tour(app, vault, workdir / "wizard-vault"):
            pass
        print("DONE", flush=True)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
