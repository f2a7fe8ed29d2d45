"""`python -m desktop` / `waymark`: the app without arguments, a headless command with one."""

from __future__ import annotations

import sys

# Names only (no command is imported): the GUI path must not load the CLI's world.
from desktop.cli import COMMANDS
from desktop.hardening import disable_core_dumps


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # Before any vault is opened: a crash must not write key bytes to a core file.
    disable_core_dumps()
    if args[:1] in (["--version"], ["-V"]):
        from desktop import __version__

        print(f"waymark {__version__}")
        return 0
    if args[:1] == ["--selftest"]:
        from desktop.selftest import run_selftest

        return run_selftest()
    if args[:1] == ["--selftest-qt"]:  # the self-test's child process (see desktop.selftest)
        from desktop.ui.shell.selftest_qt import run as run_qt_check

        return run_qt_check()
    if args and (args[0] in COMMANDS or not args[0].startswith("-")):
        # A word that is not an option is a command, known or not: the CLI names the choices.
        from desktop.cli import main as cli

        return cli.main(args)
    if any(a in ("-h", "--help") for a in args) and not any(a.startswith("--vault") for a in
                                                           args):
        from desktop.cli import main as cli

        return cli.main(args)
    from desktop.gui_entry import run_gui  # no Qt import until we know a GUI is wanted

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
