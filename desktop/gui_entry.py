"""Start the GUI, or explain in one line why it cannot start. Imports no Qt at module level."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop.paths import default_vault_dir

NO_DISPLAY = (
    "waymark: no display found, and the Waymark app needs one. Run it on a desktop, or use "
    "the headless commands (waymark --help)."
)


def display_available() -> bool:
    """Qt aborts the whole process without a display, so look before importing it."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have a session display for a desktop app


def run_gui(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="waymark", description="Start the Waymark app.")
    parser.add_argument("--vault", type=Path, default=None,
                        help="folder holding vault.db and vault.keys (default: %(default)s)")
    parser.add_argument("--language", choices=("en", "vi"), default=None,
                        help="interface language before a vault sets one")
    parser.add_argument("--exit-on-ready", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not display_available():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from desktop.ui.application import run

    return run(args.vault or default_vault_dir(), args.language, args.exit_on_ready)
