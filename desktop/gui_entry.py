"""Start the GUI, or explain why it cannot start. Imports no Qt at module level.

Every failed start (no display, Qt that cannot load, a data folder that cannot be written) is
told on stderr, appended to the start log (`desktop.start_failure`) and, once Qt works, shown
in a dialog; the exit code is then 2. Never a silent exit.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop import start_failure
from desktop.paths import default_vault_dir
from desktop.start_failure import NO_DISPLAY

__all__ = ["NO_DISPLAY", "display_available", "run_gui"]


def display_available() -> bool:
    """Qt aborts the whole process without a display, so look before importing it."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have a session display for a desktop app


def _load_plain_modules_first() -> None:
    """Import the Qt-free modules the first screen uses before Qt itself. Once PySide6 is
    loaded, every later import of any module also reads that module's source (PySide's
    `__feature__` hook looks for the word "PySide6" in it): ~0.1 ms a module, ~10 ms over
    the start. Nothing runs here that the start would not run anyway."""
    import concurrent.futures.thread  # noqa: F401 - the task runner's executors

    from desktop import app_log  # noqa: F401
    from desktop.app import errors, interface_prefs, session  # noqa: F401
    from desktop.vault import throttle  # noqa: F401 - the unlock screen's first check


def run_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="waymark", description="Start the Waymark app.")
    parser.add_argument("--vault", type=Path, default=None,
                        help="folder holding vault.db and vault.keys (default: %(default)s)")
    parser.add_argument("--language", choices=("en", "vi"), default=None,
                        help="interface language before a vault sets one")
    parser.add_argument("--exit-on-ready", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not display_available():
        return start_failure.report(NO_DISPLAY, "no-display")
    _load_plain_modules_first()
    try:
        # A missing libGL/libEGL (or a damaged copy) fails here, as an ImportError.
        from desktop.ui.shell import start_failure_dialog
        from desktop.ui.shell.application import run
    except (ImportError, OSError) as exc:
        return start_failure.report(start_failure.qt_missing_message(exc), "qt-import", exc)

    vault_dir: Path = args.vault or default_vault_dir()
    problem = start_failure.check_writable(vault_dir)
    if problem is not None:
        message = start_failure.unwritable_message(vault_dir, problem)
        code = start_failure.report(message, "data-folder", problem)
        start_failure_dialog.show_start_failure(message, wait=not args.exit_on_ready)
        return code
    try:
        return run(vault_dir, args.language, args.exit_on_ready)
    except Exception as exc:  # only before the event loop: Qt reports errors inside it
        message = start_failure.unexpected_message(exc)
        code = start_failure.report(message, "start", exc)
        start_failure_dialog.show_start_failure(message, wait=not args.exit_on_ready)
        return code
